// "Immediately" is measured: the scheduler reminds a recipient who has not acknowledged in time, then hands the step
// to the next eligible holder; it retries steps that had nobody to go to once the organisation data is put right,
// and reminds the officers who owe the employer force's PSD an update. Everything it acts on is in the database, so
// it survives restarts; each row is claimed with FOR UPDATE SKIP LOCKED inside the transaction that acts on it,
// with the mail queued in that same transaction, so with several server instances each action happens once.
import type { Db, DbTx } from "~/db.server";
import { appLogger, type EventLogger } from "~/utils/logger.server";
import { queueMail } from "~/utils/outbox.server";
import { attentionNeeded } from "../../../emails";
import { conflictedNowCondition } from "~/models/cases/conflicts.server";
import { Prisma } from "~/generated/prisma/client";
import { runRiskItemPass, type RiskItemCounts } from "~/models/risk/item-scheduler.server";
import { handOnFromConflicted, replaceStep, type ChainTiming } from "./chain.server";
import { acknowledgeWithinMinutes, NOTICE_ROLES, type ReferralRole } from "./rules";

export interface SchedulerCounts extends Partial<RiskItemCounts> {
  reminded: number;
  escalated: number;
  resolved: number;
  employerReminders: number;
  /** Steps passed on because their recipient is now in the suspect's conflict set. */
  handedOn: number;
}

const BATCH = 100;

interface DueStep {
  id: string;
  caseId: string;
  role: ReferralRole;
  recipientPersonId: string | null;
  remindedAt: Date | null;
}

/** One pass: everything due at `timing.now`. */
/**
 * What one scheduler remembers between its passes: the organisation data as it was when it last tried to send the
 * steps that had nobody to receive them. Whether someone can receive a step depends only on that data (people, their
 * line management and units, role assignments, forces), so while it is unchanged a retry would only fail again, and
 * it cost every pass a statement or five per such step. A retry still runs at least every RETRY_AT_LEAST_MS.
 */
export interface SchedulerMemory {
  organisation?: string;
  retriedAt?: number;
}

const RETRY_AT_LEAST_MS = 10 * 60_000;

/** A mark that changes whenever organisation data that decides who can receive a step changes. */
async function organisationMark(tx: DbTx): Promise<string> {
  const [row] = await tx.$queryRaw<{ mark: string }[]>`
    SELECT concat_ws('|', (SELECT max("updatedAt") FROM "person"), (SELECT count(*) FROM "person"),
                          (SELECT max("grantedAt") FROM "role_assignment"), (SELECT count(*) FROM "role_assignment"),
                          (SELECT max("updatedAt") FROM "unit"), (SELECT max("updatedAt") FROM "force")) AS "mark"`;
  return row?.mark ?? "";
}

/**
 * One pass. `memory` is the scheduler's own between passes (startReferralScheduler keeps one); without it, steps that
 * had nobody to receive them are tried again on every pass.
 */
export async function runReferralScheduler(prisma: Db, timing: ChainTiming, memory?: SchedulerMemory): Promise<SchedulerCounts> {
  const counts: SchedulerCounts = { reminded: 0, escalated: 0, resolved: 0, employerReminders: 0, handedOn: 0 };
  for (;;) {
    const handled = await prisma.$transaction(async (tx) => actOnDueSteps(tx, timing, counts), { timeout: 60_000 });
    if (handled < BATCH) break;
  }
  await prisma.$transaction(async (tx) => handOnFromConflictedRecipients(tx, timing, counts), { timeout: 60_000 });
  await prisma.$transaction(
    async (tx) => {
      const organisation = memory ? await organisationMark(tx) : undefined;
      const now = timing.now.getTime();
      const unchanged = memory?.organisation === organisation && now - (memory?.retriedAt ?? -Infinity) < RETRY_AT_LEAST_MS;
      if (memory && unchanged) return;
      await retryStepsWithoutRecipient(tx, timing, counts);
      if (memory) Object.assign(memory, { organisation, retriedAt: now });
    },
    { timeout: 60_000 },
  );
  await prisma.$transaction(async (tx) => remindEmployerUpdates(tx, timing, counts), { timeout: 60_000 });
  // Risk deadlines and safety-plan reviews, reminded and escalated the same way (docs/features/risk-escalation.md).
  Object.assign(counts, await runRiskItemPass(prisma, timing.now));
  return counts;
}

async function actOnDueSteps(tx: DbTx, timing: ChainTiming, counts: SchedulerCounts): Promise<number> {
  const due = await tx.$queryRaw<DueStep[]>`
    SELECT "id"::text AS "id", "caseId"::text AS "caseId", "role"::text AS "role", "recipientPersonId"::text AS "recipientPersonId", "remindedAt"
    FROM "referral_step"
    WHERE "state" = 'AWAITING' AND "dueAt" <= ${timing.now.toISOString()}::timestamp(3)
    ORDER BY "dueAt"
    LIMIT ${BATCH}
    FOR UPDATE SKIP LOCKED`;
  for (const step of due) {
    if (!step.remindedAt) {
      await remind(tx, step, timing);
      counts.reminded++;
    } else {
      await replaceStep(tx, step.id, timing, {
        kind: "ESCALATED",
        note: "Not acknowledged in time after a reminder: passed to the next eligible holder",
        personId: step.recipientPersonId,
      });
      counts.escalated++;
    }
  }
  return due.length;
}

async function remind(tx: DbTx, step: DueStep, timing: ChainTiming): Promise<void> {
  const nextDue = new Date(timing.now.getTime() + acknowledgeWithinMinutes(step.role, timing.windows) * 60_000);
  await tx.referralStep.update({ where: { id: step.id }, data: { remindedAt: timing.now, dueAt: nextDue } });
  await tx.referralEvent.create({ data: { caseId: step.caseId, stepId: step.id, kind: "REMINDED", at: timing.now, personId: step.recipientPersonId } });
  if (step.recipientPersonId) {
    const person = await tx.person.findUniqueOrThrow({
      where: { id: step.recipientPersonId },
      select: { workEmail: true, firstName: true, preferredName: true },
    });
    await queueMail(tx, person.workEmail, attentionNeeded({ recipientName: person.preferredName ?? person.firstName, link: "/records" }));
  }
}

/**
 * Steps waiting for someone who has come into the suspect's conflict set since they were sent (a new manager, say):
 * passed on to the next eligible holder. Here rather than when that person opens the referral, because opening is a
 * GET, and a GET changes nothing (ADR 007); the page only answers "not found" and asks for a pass at once.
 */
async function handOnFromConflictedRecipients(tx: DbTx, timing: ChainTiming, counts: SchedulerCounts): Promise<void> {
  // The conflict is asked in the statement itself: one scan of the waiting steps finds every conflicted recipient,
  // however many steps are waiting (a statement per step made a pass over 10,000 steps cost 300 ms).
  const conflicted = await tx.$queryRaw<{ id: string; recipientPersonId: string }[]>`
    SELECT s."id"::text AS "id", s."recipientPersonId"::text AS "recipientPersonId"
    FROM "referral_step" s JOIN "police_suspect_case" c ON c."id" = s."caseId"
    WHERE s."state" = 'AWAITING' AND s."recipientPersonId" IS NOT NULL AND NOT s."role"::text = ANY(${[...NOTICE_ROLES]}::text[])
      AND ${conflictedNowCondition(Prisma.sql`c."id"`, Prisma.sql`c."suspectPersonId"`, Prisma.sql`s."recipientPersonId"`)}
    ORDER BY s."createdAt"
    LIMIT ${BATCH}
    FOR UPDATE OF s SKIP LOCKED`;
  for (const step of conflicted) {
    await handOnFromConflicted(tx, step.id, step.recipientPersonId, timing);
    counts.handedOn++;
  }
}

/** A step that had nobody to go to is sent as soon as someone can receive it; until then it stays red, unrepeated. */
async function retryStepsWithoutRecipient(tx: DbTx, timing: ChainTiming, counts: SchedulerCounts): Promise<void> {
  const waiting = await tx.$queryRaw<{ id: string }[]>`
    SELECT s."id"::text AS "id"
    FROM "referral_step" s JOIN "police_suspect_case" c ON c."id" = s."caseId"
    WHERE s."state" = 'NO_RECIPIENT' AND c."closedAt" IS NULL
    ORDER BY s."createdAt"
    LIMIT ${BATCH}
    FOR UPDATE OF s SKIP LOCKED`;
  for (const step of waiting) {
    const sent = await replaceStep(
      tx,
      step.id,
      timing,
      { kind: "ESCALATED", note: "Someone can now receive it: sent to the holder now recorded" },
      { onlyIfSomeoneCanReceive: true },
    );
    if (sent) counts.resolved++;
  }
}

/** Inter-force cases whose update to the employer force's PSD is overdue: one reminder per due date. */
async function remindEmployerUpdates(tx: DbTx, timing: ChainTiming, counts: SchedulerCounts): Promise<void> {
  const overdue = await tx.$queryRaw<{ id: string }[]>`
    SELECT c."id"::text AS "id" FROM "police_suspect_case" c
    WHERE c."closedAt" IS NULL AND c."employerUpdateDueAt" <= ${timing.now.toISOString()}::timestamp(3)
      AND NOT EXISTS (
        SELECT 1 FROM "referral_event" e
        WHERE e."caseId" = c."id" AND e."kind" = 'EMPLOYER_PSD_REMINDED' AND e."at" >= c."employerUpdateDueAt")
    LIMIT ${BATCH}
    FOR UPDATE OF c SKIP LOCKED`;
  for (const { id } of overdue) {
    const owing = await tx.referralStep.findMany({
      where: { caseId: id, state: "ACKNOWLEDGED", role: { in: ["NPCC_OFFICER", "PROFESSIONAL_STANDARDS"] } },
      select: { recipient: { select: { workEmail: true, firstName: true, preferredName: true } } },
    });
    for (const { recipient } of owing) {
      if (recipient)
        await queueMail(tx, recipient.workEmail, attentionNeeded({ recipientName: recipient.preferredName ?? recipient.firstName, link: "/records" }));
    }
    await tx.referralEvent.create({
      data: { caseId: id, kind: "EMPLOYER_PSD_REMINDED", at: timing.now, note: "The employer force's professional standards department is due an update" },
    });
    counts.employerReminders++;
  }
}

export interface ReferralScheduler {
  stop(): Promise<void>;
  /** Runs a pass now (after the test clock moves, say). */
  kick(): void;
}

/** Runs the scheduler every `intervalMs` until stopped; a failed pass is logged and the next one tries again. */
export function startReferralScheduler(options: {
  prisma: Db;
  intervalMs: number;
  timing: () => ChainTiming;
  onActed?: () => void;
  logger?: Pick<EventLogger, "error">;
}): ReferralScheduler {
  const { prisma, intervalMs, timing, onActed, logger = appLogger() } = options;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const memory: SchedulerMemory = {};
  const run = () => {
    timer = undefined;
    if (running || stopped) return;
    running = runReferralScheduler(prisma, timing(), memory)
      .then((counts) => {
        const risk = (counts.riskReminded ?? 0) + (counts.riskEscalated ?? 0) + (counts.reviewsReminded ?? 0);
        if (counts.reminded + counts.escalated + counts.resolved + counts.employerReminders + counts.handedOn + risk > 0) onActed?.();
      })
      .catch((error: unknown) => logger.error({ err: error }, "referrals: scheduler pass failed"))
      .finally(() => {
        running = undefined;
        if (!stopped) timer = setTimeout(run, intervalMs);
      });
  };
  timer = setTimeout(run, 0);
  const scheduler: ReferralScheduler = {
    kick() {
      if (stopped || running) return;
      clearTimeout(timer);
      timer = setTimeout(run, 0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      schedulers().delete(scheduler);
      await running;
    },
  };
  schedulers().add(scheduler);
  return scheduler;
}

// The server entry and the React Router build are bundled apart: a registry on globalThis lets a page reach the scheduler.
const registry = globalThis as unknown as { __portalReferralSchedulers?: Set<ReferralScheduler> };
function schedulers(): Set<ReferralScheduler> {
  registry.__portalReferralSchedulers ??= new Set();
  return registry.__portalReferralSchedulers;
}

/** Asks the running scheduler(s) for a pass now. */
export function kickReferralScheduler(): void {
  for (const scheduler of schedulers()) scheduler.kick();
}
