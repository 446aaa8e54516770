// Single sign-on with the force's identity provider (OpenID Connect, authorisation code with PKCE; ADR 031). The
// provider says who the person is; the portal decides whether they may come in: a verified work email that belongs to
// exactly one active person. SSO never creates an account. Every refusal is audited, counted by the sign-in throttle and
// answered as a failed password sign-in is (ADR 027). The second-factor rule still applies (ADR 029) unless the
// validated ID token asserts multi-factor sign-in at the provider.
import * as oidc from "openid-client";
import { db, type Db } from "~/db.server";
import { env } from "~/config/env.server";
import { appendAudit } from "~/utils/audit.server";
import { PROVIDER_MFA_METHOD } from "~/access/second-factor-gate";
import { clientInfo, type ClientInfo } from "../client-info.server";
import { createChallenge } from "../second-factor/challenge.server";
import { answerNoSoonerThan, countFailure, throttleKeys } from "../sign-in-throttle.server";
import { startSession, type SignInResult } from "../sign-in.server";
import { readPendingSso, SSO_PENDING_MINUTES, type PendingSso } from "./pending.server";
import { providerAssertsMfa, providerConfiguration, ssoSettings, type SsoSettings } from "./settings.server";

/** The provider's answer as the browser brought it back: only these parameters are read. */
export const CALLBACK_PARAMETERS = ["code", "state", "iss", "error", "error_description", "session_state"] as const;

/** Where to send the browser to sign in at the provider, and what it must bring back (kept in the sealed cookie). */
export async function startSsoSignIn(settings: SsoSettings, redirectTo: string, now = new Date()): Promise<{ url: string; pending: PendingSso }> {
  const configuration = await providerConfiguration(settings);
  const verifier = oidc.randomPKCECodeVerifier();
  const pending: PendingSso = {
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    verifier,
    redirectTo,
    expiresAt: now.getTime() + SSO_PENDING_MINUTES * 60_000,
  };
  const url = oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: settings.redirectUri,
    scope: "openid email",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state: pending.state,
    nonce: pending.nonce,
  });
  return { url: url.href, pending };
}

export type SsoSignInResult = (SignInResult & { ok: true }) | { ok: false; pauseMs: number };

interface SsoAttempt {
  settings: SsoSettings;
  pending: PendingSso | null;
  /** The provider's answer: the parameters of its redirect to the callback. */
  response: URLSearchParams;
  client: ClientInfo;
}

/** What went wrong at the provider or in its answer, without anything the provider said about the person. */
function refusalOf(error: unknown): string {
  if (error instanceof oidc.AuthorizationResponseError) return `provider refused: ${error.error}`;
  if (error instanceof oidc.ResponseBodyError) return `token request refused: ${error.error}`;
  if (error instanceof oidc.ClientError) {
    const claim = claimOf(error);
    return claim ? `ID token check failed: ${claim}` : `response check failed: ${error.code ?? "unknown"}`;
  }
  return "provider unreachable or answer unreadable";
}

/** The ID token claim whose check failed (iss, aud, nonce, exp…), as openid-client reports it in the error's causes. */
function claimOf(error: unknown): string | null {
  for (let cause = error, depth = 0; cause && typeof cause === "object" && depth < 4; depth++) {
    const claim = (cause as { claim?: unknown }).claim;
    if (typeof claim === "string") return claim;
    cause = (cause as { cause?: unknown }).cause;
  }
  return null;
}

async function validatedClaims(attempt: SsoAttempt & { pending: PendingSso }) {
  const configuration = await providerConfiguration(attempt.settings);
  const callback = new URL(attempt.settings.redirectUri);
  for (const name of CALLBACK_PARAMETERS) {
    const value = attempt.response.get(name);
    if (value !== null) callback.searchParams.set(name, value);
  }
  // openid-client checks the state, the PKCE verifier (at the provider), and the ID token's signature, issuer,
  // audience, expiry, issue time and nonce.
  const tokens = await oidc.authorizationCodeGrant(configuration, callback, {
    pkceCodeVerifier: attempt.pending.verifier,
    expectedState: attempt.pending.state,
    expectedNonce: attempt.pending.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  if (!claims) throw new Error("no ID token");
  return claims;
}

export async function signInWithSso(prisma: Db, attempt: SsoAttempt, now = new Date()): Promise<SsoSignInResult> {
  let email: string | null = null;
  let reason: string;
  let subjectId: string | undefined;
  if (!attempt.pending) {
    reason = "no single sign-on waiting in this browser";
  } else if (attempt.response.get("state") !== attempt.pending.state) {
    // openid-client checks it too; checked first here so the audit says plainly what was wrong.
    reason = "answer for another sign-in (state)";
  } else {
    const claims = await validatedClaims({ ...attempt, pending: attempt.pending }).catch((error: unknown) => refusalOf(error));
    if (typeof claims === "string") {
      reason = claims;
    } else {
      const claimed = claims[attempt.settings.emailClaim];
      email = typeof claimed === "string" && claimed.length <= 254 ? claimed.trim().toLowerCase() : null;
      const people = email
        ? await prisma.person.findMany({
            where: { workEmail: { equals: email, mode: "insensitive" } },
            select: { id: true, active: true, secondFactor: { select: { personId: true } } },
            take: 2,
          })
        : [];
      const person = people.length === 1 && people[0]!.active ? people[0]! : null;
      if (!email) reason = "no email claim";
      else if (claims.email_verified !== true) reason = "email not verified";
      else if (!person) reason = "unknown or inactive account";
      else {
        const mfa = providerAssertsMfa(claims, attempt.settings);
        return admit(prisma, person.id, { mfa, hasSecondFactor: person.secondFactor !== null, client: attempt.client, now });
      }
      // A refused person is named in the audit only by id, and only when they are the one active account.
      if (person) subjectId = person.id;
    }
  }
  const pauseMs = await prisma.$transaction(async (tx) => {
    const pause = await countFailure(tx, throttleKeys(email ?? "(single sign-on without an email)", attempt.client.ipAddress), now);
    await appendAudit(tx, {
      action: "auth.sign_in",
      outcome: "FAILURE",
      reason: `single sign-on: ${reason}`,
      details: { method: "sso" },
      ...(subjectId ? { subjectType: "Person", subjectId } : {}),
      ...attempt.client,
    });
    return pause;
  });
  return { ok: false, pauseMs };
}

/**
 * The provider vouched for the person: a session at once when it asserted MFA (or the person has no factor of their
 * own, and the enrolment gate takes over for privileged roles), else the code step, as after a password.
 */
function admit(prisma: Db, personId: string, input: { mfa: boolean; hasSecondFactor: boolean; client: ClientInfo; now: Date }): Promise<SsoSignInResult> {
  return prisma.$transaction(async (tx) => {
    if (!input.mfa && input.hasSecondFactor) {
      await appendAudit(tx, {
        action: "auth.second_factor.challenge",
        subjectType: "Person",
        subjectId: personId,
        outcome: "SUCCESS",
        details: { firstStep: "sso" },
        ...input.client,
      });
      return { ok: true, challenge: await createChallenge(tx, personId, input.now, "sso"), personId };
    }
    const token = await startSession(tx, personId, input.mfa ? PROVIDER_MFA_METHOD : "sso", input.client, input.now);
    return { ok: true, token, personId };
  });
}

/**
 * The callback as the page asks for it: this browser's pending sign-in, the provider's answer, against the portal's
 * database. A refusal is answered no sooner than a failed password sign-in would be (the floor and its pause).
 */
export async function signInWithSsoFromRequest(request: Request, response: URLSearchParams, startedAt = performance.now()): Promise<SsoSignInResult> {
  const settings = ssoSettings();
  if (!settings) return { ok: false, pauseMs: 0 };
  const result = await signInWithSso(db(), { settings, pending: readPendingSso(request), response, client: clientInfo(request) });
  if (!result.ok) await answerNoSoonerThan(startedAt + env().SIGNIN_FAILURE_FLOOR_MS + result.pauseMs);
  return result;
}
