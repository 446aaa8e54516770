import type { DbTx } from "~/db.server";
import { auditRowHash, GENESIS_HASH, type StoredAuditFields } from "./audit.server";

export type AuditChainProblem =
  | { kind: "altered"; seq: bigint; message: string }
  | { kind: "removed"; seq: bigint; message: string }
  | { kind: "out-of-order"; seq: bigint; message: string };

export interface AuditChainReport {
  ok: boolean;
  rowsChecked: number;
  problem?: AuditChainProblem;
}

type Row = StoredAuditFields & { prevHash: string; hash: string };

/**
 * Walks the chain in order and reports the first row that was altered (its hash no longer matches its content),
 * removed (a gap in the sequence) or inserted out of order (its link does not match the row before it).
 */
export async function verifyAuditChain(db: DbTx, batchSize = 20_000): Promise<AuditChainReport> {
  let expectedSeq = 1n;
  let previousHash = GENESIS_HASH;
  let rowsChecked = 0;
  for (;;) {
    const rows = await db.$queryRaw<Row[]>`
      SELECT "seq", "occurredAt", "actorId"::text AS "actorId", "action", "subjectType", "subjectId", "outcome",
             "reason", "ipAddress", "userAgent", "details", "prevHash", "hash"
      FROM "audit_event" WHERE "seq" >= ${expectedSeq} ORDER BY "seq" LIMIT ${batchSize}`;
    if (rows.length === 0) return { ok: true, rowsChecked };
    for (const row of rows) {
      const seq = BigInt(row.seq);
      if (seq !== expectedSeq) {
        return {
          ok: false,
          rowsChecked,
          problem: { kind: "removed", seq: expectedSeq, message: `row ${expectedSeq} is missing (next row is ${seq})` },
        };
      }
      if (row.prevHash !== previousHash) {
        return {
          ok: false,
          rowsChecked,
          problem: {
            kind: "out-of-order",
            seq,
            message: `row ${seq} does not follow row ${seq - 1n}: it was inserted out of order or its predecessor replaced`,
          },
        };
      }
      if (auditRowHash(row.prevHash, { ...row, seq }) !== row.hash) {
        return { ok: false, rowsChecked, problem: { kind: "altered", seq, message: `row ${seq} was altered after it was written` } };
      }
      previousHash = row.hash;
      expectedSeq = seq + 1n;
      rowsChecked++;
    }
  }
}
