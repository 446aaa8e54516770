import { createHash } from "node:crypto";
import type { DbTx } from "~/db.server";

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
// Any constant works; it only has to be the same for every writer of the chain.
const AUDIT_CHAIN_LOCK = 7_412_001;

/** JSON with keys sorted at every level, so the same content always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

export interface StoredAuditFields {
  seq: bigint;
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

/** The hash of a row covers the previous row's hash and every stored field, in a fixed order. */
export function auditRowHash(prevHash: string, row: StoredAuditFields): string {
  const payload = JSON.stringify([
    row.seq.toString(),
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
  return createHash("sha256").update(prevHash).update("\n").update(payload).digest("hex");
}

function truncate(value: string | null | undefined, max: number): string | null {
  if (value == null) return null;
  return value.length > max ? value.slice(0, max) : value;
}

/**
 * Appends one row to the audit chain. Call it inside the transaction that makes the change it describes (as the
 * last statement, so the chain lock is held briefly): the row and the change commit or roll back together.
 * Writers are serialised by a transaction-scoped advisory lock, so the chain has no forks.
 */
export async function appendAudit(tx: DbTx, entry: AuditEntry): Promise<bigint> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
  const [last] = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`
    SELECT "seq", "hash" FROM "audit_event" ORDER BY "seq" DESC LIMIT 1`;
  const row: StoredAuditFields = {
    seq: (last?.seq ?? 0n) + 1n,
    occurredAt: new Date(),
    actorId: entry.actorId ?? null,
    action: entry.action,
    subjectType: entry.subjectType ?? null,
    subjectId: entry.subjectId ?? null,
    outcome: entry.outcome,
    reason: truncate(entry.reason, 500),
    ipAddress: truncate(entry.ipAddress, 64),
    userAgent: truncate(entry.userAgent, 300),
    details: entry.details ? canonicalJson(entry.details) : null,
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  await tx.auditEvent.create({ data: { ...row, prevHash, hash: auditRowHash(prevHash, row) } });
  return row.seq;
}
