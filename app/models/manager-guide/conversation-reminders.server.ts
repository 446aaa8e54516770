// Reminders to a line manager before a conversation's follow-up date. Driven by the database, like the outbox: a
// record's reminder is claimed and its mail queued in one transaction (FOR UPDATE SKIP LOCKED, then
// "reminderQueuedAt" set), so it is sent once however many server instances run the scheduler, and a restart loses
// nothing (what is due is read from the table, not held in memory). The mail is content-free and names nobody.
import type { Db } from "~/db.server";
import { attentionNeeded } from "#emails/index";
import { appendAudit } from "~/utils/audit.server";
import { appLogger, type EventLogger } from "~/utils/logger.server";
import { kickOutbox, queueMail } from "~/utils/outbox.server";

export const REMINDER_DEFAULTS = { daysBefore: 2, intervalMs: 60_000, batchSize: 50 } as const;
const DAY_MS = 24 * 60 * 60_000;

interface DueReminder {
  id: string;
  managerId: string;
  stillManager: boolean;
  workEmail: string;
  firstName: string;
  preferredName: string | null;
}

/**
 * Queues the reminders due at `now`: follow-ups within `daysBefore` days, not yet reminded, on records that stand.
 * A manager who no longer manages the employee is not reminded (the record is out of their sight); that is audited
 * as skipped. Returns how many mails were queued.
 */
export async function queueDueReminders(options: { prisma: Db; now?: Date; daysBefore?: number; batchSize?: number }): Promise<number> {
  const now = options.now ?? new Date();
  const horizon = new Date(now.getTime() + (options.daysBefore ?? REMINDER_DEFAULTS.daysBefore) * DAY_MS);
  const batchSize = options.batchSize ?? REMINDER_DEFAULTS.batchSize;
  return options.prisma.$transaction(async (tx) => {
    // Timestamps go in as UTC text cast to timestamp(3), the way Prisma stores DateTime, whatever the session time zone.
    const due = await tx.$queryRaw<DueReminder[]>`
      WITH claimed AS (
        UPDATE "conversation_record" SET "reminderQueuedAt" = ${now.toISOString()}::timestamp(3)
        WHERE "id" IN (
          SELECT "id" FROM "conversation_record"
          WHERE "reminderQueuedAt" IS NULL AND "withdrawnAt" IS NULL AND "followUpOn" IS NOT NULL
            AND "followUpOn" <= ${horizon.toISOString()}::timestamp(3)
          ORDER BY "followUpOn"
          LIMIT ${batchSize}
          FOR UPDATE SKIP LOCKED
        )
        RETURNING "id", "managerId", "employeeId"
      )
      SELECT c."id"::text AS "id", c."managerId"::text AS "managerId",
             (e."lineManagerId" = c."managerId" AND e."active" AND m."active") AS "stillManager",
             m."workEmail", m."firstName", m."preferredName"
      FROM claimed c JOIN "person" e ON e."id" = c."employeeId" JOIN "person" m ON m."id" = c."managerId"`;
    let queued = 0;
    for (const reminder of due) {
      if (reminder.stillManager) {
        await queueMail(tx, reminder.workEmail, attentionNeeded({ recipientName: reminder.preferredName ?? reminder.firstName, link: "/team" }));
        queued++;
      }
      await appendAudit(tx, {
        action: "conversation.reminder",
        subjectType: "ConversationRecord",
        subjectId: reminder.id,
        outcome: reminder.stillManager ? "SUCCESS" : "FAILURE",
        reason: reminder.stillManager ? null : "skipped: no longer their line manager",
        details: { managerId: reminder.managerId },
      });
    }
    return queued;
  });
}

export interface ReminderScheduler {
  stop(): Promise<void>;
}

/** Looks for due reminders every `intervalMs` (runs never overlap) and wakes the mail worker when it queued any. */
export function startReminderScheduler(options: {
  prisma: Db;
  daysBefore: number;
  intervalMs?: number;
  logger?: Pick<EventLogger, "error">;
}): ReminderScheduler {
  const { intervalMs = REMINDER_DEFAULTS.intervalMs, logger = appLogger() } = options;
  let stopped = false;
  let running: Promise<void> | undefined;
  const tick = () => {
    if (stopped || running) return;
    running = queueDueReminders(options)
      .then((queued) => {
        if (queued > 0) kickOutbox();
      })
      .catch((error: unknown) => logger.error({ err: error }, "reminders: run failed"))
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
