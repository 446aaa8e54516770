// The second step of signing in (ADR 029): a code from the authenticator app, or a recovery code, for the sign-in
// the password began. A right code starts the session (method "password+totp" or "password+recovery") and lifts a
// lock left by failed passwords; each wrong code is audited and counted, and the fifth ends the attempt.
import { db, type Db } from "~/db.server";
import { appendAudit } from "~/utils/audit.server";
import { clientInfo, type ClientInfo } from "../client-info.server";
import { readPendingSignInToken } from "../cookie.server";
import { startSession } from "../sign-in.server";
import { endChallenge, findChallenge, recordChallengeFailure, type FirstStep } from "./challenge.server";
import { checkCode, type CodeMethod } from "./second-factor.server";

export type SecondStepResult =
  | { ok: true; token: string; personId: string; recoveryCodesLeft: number }
  /** `again`: the same sign-in may try another code; otherwise it is over and the person starts with their password. */
  | { ok: false; again: boolean };

export async function completeSignIn(
  prisma: Db,
  input: { challenge: string | null; method: CodeMethod; code: string; client: ClientInfo },
  now = new Date(),
): Promise<SecondStepResult> {
  return prisma.$transaction(async (tx) => {
    const challenge = await findChallenge(tx, input.challenge, now, true);
    if (!challenge) {
      await appendAudit(tx, { action: "auth.second_factor", outcome: "FAILURE", reason: "no sign-in waiting for a code", ...input.client });
      return { ok: false, again: false };
    }
    const personId = challenge.personId;
    const audit = { action: "auth.second_factor", subjectType: "Person", subjectId: personId, ...input.client } as const;
    const check = await checkCode(tx, personId, input.method, input.code, now);
    if (!check.ok) {
      const again = await recordChallengeFailure(tx, challenge);
      await appendAudit(tx, {
        ...audit,
        outcome: "FAILURE",
        reason: check.reason,
        details: { method: input.method, failures: challenge.failures + 1, signInEnded: !again },
      });
      return { ok: false, again };
    }
    await endChallenge(tx, challenge.id);
    const lock = await tx.credential.findUnique({ where: { personId }, select: { lockedUntil: true } });
    const wasLocked = lock?.lockedUntil != null && lock.lockedUntil > now;
    await tx.credential.update({ where: { personId }, data: { failedAttempts: 0, lastFailedAt: null, lockedUntil: null } });
    await appendAudit(tx, {
      ...audit,
      actorId: personId,
      outcome: "SUCCESS",
      details: {
        method: check.method,
        ...(check.method === "recovery" ? { recoveryCodesLeft: check.recoveryCodesLeft } : {}),
        ...(wasLocked ? { lockLifted: true } : {}),
      },
    });
    const token = await startSession(tx, personId, `${challenge.firstStep}+${check.method === "totp" ? "totp" : "recovery"}`, input.client, now);
    return { ok: true, token, personId, recoveryCodesLeft: check.recoveryCodesLeft };
  });
}

/** How this browser's sign-in waiting for its code began, or null when none is waiting (the code page shows only then). */
export async function pendingSignInStep(request: Request, now = new Date()): Promise<FirstStep | null> {
  return (await findChallenge(db(), readPendingSignInToken(request), now))?.firstStep ?? null;
}

/** The code step as the page asks for it: the browser's pending sign-in, against the portal's database. */
export function completeSignInFromRequest(request: Request, input: { method: CodeMethod; code: string }): Promise<SecondStepResult> {
  return completeSignIn(db(), { ...input, challenge: readPendingSignInToken(request), client: clientInfo(request) });
}
