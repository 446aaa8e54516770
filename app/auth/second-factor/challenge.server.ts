// A sign-in waiting for its second factor (ADR 029): the password was right, but no session exists yet. The browser
// keeps `id.secret` in a short-lived cookie; the database keeps SHA-256(secret), compared in constant time, as for
// sessions (ADR 003). Five wrong codes end it: the person starts again with their password.
import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import type { DbTx } from "~/db.server";

export const CHALLENGE_MINUTES = 5;
export const CHALLENGE_MAX_FAILURES = 5;

function randomPart(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

const hashOf = (secret: string) => sha256(new TextEncoder().encode(secret));

/** What signed the person in before the code step: their password, or the identity provider without MFA (ADR 031). */
export type FirstStep = "password" | "sso";

/** Starts the code step for a person whose password (or single sign-on) was right; returns the cookie's token. */
export async function createChallenge(tx: DbTx, personId: string, now: Date, firstStep: FirstStep = "password"): Promise<string> {
  await tx.signInChallenge.deleteMany({ where: { expiresAt: { lte: now } } });
  const id = randomPart();
  const secret = randomPart();
  await tx.signInChallenge.create({
    data: {
      id,
      secretHash: Buffer.from(hashOf(secret)),
      personId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + CHALLENGE_MINUTES * 60_000),
      firstStep,
    },
  });
  return `${id}.${secret}`;
}

export interface OpenChallenge {
  id: string;
  personId: string;
  failures: number;
  firstStep: FirstStep;
}

/** The challenge the token stands for, if it is still open; `lock` holds it until the transaction ends. */
export async function findChallenge(tx: DbTx, token: string | null, now: Date, lock = false): Promise<OpenChallenge | null> {
  const [id, secret, extra] = (token ?? "").split(".");
  if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64) return null;
  if (lock) await tx.$queryRaw`SELECT 1 FROM "sign_in_challenge" WHERE "id" = ${id} FOR UPDATE`;
  const row = await tx.signInChallenge.findUnique({ where: { id } });
  if (!row || row.expiresAt <= now || !constantTimeEqual(hashOf(secret), new Uint8Array(row.secretHash))) return null;
  return { id: row.id, personId: row.personId, failures: row.failures, firstStep: row.firstStep === "sso" ? "sso" : "password" };
}

/** Counts a wrong code; at the limit the challenge ends. Returns whether it is still open. */
export async function recordChallengeFailure(tx: DbTx, challenge: OpenChallenge): Promise<boolean> {
  if (challenge.failures + 1 >= CHALLENGE_MAX_FAILURES) {
    await tx.signInChallenge.deleteMany({ where: { id: challenge.id } });
    return false;
  }
  await tx.signInChallenge.update({ where: { id: challenge.id }, data: { failures: { increment: 1 } } });
  return true;
}

export async function endChallenge(tx: DbTx, id: string): Promise<void> {
  await tx.signInChallenge.deleteMany({ where: { id } });
}
