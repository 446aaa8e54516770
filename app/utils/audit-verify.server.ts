import type { DbTx } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
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

// The content hash of a row as PostgreSQL computes it: the same JSON array, byte for byte, as `auditContentHash`
// (to_json escapes strings as JSON.stringify does; occurredAt is stored to the millisecond, as toISOString prints it).
const SQL_CONTENT_HASH = Prisma.sql`encode(sha256(convert_to('[' || concat_ws(',',
    to_json(to_char(e."occurredAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text,
    coalesce(to_json(e."actorId"::text)::text, 'null'), to_json(e."action")::text,
    coalesce(to_json(e."subjectType")::text, 'null'), coalesce(to_json(e."subjectId")::text, 'null'),
    to_json(e."outcome")::text, coalesce(to_json(e."reason")::text, 'null'),
    coalesce(to_json(e."ipAddress")::text, 'null'), coalesce(to_json(e."userAgent")::text, 'null'),
    coalesce(to_json(e."details")::text, 'null')) || ']', 'UTF8')), 'hex')`;

/**
 * Checks the whole chain and reports the first row that was altered (its content or link no longer matches its hash),
 * removed (a gap in the chain, or a seal whose row is gone) or inserted out of order (a link that does not follow the
 * row before it, or a row that was never sealed).
 *
 * PostgreSQL screens every entry in two set-based queries (hashes recomputed with its own sha256(), in parallel
 * where it can), which is several times faster than bringing a million rows to Node. The Node walker below, with the
 * portal's own hash functions, is the authority: it starts just before the first entry the database flagged and
 * classifies the problem, and it walks on if the database flagged something that is in fact fine.
 */
export async function verifyAuditChain(db: DbTx, batchSize = 20_000): Promise<AuditChainReport> {
  const { firstSuspect, entries } = await screenAuditChain(db);
  let report: AuditChainReport;
  if (firstSuspect === null) {
    report = { ok: true, rowsChecked: entries };
  } else {
    // Everything before the suspect passed both screens, so the walk can start from the entry before it.
    const startSeq = firstSuspect > 1n ? firstSuspect - 1n : 1n;
    const [before] = startSeq > 1n ? await db.$queryRaw<{ hash: string }[]>`SELECT "hash" FROM "audit_seal" WHERE "seq" = ${startSeq - 1n}` : [];
    report = await walkChain(db, startSeq, before?.hash ?? GENESIS_HASH, batchSize);
    if (!report.ok) return report;
  }
  // Every committed row is sealed by the database; a row without a seal was slipped in with the trigger switched off.
  const [unsealed] = await db.$queryRaw<{ id: bigint }[]>`
    SELECT e."id" FROM "audit_event" e WHERE NOT EXISTS (SELECT 1 FROM "audit_seal" s WHERE s."eventId" = e."id") ORDER BY e."id" LIMIT 1`;
  if (unsealed) {
    const eventId = BigInt(unsealed.id);
    return {
      ok: false,
      rowsChecked: report.rowsChecked,
      problem: {
        kind: "out-of-order",
        seq: BigInt(report.rowsChecked) + 1n,
        eventId,
        message: `row ${eventId} is not part of the chain: it was inserted behind the database's back`,
      },
    };
  }
  return report;
}

/** The database's pass over the whole chain: the first entry that fails any check (null if none), and how many there are. */
export async function screenAuditChain(db: DbTx): Promise<{ firstSuspect: bigint | null; entries: number }> {
  const [screened] = await db.$queryRaw<{ firstBadRow: bigint | null; firstBadLink: bigint | null; entries: bigint }[]>`
    SELECT (SELECT min(s."seq") FROM "audit_seal" s LEFT JOIN "audit_event" e ON e."id" = s."eventId"
             WHERE e."id" IS NULL OR ${SQL_CONTENT_HASH} <> e."contentHash"
                OR s."hash" <> encode(sha256(convert_to(s."prevHash" || ':' || s."seq" || ':' || e."contentHash", 'UTF8')), 'hex')
           ) AS "firstBadRow",
           (SELECT min(s."seq") FROM "audit_seal" s LEFT JOIN "audit_seal" p ON p."seq" = s."seq" - 1
             WHERE (p."seq" IS NULL AND s."seq" <> 1) OR s."prevHash" <> coalesce(p."hash", ${GENESIS_HASH})
           ) AS "firstBadLink",
           (SELECT count(*) FROM "audit_seal") AS "entries"`;
  const suspects = [screened!.firstBadRow, screened!.firstBadLink].filter((seq) => seq !== null).map((seq) => BigInt(seq));
  const firstSuspect = suspects.length > 0 ? suspects.reduce((a, b) => (a < b ? a : b)) : null;
  return { firstSuspect, entries: Number(screened!.entries) };
}

/** Walks the chain in commit order from `startSeq`, with every hash recomputed in Node. */
async function walkChain(db: DbTx, startSeq: bigint, startPreviousHash: string, batchSize: number): Promise<AuditChainReport> {
  let expectedSeq = startSeq;
  let previousHash = startPreviousHash;
  let rowsChecked = Number(startSeq - 1n);
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
        return fail({
          kind: "out-of-order",
          seq,
          eventId,
          message: `row ${eventId} (entry ${seq}) does not follow the entry before it: inserted out of order, or its predecessor replaced`,
        });
      }
      if (auditContentHash(row) !== row.contentHash) {
        return fail({ kind: "altered", seq, eventId, message: `row ${eventId} (entry ${seq}) was altered after it was written` });
      }
      previousHash = row.hash;
      expectedSeq = seq + 1n;
      rowsChecked++;
    }
  }
  return { ok: true, rowsChecked };
}
