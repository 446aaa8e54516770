// Password sign-in with a growing pause after failures and a temporary lock. Sign-in methods (password today;
// single sign-on or a second factor later) all end in `startSession`, so a new method adds a front door without
// touching sessions, auditing or the lock. See docs/decisions/003-sessions.md.
import { db, type Db, type DbTx } from "~/db.server";
import { env } from "~/config/env.server";
import { appendAudit } from "~/utils/audit.server";
import { kickOutbox, queueMail } from "~/utils/outbox.server";
import { accountLocked, portalLink } from "#emails/index";
import { hashPassword, verifyPassword } from "~/utils/password.server";
import { clientInfo, type ClientInfo } from "./client-info.server";
import { createSession } from "./session.server";
import { createChallenge } from "./second-factor/challenge.server";

/** A session's token; or, for a person with a second factor, the token of the code step that comes first (ADR 026). */
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

function pauseAfter(failures: number): number {
  return Math.min(env().SIGNIN_FAILURE_DELAY_MS * Math.max(failures, 1), 5_000);
}

/** The one way a session begins, whatever the sign-in method. */
export async function startSession(tx: DbTx, personId: string, method: string, client: ClientInfo, now = new Date()) {
  const { token } = await createSession(tx, personId, sessionPolicy(), client, now);
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

/** Password sign-in as the sign-in page asks for it: against the portal's database, from the request's client. */
export function signInFromRequest(request: Request, credentials: { email: string; password: string }): Promise<SignInResult> {
  return signInWithPassword(db(), { ...credentials, client: clientInfo(request) });
}

const LOCK_MAIL_INTERVAL_MS = 60 * 60_000;

export async function signInWithPassword(prisma: Db, input: { email: string; password: string; client: ClientInfo }, now = new Date()): Promise<SignInResult> {
  const config = env();
  const email = input.email.trim().toLowerCase();
  const person = await prisma.person.findUnique({
    where: { workEmail: email },
    select: { id: true, active: true, workEmail: true, credential: true },
  });
  const credential = person?.active ? person.credential : null;

  if (!person || !credential) {
    await verifyPassword(await hashForUnknownAccounts(), input.password);
    await prisma.$transaction((tx) => appendAudit(tx, { action: "auth.sign_in", outcome: "FAILURE", reason: "unknown or inactive account", ...input.client }));
    return { ok: false, pauseMs: pauseAfter(1) };
  }

  const passwordMatches = await verifyPassword(credential.passwordHash, input.password);
  const locked = credential.lockedUntil !== null && credential.lockedUntil > now;

  // A person with a second factor goes on to the code step even while locked: a lock that someone else caused by
  // guessing must not keep the owner out, and the code (not the password) decides. A right code lifts the lock.
  if (passwordMatches && (await prisma.secondFactor.count({ where: { personId: person.id } })) > 0) {
    const challenge = await prisma.$transaction(async (tx) => {
      await appendAudit(tx, {
        action: "auth.second_factor.challenge",
        subjectType: "Person",
        subjectId: person.id,
        outcome: "SUCCESS",
        details: { accountLocked: locked },
        ...input.client,
      });
      return createChallenge(tx, person.id, now);
    });
    return { ok: true, challenge, personId: person.id };
  }

  if (passwordMatches && !locked) {
    const token = await prisma.$transaction(async (tx) => {
      await tx.credential.update({
        where: { personId: person.id },
        data: { failedAttempts: 0, lastFailedAt: null, lockedUntil: null },
      });
      return startSession(tx, person.id, "password", input.client, now);
    });
    return { ok: true, token, personId: person.id };
  }

  if (locked) {
    await prisma.$transaction((tx) =>
      appendAudit(tx, {
        actorId: null,
        action: "auth.sign_in",
        subjectType: "Person",
        subjectId: person.id,
        outcome: "FAILURE",
        reason: "account locked",
        ...input.client,
      }),
    );
    return { ok: false, pauseMs: pauseAfter(config.SIGNIN_LOCK_AFTER_FAILURES) };
  }

  const windowMs = config.SIGNIN_LOCK_MINUTES * 60_000;
  const failures = await prisma.$transaction(async (tx) => {
    const staleFailures = credential.lastFailedAt !== null && now.getTime() - credential.lastFailedAt.getTime() > windowMs;
    const updated = await tx.credential.update({
      where: { personId: person.id },
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
        where: { personId: person.id },
        data: { lockedUntil: new Date(now.getTime() + windowMs), failedAttempts: 0, ...(mailOwner ? { lockMailedAt: now } : {}) },
      });
      if (mailOwner) await queueMail(tx, person.workEmail, accountLocked({ minutes: config.SIGNIN_LOCK_MINUTES, link: portalLink("/sign-in") }));
    }
    await appendAudit(tx, {
      action: "auth.sign_in",
      subjectType: "Person",
      subjectId: person.id,
      outcome: "FAILURE",
      reason: "wrong password",
      details: { failedAttempts: updated.failedAttempts },
      ...input.client,
    });
    if (lockNow) {
      await appendAudit(tx, {
        action: "auth.lockout",
        subjectType: "Person",
        subjectId: person.id,
        outcome: "SUCCESS",
        reason: `${config.SIGNIN_LOCK_AFTER_FAILURES} failed sign-ins within ${config.SIGNIN_LOCK_MINUTES} minutes`,
        details: { lockedForMinutes: config.SIGNIN_LOCK_MINUTES },
        ...input.client,
      });
    }
    return updated.failedAttempts;
  });
  kickOutbox();
  return { ok: false, pauseMs: pauseAfter(failures) };
}
