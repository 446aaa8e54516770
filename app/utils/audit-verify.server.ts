import type { DbTx } from "~/db.server";
import { auditContentHash, auditSealHash, GENESIS_HASH, type AuditContent } from "./audit.server";

export type AuditChainProblem =
  | { kind: "altered"; seq: bigint; eventId: bigint | null; message: string }
  | { kind: "removed"; seq: bigint; eventId: bigint | null; message: string }
  | { kind: "out-of-order"; seq: bigint; eventId: bigint | null; message: string };

export interface AuditChainReport {
  ok: boolean;
  rowsChecked: number;
  problem?: AuditChainProblem;
}

type SealedRow = AuditContent & { seq: bigint; sealEventId: bigint; prevHash: string; hash: string; eventId: bigint | null; contentHash: string | null };

/**
 * Walks the chain in commit order and reports the first row that was altered (its content or link no longer matches
 * its hash), removed (a gap in the chain, or a seal whose row is gone) or inserted out of order (a link that does not
 * follow the row before it, or a row that was never sealed).
 */
export async function verifyAuditChain(db: DbTx, batchSize = 20_000): Promise<AuditChainReport> {
  let expectedSeq = 1n;
  let previousHash = GENESIS_HASH;
  let rowsChecked = 0;
  const fail = (problem: AuditChainProblem): AuditChainReport => ({ ok: false, rowsChecked, problem });
  for (;;) {
    const rows = await db.$queryRaw<SealedRow[]>`
      SELECT s."seq", s."eventId" AS "sealEventId", s."prevHash", s."hash", e."id" AS "eventId", e."contentHash",
             e."occurredAt", e."actorId"::text AS "actorId", e."action", e."subjectType", e."subjectId", e."outcome",
             e."reason", e."ipAddress", e."userAgent", e."details"
      FROM "audit_seal" s LEFT JOIN "audit_event" e ON e."id" = s."eventId"
      WHERE s."seq" >= ${expectedSeq} ORDER BY s."seq" LIMIT ${batchSize}`;
    if (rows.length === 0) break;
    for (const row of rows) {
      const seq = BigInt(row.seq);
      const eventId = row.eventId === null ? null : BigInt(row.eventId);
      if (seq !== expectedSeq) {
        return fail({ kind: "removed", seq: expectedSeq, eventId: null, message: `entry ${expectedSeq} of the chain is missing (the next is ${seq})` });
      }
      if (eventId === null) {
        return fail({ kind: "removed", seq, eventId: BigInt(row.sealEventId), message: `row ${row.sealEventId} (entry ${seq} of the chain) was removed` });
      }
      if (row.prevHash !== previousHash || auditSealHash(row.prevHash, seq, row.contentHash!) !== row.hash) {
        return fail({ kind: "out-of-order", seq, eventId, message: `row ${eventId} (entry ${seq}) does not follow the entry before it: inserted out of order, or its predecessor replaced` });
      }
      if (auditContentHash(row) !== row.contentHash) {
        return fail({ kind: "altered", seq, eventId, message: `row ${eventId} (entry ${seq}) was altered after it was written` });
      }
      previousHash = row.hash;
      expectedSeq = seq + 1n;
      rowsChecked++;
    }
  }
  // Every committed row is sealed by the database; a row without a seal was slipped in with the trigger switched off.
  const [unsealed] = await db.$queryRaw<{ id: bigint }[]>`
    SELECT e."id" FROM "audit_event" e WHERE NOT EXISTS (SELECT 1 FROM "audit_seal" s WHERE s."eventId" = e."id") ORDER BY e."id" LIMIT 1`;
  if (unsealed) {
    const eventId = BigInt(unsealed.id);
    return fail({ kind: "out-of-order", seq: expectedSeq, eventId, message: `row ${eventId} is not part of the chain: it was inserted behind the database's back` });
  }
  return { ok: true, rowsChecked };
}
