// The auditor's export of the audit trail (ADR 037): the whole chain, or the entries of a period, as JSON lines with
// every seal and the latest signed checkpoint, for scripts/verify-audit-export.mjs to check offline. A row the exporter
// may not read in full (an administrator, a row about a case file) is exported as its seal and content hash alone, so
// its link is still checked and nothing of it is shown. The download is decided and audited before its first byte, then
// streamed from the database a page at a time, so a trail of millions of rows costs the server one page of memory.
import { readFile } from "node:fs/promises";
import { readUnderRight, scopeStillHeld } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { auditCheckpointDir, readCheckpoints, type AuditCheckpointFile } from "~/utils/audit-checkpoint.server";
import { auditKeys } from "~/utils/audit-key.server";
import { GENESIS_HASH, type AuditContent } from "~/utils/audit.server";

const PAGE = 5_000;
/** One page's reads: well under a second on an idle machine; the margin is for a loaded one. */
const PAGE_TRANSACTION = { timeout: 60_000 };

export interface AuditPeriod {
  /** From the start of this day (UTC midnight of the UK day), inclusive; the chain's start if absent. */
  from?: Date;
  /** Up to this instant, exclusive; the chain's head if absent. */
  to?: Date;
}

/** A chain entry with its row, as the export reads it: the stored fields of `AuditContent` and the seal. */
type SealRow = AuditContent & { seq: bigint; prevHash: string; hash: string; contentHash: string; id: bigint; tagNonce: string | null; tag: string | null };

export interface AuditExport {
  fileName: string;
  /** The file, read from the database a page at a time as the client takes it (see `exportLines`). */
  body: ReadableStream<Uint8Array>;
  entries: number;
  firstSeq: string;
  lastSeq: string;
  checkpointSeq: string | null;
}

/** What the export will hold, decided (and audited) before the first byte is sent. */
interface ExportPlan {
  header: string;
  range: ChainRange;
  checkpoint: AuditCheckpointFile | null;
}

/** The positions of the chain an export holds, and those of them written in its period (shown in full). */
interface ChainRange {
  from: bigint;
  to: bigint;
  inPeriod: [bigint, bigint];
}

/** The latest checkpoint whose signature the key confirms, as its file holds it. */
async function latestCheckpoint(dir: string): Promise<AuditCheckpointFile | null> {
  const { valid } = await readCheckpoints(dir, auditKeys());
  const latest = valid.reduce<(typeof valid)[number] | undefined>((a, b) => (a && a.seq >= b.seq ? a : b), undefined);
  return latest ? (JSON.parse(await readFile(latest.file, "utf8")) as AuditCheckpointFile) : null;
}

/** The positions of the chain the period covers, widened to reach the checkpoint so it can anchor them. */
async function rangeOf(tx: DbTx, period: AuditPeriod, checkpointSeq: bigint | null): Promise<ChainRange | null> {
  const [bounds] = await tx.$queryRaw<{ first: bigint | null; last: bigint | null }[]>`
    SELECT min(s."seq") AS "first", max(s."seq") AS "last" FROM "audit_seal" s JOIN "audit_event" e ON e."id" = s."eventId"
    WHERE e."occurredAt" >= ${period.from ?? new Date(0)} AND e."occurredAt" < ${period.to ?? new Date("9999-01-01")}`;
  if (bounds?.first == null || bounds.last == null) return null;
  const [first, last] = [BigInt(bounds.first), BigInt(bounds.last)];
  const from = checkpointSeq !== null && checkpointSeq < first ? checkpointSeq : first;
  const to = checkpointSeq !== null && checkpointSeq > last ? checkpointSeq : last;
  return { from, to, inPeriod: [first, last] };
}

/**
 * Exports the chain for `period` through the exporter's scope; refused (audited, 404) without the right. The export is
 * decided and audited first, in one transaction that fixes its range (the chain is append-only, so the entries in it
 * never change); the file is then streamed, a page at a time, with constant memory (see `exportLines`).
 */
export async function exportAuditTrail(
  context: RequestContext,
  period: AuditPeriod,
  options: { now?: Date; checkpointDir?: string; pageSize?: number } = {},
): Promise<AuditExport> {
  const now = options.now ?? new Date();
  const checkpoint = await latestCheckpoint(options.checkpointDir ?? auditCheckpointDir());
  const checkpointSeq = checkpoint?.seq ?? null;
  const periodJson = { from: period.from?.toISOString() ?? null, to: period.to?.toISOString() ?? null };
  const plan = await readUnderRight(
    context,
    { action: "export", model: "AuditEvent", auditAction: "audit.export" },
    async (tx): Promise<ExportPlan | null> => {
      const range = await rangeOf(tx, period, checkpoint ? BigInt(checkpoint.seq) : null);
      if (!range) return null;
      const [previous] = range.from > 1n ? await tx.$queryRaw<{ hash: string }[]>`SELECT "hash" FROM "audit_seal" WHERE "seq" = ${range.from - 1n}` : [];
      const header = JSON.stringify({
        kind: "header",
        version: 1,
        exportedAt: now.toISOString(),
        period: periodJson,
        firstSeq: range.from.toString(),
        lastSeq: range.to.toString(),
        prevHash: previous?.hash ?? GENESIS_HASH,
        verify: "node scripts/verify-audit-export.mjs <this file> (AUDIT_HMAC_KEY set to check tags and the checkpoint's signature)",
      });
      return { header, range, checkpoint };
    },
    (planned) => ({
      period: periodJson,
      entries: planned ? Number(planned.range.to - planned.range.from + 1n) : 0,
      firstSeq: planned?.range.from.toString() ?? null,
      lastSeq: planned?.range.to.toString() ?? null,
      checkpointSeq,
    }),
  );
  return {
    fileName: `audit-trail-${now.toISOString().slice(0, 10)}.jsonl`,
    body: textStream(exportLines(context, plan, options.pageSize ?? PAGE)),
    entries: plan ? Number(plan.range.to - plan.range.from + 1n) : 0,
    firstSeq: plan?.range.from.toString() ?? "",
    lastSeq: plan?.range.to.toString() ?? "",
    checkpointSeq,
  };
}

/**
 * The file's text, page by page (nothing at all for a period with no entries): the header, the entries in chain order (keyset on the chain position, `pageSize` at
 * a time), then the checkpoint. Each page is read in a transaction of its own that first checks the person still holds
 * the right (their roles now, not when the download began): withdrawn, the refusal is audited and the stream errors,
 * so the file is cut short and fails the offline check (its header names the last entry) rather than looking complete.
 */
async function* exportLines(context: RequestContext, plan: ExportPlan | null, pageSize: number): AsyncGenerator<string> {
  if (!plan) return; // nothing in the period: an empty file
  const { range } = plan;
  yield `${plan.header}\n`;
  for (let after = range.from - 1n; after < range.to; ) {
    // The chain's positions have no gaps: the page is the window (after, after + pageSize], which bounds what the
    // database reads whatever plan it picks (with LIMIT alone, stale statistics can make it sort the whole rest).
    const last = after + BigInt(pageSize) < range.to ? after + BigInt(pageSize) : range.to;
    const page = await context.prisma.$transaction(async (tx) => {
      const scope = await scopeStillHeld(context, tx, { action: "export", model: "AuditEvent", auditAction: "audit.export" });
      if (!scope) return null;
      const rows = await tx.$queryRaw<SealRow[]>`
        SELECT s."seq", s."prevHash", s."hash", e."contentHash", e."id", e."occurredAt", e."actorId"::text AS "actorId", e."action",
               e."subjectType", e."subjectId", e."outcome", e."reason", e."ipAddress", e."userAgent", e."details",
               e."tagNonce"::text AS "tagNonce", e."tag"
        FROM "audit_seal" s JOIN "audit_event" e ON e."id" = s."eventId"
        WHERE s."seq" > ${after} AND s."seq" <= ${last} ORDER BY s."seq"`;
      return { rows, readable: await readableIds(tx, scope, rows) };
    }, PAGE_TRANSACTION);
    if (!page) throw new Error("The export was cut off: the right to export the audit trail was withdrawn during it.");
    if (page.rows.length === 0) throw new Error(`The export was cut off: entry ${after + 1n} of the chain could not be read.`);
    let text = "";
    for (const row of page.rows) {
      const seq = BigInt(row.seq);
      const shown = seq >= range.inPeriod[0] && seq <= range.inPeriod[1] && page.readable.has(BigInt(row.id).toString());
      text += `${JSON.stringify({ kind: "entry", seq: seq.toString(), prevHash: row.prevHash, hash: row.hash, contentHash: row.contentHash, event: shown ? eventOf(row) : null })}\n`;
      after = seq;
    }
    yield text;
  }
  if (plan.checkpoint) yield `${JSON.stringify({ kind: "checkpoint", ...plan.checkpoint })}\n`;
}

/** A byte stream for a Response body that reads the next piece only when the client has taken the last one. */
function textStream(pieces: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await pieces.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
      async cancel() {
        await pieces.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

/** Which of these rows the exporter may read in full: the scope of "export" AND their ids, in the database. */
async function readableIds(tx: DbTx, scope: Prisma.AuditEventWhereInput, rows: SealRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const ids = rows.map((row) => BigInt(row.id));
  const readable = await tx.auditEvent.findMany({ where: { AND: [scope, { id: { in: ids } }] }, select: { id: true } });
  return new Set(readable.map((row) => row.id.toString()));
}

function eventOf(row: SealRow) {
  return {
    id: BigInt(row.id).toString(),
    occurredAt: row.occurredAt.toISOString(),
    actorId: row.actorId,
    action: row.action,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    outcome: row.outcome,
    reason: row.reason,
    ipAddress: row.ipAddress,
    userAgent: row.userAgent,
    details: row.details,
    tagNonce: row.tagNonce,
    tag: row.tag,
  };
}
