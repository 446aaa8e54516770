// The build flavours (PORTAL_BUILD, remix.config.js, ADR 018), checked on real builds: the deployment build holds none
// of the routes for development, demonstration or measurement, and answers their addresses as any unknown address;
// the demo build holds the demo mailbox and shows "Demo" on every page. Each build takes 10 to 60 s. The deployment
// build also carries the sign-in limit's load test (two server processes on PostgreSQL, ADR 027), sparing a build.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "@playwright/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_NOTICE } from "~/config/build-flavour";
import { DEMO_AUDIT_KEY } from "~/utils/audit-key.server";
import { startSmtpCatcher, type SmtpCatcher } from "~/utils/smtp-catcher.server";
import { buildFlavour, flavourRoutes } from "../../remix.config.js";
import { DEMO_PASSWORD } from "../../prisma/seed-data";
import { DEMO_MFA_KEY } from "~/auth/second-factor/mfa-key.server";
import { demoSecretOf, freshCode } from "../support/demo-totp";
import { blockingAxeViolations } from "../support/axe";
import {
  builtRoutes,
  preparedDatabase,
  sharedBuild,
  routeFilesOf,
  runBuiltServerToExit,
  startBuiltServer,
  type BuiltRoutes,
  type BuiltServer,
} from "../support/built-app";
import { chromiumLaunchOptions } from "../support/chromium";
import { LOAD, runSignInLoad } from "../support/sign-in-load";

const BUILD_MINUTES = 5 * 60_000;
const FLAVOUR_ONLY = [
  { file: "routes/dev.mailbox.tsx", id: "routes/dev.mailbox", path: "dev/mailbox" },
  { file: "routes/dev.clock.tsx", id: "routes/dev.clock", path: "dev/clock" },
  { file: "routes/bench.bare.tsx", id: "routes/bench.bare", path: "bench/bare" },
];
const administrator = "ivo.brennand@northshire.police.invalid";
const constable = "alys.penhallow@northshire.police.invalid";
const lockoutTarget = "jordan.mistry-oake@northshire.police.invalid";

/** The deployment's route files, as app/routes.ts gives them to the build (read once: it takes a few seconds). */
let deploymentFiles: Promise<string[]> | undefined;
const deploymentRouteFiles = () => (deploymentFiles ??= routeFilesOf("deployment"));

/** The route ids a build of these route files has (a file's id is its name without the extension). */
const idsOf = (files: string[]) => files.map((file) => file.replace(/\.tsx?$/, "")).sort();

async function page(server: BuiltServer, path: string, init: RequestInit = {}): Promise<{ status: number; html: string }> {
  const response = await fetch(`${server.baseUrl}${path}`, { redirect: "manual", ...init, headers: { Origin: server.baseUrl, ...init.headers } });
  return { status: response.status, html: await response.text() };
}

async function signIn(server: BuiltServer, email: string): Promise<string> {
  const response = await fetch(`${server.baseUrl}/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", Origin: server.baseUrl },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD, redirectTo: "/" }),
  });
  expect(response.status).toBe(302);
  // The demo's administrators have a second factor (ADR 029): the code from their fixed demo secret comes next.
  const secret = demoSecretOf(email);
  const signedIn = secret ? await enterCode(server, response, email, secret) : response;
  // The local demo is served over plain HTTP: its cookie is a plain one (every other build's is __Host- and Secure).
  const cookie = signedIn.headers.getSetCookie().find((line) => line.startsWith("portal_session="));
  expect(cookie).toBeDefined();
  expect(cookie).not.toMatch(/;\s*Secure/i);
  return cookie!.split(";")[0]!;
}

async function enterCode(server: BuiltServer, passwordStep: Response, email: string, secret: string): Promise<Response> {
  const pending = passwordStep.headers.getSetCookie().find((line) => line.startsWith("portal_pending="));
  expect(pending).toBeDefined();
  const coded = await fetch(`${server.baseUrl}/sign-in/code`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", Origin: server.baseUrl, Cookie: pending!.split(";")[0]! },
    body: new URLSearchParams({ method: "totp", code: await freshCode(email, secret), redirectTo: "/" }),
  });
  expect(coded.status).toBe(302);
  return coded;
}

/** The banner the demo shows: "Demo" and the notice, in the page's header. */
function demoBanner(html: string): string | null {
  const header = html.match(/<header[\s\S]*?<\/header>/)?.[0] ?? "";
  return header.includes(DEMO_NOTICE) && /<strong[^>]*>Demo:?<\/strong>/.test(header) ? header : null;
}

function expectPageNotFound(answer: { status: number; html: string }) {
  expect(answer.status).toBe(404);
  expect(answer.html).toMatch(/<h1[^>]*>Page not found<\/h1>/);
}

describe("PORTAL_BUILD", () => {
  it("is deployment unless set, and a misspelt flavour stops the build", () => {
    expect(buildFlavour({})).toBe("deployment");
    expect(buildFlavour({ PORTAL_BUILD: "" })).toBe("deployment");
    for (const flavour of ["deployment", "demo", "e2e", "bench"]) expect(buildFlavour({ PORTAL_BUILD: flavour })).toBe(flavour);
    expect(() => buildFlavour({ PORTAL_BUILD: "Demo" })).toThrow(/PORTAL_BUILD must be one of deployment, demo, e2e, bench; it is "Demo"/);
    expect(() => buildFlavour({ PORTAL_BUILD: "production" })).toThrow(/PORTAL_BUILD must be one of/);
  });

  it("gives each flavour's route config exactly the deployment's routes and its own", { timeout: 120_000 }, async () => {
    const [deployment, demo, e2e, bench] = await Promise.all([deploymentRouteFiles(), routeFilesOf("demo"), routeFilesOf("e2e"), routeFilesOf("bench")]);
    expect(deployment.length).toBeGreaterThan(40);
    for (const route of FLAVOUR_ONLY) expect(deployment).not.toContain(route.file);
    expect(demo).toEqual([...deployment, "routes/dev.mailbox.tsx"].sort());
    expect(e2e).toEqual([...deployment, "routes/dev.clock.tsx"].sort());
    expect(bench).toEqual([...deployment, "routes/bench.bare.tsx"].sort());
    expect(flavourRoutes).toEqual({ deployment: [], demo: ["routes/dev.mailbox.tsx"], e2e: ["routes/dev.clock.tsx"], bench: ["routes/bench.bare.tsx"] });
  });
});

// A deployment's audit settings (ADR 022): a key of its own (fictional, for this test) and a checkpoint directory.
const DEPLOYMENT_AUDIT = {
  AUDIT_HMAC_KEY: "fictional test key for the deployment build, not a secret",
  AUDIT_CHECKPOINT_DIR: mkdtempSync(join(tmpdir(), "build-test-checkpoints-")),
  // …and the key of second-factor secrets (ADR 029).
  MFA_SECRET_KEY: "fictional second-factor key for the deployment build, not a secret",
  // A deployment refuses a base URL on this machine or without https (ADR 032).
  PORTAL_BASE_URL: "https://support.northshire.example",
};

describe("the deployment build (npm run build)", () => {
  let dir: string;
  let built: BuiltRoutes;
  let server: BuiltServer;
  let catcher: SmtpCatcher;
  let removeDatabase = () => {};

  beforeAll(async () => {
    dir = await sharedBuild("deployment");
    built = await builtRoutes(dir);
    const database = await preparedDatabase({ seed: false });
    removeDatabase = database.remove;
    catcher = await startSmtpCatcher({ port: 0 });
    // The test clock's and the bench page's own switches cannot be on: a deployment refuses to start with them (ADR 032,
    // tests/unit/production-server.test.ts). The embedded database is allowed as for a single-user trial.
    server = await startBuiltServer(dir, {
      PGLITE_DIR: database.dataDir,
      SMTP_URL: `smtp://127.0.0.1:${catcher.port}`,
      ...DEPLOYMENT_AUDIT,
      PORTAL_EMBEDDED_DATABASE: "single-user-trial",
    });
  }, BUILD_MINUTES);

  afterAll(async () => {
    await server?.stop();
    await catcher?.stop();
    removeDatabase();
  });

  it("holds none of the routes for development, demonstration or measurement", async () => {
    expect(built.routes.length).toBeGreaterThan(40);
    expect(built.routes.map((route) => route.id).sort()).toEqual(["root", ...idsOf(await deploymentRouteFiles())].sort());
    for (const route of FLAVOUR_ONLY) {
      expect(built.routes.map((r) => r.id)).not.toContain(route.id);
      expect(built.routes.map((r) => r.path)).not.toContain(route.path);
      expect(built.browserManifest).not.toContain(route.id);
      expect(built.clientAssets.filter((file) => file.startsWith(route.file.slice("routes/".length).replace(/\.tsx$/, "")))).toEqual([]);
    }
  });

  it("answers the demo mailbox, the test clock and the bench page as any unknown address: Page not found", async () => {
    expectPageNotFound(await page(server, "/dev/mailbox"));
    expectPageNotFound(
      await page(server, "/dev/clock", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "minutes=60" }),
    );
    expectPageNotFound(await page(server, "/bench/bare"));
    // React Router's data requests for the same addresses find nothing either.
    expect((await page(server, "/dev/mailbox.data")).status).toBe(404);
    expect((await page(server, "/bench/bare.data")).status).toBe(404);
    expect(
      (await page(server, "/dev/clock.data", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "minutes=60" })).status,
    ).toBe(404);
  });

  it("shows no demo banner", async () => {
    for (const answer of [
      await page(server, "/sign-in"),
      await page(server, "/no-such-page"),
      await page(server, "/sign-in", { method: "POST", headers: { Origin: "http://attacker.invalid" } }),
    ]) {
      expect(answer.html).toContain("Staff Support Portal");
      expect(answer.html).not.toContain(DEMO_NOTICE);
      expect(demoBanner(answer.html)).toBeNull();
    }
  });

  it("holds the sign-in limit exactly across two server processes: 2,000 attempts over path spellings and forged headers", { timeout: 180_000 }, async () => {
    const outcome = await runSignInLoad(dir, { SMTP_URL: `smtp://127.0.0.1:${catcher.port}`, ...DEPLOYMENT_AUDIT });
    expect(outcome.processes).toBe(2);
    const perSource = LOAD.attempts / LOAD.sources.length;
    expect(outcome.bySource).toEqual(Object.fromEntries(LOAD.sources.map((source) => [source, { through: LOAD.limit, limited: perSource - LOAD.limit }])));
    expect(outcome.countedHits).toBe(LOAD.attempts);
    expect(Object.keys(outcome.statuses).filter((status) => Number(status) >= 500)).toEqual([]);
    // The audit trail names the real source addresses alone, never a forged one.
    expect(outcome.auditedAddresses.length).toBeGreaterThan(0);
    for (const address of outcome.auditedAddresses) expect(address).toMatch(/^(::ffff:)?127\.0\.0\.[1-4]$/);
  });

  it("never runs the demo mail catcher: without SMTP_URL it refuses to start, naming the variable", async () => {
    expect(server.output()).not.toContain("/dev/mailbox");
    const refused = await runBuiltServerToExit(dir, { PGLITE_DIR: "/nonexistent/never-opened", SMTP_URL: "", ...DEPLOYMENT_AUDIT });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("SMTP_URL is not set");
    expect(refused.stderr).toContain("This deployment build");
  });

  it("refuses to start without an audit key, with the demo's public key, or without a checkpoint directory (ADR 022)", async () => {
    const base = { PGLITE_DIR: "/nonexistent/never-opened", SMTP_URL: "smtp://127.0.0.1:9" };
    const withoutKey = await runBuiltServerToExit(dir, { ...base, AUDIT_HMAC_KEY: "", AUDIT_CHECKPOINT_DIR: DEPLOYMENT_AUDIT.AUDIT_CHECKPOINT_DIR });
    expect(withoutKey.code).toBe(1);
    expect(withoutKey.stderr).toContain("AUDIT_HMAC_KEY is not set");
    const demoKey = await runBuiltServerToExit(dir, { ...base, AUDIT_HMAC_KEY: DEMO_AUDIT_KEY, AUDIT_CHECKPOINT_DIR: DEPLOYMENT_AUDIT.AUDIT_CHECKPOINT_DIR });
    expect(demoKey.code).toBe(1);
    expect(demoKey.stderr).toContain("AUDIT_HMAC_KEY is the public demo key");
    const withoutDir = await runBuiltServerToExit(dir, { ...base, AUDIT_HMAC_KEY: DEPLOYMENT_AUDIT.AUDIT_HMAC_KEY, AUDIT_CHECKPOINT_DIR: "" });
    expect(withoutDir.code).toBe(1);
    expect(withoutDir.stderr).toContain("AUDIT_CHECKPOINT_DIR is not set");
  });

  it("refuses to start without the second-factor key, or with the demo's public one (ADR 029)", async () => {
    const base = { PGLITE_DIR: "/nonexistent/never-opened", SMTP_URL: "smtp://127.0.0.1:9", ...DEPLOYMENT_AUDIT };
    const withoutKey = await runBuiltServerToExit(dir, { ...base, MFA_SECRET_KEY: "" });
    expect(withoutKey.code).toBe(1);
    expect(withoutKey.stderr).toContain("MFA_SECRET_KEY is not set");
    const demoKey = await runBuiltServerToExit(dir, { ...base, MFA_SECRET_KEY: DEMO_MFA_KEY });
    expect(demoKey.code).toBe(1);
    expect(demoKey.stderr).toContain("MFA_SECRET_KEY is the public demo key");
  });
});

describe("the demo build (npm run setup)", () => {
  let dir: string;
  let built: BuiltRoutes;
  let server: BuiltServer;
  let removeDatabase = () => {};

  beforeAll(async () => {
    dir = await sharedBuild("demo");
    built = await builtRoutes(dir);
    const database = await preparedDatabase({ seed: true });
    removeDatabase = database.remove;
    server = await startBuiltServer(dir, {
      PGLITE_DIR: database.dataDir,
      SMTP_URL: "",
      SMTP_CATCHER_PORT: "0",
      SIGNIN_LOCK_AFTER_FAILURES: "2",
      OUTBOX_POLL_MS: "250",
    });
  }, BUILD_MINUTES);

  afterAll(async () => {
    await server?.stop();
    removeDatabase();
  });

  it("holds the deployment's routes and the demo mailbox, not the test clock or the bench page", async () => {
    expect(built.routes.map((route) => route.id).sort()).toEqual(["root", ...idsOf(await deploymentRouteFiles()), "routes/dev.mailbox"].sort());
    expect(built.browserManifest).toContain("routes/dev.mailbox");
    expectPageNotFound(
      await page(server, "/dev/clock", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "minutes=60" }),
    );
    expectPageNotFound(await page(server, "/bench/bare"));
  });

  it("catches the mail and shows it in the demo mailbox, which the navigation offers", { timeout: 60_000 }, async () => {
    expect(server.output()).toContain("see /dev/mailbox");
    // Two wrong passwords lock the account (SIGNIN_LOCK_AFTER_FAILURES=2 here), and its owner is told by mail.
    for (let attempt = 0; attempt < 2; attempt++) {
      await page(server, "/sign-in", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email: lockoutTarget, password: "not-the-password" }).toString(),
      });
    }
    const cookie = await signIn(server, administrator);
    const home = await page(server, "/", { headers: { Cookie: cookie } });
    expect(home.html).toContain('href="/dev/mailbox"');
    const locked = "Your Staff Support Portal account has been locked";
    await expect.poll(async () => (await page(server, "/dev/mailbox", { headers: { Cookie: cookie } })).html, { timeout: 30_000 }).toContain(locked);
    const mailbox = await page(server, "/dev/mailbox", { headers: { Cookie: cookie } });
    expect(mailbox.status).toBe(200);
    expect(mailbox.html).toMatch(/<h1[^>]*>Demo mailbox<\/h1>/);
    // React separates the text around a value with a comment: "To <!-- -->address<!-- --> at …".
    expect(mailbox.html).toContain(`To <!-- -->${lockoutTarget}`);
    // Anyone else sees only their own mail; signed out, the mailbox sends to the sign-in page like any other page.
    const others = await page(server, "/dev/mailbox", { headers: { Cookie: await signIn(server, constable) } });
    expect(others.status).toBe(200);
    expect(others.html).not.toContain(locked);
    expect((await page(server, "/dev/mailbox")).status).toBe(302);
  });

  it("shows the Demo banner on every page: signed out and in, error pages and the server's own plain pages", async () => {
    const cookie = await signIn(server, constable);
    const pages: [string, { status: number; html: string }, number][] = [
      ["sign-in", await page(server, "/sign-in"), 200],
      ["home", await page(server, "/", { headers: { Cookie: cookie } }), 200],
      ["profile", await page(server, "/profile", { headers: { Cookie: cookie } }), 200],
      ["demo mailbox", await page(server, "/dev/mailbox", { headers: { Cookie: cookie } }), 200],
      ["not found", await page(server, "/no-such-page", { headers: { Cookie: cookie } }), 404],
      ["refused (administration)", await page(server, "/admin", { headers: { Cookie: cookie } }), 403],
      ["cross-site form (Express)", await page(server, "/sign-in", { method: "POST", headers: { Origin: "http://attacker.invalid" } }), 403],
      ["malformed address (Express)", await page(server, "/%E0%A4%A"), 400],
    ];
    for (const [name, answer, status] of pages) {
      expect(answer.status, name).toBe(status);
      expect(demoBanner(answer.html), name).not.toBeNull();
    }
  });

  it("keeps the pages with the banner free of WCAG 2.2 A/AA failures (axe)", { timeout: 120_000 }, async () => {
    const browser = await chromium.launch(chromiumLaunchOptions);
    try {
      const context = await browser.newContext({ baseURL: server.baseUrl });
      const tab = await context.newPage();
      await tab.goto("/sign-in");
      expect(await tab.getByText(DEMO_NOTICE).isVisible()).toBe(true);
      expect(await blockingAxeViolations(tab)).toEqual([]);
      await tab.getByLabel("Work email address").fill(administrator);
      await tab.getByLabel("Password").fill(DEMO_PASSWORD);
      await tab.getByRole("button", { name: "Sign in" }).click();
      await tab.getByLabel("Code", { exact: true }).fill(await freshCode(administrator, demoSecretOf(administrator)!));
      await tab.getByRole("button", { name: "Continue" }).click();
      await tab.getByRole("heading", { level: 1, name: /^Hello, / }).waitFor();
      // The banner sits in the header landmark, so it is found with the rest of the page's top.
      expect(await tab.getByRole("banner").getByText("Demo", { exact: true }).isVisible()).toBe(true);
      expect(await blockingAxeViolations(tab)).toEqual([]);
      await tab.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Demo mailbox" }).click();
      await tab.getByRole("heading", { level: 1, name: "Demo mailbox" }).waitFor();
      expect(await blockingAxeViolations(tab)).toEqual([]);
      await tab.goto("/no-such-page");
      await tab.getByRole("heading", { level: 1, name: "Page not found" }).waitFor();
      expect(await tab.getByText(DEMO_NOTICE).isVisible()).toBe(true);
      expect(await blockingAxeViolations(tab)).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
