// Single sign-on end to end through HTTP (ADR 031): a real OpenID Provider (oidc-provider) on loopback, the portal's own
// routes (start, callback, code step, sign-in page) and a real database with the demo organisation. Nothing of the
// portal's is mocked; the provider is only told which fictional account signs in, and, for the attacks, made to
// answer with a token meant for something else.
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER } from "~/auth/client-info.server";
import { completeSignIn } from "~/auth/second-factor/sign-in-step.server";
import { env } from "~/config/env.server";
import { action as startAction } from "~/routes/sign-in_.sso";
import { action as callbackAction, loader as callbackLoader } from "~/routes/sign-in_.sso_.callback";
import { action as passwordAction, loader as signInLoader } from "~/routes/sign-in";
import { providerAssertsMfa, SSO_CALLBACK_PATH } from "~/auth/sso/settings.server";
import type { TestDatabase } from "../support/database";
import { demoDatabaseForRoutes } from "../support/demo-database";
import { demoSecretOf, freshCode } from "../support/demo-totp";
import { signInAtProvider, startTestProvider, type TestProvider } from "../support/oidc-provider";
import { responseOf } from "../support/responses";
import { routerArgs } from "../support/router";

const PORTAL = "http://localhost:3000";
const REDIRECT_URI = `${PORTAL}${SSO_CALLBACK_PATH}`;
const ADDRESS = "192.0.2.77";
const PORTAL_CLIENT = { clientId: "staff-portal", clientSecret: "test-portal-secret-not-a-secret", redirectUris: [REDIRECT_URI] };
const OTHER_CLIENT = { clientId: "other-app", clientSecret: "test-other-secret-not-a-secret", redirectUris: ["http://localhost:3999/callback"] };

let provider: TestProvider;
let database: TestDatabase;

beforeAll(async () => {
  provider = await startTestProvider({ clients: [PORTAL_CLIENT, OTHER_CLIENT] });
  Object.assign(process.env, {
    PORTAL_BASE_URL: PORTAL,
    SSO_ISSUER_URL: provider.issuer,
    SSO_CLIENT_ID: PORTAL_CLIENT.clientId,
    SSO_CLIENT_SECRET: PORTAL_CLIENT.clientSecret,
    SIGNIN_FAILURE_FLOOR_MS: "50",
    SIGNIN_FAILURE_DELAY_MS: "0",
  });
  expect(env().SSO_ISSUER_URL).toBe(provider.issuer);
  database = await demoDatabaseForRoutes();
}, 120_000);

afterAll(async () => {
  await database?.close();
  await provider?.stop();
});

const headers = (cookie?: string) => ({ [CLIENT_ADDRESS_HEADER]: ADDRESS, "user-agent": "sso test", ...(cookie ? { cookie } : {}) });

/** `name=value` of each cookie the response sets (cleared ones included). */
function cookiesOf(response: Response): Map<string, string> {
  return new Map(response.headers.getSetCookie().map((line) => line.split(";")[0]!.split("=") as [string, string]));
}

/** Presses "Use your force account": the provider's address and the sealed pending cookie. */
async function pressSsoButton(redirectTo = "/records") {
  const request = new Request(`${PORTAL}/sign-in/sso`, { method: "POST", headers: headers(), body: new URLSearchParams({ redirectTo }) });
  const response = await responseOf(startAction(await routerArgs(request)));
  expect(response.status).toBe(302);
  const [pending] = response.headers.getSetCookie();
  expect(pending).toMatch(/^__Host-portal_sso=[\w-]+; Max-Age=600; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
  return { location: response.headers.get("location")!, pendingCookie: pending!.split(";")[0]! };
}

/** The callback page's GET (which changes nothing) and its form's POST, as the browser sends them. */
async function returnToPortal(answer: URL, pendingCookie: string) {
  const page = (await callbackLoader(await routerArgs(new Request(answer, { headers: headers(pendingCookie) })))) as { answer: Array<[string, string]> };
  const request = new Request(`${PORTAL}${SSO_CALLBACK_PATH}`, { method: "POST", headers: headers(pendingCookie), body: new URLSearchParams(page.answer) });
  return responseOf(callbackAction(await routerArgs(request)));
}

async function signInAs(accountId: string) {
  const { location, pendingCookie } = await pressSsoButton();
  const answer = await signInAtProvider(location, accountId, REDIRECT_URI);
  return { answer, pendingCookie, response: await returnToPortal(answer, pendingCookie) };
}

async function personId(email: string) {
  return (await database.prisma.person.findUniqueOrThrow({ where: { workEmail: email } })).id;
}

async function lastSignInAudit() {
  return database.prisma.auditEvent.findFirstOrThrow({ where: { action: "auth.sign_in" }, orderBy: { id: "desc" } });
}

/** Refused exactly as a failed password sign-in is: the sign-in page with its one message, no session, audited and counted. */
async function expectRefused(response: Response, reason: string) {
  expect(response.status).toBe(302);
  expect(response.headers.get("location")).toBe("/sign-in?sso=refused");
  expect([...cookiesOf(response).keys()]).toEqual(["__Host-portal_sso"]);
  expect(cookiesOf(response).get("__Host-portal_sso")).toBe("");
  const audit = await lastSignInAudit();
  expect(audit).toMatchObject({ outcome: "FAILURE", reason: `single sign-on: ${reason}`, ipAddress: ADDRESS });
  expect(JSON.stringify(audit, (_key, value: unknown) => (typeof value === "bigint" ? String(value) : value))).not.toMatch(
    /northshire|penhallow|nobody|mistry/i,
  );
  const page = await signInLoader(await routerArgs(new Request(`${PORTAL}${response.headers.get("location")}`)));
  expect(page.ssoProblem).toMatch(/^Those details did not work/);
}

/** A genuine ID token from the provider for `client`, for a sign-in with its own nonce. */
async function genuineIdToken(client: typeof PORTAL_CLIENT, accountId: string): Promise<string> {
  const configuration = await oidc.discovery(new URL(provider.issuer), client.clientId, undefined, oidc.ClientSecretBasic(client.clientSecret), {
    execute: [oidc.allowInsecureRequests],
  });
  const verifier = oidc.randomPKCECodeVerifier();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: client.redirectUris[0]!,
    scope: "openid email",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    nonce,
  });
  const answer = await signInAtProvider(url.href, accountId, client.redirectUris[0]!);
  const tokens = await oidc.authorizationCodeGrant(configuration, answer, { pkceCodeVerifier: verifier, expectedNonce: nonce, idTokenExpected: true });
  return tokens.id_token!;
}

describe("single sign-on with the force's identity provider", () => {
  it("offers the button, starts with PKCE and keeps everything but the state out of the provider's address", async () => {
    const page = await signInLoader(await routerArgs(new Request(`${PORTAL}/sign-in`)));
    expect(page).toMatchObject({ sso: true, passwordSignIn: true, ssoProblem: null });
    const { location } = await pressSsoButton();
    const url = new URL(location);
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("client_id")).toBe("staff-portal");
    expect(url.searchParams.get("redirect_uri")).toBe(REDIRECT_URI);
    expect(url.searchParams.has("code_verifier")).toBe(false);
  });

  it("signs in a person whose verified email matches one active account, whatever its case, and records how", async () => {
    const { response } = await signInAs("alys-pwd");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/records");
    const token = cookiesOf(response).get("__Host-portal_session");
    expect(token).toMatch(/^\w+\.\w+$/);
    const alys = await personId("alys.penhallow@northshire.police.invalid");
    const session = await database.prisma.session.findUniqueOrThrow({ where: { id: token!.split(".")[0] } });
    expect(session).toMatchObject({ personId: alys, signInMethod: "sso", ipAddress: ADDRESS });
    expect(await lastSignInAudit()).toMatchObject({ outcome: "SUCCESS", actorId: alys, details: JSON.stringify({ method: "sso" }) });
    // The session works: the next request is signed in.
    const args = await routerArgs(new Request(`${PORTAL}/sign-in`, { headers: headers(`__Host-portal_session=${token}`) }));
    await expect(responseOf(signInLoader(args))).resolves.toMatchObject({ status: 302 });
  });

  it("signs in over someone else's session in the same browser (a sign-in page left open in a tab), ending that session", async () => {
    const alys = await signInAs("alys-pwd");
    const alysCookie = `__Host-portal_session=${cookiesOf(alys.response).get("__Host-portal_session")}`;
    const alysSession = alysCookie.split("=")[1]!.split(".")[0]!;
    // The button pressed at the open page, with Alys's session still in the browser: the provider is asked.
    const request = new Request(`${PORTAL}/sign-in/sso`, {
      method: "POST",
      headers: headers(alysCookie),
      body: new URLSearchParams({ redirectTo: "/records" }),
    });
    const started = await responseOf(startAction(await routerArgs(request)));
    expect(started.status).toBe(302);
    expect(started.headers.get("location")!.startsWith(provider.issuer)).toBe(true);
    const pendingCookie = started.headers.getSetCookie()[0]!.split(";")[0]!;
    const answer = await signInAtProvider(started.headers.get("location")!, "kieran-pwd", REDIRECT_URI);

    const response = await returnToPortal(answer, `${pendingCookie}; ${alysCookie}`);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/records");
    const token = cookiesOf(response).get("__Host-portal_session")!;
    const kieran = await personId("kieran.duxbury@northshire.police.invalid");
    expect((await database.prisma.session.findUniqueOrThrow({ where: { id: token.split(".")[0] } })).personId).toBe(kieran);
    expect(await database.prisma.session.findUnique({ where: { id: alysSession } })).toBeNull();
    expect(
      await database.prisma.auditEvent.count({
        where: { action: "auth.session_replaced", actorId: await personId("alys.penhallow@northshire.police.invalid") },
      }),
    ).toBe(1);
  });

  it("sends a person with a second factor to the code step when the provider asserts no MFA; the code finishes it", async () => {
    const { response } = await signInAs("callum-pwd");
    expect(response.headers.get("location")).toBe("/sign-in/code?redirectTo=%2Frecords");
    expect(cookiesOf(response).has("__Host-portal_session")).toBe(false);
    const challenge = cookiesOf(response).get("__Host-portal_pending")!;
    const callum = await personId("callum.ferrisby@northshire.police.invalid");
    expect(await database.prisma.session.count({ where: { personId: callum } })).toBe(0);
    const email = "callum.ferrisby@northshire.police.invalid";
    const code = await freshCode(email, demoSecretOf(email)!);
    const done = await completeSignIn(database.prisma, { challenge, method: "totp", code, client: { ipAddress: ADDRESS, userAgent: "sso test" } });
    expect(done.ok).toBe(true);
    expect(await database.prisma.session.findFirstOrThrow({ where: { personId: callum } })).toMatchObject({ signInMethod: "sso+totp" });
  });

  it("skips the code step when the validated ID token asserts MFA (amr)", async () => {
    const callum = await personId("callum.ferrisby@northshire.police.invalid");
    await database.prisma.session.deleteMany({ where: { personId: callum } });
    const { response } = await signInAs("callum-mfa");
    expect(response.headers.get("location")).toBe("/records");
    expect(cookiesOf(response).has("__Host-portal_pending")).toBe(false);
    expect(await database.prisma.session.findFirstOrThrow({ where: { personId: callum } })).toMatchObject({ signInMethod: "sso+mfa" });
    expect(await lastSignInAudit()).toMatchObject({ outcome: "SUCCESS", details: JSON.stringify({ method: "sso+mfa" }) });
  });

  it("still sends a privileged person without a factor to enrolment, unless the provider asserted MFA", async () => {
    const reach = async (accountId: string) => {
      const { response } = await signInAs(accountId);
      const token = cookiesOf(response).get("__Host-portal_session")!;
      return responseOf(routerArgs(new Request(`${PORTAL}/records`, { headers: headers(`__Host-portal_session=${token}`) })));
    };
    const withoutMfa = await reach("rowena-pwd");
    expect(withoutMfa.status).toBe(302);
    expect(withoutMfa.headers.get("location")).toBe("/account/second-factor");
    const withMfa = await reach("rowena-mfa");
    expect(withMfa.status).toBe(200);
  });

  it("refuses an unknown email without creating an account, counted by the sign-in throttle", async () => {
    const people = await database.prisma.person.count();
    const counted = () => database.prisma.windowedCounter.findUnique({ where: { key: "signin-fail:address:192.0.2.77" } });
    const before = (await counted())?.hits ?? 0;
    const { response } = await signInAs("nobody");
    await expectRefused(response, "unknown or inactive account");
    expect(await database.prisma.person.count()).toBe(people);
    expect((await counted())?.hits).toBe(before + 1);
  });

  it("refuses an email the provider has not verified, and a disabled account, with the same answer", async () => {
    await expectRefused((await signInAs("unverified")).response, "email not verified");
    await database.prisma.person.update({ where: { workEmail: "kieran.duxbury@northshire.police.invalid" }, data: { active: false } });
    await expectRefused((await signInAs("kieran-pwd")).response, "unknown or inactive account");
  });

  it("refuses a code used twice, and a code that has expired", async () => {
    const { answer, pendingCookie, response } = await signInAs("alys-pwd");
    expect(response.headers.get("location")).toBe("/records");
    await expectRefused(await returnToPortal(answer, pendingCookie), "token request refused: invalid_grant");

    provider.setCodeLifetime(1);
    try {
      const { location, pendingCookie: cookie } = await pressSsoButton();
      const late = await signInAtProvider(location, "alys-pwd", REDIRECT_URI);
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      await expectRefused(await returnToPortal(late, cookie), "token request refused: invalid_grant");
    } finally {
      provider.setCodeLifetime(60);
    }
  });

  it("refuses an ID token issued to another client (wrong audience)", async () => {
    const forOtherApp = await genuineIdToken(OTHER_CLIENT, "alys-pwd");
    provider.tamperNextTokenResponse((body) => ({ ...body, id_token: forOtherApp }));
    await expectRefused((await signInAs("alys-pwd")).response, "ID token check failed: aud");
  });

  it("refuses an ID token from another sign-in (wrong nonce)", async () => {
    const fromAnotherSignIn = await genuineIdToken(PORTAL_CLIENT, "alys-pwd");
    provider.tamperNextTokenResponse((body) => ({ ...body, id_token: fromAnotherSignIn }));
    await expectRefused((await signInAs("alys-pwd")).response, "ID token check failed: nonce");
  });

  it("refuses an answer for another browser's sign-in (wrong state), a cancelled one, and one with no sign-in started", async () => {
    const mine = await pressSsoButton();
    const theirs = await pressSsoButton();
    const answer = await signInAtProvider(theirs.location, "alys-pwd", REDIRECT_URI);
    const refused = await returnToPortal(answer, mine.pendingCookie);
    await expectRefused(refused, "answer for another sign-in (state)");

    const cancelled = await pressSsoButton();
    await expectRefused(
      await returnToPortal(await signInAtProvider(cancelled.location, "cancel", REDIRECT_URI), cancelled.pendingCookie),
      "provider refused: access_denied",
    );

    await expectRefused(await returnToPortal(answer, "__Host-portal_sso=forged"), "no single sign-on waiting in this browser");
  });
});

describe("password sign-in switched off", () => {
  it("hides the password form and refuses a password, even the right one, without checking it", async () => {
    env().PASSWORD_SIGN_IN = "off";
    try {
      const page = await signInLoader(await routerArgs(new Request(`${PORTAL}/sign-in`)));
      expect(page).toMatchObject({ sso: true, passwordSignIn: false });
      const audits = await database.prisma.auditEvent.count();
      const request = new Request(`${PORTAL}/sign-in`, {
        method: "POST",
        headers: headers(),
        body: new URLSearchParams({ email: "alys.penhallow@northshire.police.invalid", password: "Demo-Portal-2026!", redirectTo: "/" }),
      });
      const answer = await responseOf(passwordAction(await routerArgs(request)));
      expect(answer.status).toBe(200);
      expect(JSON.stringify(await answer.json())).toContain("Sign-in with a password is switched off");
      expect(await database.prisma.auditEvent.count()).toBe(audits);
    } finally {
      env().PASSWORD_SIGN_IN = "on";
    }
    // Switched back on, the same password signs in: the refusal above was the setting, not the password.
    const request = new Request(`${PORTAL}/sign-in`, {
      method: "POST",
      headers: headers(),
      body: new URLSearchParams({ email: "alys.penhallow@northshire.police.invalid", password: "Demo-Portal-2026!", redirectTo: "/" }),
    });
    expect((await responseOf(passwordAction(await routerArgs(request)))).status).toBe(302);
  });
});

describe("what counts as MFA asserted by the provider", () => {
  const settings = { mfaAmr: ["mfa", "otp", "hwk"], mfaAcr: ["urn:northshire:loa:2fa"] };

  it("is an amr value or an acr from the configured lists, and nothing else", () => {
    expect(providerAssertsMfa({ amr: ["pwd", "hwk"] }, settings)).toBe(true);
    expect(providerAssertsMfa({ amr: ["pwd"], acr: "urn:northshire:loa:2fa" }, settings)).toBe(true);
    expect(providerAssertsMfa({ amr: ["pwd", "kba"] }, settings)).toBe(false);
    expect(providerAssertsMfa({ acr: "urn:northshire:loa:1" }, settings)).toBe(false);
    expect(providerAssertsMfa({ amr: "mfa" }, settings)).toBe(false);
    expect(providerAssertsMfa({}, settings)).toBe(false);
  });
});
