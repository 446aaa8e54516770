// Signing in in a browser that still holds someone else's session (the sign-in page was left open in another tab; a
// shared workstation, THREATS.md A4): the person at the keyboard signs in as themselves, a wrong code is explained as
// anywhere else, and the session the browser held ends, audited, instead of carrying on as the other person.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER } from "~/auth/client-info.server";
import { action as passwordAction } from "~/routes/sign-in";
import { action as codeAction, loader as codeLoader } from "~/routes/sign-in_.code";
import { DEMO_PASSWORD } from "../../prisma/seed-data";
import type { TestDatabase } from "../support/database";
import { demoDatabaseForRoutes } from "../support/demo-database";
import { demoSecretOf, freshCode } from "../support/demo-totp";
import { responseOf } from "../support/responses";
import { routerArgs } from "../support/router";

const PORTAL = "http://localhost:3000";
const CONSTABLE = "alys.penhallow@northshire.police.invalid";
const PSD_OFFICER = "callum.ferrisby@northshire.police.invalid";
const OTHER_CONSTABLE = "jordan.mistry-oake@northshire.police.invalid";

let database: TestDatabase;

beforeAll(async () => {
  Object.assign(process.env, { SIGNIN_FAILURE_FLOOR_MS: "50", SIGNIN_FAILURE_DELAY_MS: "0" });
  database = await demoDatabaseForRoutes();
}, 120_000);

afterAll(async () => {
  await database?.close();
});

/** A browser's cookie jar, as far as these pages go: what each answer sets (a Max-Age=0 cookie is removed). */
class Browser {
  private readonly cookies = new Map<string, string>();

  header(): Record<string, string> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    return { [CLIENT_ADDRESS_HEADER]: "192.0.2.91", "user-agent": "shared workstation test", Origin: PORTAL, ...(cookie ? { cookie } : {}) };
  }

  take(response: Response): Response {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, value] = pair!.split("=") as [string, string];
      if (/Max-Age=0/.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  cookie(suffix: string): string | undefined {
    return [...this.cookies].find(([name]) => name.endsWith(suffix))?.[1];
  }

  /** A POST of a form, as the page sends it; the answer is what the action threw (a redirect) or returned. */
  async post(path: string, action: (args: never) => Promise<unknown>, form: Record<string, string>): Promise<Response> {
    const request = new Request(`${PORTAL}${path}`, { method: "POST", headers: this.header(), body: new URLSearchParams(form) });
    return this.take(await responseOf(action((await routerArgs(request)) as never)));
  }

  async get(path: string, loader: (args: never) => Promise<unknown>): Promise<Response> {
    return this.take(await responseOf(loader((await routerArgs(new Request(`${PORTAL}${path}`, { headers: this.header() }))) as never)));
  }
}

const personOf = async (email: string) => (await database.prisma.person.findUniqueOrThrow({ where: { workEmail: email } })).id;
const sessionOf = (token: string | undefined) => database.prisma.session.findUnique({ where: { id: token!.split(".")[0]! } });
const replacedAudits = (actorId: string) => database.prisma.auditEvent.findMany({ where: { action: "auth.session_replaced", actorId } });

async function signInWithPassword(browser: Browser, email: string): Promise<Response> {
  return browser.post("/sign-in", passwordAction, { email, password: DEMO_PASSWORD, redirectTo: "/" });
}

describe("signing in over someone else's session in the same browser", () => {
  it("a person with a second factor gets the code step, a wrong code is explained, and the other session ends", async () => {
    const browser = new Browser();
    expect((await signInWithPassword(browser, CONSTABLE)).status).toBe(302);
    const constableSession = browser.cookie("portal_session");
    expect(await sessionOf(constableSession)).not.toBeNull();

    // The PSD officer, at a sign-in page opened before the constable signed in elsewhere in this browser.
    const passwordStep = await signInWithPassword(browser, PSD_OFFICER);
    expect(passwordStep.status).toBe(302);
    expect(passwordStep.headers.get("location")).toBe("/sign-in/code?redirectTo=%2F");
    expect(await sessionOf(constableSession)).toBeNull();
    expect(await replacedAudits(await personOf(CONSTABLE))).toHaveLength(1);

    // The code page asks for the code (it used to send the browser home, as the constable).
    const page = await browser.get("/sign-in/code", codeLoader);
    expect(page.status).toBe(200);
    expect(await page.json()).toMatchObject({ firstStep: "password" });

    const wrong = await browser.post("/sign-in/code", codeAction, { method: "totp", code: "000000", redirectTo: "/" });
    expect(wrong.status).toBe(200);
    expect(JSON.stringify(await wrong.json())).toContain("That code did not work");

    const right = await browser.post("/sign-in/code", codeAction, {
      method: "totp",
      code: await freshCode(PSD_OFFICER, demoSecretOf(PSD_OFFICER)!),
      redirectTo: "/",
    });
    expect(right.status).toBe(302);
    expect((await sessionOf(browser.cookie("portal_session")))?.personId).toBe(await personOf(PSD_OFFICER));
    expect(browser.cookie("portal_pending")).toBeUndefined();
  });

  it("with a code step pending, the code page asks for it whoever is signed in, and the right code ends their session", async () => {
    // The PSD officer's password step, then the constable signs in in the same browser (a third tab): the officer's
    // pending step is cleared by the constable's sign-in, so here it is put back as a browser could still send it.
    const browser = new Browser();
    await signInWithPassword(browser, PSD_OFFICER);
    const pending = browser.cookie("portal_pending");
    expect(pending).toBeDefined();
    const constableSignIn = await signInWithPassword(browser, CONSTABLE);
    expect(constableSignIn.status).toBe(302);
    expect(constableSignIn.headers.getSetCookie().some((line) => /portal_pending=;.*Max-Age=0/.test(line))).toBe(true);
    const constableSession = browser.cookie("portal_session");
    expect(browser.cookie("portal_pending")).toBeUndefined();
    browser.take(new Response(null, { headers: { "Set-Cookie": `${pendingCookieName(constableSignIn)}=${pending}; Path=/` } }));

    const page = await browser.get("/sign-in/code", codeLoader);
    expect(page.status).toBe(200);
    const right = await browser.post("/sign-in/code", codeAction, {
      method: "totp",
      code: await freshCode(PSD_OFFICER, demoSecretOf(PSD_OFFICER)!),
      redirectTo: "/",
    });
    expect(right.status).toBe(302);
    expect(await sessionOf(constableSession)).toBeNull();
    expect((await sessionOf(browser.cookie("portal_session")))?.personId).toBe(await personOf(PSD_OFFICER));
    expect(await replacedAudits(await personOf(CONSTABLE))).toHaveLength(2);
  });

  it("a person without a second factor is signed in as themselves, and the other session ends", async () => {
    const browser = new Browser();
    await signInWithPassword(browser, CONSTABLE);
    const constableSession = browser.cookie("portal_session");
    const before = (await replacedAudits(await personOf(CONSTABLE))).length;

    const other = await signInWithPassword(browser, OTHER_CONSTABLE);
    expect(other.status).toBe(302);
    expect(other.headers.get("location")).toBe("/");
    expect(await sessionOf(constableSession)).toBeNull();
    expect((await sessionOf(browser.cookie("portal_session")))?.personId).toBe(await personOf(OTHER_CONSTABLE));
    expect(await replacedAudits(await personOf(CONSTABLE))).toHaveLength(before + 1);
  });

  it("a wrong password changes nothing: the session the browser holds stays, and nothing is audited as replaced", async () => {
    const browser = new Browser();
    await signInWithPassword(browser, CONSTABLE);
    const constableSession = browser.cookie("portal_session");
    const before = (await replacedAudits(await personOf(CONSTABLE))).length;

    const refused = await browser.post("/sign-in", passwordAction, { email: PSD_OFFICER, password: "not-the-password", redirectTo: "/" });
    expect(refused.status).toBe(200);
    expect(await sessionOf(constableSession)).not.toBeNull();
    expect(browser.cookie("portal_session")).toBe(constableSession);
    expect(await replacedAudits(await personOf(CONSTABLE))).toHaveLength(before);
  });
});

/** The pending step's cookie name in this configuration (from the clearing line the sign-in sent). */
function pendingCookieName(response: Response): string {
  const line = response.headers.getSetCookie().find((cookie) => /portal_pending=/.test(cookie))!;
  return line.split("=")[0]!;
}
