// The keyed half of audit:verify (ADR 022): every row's tag recomputed with the key, which the database never holds.
// Rows are read with the driver itself (app/db/bulk-reader.server.ts) in pages of positions, in commit order, the next
// page read while this one is checked, over several ranges at once on PostgreSQL.
import { openBulkReader, type BulkReader } from "~/db/bulk-reader.server";
import type { DbTx } from "~/db.server";
import { auditRowTagChecker, type AuditKeys } from "./audit-key.server";
import type { AuditChainProblem } from "./audit-verify.server";

type BadRow = { seq: string };

/** What one range's scan found: the first row bad whatever came before it, and what the ranges before it decide. */
interface RangeScan {
  /** The first row whose tag fails, or an untagged row after a tagged one within the range. */
  bad: BadRow | null;
  /** Whether the range holds a tagged row before `bad`. */
  tagged: boolean;
  /** The first untagged row (before `bad`): bad only if a tagged row came before the range. */
  firstUntagged: BadRow | null;
}

// A nested loop from the seal index to each row by its key (the OFFSET keeps the planner from turning it into a hash
// join, which scans the whole event table for every page), already in order. The message is null when the nonce is.
const PAGE = `
  SELECT s."seq"::text, e."tagNonce"::text || ':' || e."contentHash", e."tag"
  FROM "audit_seal" s CROSS JOIN LATERAL (SELECT * FROM "audit_event" e WHERE e."id" = s."eventId" OFFSET 0) e
  WHERE s."seq" > $1::bigint AND s."seq" <= $2::bigint ORDER BY s."seq"`;

/** Scans positions `from`+1 to `to` in order, a page of `pageSize` positions at a time, stopping at the first bad row. */
async function scanRange(reader: BulkReader, check: ReturnType<typeof auditRowTagChecker>, from: bigint, to: bigint, pageSize: bigint): Promise<RangeScan> {
  const scan: RangeScan = { bad: null, tagged: false, firstUntagged: null };
  const page = (start: bigint) => (start < to ? reader.rows(PAGE, [start.toString(), (start + pageSize < to ? start + pageSize : to).toString()]) : null);
  let next = page(from);
  for (let start = from; next; start += pageSize) {
    const rows = await next;
    next = page(start + pageSize); // read ahead while this page is checked
    for (const [seq, message, tag] of rows as [string, string | null, string | null][]) {
      if (message === null && tag === null) {
        // Untagged: the trail from before it was keyed, only before the first tagged row.
        if (scan.tagged) scan.bad = { seq };
        else scan.firstUntagged ??= { seq };
      } else {
        scan.tagged = true;
        if (message === null || tag === null || !check(message, tag)) scan.bad = { seq };
      }
      if (scan.bad) {
        await next?.catch(() => {});
        return scan;
      }
    }
  }
  return scan;
}

/**
 * Recomputes the keyed tag of every row after `afterSeq` up to `headSeq` and looks for a row that reuses another's
 * nonce (a copy of a genuine row) or a seal that points at a row another seal already holds. A row without a tag is
 * accepted only before the first tagged row of the chain: the trail as it was before it was keyed, anchored by the
 * first checkpoint. With `parallel` ranges (default: two for 50,000 rows or more) the first bad position is still the
 * least one over all of them.
 */
export async function checkTags(
  db: DbTx,
  keys: AuditKeys,
  afterSeq: bigint,
  headSeq: bigint,
  options: { pageSize?: number; parallel?: number } = {},
): Promise<AuditChainProblem | null> {
  const [anchor] =
    afterSeq > 0n
      ? await db.$queryRaw<{ tagged: boolean }[]>`
    SELECT e."tag" IS NOT NULL AS "tagged" FROM "audit_seal" s JOIN "audit_event" e ON e."id" = s."eventId" WHERE s."seq" = ${afterSeq}`
      : [];
  const length = headSeq - afterSeq;
  // Each range has its own connection: worth it only for a long stretch (on PGlite the ranges take turns).
  const parts = BigInt(Math.max(1, options.parallel ?? (length < 50_000n ? 1 : 2)));
  const size = length / parts + 1n;
  // Nothing after the checkpoint at the head: no connection to open.
  const readers = length > 0n ? await Promise.all(Array.from({ length: Number(parts) }, () => openBulkReader(db))) : [];
  let scans: RangeScan[];
  try {
    const check = auditRowTagChecker(keys);
    scans = await Promise.all(
      readers.map((reader, i) => {
        const from = afterSeq + BigInt(i) * size;
        const to = from + size < headSeq ? from + size : headSeq;
        return scanRange(reader, check, from, to, BigInt(options.pageSize ?? 20_000));
      }),
    );
  } finally {
    await Promise.all(readers.map((reader) => reader.close()));
  }
  // In chain order: a range's untagged rows are bad if any tagged row came before the range.
  let taggedBefore = anchor?.tagged ?? false;
  for (const scan of scans) {
    const bad = taggedBefore && scan.firstUntagged ? scan.firstUntagged : scan.bad;
    if (bad) {
      const [row] = await db.$queryRaw<{ eventId: bigint }[]>`SELECT "eventId" FROM "audit_seal" WHERE "seq" = ${BigInt(bad.seq)}`;
      return {
        kind: "altered",
        seq: BigInt(bad.seq),
        eventId: BigInt(row!.eventId),
        message: `row ${row!.eventId} (entry ${bad.seq}) does not carry the tag the audit key gives it: it was written or rewritten outside the portal`,
      };
    }
    taggedBefore ||= scan.tagged;
  }
  return findCopiedRow(db, afterSeq);
}

/**
 * The unique indexes keep out a copied row's nonce and a second seal on one row. Only if one was dropped or switched
 * off (in the catalogue) is the chain searched for them.
 */
async function findCopiedRow(db: DbTx, afterSeq: bigint): Promise<AuditChainProblem | null> {
  const [indexes] = await db.$queryRaw<{ intact: bigint }[]>`
    SELECT count(*) AS "intact" FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    WHERE c.relname IN ('audit_event_tagNonce_key', 'audit_seal_eventId_key') AND i.indisunique AND i.indisvalid AND i.indisready AND i.indislive`;
  if (BigInt(indexes!.intact) === 2n) return null;
  const [copy] = await db.$queryRaw<{ seq: bigint; eventId: bigint }[]>`
    SELECT s."seq", e."id" AS "eventId" FROM "audit_seal" s JOIN "audit_event" e ON e."id" = s."eventId"
    WHERE s."seq" > ${afterSeq}
      AND (EXISTS (SELECT 1 FROM "audit_event" o JOIN "audit_seal" os ON os."eventId" = o."id"
                   WHERE o."tagNonce" = e."tagNonce" AND os."seq" < s."seq")
        OR EXISTS (SELECT 1 FROM "audit_seal" os WHERE os."eventId" = s."eventId" AND os."seq" < s."seq"))
    ORDER BY s."seq" LIMIT 1`;
  if (!copy) return null;
  return {
    kind: "out-of-order",
    seq: BigInt(copy.seq),
    eventId: BigInt(copy.eventId),
    message: `row ${copy.eventId} (entry ${copy.seq}) is a copy of an earlier row, inserted behind the portal's back`,
  };
}
