// "Immediately" is measured: the scheduler reminds a recipient who has not acknowledged in time, then hands the step
// to the next eligible holder; it retries steps that had nobody to go to once the organisation data is put right,
// and reminds the officers who owe the employer force's PSD an update. Everything it acts on is in the database, so
// it survives restarts; each row is claimed with FOR UPDATE SKIP LOCKED inside the transaction that acts on it,
// with the mail queued in that same transaction, so with several server instances each action happens once.
import type { Db, DbTx } from "~/db.server";
import { appLogger, type EventLogger } from "~/utils/logger.server";
import { queueMail } from "~/utils/outbox.server";
import { attentionNeeded } from "../../../emails";
import { isConflictedNow } from "~/models/cases/conflicts.server";
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
export async function runReferralScheduler(prisma: Db, timing: ChainTiming): Promise<SchedulerCounts> {
  const counts: SchedulerCounts = { reminded: 0, escalated: 0, resolved: 0, employerReminders: 0, handedOn: 0 };
  for (;;) {
    const handled = await prisma.$transaction(async (tx) => actOnDueSteps(tx, timing, counts), { timeout: 60_000 });
    if (handled < BATCH) break;
  }
  await prisma.$transaction(async (tx) => handOnFromConflictedRecipients(tx, timing, counts), { timeout: 60_000 });
  await prisma.$transaction(async (tx) => retryStepsWithoutRecipient(tx, timing, counts), { timeout: 60_000 });
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
  const waiting = await tx.$queryRaw<{ id: string; caseId: string; suspectPersonId: string | null; recipientPersonId: string }[]>`
    SELECT s."id"::text AS "id", c."id"::text AS "caseId", c."suspectPersonId"::text AS "suspectPersonId", s."recipientPersonId"::text AS "recipientPersonId"
    FROM "referral_step" s JOIN "police_suspect_case" c ON c."id" = s."caseId"
    WHERE s."state" = 'AWAITING' AND s."recipientPersonId" IS NOT NULL AND NOT s."role"::text = ANY(${[...NOTICE_ROLES]}::text[])
    ORDER BY s."createdAt"
    LIMIT ${BATCH}
    FOR UPDATE OF s SKIP LOCKED`;
  for (const step of waiting) {
    if (!(await isConflictedNow(tx, { id: step.caseId, suspectPersonId: step.suspectPersonId }, step.recipientPersonId))) continue;
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
  const run = () => {
    timer = undefined;
    if (running || stopped) return;
    running = runReferralScheduler(prisma, timing())
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
