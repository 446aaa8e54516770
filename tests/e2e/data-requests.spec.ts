import { expect, test, type APIRequestContext, type APIResponse, type Page } from "@playwright/test";
import { UNSAFE_decodeViaTurboStream as decodeTurboStream, UNSAFE_SingleFetchRedirectSymbol as SingleFetchRedirect } from "react-router";
import { E2E } from "./support/constants";
import {
  mailCount,
  mailTo,
  recordReceivedReportAs,
  settledMailCount,
  signIn,
  signInForSetup,
  signOut,
  signOutForSetup,
  type ReceivedReport,
} from "./support/fixtures";

// React Router 7 answers client-side navigations and form submissions through its own addresses: `<page>.data`
// (`/_root.data` for the home page) with an optional `?_routes=`; the route manifest is a static file (ADR 034). These
// tests make sure that nothing the portal guarantees for its pages leaks through them.

// The demo organisation's people (prisma/seed-data.ts; all fictional).
const NS = "northshire.police.invalid";
const people = {
  reporter: `alys.penhallow@${NS}`,
  suspect: `kieran.duxbury@${NS}`,
  unlistedOfficer: `rupert.hollowell@${NS}`, // deputy chief constable with no PPDA role
  psdOfficer: `callum.ferrisby@${NS}`,
};
const ACCOUNT = "Fictional test account for the data requests: the suspect waits outside the reporting colleague's home.";
const VICTIM_NAME = "Quinn Fictional-Datarequest";
/** A well-formed reference that no case has. */
const NO_SUCH_REFERENCE = "ZZZZ-2222";
const CASE_ROUTE = "routes/records.$reference._index";

/** What React Router's client would make of a `.data` answer: the same decoder the browser runs. */
async function decoded(response: APIResponse): Promise<object> {
  const { value, done } = await decodeTurboStream(new Response(new Uint8Array(await response.body())).body!, globalThis);
  await done;
  return value as object;
}

/** Every value of a header, as sent (a header sent twice is two entries). */
function headerValues(response: APIResponse, name: string): string[] {
  return response
    .headersArray()
    .filter((header) => header.name.toLowerCase() === name)
    .map((header) => header.value);
}

/** The portal's headers hold on React Router's own answers as on its pages. */
function expectPortalHeaders(response: APIResponse, what: string) {
  expect(headerValues(response, "cache-control"), what).toEqual(["no-store"]);
  expect(headerValues(response, "content-security-policy"), what).toEqual([expect.stringMatching(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}'/)]);
  expect(headerValues(response, "content-security-policy")[0], what).toContain("frame-ancestors 'none'");
  expect(headerValues(response, "referrer-policy"), what).toEqual(["same-origin"]);
  expect(headerValues(response, "x-content-type-options"), what).toEqual(["nosniff"]);
}

/** A signed-out data request answers the redirect to sign in and nothing else: no page data, not even the shell's. */
async function expectOnlyRedirectToSignIn(response: APIResponse, page: string) {
  expect(response.status(), page).toBe(202);
  expectPortalHeaders(response, page);
  const value = await decoded(response);
  expect(Reflect.ownKeys(value), page).toEqual([SingleFetchRedirect]);
  const redirect = (value as Record<symbol, { redirect: string; status: number }>)[SingleFetchRedirect]!;
  expect(redirect.status).toBe(302);
  expect(new URL(redirect.redirect, E2E.baseUrl).pathname).toBe("/sign-in");
  expect(new URL(redirect.redirect, E2E.baseUrl).searchParams.get("redirectTo")).toBe(page);
}

/**
 * Nothing about the case: no reference, names or account, and (in a refusal) no hint that something restricted is
 * there. The page shell greets the person asking by name, so their own name is left out first (the suspect is Kieran
 * Duxbury); pages such as the home page say "restriction" in their own fixed text, so lists are checked for traces only.
 */
function expectNothingAbout(text: string, reference: string, what: string, ownName: string, refusal = true) {
  const rest = text.replaceAll(JSON.stringify(ownName), '""');
  expect(rest, what).not.toContain(reference);
  expect(rest, what).not.toMatch(/Duxbury|Penhallow|Fictional-Datarequest|waits outside/i);
  if (refusal) expect(rest, what).not.toMatch(/restrict|suspect|victim|declar/i);
}

/**
 * Asks for each address about `reference` and about a reference no case has: both answer 404, byte for byte the
 * same, and carry nothing about the case.
 */
async function expectSameAsNoSuchCase(
  request: APIRequestContext,
  asking: string,
  reference: string,
  paths: ((ref: string) => string)[],
  method: "GET" | "POST" = "GET",
) {
  for (const path of paths) {
    const ask = (ref: string) =>
      method === "GET" ? request.get(path(ref)) : request.post(path(ref), { headers: { Origin: E2E.baseUrl }, form: { declaration: "none" } });
    const real = await ask(reference);
    const none = await ask(NO_SUCH_REFERENCE);
    const what = `${method} ${path("REF")}`;
    expect(real.status(), what).toBe(404);
    expect(none.status(), what).toBe(404);
    expectPortalHeaders(real, what);
    expect(headerValues(real, "x-remix-response"), what).toEqual(["yes"]);
    const body = await real.body();
    expect(body.equals(await none.body()), `${what}: the answer differs from the one for a case that does not exist`).toBe(true);
    expectNothingAbout(body.toString("utf8"), reference, what, asking);
  }
}

/** No mail to `address` may carry the reference, a name of the people involved, or the account. */
async function expectContentFree(address: string, reference: string) {
  for (const mail of await mailTo(address)) {
    for (const text of [mail.subject, mail.text, mail.html]) {
      expect(text).not.toContain(reference);
      expect(text).not.toMatch(/Duxbury|Fictional-Datarequest|waits outside|abuse|suspect|victim/i);
    }
  }
}

const REPORT: ReceivedReport = {
  suspectSearch: "Duxbury",
  suspectName: /Kieran Duxbury/,
  victim: { publicName: VICTIM_NAME },
  childrenInvolved: false,
  account: ACCOUNT,
  received: "In person",
};

/**
 * A fresh case about the suspect, recorded by a colleague. PSD is told of the report itself: the case is returned once
 * that mail has come, so that it is not mistaken for an alert.
 */
async function caseToAskAbout(page: Page): Promise<string> {
  const psdBefore = await mailCount(people.psdOfficer);
  const reference = await recordReceivedReportAs(page, people.reporter, REPORT);
  await expect.poll(() => mailCount(people.psdOfficer), { timeout: 15_000 }).toBeGreaterThan(psdBefore);
  return reference;
}

/** Signs in as `email` and asks for the case by a data request, which is refused as "not found". */
async function refusedDataRequest(page: Page, email: string, reference: string): Promise<void> {
  await signInForSetup(page, email);
  expect((await page.request.get(`/records/${reference}.data`)).status(), email).toBe(404);
  await signOutForSetup(page);
}

/** The addresses of a case, as data requests. */
const CASE_DATA_PATHS: ((ref: string) => string)[] = [
  (ref) => `/records/${ref}.data`,
  (ref) => `/records/${ref}.data?_routes=${encodeURIComponent(CASE_ROUTE)}`,
  (ref) => `/records/${ref}.data?_routes=root,${encodeURIComponent(CASE_ROUTE)}`,
  (ref) => `/records/${ref}/access.data`,
  (ref) => `/records/${ref}/access-log.data`,
  (ref) => `/records/${ref}/access-log.csv.data`,
  (ref) => `/records/${ref}/break-glass.data`,
  (ref) => `/records/submitted/${ref}.data`,
];

test.describe("signed out", () => {
  test("a data request to a protected page answers only the redirect to sign in", async ({ request }) => {
    for (const [dataPath, page] of [
      ["/_root.data", "/"],
      [`/records/${NO_SUCH_REFERENCE}.data`, `/records/${NO_SUCH_REFERENCE}`],
      [`/records/${NO_SUCH_REFERENCE}.data?_routes=${encodeURIComponent(CASE_ROUTE)}`, `/records/${NO_SUCH_REFERENCE}`],
      ["/profile.data", "/profile"],
      ["/audit.data", "/audit"],
      ["/records/new.data", "/records/new"],
    ] as const) {
      await expectOnlyRedirectToSignIn(await request.get(dataPath), page);
    }
    // An action by data request is sent to sign in too, before anything is read or changed.
    const post = await request.post("/profile.data", { headers: { Origin: E2E.baseUrl }, form: { preferredName: "Signed-out", version: "1" } });
    expect(post.status()).toBe(202);
    expectPortalHeaders(post, "POST /profile.data");
    const value = (await decoded(post)) as { redirect?: string };
    expect(new URL(value.redirect!, E2E.baseUrl).pathname).toBe("/sign-in");
  });

  test("the route manifest is one static file, the same for anyone, naming routes only; no address asks for routes by reference", async ({ page, request }) => {
    const asked: string[] = [];
    page.on("request", (sent) => asked.push(new URL(sent.url()).pathname));
    await page.goto("/sign-in");
    const manifestFile = await page.evaluate(
      () => performance.getEntriesByType("resource").find((entry) => /\/assets\/manifest-[\w-]+\.js$/.test(new URL(entry.name).pathname))?.name,
    );
    expect(manifestFile, "the browser loads the whole route manifest as a file").toBeTruthy();
    const signedOut = await request.get(manifestFile!);
    expect(signedOut.status()).toBe(200);
    const text = await signedOut.text();
    // What it reveals: route ids, their path patterns and their modules. Route paths are not secrets here (addresses
    // carry ids and random references), and no loader runs for it.
    expect(text).toContain(`"${CASE_ROUTE}"`);
    expect(text).toContain('"path":"records/:reference"');

    // Signed in, the file is byte for byte the same, and moving around the portal asks the server for no routes: the
    // lazy discovery requests (`/__manifest?paths=…`) listed the references a page links to in their address.
    await signIn(page, people.reporter);
    expect((await (await page.request.get(manifestFile!)).body()).equals(await signedOut.body())).toBe(true);
    await page.getByRole("link", { name: "My details" }).first().click();
    await expect(page).toHaveURL(/\/profile$/);
    await page.goBack();
    expect(asked.filter((path) => path === "/__manifest")).toEqual([]);
    // The old address answers nothing: it is an unknown page like any other.
    expect((await request.get(`/__manifest?paths=${encodeURIComponent(`/records/${NO_SUCH_REFERENCE}`)}&version=1`)).status()).toBe(404);
    await signOut(page);
  });
});

test.describe("data requests for a restricted case", () => {
  // Each test asks about a case of its own (caseToAskAbout), which also sees that PSD is told of the report.
  test("an unlisted officer's data requests for the case answer 404 exactly as for no case, and PSD is alerted by content-free mail", async ({ page }) => {
    const reference = await caseToAskAbout(page);
    const psdBefore = await settledMailCount(people.psdOfficer);
    await signIn(page, people.unlistedOfficer);
    await expectSameAsNoSuchCase(page.request, "Rupert Hollowell", reference, CASE_DATA_PATHS);
    // The case page's action, as a data request from the portal's own page (a declaration): refused the same way.
    await expectSameAsNoSuchCase(page.request, "Rupert Hollowell", reference, [(ref) => `/records/${ref}.data`], "POST");
    await signOut(page);
    await expect.poll(() => mailCount(people.psdOfficer), { timeout: 15_000 }).toBeGreaterThan(psdBefore);
    await expectContentFree(people.psdOfficer, reference);
  });

  test("the suspect's data requests reveal nothing: 404 as for no case, no trace in lists or search, and PSD is alerted", async ({ page }) => {
    const reference = await caseToAskAbout(page);
    const psdBefore = await settledMailCount(people.psdOfficer);
    await signIn(page, people.suspect);
    await expectSameAsNoSuchCase(page.request, "Kieran Duxbury", reference, CASE_DATA_PATHS);
    await expectSameAsNoSuchCase(page.request, "Kieran Duxbury", reference, [(ref) => `/records/${ref}.data`], "POST");
    // Search by reference, the records list and the home page answer as if there were no such case.
    const search = await page.request.get(`/records.data?reference=${reference}`);
    const searchNone = await page.request.get(`/records.data?reference=${NO_SUCH_REFERENCE}`);
    expect(search.status()).toBe(searchNone.status());
    expect((await search.text()).replaceAll(reference, "REF")).toBe((await searchNone.text()).replaceAll(NO_SUCH_REFERENCE, "REF"));
    for (const path of ["/records.data", "/_root.data", "/alerts.data"]) {
      const response = await page.request.get(path);
      expect(response.status(), path).toBeLessThan(500);
      expectPortalHeaders(response, path);
      expectNothingAbout(await response.text(), reference, path, "Kieran Duxbury", false);
    }
    expect(await mailCount(people.suspect)).toBe(0);
    await signOut(page);
    await expect.poll(() => mailCount(people.psdOfficer), { timeout: 15_000 }).toBeGreaterThan(psdBefore);
    await expectContentFree(people.psdOfficer, reference);
  });

  test("PSD sees both refused attempts: alerts for the case, and refused rows in its access log", async ({ page }) => {
    const reference = await recordReceivedReportAs(page, people.reporter, REPORT);
    await refusedDataRequest(page, people.unlistedOfficer, reference);
    await refusedDataRequest(page, people.suspect, reference);
    await signIn(page, people.psdOfficer);
    await page.goto("/alerts");
    const alerts = page.getByRole("row").filter({ hasText: reference });
    await expect(alerts.filter({ hasText: "Rupert Hollowell" }).first()).toContainText("Attempt by someone not on the access list");
    await expect(alerts.filter({ hasText: "Kieran Duxbury" }).first()).toContainText("Attempt by someone not on the access list");
    await page.goto(`/records/${reference}`);
    await page.getByRole("radio", { name: "No, I have no connection" }).check();
    await page.getByRole("button", { name: "Record my declaration" }).click();
    await expect(page.getByText(ACCOUNT)).toBeVisible();
    await page.goto(`/records/${reference}/access-log`);
    const log = page.getByRole("table");
    await expect(log.getByRole("row", { name: /Rupert Hollowell/ }).first()).toContainText("Refused");
    await expect(log.getByRole("row", { name: /Kieran Duxbury/ }).first()).toContainText("Refused");
    await signOut(page);
  });
});

/** A page's body without its script nonce, which is fresh for every response. */
const withoutNonce = (html: string) => html.replace(/ nonce="[^"]*"/g, "");

test.describe("cross-site requests to data addresses", () => {
  test("a form posted from another site to a .data action is refused exactly as one posted to the page, and changes nothing", async ({ page }) => {
    await signIn(page, people.reporter);
    const refusals: string[] = [];
    for (const action of ["/profile", "/profile.data"]) {
      await page.goto(`${E2E.attackerOrigin}/forged-form?action=${encodeURIComponent(action)}`);
      const [response] = await Promise.all([page.waitForResponse((r) => r.url().startsWith(E2E.baseUrl)), page.getByRole("button", { name: "Send" }).click()]);
      expect(response.status(), action).toBe(403);
      refusals.push(withoutNonce(await response.text()));
    }
    expect(refusals[1]).toBe(refusals[0]);
    expect(refusals[0]).toContain("sent from another site");

    // The same by script: another site's Origin, or a browser's cross-site mark without one.
    const forgeries: Record<string, string>[] = [
      { Origin: E2E.attackerOrigin },
      { "Sec-Fetch-Site": "cross-site" },
      { Origin: "null", "Sec-Fetch-Site": "cross-site" },
    ];
    for (const headers of forgeries) {
      for (const path of ["/profile.data", "/quick-exit.data", `/records/${NO_SUCH_REFERENCE}.data`]) {
        const forged = await page.request.post(path, { headers, form: { preferredName: "Forged", pronouns: "forged", version: "1" } });
        expect(forged.status(), `${path} ${JSON.stringify(headers)}`).toBe(403);
        expect(withoutNonce(await forged.text())).toBe(refusals[0]);
        expectPortalHeaders(forged, path);
      }
    }
    // The session was not ended by the forged quick exit, and the details were not changed.
    await page.goto("/profile");
    await expect(page.getByRole("heading", { level: 1, name: "My details" })).toBeVisible();
    await expect(page.getByLabel("Preferred name (optional)")).not.toHaveValue("Forged");
    await expect(page.getByLabel("Pronouns (optional)")).not.toHaveValue("forged");

    // From the portal's own origin the same data request reaches the action (here it answers the form's errors).
    const own = await page.request.post("/profile.data", { headers: { Origin: E2E.baseUrl }, form: { preferredName: "x".repeat(500) } });
    expect(own.status()).toBeLessThan(500);
    expect(own.status()).not.toBe(403);
    expect(headerValues(own, "x-remix-response")).toEqual(["yes"]);
    expectPortalHeaders(own, "POST /profile.data from the portal");
    await signOut(page);
  });
});

test.describe("client-side navigation (JavaScript on)", () => {
  test.beforeEach(async ({ page }) => {
    await page.route("https://www.bbc.co.uk/**", (route) =>
      route.fulfill({ contentType: "text/html", body: "<!doctype html><title>Weather</title><h1>Weather forecast</h1>" }),
    );
    // Anything the Content-Security-Policy blocks is recorded, so that the test can see it.
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener("securitypolicyviolation", (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
    });
  });

  test("pages reached by .data requests keep the headers, the nonce and the quick exit, which still ends the session", async ({
    page,
    context,
    playwright,
  }) => {
    await signIn(page, people.reporter);
    // The document carries a fresh nonce, and every script on it has that nonce.
    const document = await page.goto("/");
    const nonce = /'nonce-([^']+)'/.exec(document!.headers()["content-security-policy"] ?? "")?.[1];
    expect(nonce).toBeTruthy();
    const scriptNonces = await page.locator("script").evaluateAll((scripts) => scripts.map((script) => (script as HTMLScriptElement).nonce));
    expect(scriptNonces.length).toBeGreaterThan(0);
    expect(new Set(scriptNonces)).toEqual(new Set([nonce]));

    // Client-side navigation: each page's data comes by a .data request with the portal's headers.
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const [link, dataPath, heading] of [
      ["My details", "/profile.data", "My details"],
      ["Records", "/records.data", "Cases"],
    ] as const) {
      const [response] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === dataPath),
        nav.getByRole("link", { name: link }).click(),
      ]);
      expect(response.status(), dataPath).toBe(200);
      const headers = response.headers();
      expect(headers["cache-control"], dataPath).toBe("no-store");
      expect(headers["content-security-policy"], dataPath).toMatch(/script-src 'self' 'nonce-/);
      expect(headers["referrer-policy"], dataPath).toBe("same-origin");
      await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
      await expect(page.getByRole("button", { name: "Quick exit" })).toBeVisible();
    }
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);

    // The session's cookie works now; after the quick exit it must not.
    const cookie = (await context.cookies()).find((c) => c.name === "__Host-portal_session");
    expect(cookie).toBeTruthy();
    const replay = await playwright.request.newContext({ baseURL: E2E.baseUrl, extraHTTPHeaders: { Cookie: `${cookie!.name}=${cookie!.value}` } });
    expect((await replay.get("/profile.data")).status()).toBe(200);

    await page.getByRole("button", { name: "Quick exit" }).click();
    await expect(page).toHaveURL(E2E.quickExitUrl);
    // The quick exit's POST ended the session on the server: the old cookie gets only the redirect to sign in.
    await expect.poll(async () => (await replay.get("/profile.data")).status(), { timeout: 10_000 }).toBe(202);
    await expectOnlyRedirectToSignIn(await replay.get("/profile.data"), "/profile");
    await replay.dispose();
    await page.goBack();
    for (const heading of ["Cases", "My details"]) await expect(page.getByRole("heading", { level: 1, name: heading })).toHaveCount(0);
    await page.goto("/profile");
    await expect(page).toHaveURL(/\/sign-in/);
  });
});
