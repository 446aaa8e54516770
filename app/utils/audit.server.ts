import { createHash } from "node:crypto";
import { v7 as uuidv7 } from "uuid";
import type { DbTx } from "~/db.server";
import { auditKeys, auditRowTag, type AuditKeys } from "./audit-key.server";

/** The outcome of what an audit row describes. */
export type AuditOutcome = "ALLOWED" | "REFUSED" | "SUCCESS" | "FAILURE";

export interface AuditEntry {
  actorId?: string | null;
  /** What happened, e.g. `auth.sign_in`, `access.read`, `person.update`. */
  action: string;
  subjectType?: string | null;
  subjectId?: string | null;
  outcome: AuditOutcome;
  reason?: string | null;
  ipAddress?: string | null;
  userAgent?: string | null;
  details?: Record<string, unknown> | null;
}

export const GENESIS_HASH = "0".repeat(64);

/** JSON with keys sorted at every level, so the same content always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

/** The stored fields of an audit row that its content hash covers. */
export interface AuditContent {
  occurredAt: Date;
  actorId: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  outcome: string;
  reason: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  details: string | null;
}

/** SHA-256 over every stored field, in a fixed order. */
export function auditContentHash(row: AuditContent): string {
  const payload = JSON.stringify([
    row.occurredAt.toISOString(),
    row.actorId,
    row.action,
    row.subjectType,
    row.subjectId,
    row.outcome,
    row.reason,
    row.ipAddress,
    row.userAgent,
    row.details,
  ]);
  return createHash("sha256").update(payload).digest("hex");
}

/** The chain link the database's seal trigger computes (prisma/migrations/*_init): keep the two identical. */
export function auditSealHash(prevHash: string, seq: bigint, contentHash: string): string {
  return createHash("sha256").update(`${prevHash}:${seq}:${contentHash}`).digest("hex");
}

/** A text as it can be stored: at most `max` characters, without NUL (PostgreSQL's text refuses it, failing the whole
 * change). A refused address's junk id (`/referrals/%00`) is still recorded, as far as it can be. */
function storable(value: string | null | undefined, max: number): string | null {
  if (value == null) return null;
  const text = value.replaceAll("\u0000", "");
  return text.length > max ? text.slice(0, max) : text;
}

/**
 * Records one audit row. Call it inside the transaction that makes the change it describes: the row and the change
 * commit or roll back together. At commit a deferred trigger seals the row into the hash chain, so writers queue
 * for the chain only for the instant of the commit itself.
 */
export async function appendAudit(tx: DbTx, entry: AuditEntry, keys: AuditKeys = auditKeys()): Promise<bigint> {
  const content: AuditContent = {
    occurredAt: new Date(),
    actorId: entry.actorId ?? null,
    action: entry.action,
    subjectType: entry.subjectType ?? null,
    subjectId: storable(entry.subjectId, 200),
    outcome: entry.outcome,
    reason: storable(entry.reason, 500),
    ipAddress: storable(entry.ipAddress, 64),
    userAgent: storable(entry.userAgent, 300),
    details: entry.details ? canonicalJson(entry.details) : null,
  };
  const contentHash = auditContentHash(content);
  // The tag is keyed with a secret the database never holds (ADR 022): a row written or rewritten with SQL cannot carry a valid one.
  // Unique (copies of a genuine row are caught by it) and in time order, so the unique index takes each new nonce at
  // its end like the row's own key, rather than at a random page of a large index on every audited request (ADR 047).
  const tagNonce = uuidv7();
  const tag = auditRowTag(keys, tagNonce, contentHash);
  // Written on every guarded request, so as one plain statement rather than through Prisma's query compiler.
  const [row] = await tx.$queryRaw<{ id: bigint }[]>`
    INSERT INTO "audit_event" ("occurredAt", "actorId", "action", "subjectType", "subjectId", "outcome", "reason", "ipAddress", "userAgent", "details", "contentHash", "tagNonce", "tag")
    VALUES (${content.occurredAt}, ${content.actorId}::uuid, ${content.action}, ${content.subjectType}, ${content.subjectId}, ${content.outcome}, ${content.reason},
            ${content.ipAddress}, ${content.userAgent}, ${content.details}, ${contentHash}, ${tagNonce}::uuid, ${tag})
    RETURNING "id"`;
  return row!.id;
}
