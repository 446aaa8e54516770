// A person's second factor in the database: enrolment with fresh recovery codes, the check of a code at sign-in (TOTP
// or a recovery code, each usable once), removal. The TOTP secret is sealed with MFA_SECRET_KEY, bound to the person.
import { encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import type { DbTx } from "~/db.server";
import { env } from "~/config/env.server";
import { mfaKeys, recoveryCodeHash, seal, unseal, type MfaKeys } from "./mfa-key.server";
import { codeInWindow, matchingStep } from "./totp";

export const RECOVERY_CODE_COUNT = 10;
/** Wrong codes for one account, across sign-ins, before code checks pause for the lock window. */
export const MAX_CODE_FAILURES = 10;

export type CodeMethod = "totp" | "recovery";
export type CodeCheck =
  | { ok: true; method: CodeMethod; recoveryCodesLeft: number }
  | { ok: false; reason: "wrong code" | "code already used" | "too many wrong codes" | "no second factor" };

const secretContext = (personId: string) => `second-factor:${personId}`;

export function sealSecret(personId: string, secret: string): Uint8Array<ArrayBuffer> {
  return sealSecretWith(mfaKeys(), personId, secret);
}

export function sealSecretWith(keys: MfaKeys, personId: string, secret: string): Uint8Array<ArrayBuffer> {
  return seal(keys, secret, secretContext(personId));
}

/** Ten codes of ten base32 characters (50 bits each), shown as XXXXX-XXXXX. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = new Uint8Array(7);
    crypto.getRandomValues(bytes);
    const text = encodeBase32UpperCaseNoPadding(bytes).slice(0, 10);
    return `${text.slice(0, 5)}-${text.slice(5)}`;
  });
}

export async function hasSecondFactor(tx: DbTx, personId: string): Promise<boolean> {
  return (await tx.secondFactor.count({ where: { personId } })) > 0;
}

export function secondFactorStatus(tx: DbTx, personId: string) {
  return tx.secondFactor.findUnique({
    where: { personId },
    select: { enrolledAt: true, person: { select: { _count: { select: { recoveryCodes: { where: { usedAt: null } } } } } } },
  });
}

/**
 * Stores a confirmed secret (replacing any earlier one) and ten new recovery codes, which are returned once and kept
 * only as HMACs. `confirmedStep` is the step of the code that confirmed it: that code cannot be used again to sign in.
 */
export async function saveSecondFactor(tx: DbTx, personId: string, secret: string, confirmedStep: number, now: Date): Promise<string[]> {
  const secretEncrypted = sealSecret(personId, secret);
  const factor = { secretEncrypted, lastUsedStep: confirmedStep, failedAttempts: 0, lastFailedAt: null, enrolledAt: now };
  await tx.secondFactor.upsert({ where: { personId }, create: { personId, ...factor }, update: factor });
  await tx.recoveryCode.deleteMany({ where: { personId } });
  const codes = newRecoveryCodes();
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ personId, codeHash: recoveryCodeHash(mfaKeys(), code), createdAt: now })) });
  return codes;
}

/** Removes the person's second factor, recovery codes and any sign-in waiting for a code. Returns whether there was one. */
export async function deleteSecondFactor(tx: DbTx, personId: string): Promise<boolean> {
  const { count } = await tx.secondFactor.deleteMany({ where: { personId } });
  await tx.recoveryCode.deleteMany({ where: { personId } });
  await tx.signInChallenge.deleteMany({ where: { personId } });
  return count > 0;
}

/**
 * Checks a code in the caller's transaction, with the person's factor locked so two requests cannot both use one code.
 * A right code moves the last used step on (TOTP) or marks the recovery code used; a wrong one is counted.
 */
export async function checkCode(tx: DbTx, personId: string, method: CodeMethod, code: string, now: Date): Promise<CodeCheck> {
  await tx.$queryRaw`SELECT 1 FROM "second_factor" WHERE "personId" = ${personId}::uuid FOR UPDATE`;
  const factor = await tx.secondFactor.findUnique({ where: { personId } });
  if (!factor) return { ok: false, reason: "no second factor" };
  const windowMs = env().SIGNIN_LOCK_MINUTES * 60_000;
  const recentFailures = factor.lastFailedAt && now.getTime() - factor.lastFailedAt.getTime() <= windowMs ? factor.failedAttempts : 0;
  if (recentFailures >= MAX_CODE_FAILURES) return { ok: false, reason: "too many wrong codes" };

  let result: CodeCheck;
  if (method === "totp") {
    const secret = unseal(mfaKeys(), factor.secretEncrypted, secretContext(personId));
    const step = secret ? matchingStep(secret, code, now, factor.lastUsedStep) : null;
    if (step !== null) {
      await tx.secondFactor.update({ where: { personId }, data: { lastUsedStep: step, failedAttempts: 0, lastFailedAt: null } });
      result = { ok: true, method, recoveryCodesLeft: await unusedRecoveryCodes(tx, personId) };
    } else {
      result = { ok: false, reason: secret && codeInWindow(secret, code, now) ? "code already used" : "wrong code" };
    }
  } else {
    const { count } = await tx.recoveryCode.updateMany({
      where: { personId, usedAt: null, codeHash: recoveryCodeHash(mfaKeys(), code) },
      data: { usedAt: now },
    });
    if (count === 1) {
      await tx.secondFactor.update({ where: { personId }, data: { failedAttempts: 0, lastFailedAt: null } });
      result = { ok: true, method, recoveryCodesLeft: await unusedRecoveryCodes(tx, personId) };
    } else {
      const used = await tx.recoveryCode.count({ where: { personId, codeHash: recoveryCodeHash(mfaKeys(), code) } });
      result = { ok: false, reason: used > 0 ? "code already used" : "wrong code" };
    }
  }
  if (!result.ok) {
    await tx.secondFactor.update({ where: { personId }, data: { failedAttempts: recentFailures + 1, lastFailedAt: now } });
  }
  return result;
}

function unusedRecoveryCodes(tx: DbTx, personId: string): Promise<number> {
  return tx.recoveryCode.count({ where: { personId, usedAt: null } });
}
