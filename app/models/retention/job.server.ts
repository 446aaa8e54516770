// The daily retention job (ADR 037): disposes of what the schedule makes due, leaving a content-free tombstone, and
// never what a legal hold covers. Everything it acts on is in the database, so it survives restarts. Each batch runs
// in one transaction that takes the retention lock (placing a legal hold takes it too, so a hold placed while a batch
// runs is seen by the next one) and claims its rows FOR UPDATE SKIP LOCKED: with several server instances, each
// record is disposed of once. The audit trail is never touched except to append what was done.
import type { Db, DbTx } from "~/db.server";
import { appendAudit } from "~/utils/audit.server";
import { appLogger, type EventLogger } from "~/utils/logger.server";
import { casesDue, currentHolds, cutoffFor, isDisposable, retentionRules, supportRequestsDue, type DisposableType, type Holds } from "./due.server";

/** The advisory lock the job's batches and the placing of a legal hold share. */
export const RETENTION_LOCK = 7_412_104;
const BATCH = 100;

const SUBJECT: Record<DisposableType, string> = {
  SUPPORT_DRAFT: "SupportRequest",
  SUPPORT_REQUEST: "SupportRequest",
  POLICE_SUSPECT_CASE: "PoliceSuspectCase",
};

export type RetentionCounts = Record<DisposableType, number>;

/** One pass: everything due at `now`. */
export async function runRetention(prisma: Db, now: Date): Promise<RetentionCounts> {
  const counts: RetentionCounts = { SUPPORT_DRAFT: 0, SUPPORT_REQUEST: 0, POLICE_SUSPECT_CASE: 0 };
  const rules = (await retentionRules(prisma)).filter((rule) => rule.disposal === "DELETE");
  for (const rule of rules) {
    if (!isDisposable(rule.recordType)) continue;
    const type = rule.recordType;
    for (;;) {
      const disposed = await prisma.$transaction((tx) => disposeBatch(tx, type, cutoffFor(rule, now), now), { timeout: 60_000 });
      counts[type] += disposed;
      if (disposed < BATCH) break;
    }
  }
  return counts;
}

async function disposeBatch(tx: DbTx, type: DisposableType, cutoff: Date, now: Date): Promise<number> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${RETENTION_LOCK})`;
  // The append-only triggers of a request's and a case's records let this transaction's deletions through (ADR 037).
  await tx.$executeRaw`SELECT set_config('portal.retention_disposal', 'on', true)`;
  const holds = await currentHolds(tx);
  const due = await claimDue(tx, type, cutoff, holds);
  for (const record of due) {
    await tx.retentionTombstone.create({
      data: { recordType: type, recordId: record.id, reference: record.reference, closedAt: record.closedAt, disposedAt: now },
    });
    if (type === "POLICE_SUSPECT_CASE") await tx.policeSuspectCase.delete({ where: { id: record.id } });
    else await tx.supportRequest.delete({ where: { id: record.id } });
    await appendAudit(tx, { action: "retention.dispose", subjectType: SUBJECT[type], subjectId: record.id, outcome: "SUCCESS", details: { schedule: type } });
  }
  return due.length;
}

interface DueRecord {
  id: string;
  reference: string | null;
  closedAt: Date | null;
}

async function claimDue(tx: DbTx, type: DisposableType, cutoff: Date, holds: Holds): Promise<DueRecord[]> {
  if (type === "POLICE_SUSPECT_CASE") {
    const cases = await tx.policeSuspectCase.findMany({
      where: casesDue(cutoff, holds, false),
      select: { id: true },
      take: BATCH,
      orderBy: { closedAt: "asc" },
    });
    const ids = cases.map((row) => row.id);
    if (ids.length === 0) return [];
    return tx.$queryRaw<DueRecord[]>`
      SELECT "id"::text AS "id", "reference", "closedAt" FROM "police_suspect_case"
      WHERE "id" = ANY(${ids}::uuid[]) AND "status" = 'CLOSED' FOR UPDATE SKIP LOCKED`;
  }
  const requests = await tx.supportRequest.findMany({
    where: supportRequestsDue(type, cutoff, holds, false),
    select: { id: true },
    take: BATCH,
    orderBy: { updatedAt: "asc" },
  });
  const ids = requests.map((row) => row.id);
  if (ids.length === 0) return [];
  // A draft sent since the list was read is no longer a draft: the status is asked again under the row lock.
  const status = type === "SUPPORT_DRAFT" ? "DRAFT" : "CLOSED";
  return tx.$queryRaw<DueRecord[]>`
    SELECT "id"::text AS "id", NULL::text AS "reference", "closedAt" FROM "support_request"
    WHERE "id" = ANY(${ids}::uuid[]) AND "status"::text = ${status} FOR UPDATE SKIP LOCKED`;
}

export interface RetentionScheduler {
  stop(): Promise<void>;
}

/** Runs at start and then every `intervalMs` (a day by default); runs never overlap; a failed run is logged. */
export function startRetentionScheduler(options: {
  prisma: Db;
  now: () => Date;
  intervalMs?: number;
  logger?: Pick<EventLogger, "error" | "info">;
}): RetentionScheduler {
  const { logger = appLogger(), intervalMs = 24 * 60 * 60_000 } = options;
  let stopped = false;
  let running: Promise<void> | undefined;
  const tick = () => {
    if (stopped || running) return;
    running = runRetention(options.prisma, options.now())
      .then((counts) => {
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        if (total > 0) logger.info({ counts }, "retention: records disposed of");
      })
      .catch((error: unknown) => logger.error({ err: error }, "retention: run failed"))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
