// Password sign-in with a growing pause after failures and a temporary lock. Sign-in methods (password today;
// single sign-on or a second factor later) all end in `startSession`, so a new method adds a front door without
// touching sessions, auditing or the lock. Every failure, whatever its kind, gives the same answer after the same
// time: see docs/decisions/003-sessions-and-sign-in.md and 027-sign-in-that-reveals-nothing.md.
import { db, type Db, type DbTx } from "~/db.server";
import { env } from "~/config/env.server";
import { appendAudit } from "~/utils/audit.server";
import { kickOutbox, queueMail } from "~/utils/outbox.server";
import { accountLocked, portalLink } from "#emails/index";
import { hashPassword, verifyPassword } from "~/utils/password.server";
import { clientInfo, type ClientInfo } from "./client-info.server";
import { admitAttempt, answerNoSoonerThan, countFailure, forgetAttempts, throttleKeys } from "./sign-in-throttle.server";
import { createSession } from "./session.server";
import { createChallenge } from "./second-factor/challenge.server";

/** A session's token; or, for a person with a second factor, the token of the code step that comes first (ADR 029). */
export type SignInResult = { ok: true; token: string; personId: string } | { ok: true; challenge: string; personId: string } | { ok: false; pauseMs: number };

let dummyHash: Promise<string> | undefined;
/** Checking a password against a throwaway hash makes an unknown account take as long as a known one. */
function hashForUnknownAccounts(): Promise<string> {
  dummyHash ??= hashPassword("not-a-real-password-for-timing-only");
  return dummyHash;
}

export function sessionPolicy() {
  const config = env();
  return { idleMs: config.SESSION_IDLE_MINUTES * 60_000, absoluteMs: config.SESSION_ABSOLUTE_HOURS * 3_600_000 };
}

/** The one way a session begins, whatever the sign-in method. */
export async function startSession(tx: DbTx, personId: string, method: string, client: ClientInfo, now = new Date()) {
  const { token } = await createSession(tx, personId, sessionPolicy(), client, now, method);
  await appendAudit(tx, {
    actorId: personId,
    action: "auth.sign_in",
    subjectType: "Person",
    subjectId: personId,
    outcome: "SUCCESS",
    details: { method },
    ...client,
  });
  return token;
}

/**
 * Password sign-in as the sign-in page asks for it: against the portal's database, from the request's client. A failure
 * is answered no sooner than SIGNIN_FAILURE_FLOOR_MS after `startedAt` (the request's start, `performance.now()`), plus
 * its pause: longer than the slowest kind of failure takes, so an unknown, disabled or locked account and a wrong
 * password all take the same time.
 */
export async function signInFromRequest(
  request: Request,
  credentials: { email: string; password: string },
  startedAt = performance.now(),
): Promise<SignInResult> {
  const result = await signInWithPassword(db(), { ...credentials, client: clientInfo(request) });
  if (!result.ok) await answerNoSoonerThan(startedAt + env().SIGNIN_FAILURE_FLOOR_MS + result.pauseMs);
  return result;
}

const LOCK_MAIL_INTERVAL_MS = 60 * 60_000;

export async function signInWithPassword(prisma: Db, input: { email: string; password: string; client: ClientInfo }, now = new Date()): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const keys = throttleKeys(email, input.client.ipAddress);
  const person = await prisma.person.findUnique({
    where: { workEmail: email },
    select: { id: true, active: true, workEmail: true, credential: true },
  });
  const credential = person?.active ? person.credential : null;
  const locked = credential?.lockedUntil != null && credential.lockedUntil > now;
  const refusal = await admitAttempt(prisma, keys, locked, now);
  // Every kind of attempt checks a hash (the account's, or a throwaway one), refused or not, so none is quicker.
  const passwordMatches = await verifyPassword(credential?.passwordHash ?? (await hashForUnknownAccounts()), input.password);

  // A person with a second factor goes on to the code step, even while their account is locked by someone else's
  // guesses (a lock refuses only the addresses that failed on it, ADR 027): the code decides, and a right one lifts
  // the lock (ADR 029). An address refused for this account gets the same refusal as a wrong password, so it cannot
  // use the code step to learn that a guess was right.
  if (person && credential && passwordMatches && !refusal && (await prisma.secondFactor.count({ where: { personId: person.id } })) > 0) {
    const challenge = await prisma.$transaction(async (tx) => {
      await appendAudit(tx, {
        action: "auth.second_factor.challenge",
        subjectType: "Person",
        subjectId: person.id,
        outcome: "SUCCESS",
        details: { accountLocked: locked },
        ...input.client,
      });
      // The password was right: this address's count starts again, as after any sign-in (else a person with a
      // second factor would be refused after five sign-ins in the window). Guessing codes has limits of its own.
      await forgetAttempts(tx, keys);
      return createChallenge(tx, person.id, now);
    });
    return { ok: true, challenge, personId: person.id };
  }

  if (person && credential && passwordMatches && !refusal) {
    const token = await prisma.$transaction(async (tx) => {
      await tx.credential.update({
        where: { personId: person.id },
        data: { failedAttempts: 0, lastFailedAt: null, lockedUntil: null },
      });
      await forgetAttempts(tx, keys);
      return startSession(tx, person.id, "password", input.client, now);
    });
    return { ok: true, token, personId: person.id };
  }

  const pauseMs = await prisma.$transaction(async (tx) => {
    const pause = await countFailure(tx, keys, now);
    if (person && credential) {
      await recordAccountFailure(tx, { ...credential, workEmail: person.workEmail }, refusal ?? "wrong password", input.client, now);
    } else {
      await appendAudit(tx, { action: "auth.sign_in", outcome: "FAILURE", reason: "unknown or inactive account", ...input.client });
    }
    return pause;
  });
  kickOutbox();
  return { ok: false, pauseMs };
}

interface KnownCredential {
  personId: string;
  workEmail: string;
  lastFailedAt: Date | null;
  lockMailedAt: Date | null;
}

/**
 * A failure on an existing account: counted on its credential, which locks after SIGNIN_LOCK_AFTER_FAILURES within the
 * window (or stays locked the longer while failures go on), mails the owner at most once an hour, and is audited.
 */
async function recordAccountFailure(tx: DbTx, credential: KnownCredential, reason: string, client: ClientInfo, now: Date) {
  const config = env();
  const windowMs = config.SIGNIN_LOCK_MINUTES * 60_000;
  const staleFailures = credential.lastFailedAt !== null && now.getTime() - credential.lastFailedAt.getTime() > windowMs;
  const updated = await tx.credential.update({
    where: { personId: credential.personId },
    data: {
      failedAttempts: staleFailures ? 1 : { increment: 1 },
      lastFailedAt: now,
    },
  });
  const lockNow = updated.failedAttempts >= config.SIGNIN_LOCK_AFTER_FAILURES;
  if (lockNow) {
    // Someone who keeps locking an account must not also flood its owner's inbox: one lock mail an hour at most.
    const mailOwner = credential.lockMailedAt === null || now.getTime() - credential.lockMailedAt.getTime() >= LOCK_MAIL_INTERVAL_MS;
    await tx.credential.update({
      where: { personId: credential.personId },
      data: { lockedUntil: new Date(now.getTime() + windowMs), failedAttempts: 0, ...(mailOwner ? { lockMailedAt: now } : {}) },
    });
    if (mailOwner) await queueMail(tx, credential.workEmail, accountLocked({ minutes: config.SIGNIN_LOCK_MINUTES, link: portalLink("/sign-in") }));
  }
  await appendAudit(tx, {
    action: "auth.sign_in",
    subjectType: "Person",
    subjectId: credential.personId,
    outcome: "FAILURE",
    reason,
    details: { failedAttempts: updated.failedAttempts },
    ...client,
  });
  if (lockNow) {
    await appendAudit(tx, {
      action: "auth.lockout",
      subjectType: "Person",
      subjectId: credential.personId,
      outcome: "SUCCESS",
      reason: `${config.SIGNIN_LOCK_AFTER_FAILURES} failed sign-ins within ${config.SIGNIN_LOCK_MINUTES} minutes`,
      details: { lockedForMinutes: config.SIGNIN_LOCK_MINUTES },
      ...client,
    });
  }
}
