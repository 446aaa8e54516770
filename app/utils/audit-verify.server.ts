import { openBulkReader, type BulkReader } from "~/db/bulk-reader.server";
import type { DbTx } from "~/db.server";
import type { VerifiedCheckpoint } from "./audit-checkpoint.server";
import { auditKeys, type AuditKeys } from "./audit-key.server";
import { checkTags } from "./audit-tags.server";
import { auditContentHash, auditSealHash, GENESIS_HASH, type AuditContent } from "./audit.server";

export type AuditChainProblem = {
  /** altered: a row no longer matches its hashes or its tag; removed: an entry is gone; out-of-order: a link or row
   * that does not belong where it is; checkpoint: a checkpoint file that was not signed with the key. */
  kind: "altered" | "removed" | "out-of-order" | "checkpoint";
  /** The first bad position in the chain (for a checkpoint file, the position it claims). */
  seq: bigint;
  eventId: bigint | null;
  message: string;
};

export interface AuditChainReport {
  ok: boolean;
  rowsChecked: number;
  problem?: AuditChainProblem;
}

export interface VerifyOptions {
  /** The keys (default: this process's, from AUDIT_HMAC_KEY). */
  keys?: AuditKeys;
  /** Checkpoints whose signatures were checked (readCheckpoints), and the files whose signatures were not good. */
  checkpoints?: readonly VerifiedCheckpoint[];
  forgedCheckpoints?: readonly { file: string; seq: bigint }[];
  /** Screen content and links only after the latest intact checkpoint (what a new checkpoint needs), not the whole chain. */
  sinceCheckpoint?: boolean;
  /** Recompute every row's tag, not only those after the latest intact checkpoint. */
  everyTag?: boolean;
  /** Ranges of the chain PostgreSQL screens at once, on as many connections (default: two, from 10,000 entries on). */
  parallel?: number;
  batchSize?: number;
}

type SealedRow = AuditContent & { seq: bigint; sealEventId: bigint; prevHash: string; hash: string; eventId: bigint | null; contentHash: string | null };

// The content hash of a row as PostgreSQL computes it: the same JSON array, byte for byte, as `auditContentHash`
// (array_to_json escapes strings as JSON.stringify does, with no spaces; occurredAt is stored to the millisecond, as
// toISOString prints it). One array_to_json costs PostgreSQL less than a to_json a field.
const SQL_CONTENT_HASH = `encode(sha256(convert_to(array_to_json(ARRAY[
    to_char(e."occurredAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), e."actorId"::text, e."action", e."subjectType", e."subjectId",
    e."outcome", e."reason", e."ipAddress", e."userAgent", e."details"])::text, 'UTF8')), 'hex')`;

/**
 * Checks the whole chain and reports the first bad position: a row that was altered (its content, link or keyed tag no
 * longer matches), removed (a gap in the chain, a seal whose row is gone, or entries a checkpoint anchored that are no
 * longer there) or inserted out of order (a link that does not follow the row before it, or a row never sealed).
 *
 * PostgreSQL screens every entry's content hash and link in set-based queries, over `parallel` ranges at once. The
 * keyed part needs the key, which the database never sees (ADR 022): each signed checkpoint is compared with the entry
 * at its position, and every row after the latest intact checkpoint has its tag recomputed here. Rows up to that
 * checkpoint were tag-checked before it was signed, and its hash still commits to each of them. The Node walker, with
 * the portal's own hash functions, classifies what the database's screen flags.
 */
export async function verifyAuditChain(db: DbTx, options: VerifyOptions = {}): Promise<AuditChainReport> {
  const keys = options.keys ?? auditKeys();
  const forged = options.forgedCheckpoints?.[0];
  if (forged) {
    return {
      ok: false,
      rowsChecked: 0,
      problem: {
        kind: "checkpoint",
        seq: forged.seq,
        eventId: null,
        message: `the checkpoint file ${forged.file} is not signed with the audit key: it was forged or altered`,
      },
    };
  }
  const [head] = await db.$queryRaw<{ seq: bigint | null }[]>`SELECT max("seq") AS "seq" FROM "audit_seal"`;
  const headSeq = head?.seq == null ? 0n : BigInt(head.seq);
  const anchors = await checkAnchors(db, headSeq, options.checkpoints ?? []);
  const screenFrom = options.sinceCheckpoint ? anchors.trustedSeq + 1n : 1n;
  // Every committed row is sealed by the database; a row without a seal was slipped in with the trigger switched off.
  // Each seal holds a row of its own (the screen and the tag check see to that), so only more rows than seals can hide
  // one. Counted beside the screen's ranges, on a connection of its own (one statement: one snapshot for both counts).
  const [screened, [counts]] = await Promise.all([
    screenInRanges(db, screenFrom, headSeq, options.parallel),
    db.$queryRaw<{ rows: bigint; seals: bigint }[]>`
    SELECT (SELECT count(*) FROM "audit_event") AS "rows", (SELECT count(*) FROM "audit_seal") AS "seals"`,
  ]);
  const problems: AuditChainProblem[] = [];
  let rowsChecked = Number(headSeq);
  if (screened.firstSuspect !== null) {
    // Everything before the suspect passed both screens, so the walk can start from the entry before it.
    const startSeq = screened.firstSuspect > 1n ? screened.firstSuspect - 1n : 1n;
    const [before] = startSeq > 1n ? await db.$queryRaw<{ hash: string }[]>`SELECT "hash" FROM "audit_seal" WHERE "seq" = ${startSeq - 1n}` : [];
    const walked = await walkChain(db, startSeq, before?.hash ?? GENESIS_HASH, options.batchSize ?? 20_000);
    if (walked.problem) problems.push(walked.problem);
    rowsChecked = walked.rowsChecked;
  }
  const tagsFrom = options.everyTag ? 0n : anchors.trustedSeq;
  const tagProblem = await checkTags(db, keys, tagsFrom, headSeq, { pageSize: options.batchSize });
  if (tagProblem) problems.push(tagProblem);
  const [unsealed] =
    BigInt(counts!.rows) > BigInt(counts!.seals)
      ? await db.$queryRaw<{ id: bigint }[]>`
    SELECT e."id" FROM "audit_event" e WHERE NOT EXISTS (SELECT 1 FROM "audit_seal" s WHERE s."eventId" = e."id") ORDER BY e."id" LIMIT 1`
      : [];
  if (unsealed) {
    const eventId = BigInt(unsealed.id);
    problems.push({
      kind: "out-of-order",
      seq: headSeq + 1n,
      eventId,
      message: `row ${eventId} is not part of the chain: it was inserted behind the database's back`,
    });
  }
  // The first bad position wins. A checkpoint that no longer matches says only that something up to its position
  // changed; a row or tag found bad within that range names the position itself.
  const precise = problems.length > 0 ? problems.reduce((a, b) => (b.seq < a.seq ? b : a)) : undefined;
  const problem = anchors.problem && (!precise || precise.seq > anchors.rangeEnd) ? anchors.problem : precise;
  if (!problem) return { ok: true, rowsChecked };
  return { ok: false, rowsChecked: Math.min(rowsChecked, Number(problem.seq - 1n)), problem };
}

// A range of the chain, positions $1 to $2, in two passes. The first, over its seals alone in order, compares each
// link with the entry before it ($3: the genesis hash) and finds the least and greatest row ids the seals point at (and
// how many seals there are). Every seal of the range points inside those, so bounding the second pass's join by them
// changes nothing it finds, and lets PostgreSQL merge the two indexes over the range alone (left to itself, it hashes
// or merges the whole event table for every range). The second recomputes each entry's content hash and link.
const RANGE_LINKS = `
  SELECT min(t."eventId")::text AS "lowest", max(t."eventId")::text AS "highest", count(*)::text AS "entries",
         min(t."seq") FILTER (WHERE (t."previousSeq" IS NULL AND t."seq" <> 1) OR t."previousSeq" <> t."seq" - 1
                                 OR t."prevHash" <> coalesce(t."previousHash", $3::text))::text AS "badLink"
  FROM (SELECT s."seq", s."eventId", s."prevHash", lag(s."seq") OVER w AS "previousSeq", lag(s."hash") OVER w AS "previousHash"
        FROM "audit_seal" s WHERE s."seq" BETWEEN $1::bigint - 1 AND $2::bigint WINDOW w AS (ORDER BY s."seq")) t
  WHERE t."seq" >= $1::bigint`;
const RANGE_ROWS = `
  SELECT min(s."seq")::text AS "badRow" FROM "audit_seal" s
    LEFT JOIN "audit_event" e ON e."id" = s."eventId" AND e."id" BETWEEN $3::bigint AND $4::bigint
  WHERE s."seq" BETWEEN $1::bigint AND $2::bigint AND s."eventId" BETWEEN $3::bigint AND $4::bigint
    AND (e."id" IS NULL OR ${SQL_CONTENT_HASH} <> e."contentHash"
      OR s."hash" <> encode(sha256(convert_to(s."prevHash" || ':' || s."seq" || ':' || e."contentHash", 'UTF8')), 'hex'))`;

/** The earliest of these chain positions, or null when there are none. */
function earliest(positions: bigint[]): bigint | null {
  return positions.length > 0 ? positions.reduce((a, b) => (a < b ? a : b)) : null;
}

/** Screens positions `fromSeq` to `toSeq` on `reader`: the first entry that fails any check (null if none), and how many there are. */
async function screenRange(reader: BulkReader, fromSeq: bigint, toSeq: bigint): Promise<{ firstSuspect: bigint | null; entries: number }> {
  const range = [fromSeq.toString(), toSeq.toString()];
  const [[lowest, highest, entries, badLink] = [null, null, "0", null]] = await reader.rows(RANGE_LINKS, [...range, GENESIS_HASH]);
  const [[badRow] = [null]] = lowest != null && highest != null ? await reader.rows(RANGE_ROWS, [...range, lowest, highest]) : [];
  return { firstSuspect: earliest([badRow, badLink].filter((seq) => seq != null).map((seq) => BigInt(seq))), entries: Number(entries ?? 0) };
}

const MAX_SEQ = 9_223_372_036_854_775_807n;

/** The database's pass over the chain from `fromSeq` to `toSeq`, in one range: the first entry that fails any check (null if none), and how many there are. */
export async function screenAuditChain(db: DbTx, fromSeq = 1n, toSeq?: bigint): Promise<{ firstSuspect: bigint | null; entries: number }> {
  const reader = await openBulkReader(db);
  try {
    return await screenRange(reader, fromSeq, toSeq ?? MAX_SEQ);
  } finally {
    await reader.close();
  }
}

/**
 * The screen over `parts` equal ranges at once, each on a connection of its own (on PGlite, with one engine, the
 * ranges take turns). The least suspect position over all ranges is the chain's first: each range checks its first
 * entry's link against the entry before it, so nothing falls between two ranges.
 */
async function screenInRanges(db: DbTx, fromSeq: bigint, headSeq: bigint, parts?: number): Promise<{ firstSuspect: bigint | null }> {
  const length = headSeq - fromSeq + 1n;
  if (length <= 0n) return { firstSuspect: null };
  const wanted = BigInt(Math.max(1, parts ?? (length < 10_000n ? 1 : 2)));
  const count = wanted < length ? wanted : length;
  const size = (length + count - 1n) / count;
  const ranges = Array.from(
    { length: Number(count) },
    (_, i) => [fromSeq + BigInt(i) * size, i === Number(count) - 1 ? headSeq : fromSeq + BigInt(i + 1) * size - 1n] as const,
  );
  const readers = await Promise.all(ranges.map(() => openBulkReader(db)));
  try {
    const results = await Promise.all(ranges.map(([from, to], i) => screenRange(readers[i]!, from, to)));
    return { firstSuspect: earliest(results.map((result) => result.firstSuspect).filter((seq) => seq !== null)) };
  } finally {
    await Promise.all(readers.map((reader) => reader.close()));
  }
}

/**
 * Each signed checkpoint against the entry at its position, oldest first. The chain is trusted up to the last
 * checkpoint of the run that all still match; the first that does not is the problem.
 */
async function checkAnchors(
  db: DbTx,
  headSeq: bigint,
  checkpoints: readonly VerifiedCheckpoint[],
): Promise<{ trustedSeq: bigint; problem: AuditChainProblem | null; rangeEnd: bigint }> {
  const sorted = [...checkpoints].sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
  if (sorted.length === 0) return { trustedSeq: 0n, problem: null, rangeEnd: 0n };
  const seals = await db.$queryRaw<{ seq: bigint; hash: string }[]>`
    SELECT "seq", "hash" FROM "audit_seal" WHERE "seq" = ANY(${sorted.map((checkpoint) => checkpoint.seq.toString())}::bigint[])`;
  const hashAt = new Map(seals.map((seal) => [BigInt(seal.seq), seal.hash]));
  let trustedSeq = 0n;
  for (let checkpoint of sorted) {
    const hash = hashAt.get(checkpoint.seq);
    if (hash === undefined) {
      const cutShort = headSeq + 1n <= checkpoint.seq;
      const missingFrom = cutShort ? headSeq + 1n : trustedSeq + 1n;
      // A trail cut short (or restored from an older backup) lost everything up to the newest checkpoint, not only the first beyond its end.
      if (cutShort) checkpoint = sorted[sorted.length - 1]!;
      return {
        trustedSeq,
        rangeEnd: checkpoint.seq,
        problem: {
          kind: "removed",
          seq: missingFrom,
          eventId: null,
          message:
            `entries ${missingFrom} to ${checkpoint.seq} of the chain (${checkpoint.seq - missingFrom + 1n} entries) were removed: the checkpoint of ` +
            `${checkpoint.at} anchored ${checkpoint.seq} entries and the chain now ends at ${headSeq}. After a restore from a backup, they are what ` +
            `was written between the backup and that checkpoint; anything written after the checkpoint cannot be counted`,
        },
      };
    }
    if (hash !== checkpoint.hash) {
      return {
        trustedSeq,
        rangeEnd: checkpoint.seq,
        problem: {
          kind: "altered",
          seq: trustedSeq + 1n,
          eventId: null,
          message: `the chain between entries ${trustedSeq + 1n} and ${checkpoint.seq} was rewritten: entry ${checkpoint.seq} no longer matches the checkpoint of ${checkpoint.at}`,
        },
      };
    }
    trustedSeq = checkpoint.seq;
  }
  return { trustedSeq, problem: null, rangeEnd: trustedSeq };
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
