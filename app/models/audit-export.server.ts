// The auditor's export of the audit trail (ADR 037): the whole chain, or the entries of a period, as JSON lines with
// every seal and the latest signed checkpoint, for scripts/verify-audit-export.mjs to check offline. A row the exporter
// may not read in full (an administrator, a row about a case file) is exported as its seal and content hash alone, so
// its link is still checked and nothing of it is shown. The download is audited in the transaction that reads it.
import { readFile } from "node:fs/promises";
import { accessScope, readUnderRight } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { auditCheckpointDir, readCheckpoints, type AuditCheckpointFile } from "~/utils/audit-checkpoint.server";
import { auditKeys } from "~/utils/audit-key.server";
import { GENESIS_HASH, type AuditContent } from "~/utils/audit.server";

const PAGE = 5_000;

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
  body: string;
  entries: number;
  withContent: number;
  firstSeq: string;
  lastSeq: string;
  checkpointSeq: string | null;
}

/** The latest checkpoint whose signature the key confirms, as its file holds it. */
async function latestCheckpoint(dir: string): Promise<AuditCheckpointFile | null> {
  const { valid } = await readCheckpoints(dir, auditKeys());
  const latest = valid.reduce<(typeof valid)[number] | undefined>((a, b) => (a && a.seq >= b.seq ? a : b), undefined);
  return latest ? (JSON.parse(await readFile(latest.file, "utf8")) as AuditCheckpointFile) : null;
}

/** The positions of the chain the period covers, widened to reach the checkpoint so it can anchor them. */
async function rangeOf(tx: DbTx, period: AuditPeriod, checkpointSeq: bigint | null): Promise<{ from: bigint; to: bigint; inPeriod: [bigint, bigint] } | null> {
  const [bounds] = await tx.$queryRaw<{ first: bigint | null; last: bigint | null }[]>`
    SELECT min(s."seq") AS "first", max(s."seq") AS "last" FROM "audit_seal" s JOIN "audit_event" e ON e."id" = s."eventId"
    WHERE e."occurredAt" >= ${period.from ?? new Date(0)} AND e."occurredAt" < ${period.to ?? new Date("9999-01-01")}`;
  if (bounds?.first == null || bounds.last == null) return null;
  const [first, last] = [BigInt(bounds.first), BigInt(bounds.last)];
  const from = checkpointSeq !== null && checkpointSeq < first ? checkpointSeq : first;
  const to = checkpointSeq !== null && checkpointSeq > last ? checkpointSeq : last;
  return { from, to, inPeriod: [first, last] };
}

/** Exports the chain for `period` through the exporter's scope; refused (audited, 404) without the right. */
export async function exportAuditTrail(
  context: RequestContext,
  period: AuditPeriod,
  options: { now?: Date; checkpointDir?: string } = {},
): Promise<AuditExport> {
  const now = options.now ?? new Date();
  const checkpoint = await latestCheckpoint(options.checkpointDir ?? auditCheckpointDir());
  const scope = accessScope(context.ability, "export", "AuditEvent");
  return readUnderRight(
    context,
    { action: "export", model: "AuditEvent", auditAction: "audit.export" },
    async (tx) => {
      const range = await rangeOf(tx, period, checkpoint ? BigInt(checkpoint.seq) : null);
      const lines: string[] = [];
      let withContent = 0;
      if (range) {
        const [previous] = range.from > 1n ? await tx.$queryRaw<{ hash: string }[]>`SELECT "hash" FROM "audit_seal" WHERE "seq" = ${range.from - 1n}` : [];
        for (let start = range.from; start <= range.to; start += BigInt(PAGE)) {
          const end = start + BigInt(PAGE) - 1n < range.to ? start + BigInt(PAGE) - 1n : range.to;
          const rows = await tx.$queryRaw<SealRow[]>`
            SELECT s."seq", s."prevHash", s."hash", e."contentHash", e."id", e."occurredAt", e."actorId"::text AS "actorId", e."action",
                   e."subjectType", e."subjectId", e."outcome", e."reason", e."ipAddress", e."userAgent", e."details",
                   e."tagNonce"::text AS "tagNonce", e."tag"
            FROM "audit_seal" s JOIN "audit_event" e ON e."id" = s."eventId"
            WHERE s."seq" BETWEEN ${start} AND ${end} ORDER BY s."seq"`;
          const readable = await readableIds(tx, scope, rows);
          for (const row of rows) {
            const seq = BigInt(row.seq);
            const shown = seq >= range.inPeriod[0] && seq <= range.inPeriod[1] && readable.has(BigInt(row.id).toString());
            if (shown) withContent++;
            lines.push(
              JSON.stringify({
                kind: "entry",
                seq: seq.toString(),
                prevHash: row.prevHash,
                hash: row.hash,
                contentHash: row.contentHash,
                event: shown ? eventOf(row) : null,
              }),
            );
          }
        }
        lines.unshift(
          JSON.stringify({
            kind: "header",
            version: 1,
            exportedAt: now.toISOString(),
            period: { from: period.from?.toISOString() ?? null, to: period.to?.toISOString() ?? null },
            firstSeq: range.from.toString(),
            lastSeq: range.to.toString(),
            prevHash: previous?.hash ?? GENESIS_HASH,
            verify: "node scripts/verify-audit-export.mjs <this file> (AUDIT_HMAC_KEY set to check tags and the checkpoint's signature)",
          }),
        );
        if (checkpoint) lines.push(JSON.stringify({ kind: "checkpoint", ...checkpoint }));
      }
      const stamp = now.toISOString().slice(0, 10);
      return {
        fileName: `audit-trail-${stamp}.jsonl`,
        body: lines.length ? `${lines.join("\n")}\n` : "",
        entries: range ? Number(range.to - range.from + 1n) : 0,
        withContent,
        firstSeq: range?.from.toString() ?? "",
        lastSeq: range?.to.toString() ?? "",
        checkpointSeq: checkpoint?.seq ?? null,
      };
    },
    (result) => ({
      period: { from: period.from?.toISOString() ?? null, to: period.to?.toISOString() ?? null },
      entries: result.entries,
      withContent: result.withContent,
      checkpointSeq: result.checkpointSeq,
    }),
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
