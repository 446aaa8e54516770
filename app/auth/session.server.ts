// Database sessions in the design Lucia's author now teaches (lucia-auth.com): the cookie carries `id.secret`,
// the database keeps only SHA-256(secret), compared in constant time. See docs/decisions/003-sessions.md.
import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import type { DbTx } from "~/db.server";
import type { Role } from "~/generated/prisma/enums";

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

export interface ValidSession {
  id: string;
  personId: string;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
}

export type SessionCheck =
  | { valid: true; session: ValidSession; person: SessionPerson; renewed: boolean }
  | { valid: false; reason: "malformed" | "unknown" | "mismatch" | "idle-expired" | "absolute-expired" };

/** What every request needs to know about the signed-in person, loaded with the session in one query. */
export interface SessionPerson {
  id: string;
  forceId: string;
  unitId: string | null;
  lineManagerId: string | null;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  pronouns: string | null;
  workEmail: string;
  level: number;
  active: boolean;
  roles: Role[];
  /** How many people report to them directly. */
  reportCount: number;
  /** Whether they have enrolled a second factor (ADR 029). */
  hasSecondFactor: boolean;
  /** How this session began ("password", "sso+mfa", …): the identity provider's MFA stands in for the portal's (ADR 031). */
  signInMethod: string;
}

interface SessionRow extends Omit<SessionPerson, "id"> {
  personId: string;
  secretHash: Uint8Array;
  lastUsedAt: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
}

// Every request runs this: one statement instead of the three an ORM include would send.
function loadSession(tx: DbTx, id: string) {
  return tx.$queryRaw<SessionRow[]>`
    SELECT s."personId"::text AS "personId", s."secretHash", s."lastUsedAt", s."idleExpiresAt", s."absoluteExpiresAt",
           p."forceId"::text AS "forceId", p."unitId"::text AS "unitId", p."lineManagerId"::text AS "lineManagerId",
           p."firstName", p."lastName", p."preferredName", p."pronouns", p."workEmail", p."level", p."active",
           COALESCE((SELECT array_agg(r."role"::text ORDER BY r."role") FROM "role_assignment" r WHERE r."personId" = p."id"), '{}') AS "roles",
           (SELECT count(*)::int FROM "person" m WHERE m."lineManagerId" = p."id") AS "reportCount",
           EXISTS (SELECT 1 FROM "second_factor" f WHERE f."personId" = p."id") AS "hasSecondFactor", s."signInMethod"
    FROM "session" s JOIN "person" p ON p."id" = s."personId"
    WHERE s."id" = ${id}`;
}

// Renewing on every request would turn every read into a write; a minute's granularity is plenty for a 30-minute idle limit.
const RENEW_AFTER_MS = 60_000;

function randomSecret(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

export async function createSession(
  tx: DbTx,
  personId: string,
  policy: SessionPolicy,
  client: { ipAddress?: string | null; userAgent?: string | null },
  now = new Date(),
  signInMethod = "password",
): Promise<{ token: string; session: ValidSession }> {
  const id = randomSecret();
  const secret = randomSecret();
  const absoluteExpiresAt = new Date(now.getTime() + policy.absoluteMs);
  const idleExpiresAt = new Date(Math.min(now.getTime() + policy.idleMs, absoluteExpiresAt.getTime()));
  await tx.session.create({
    data: {
      id,
      secretHash: Buffer.from(hashSecret(secret)),
      personId,
      createdAt: now,
      lastUsedAt: now,
      idleExpiresAt,
      absoluteExpiresAt,
      ipAddress: client.ipAddress?.slice(0, 64) ?? null,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
      signInMethod,
    },
  });
  return { token: `${id}.${secret}`, session: { id, personId, idleExpiresAt, absoluteExpiresAt } };
}

/** Checks a cookie token; a valid session used after a quiet minute has its idle expiry pushed forward. */
export async function validateSessionToken(tx: DbTx, token: string, policy: SessionPolicy, now = new Date()): Promise<SessionCheck> {
  const [id, secret, extra] = token.split(".");
  if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64) {
    return { valid: false, reason: "malformed" };
  }
  const [row] = await loadSession(tx, id);
  if (!row || !row.active) return { valid: false, reason: "unknown" };
  if (!constantTimeEqual(hashSecret(secret), new Uint8Array(row.secretHash))) {
    return { valid: false, reason: "mismatch" };
  }
  if (row.absoluteExpiresAt <= now || row.idleExpiresAt <= now) {
    await tx.session.deleteMany({ where: { id } });
    return { valid: false, reason: row.absoluteExpiresAt <= now ? "absolute-expired" : "idle-expired" };
  }
  const session: ValidSession = {
    id,
    personId: row.personId,
    idleExpiresAt: row.idleExpiresAt,
    absoluteExpiresAt: row.absoluteExpiresAt,
  };
  const { personId, secretHash: _secretHash, lastUsedAt: _lastUsedAt, idleExpiresAt: _idle, absoluteExpiresAt: _absolute, ...details } = row;
  const person: SessionPerson = { ...details, id: personId, level: Number(row.level) };
  if (now.getTime() - row.lastUsedAt.getTime() < RENEW_AFTER_MS) return { valid: true, session, person, renewed: false };
  session.idleExpiresAt = new Date(Math.min(now.getTime() + policy.idleMs, row.absoluteExpiresAt.getTime()));
  await tx.session.update({ where: { id }, data: { lastUsedAt: now, idleExpiresAt: session.idleExpiresAt } });
  return { valid: true, session, person, renewed: true };
}

export async function invalidateSession(tx: DbTx, sessionId: string): Promise<void> {
  await tx.session.deleteMany({ where: { id: sessionId } });
}

export async function invalidateAllSessionsOf(tx: DbTx, personId: string): Promise<number> {
  const { count } = await tx.session.deleteMany({ where: { personId } });
  return count;
}

export async function deleteExpiredSessions(tx: DbTx, now = new Date()): Promise<number> {
  const { count } = await tx.session.deleteMany({
    where: { OR: [{ idleExpiresAt: { lte: now } }, { absoluteExpiresAt: { lte: now } }] },
  });
  return count;
}
