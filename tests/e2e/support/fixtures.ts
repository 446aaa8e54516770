import { expect, type APIResponse, type Page } from "@playwright/test";
import { blockingAxeViolations } from "../../support/axe";
import { E2E } from "./constants";
import { demoSecretOf, freshCode, rememberStepsIn } from "../../support/demo-totp";

rememberStepsIn(E2E.totpStepsFile);

/** Demo personas from prisma/seed-data.ts (all fictional). */
export const persona = {
  constable: "alys.penhallow@northshire.police.invalid",
  lineManager: "thomas.brightwater@northshire.police.invalid",
  psdOfficer: "callum.ferrisby@northshire.police.invalid",
  administrator: "ivo.brennand@northshire.police.invalid",
  /** Approves what the first administrator proposes (four eyes, ADR 023). */
  secondAdministrator: "odessa.quillfeather@northshire.police.invalid",
  lockoutTarget: "jordan.mistry-oake@northshire.police.invalid",
} as const;

export async function signIn(page: Page, email: string, password: string = E2E.demoPassword): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Work email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  const secret = demoSecretOf(email);
  const hello = page.getByRole("heading", { level: 1, name: /^Hello, / });
  if (secret) {
    await enterCode(page, email, secret);
    // A code that reached the portal after its step had gone is refused: as a person would, type the next one.
    const refused = page.getByText("That code did not work.").first();
    await expect(hello.or(refused)).toBeVisible();
    if (await refused.isVisible()) await enterCode(page, email, secret);
  }
  await expect(hello).toBeVisible();
}

/** On the code step of signing in: types a fresh code from `secret`, as the person's authenticator app would show it. */
export async function enterCode(page: Page, email: string, secret: string): Promise<void> {
  await expect(page.getByRole("heading", { level: 1, name: "Enter the code from your authenticator app" })).toBeVisible();
  await page.getByLabel("Code", { exact: true }).fill(await freshCode(email, secret));
  await page.getByRole("button", { name: "Continue" }).click();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You have signed out.")).toBeVisible();
}

/**
 * For a test's setup steps, where signing in is not what is tested: posts the sign-in form without opening a page
 * (the session cookie lands in the page's browser context), which saves the sign-in and home pages' loads.
 */
export async function signInForSetup(page: Page, email: string): Promise<void> {
  const response = await page.request.post("/sign-in", {
    form: { email, password: E2E.demoPassword, redirectTo: "/" },
    headers: { Origin: E2E.baseUrl },
    maxRedirects: 0,
  });
  expect([302, 303], `signing in as ${email}`).toContain(response.status());
  const secret = demoSecretOf(email);
  if (!secret) {
    expect(new URL(response.headers().location ?? "", E2E.baseUrl).pathname, `signing in as ${email}`).toBe("/");
    return;
  }
  expect(new URL(response.headers().location ?? "", E2E.baseUrl).pathname, `signing in as ${email}`).toBe("/sign-in/code");
  const sendCode = async () =>
    page.request.post("/sign-in/code", {
      form: { method: "totp", code: await freshCode(email, secret), redirectTo: "/" },
      headers: { Origin: E2E.baseUrl },
      maxRedirects: 0,
    });
  // A refused code is answered with the form again: only a new session cookie says the code was taken.
  const startedSession = (response: APIResponse) =>
    [302, 303].includes(response.status()) && /portal_session=[^;\s]/.test(response.headers()["set-cookie"] ?? "");
  let coded = await sendCode();
  // A code that reached the portal after its step had gone is refused: send the next one.
  if (!startedSession(coded)) coded = await sendCode();
  expect(startedSession(coded), `entering the code as ${email}: a new session`).toBe(true);
  expect(new URL(coded.headers().location ?? "", E2E.baseUrl).pathname, `entering the code as ${email}`).toBe("/");
}

/** Ends the session that signInForSetup (or signIn) started, without opening a page. */
export async function signOutForSetup(page: Page): Promise<void> {
  const response = await page.request.post("/sign-out", { headers: { Origin: E2E.baseUrl }, maxRedirects: 0 });
  expect([302, 303]).toContain(response.status());
}

/** The axe scan every page gets: no serious or critical WCAG 2.2 A/AA violation. */
export async function expectAccessible(page: Page): Promise<void> {
  expect(await blockingAxeViolations(page)).toEqual([]);
}

/** Every page keeps the neutral title and the quick exit. */
export async function expectSafeShell(page: Page): Promise<void> {
  await expect(page).toHaveTitle(/Staff Support Portal$/);
  const title = await page.title();
  expect(title).not.toMatch(/abuse|domestic|victim|suspect|case/i);
  await expect(page.getByRole("button", { name: "Quick exit" })).toBeVisible();
}

export interface CaughtMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export async function mailTo(address: string): Promise<CaughtMail[]> {
  const response = await fetch(`${E2E.mailApiUrl}/messages`);
  const messages = (await response.json()) as CaughtMail[];
  return messages.filter((message) => message.to.some((to) => to.toLowerCase() === address.toLowerCase()));
}

/** A day in the UK, `days` from today, as a date input's value. */
export function ukDay(days = 0): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).format(
    new Date(Date.now() + days * 86_400_000),
  );
}

/**
 * Does `leave`, and checks that the browser was sent on to the quick exit's neutral site. These machines cannot reach
 * it, and Playwright cannot stand in for a site reached by a redirect (its routes see only a redirect's first
 * request), so the browser's request for it is the proof, not the page it would show.
 */
export async function expectSentToQuickExit(page: Page, leave: () => Promise<unknown>): Promise<void> {
  const [request] = await Promise.all([page.waitForRequest(E2E.quickExitUrl), leave()]);
  expect(request.isNavigationRequest()).toBe(true);
  // The browser has left once the navigation ends (on the error page these machines get): a test's next navigation
  // must not race it.
  await expect.poll(() => page.url()).not.toContain(E2E.baseUrl);
}

/** The page at `path` answers "Page not found" (what a record someone may not see looks like). */
export async function expectNotFound(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
}

/** On the intake form: a report received from someone else, about a suspect found in this force's directory. */
export async function chooseReceivedReportAbout(page: Page, suspectSearch: string, suspectName: RegExp): Promise<void> {
  await page.getByRole("radio", { name: "I received this report from someone else" }).check();
  await page.getByRole("radio", { name: "This force (find them in the directory)" }).check();
  await page.getByLabel("Search for the suspect in this force's directory").fill(suspectSearch);
  await page.getByRole("button", { name: "Find the suspect" }).click();
  await page.getByRole("radio", { name: suspectName }).check();
}

export async function mailCount(address: string): Promise<number> {
  return (await mailTo(address)).length;
}

/** The count once mail already on its way has arrived (the outbox is polled every 250 ms), so a later rise is new. */
export async function settledMailCount(address: string): Promise<number> {
  let previous = await mailCount(address);
  for (let attempt = 0; attempt < 30; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 750));
    const now = await mailCount(address);
    if (now === previous) return now;
    previous = now;
  }
  throw new Error(`mail to ${address} kept arriving`);
}

/** A report received from someone else about a suspect in this force's directory, as the intake form asks for it. */
export interface ReceivedReport {
  suspectSearch: string;
  suspectName: RegExp;
  /** A member of the public, by name, or someone found in this force's directory. */
  victim: { publicName: string; safeContact?: string } | { directorySearch: string; name: RegExp };
  childrenInvolved: boolean;
  account: string;
  received: "In person" | "By telephone" | "In writing";
  area?: string;
  /** The supervising officer chosen by name (otherwise the form's own choice). */
  supervisor?: string;
}

/** Fills the intake form (already open) with `report`, without sending it. */
export async function fillReceivedReport(page: Page, report: ReceivedReport): Promise<void> {
  await chooseReceivedReportAbout(page, report.suspectSearch, report.suspectName);
  if ("publicName" in report.victim) {
    await page.getByRole("radio", { name: "A member of the public" }).check();
    await page.getByLabel("If a member of the public: their name").fill(report.victim.publicName);
    if (report.victim.safeContact) await page.getByLabel("How to contact the victim safely (optional)").fill(report.victim.safeContact);
  } else {
    await page.getByRole("radio", { name: "Someone who works for this force" }).check();
    await page.getByLabel("Search for the victim in this force's directory").fill(report.victim.directorySearch);
    await page.getByRole("button", { name: "Find the victim" }).click();
    await page.getByRole("radio", { name: report.victim.name }).check();
  }
  await page
    .getByRole("group", { name: "Are any children involved?" })
    .getByRole("radio", { name: report.childrenInvolved ? "Yes" : "No" })
    .check();
  await page.getByRole("group", { name: "Is anyone in immediate danger?" }).getByRole("radio", { name: "No" }).check();
  await page.getByLabel("A short account of what was reported").fill(report.account);
  await page.getByLabel("How was it received?").selectOption({ label: report.received });
  if (report.area) await page.getByLabel("Local policing area where it happened").selectOption({ label: report.area });
  if (report.supervisor) {
    const supervisor = page.getByLabel("Supervising officer (inspector or above)");
    await supervisor.selectOption((await supervisor.locator("option", { hasText: report.supervisor }).getAttribute("value"))!);
  }
}

/** Records `report` as the person signed in, and returns the reference on its receipt. */
export async function recordReceivedReport(page: Page, report: ReceivedReport): Promise<string> {
  await page.goto("/records/new");
  await fillReceivedReport(page, report);
  await page.getByRole("button", { name: "Send the report" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Report received" })).toBeVisible();
  const reference = (await page.locator("strong.font-mono").innerText()).trim();
  expect(reference).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  return reference;
}

/** Signs in as `reporter`, records `report` and signs out: a fresh case for a test that needs one. Returns its reference. */
export async function recordReceivedReportAs(page: Page, reporter: string, report: ReceivedReport): Promise<string> {
  await signInForSetup(page, reporter);
  const reference = await recordReceivedReport(page, report);
  await signOutForSetup(page);
  return reference;
}

/** Signs in as `email`, asks for the case (which answers "not found": the refusal is audited and alerted) and signs out. */
export async function attemptToOpenCase(page: Page, email: string, reference: string): Promise<void> {
  await signInForSetup(page, email);
  expect((await page.request.get(`/records/${reference}`)).status(), email).toBe(404);
  await signOutForSetup(page);
}

/** On a case page that asks for a declaration first: declares no connection, and waits for the case to open. */
export async function declareNoConnection(page: Page, reference: string): Promise<void> {
  await page.goto(`/records/${reference}`);
  await page.getByRole("radio", { name: "No, I have no connection" }).check();
  await page.getByRole("button", { name: "Record my declaration" }).click();
  await expect(page).toHaveURL(/[?&]declared=clear/);
}
