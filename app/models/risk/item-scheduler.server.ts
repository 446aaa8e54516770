// The scheduler's pass over tracked risk items and safety-plan reviews: an item is reminded (content-free mail to
// its owners through the outbox) when its reminder time comes, and escalated (content-free mail to the roles it
// escalates to) when its deadline passes. As the referral chain's steps are: each row is claimed with FOR UPDATE SKIP
// LOCKED in the transaction that acts on it and queues its mail, and `nextActionAt` moves on in that transaction, so
// with several server instances each reminder and escalation happens once (docs/features/risk-escalation.md).
import type { Db, DbTx } from "~/db.server";
import type { RiskItemKind, Role } from "~/generated/prisma/enums";
import { DEADLINES_LINK, notifyEmployee, notifyLeadsOutsideTheirChain, notifySupporters } from "~/models/support-request/notify.server";
import { ukToday } from "~/utils/dates";
import { queueMail } from "~/utils/outbox.server";
import { attentionNeeded } from "../../../emails";
import { notifyCaseRiskPeople } from "./case-notify.server";
import { ITEM_RULES } from "./item-rules";

export interface RiskItemCounts {
  riskReminded: number;
  riskEscalated: number;
  reviewsReminded: number;
}

const BATCH = 100;

interface DueItem {
  id: string;
  kind: RiskItemKind;
  requestId: string | null;
  caseId: string | null;
  remindedAt: Date | null;
  dueAt: Date;
}

/** One pass: every item and review due at `now`. */
export async function runRiskItemPass(prisma: Db, now: Date): Promise<RiskItemCounts> {
  const counts: RiskItemCounts = { riskReminded: 0, riskEscalated: 0, reviewsReminded: 0 };
  for (;;) {
    const handled = await prisma.$transaction((tx) => actOnDueItems(tx, now, counts), { timeout: 60_000 });
    if (handled < BATCH) break;
  }
  for (;;) {
    const handled = await prisma.$transaction((tx) => remindReviews(tx, now, counts), { timeout: 60_000 });
    if (handled < BATCH) break;
  }
  return counts;
}

async function actOnDueItems(tx: DbTx, now: Date, counts: RiskItemCounts): Promise<number> {
  const due = await tx.$queryRaw<DueItem[]>`
    SELECT "id"::text AS "id", "kind"::text AS "kind", "requestId"::text AS "requestId", "caseId"::text AS "caseId", "remindedAt", "dueAt"
    FROM "risk_item"
    WHERE "nextActionAt" <= ${now.toISOString()}::timestamp(3)
    ORDER BY "nextActionAt"
    LIMIT ${BATCH}
    FOR UPDATE SKIP LOCKED`;
  for (const item of due) {
    const tell = await whoToTell(tx, item, now);
    if (now < item.dueAt) {
      await tx.riskItem.update({ where: { id: item.id }, data: { remindedAt: now, nextActionAt: item.dueAt } });
      await tell("remind");
      counts.riskReminded++;
    } else {
      // Past the deadline: escalated (a pass that missed the reminder time sends the reminder with it).
      await tx.riskItem.update({ where: { id: item.id }, data: { remindedAt: item.remindedAt ?? now, escalatedAt: now, nextActionAt: null } });
      if (!item.remindedAt) await tell("remind");
      await tell("escalate");
      counts.riskEscalated++;
    }
  }
  return due.length;
}

type Phase = "remind" | "escalate";

/** How to tell the people of an item's record: a support request's (outside the employee's chain), or a case's list. */
async function whoToTell(tx: DbTx, item: DueItem, now: Date): Promise<(phase: Phase) => Promise<void>> {
  if (item.caseId) {
    const caseId = item.caseId;
    return (phase) => notifyCaseRiskPeople(tx, caseId, item.kind, phase, now);
  }
  const request = item.requestId
    ? await tx.supportRequest.findUnique({
        where: { id: item.requestId },
        select: {
          id: true,
          employeeId: true,
          assignedToId: true,
          consents: { where: { withdrawnAt: null, queueRole: { not: null } }, select: { queueRole: true } },
        },
      })
    : null;
  if (!request) return async () => {};
  return (phase) => (phase === "remind" ? remindOwners(tx, item.kind, request) : notifyLeadsOutsideTheirChain(tx, ITEM_RULES[item.kind].escalateTo, request));
}

async function remindOwners(
  tx: DbTx,
  kind: RiskItemKind,
  request: { id: string; employeeId: string; assignedToId: string | null; consents: { queueRole: Role | null }[] },
): Promise<void> {
  const owners = ITEM_RULES[kind].owners;
  if (owners !== "service") return notifyLeadsOutsideTheirChain(tx, owners.roles, request);
  for (const { queueRole } of request.consents) if (queueRole) await notifySupporters(tx, queueRole, request.assignedToId, request, DEADLINES_LINK);
}

/**
 * Safety-plan measures whose review date has come (in the UK), once per review date: the person who sees to the
 * measure is told at work, and the employee only through their safe route (the linked request's; with none, the
 * plan shows it when they sign in). Both mails are content-free.
 */
async function remindReviews(tx: DbTx, now: Date, counts: RiskItemCounts): Promise<number> {
  const today = ukToday(now);
  const due = await tx.$queryRaw<{ id: string; reviewOn: Date }[]>`
    SELECT "id"::text AS "id", "reviewOn" FROM "safety_measure"
    WHERE "status" <> 'ENDED' AND "reviewOn" <= ${today.toISOString()}::date
      AND ("reviewRemindedFor" IS NULL OR "reviewRemindedFor" <> "reviewOn")
    ORDER BY "reviewOn"
    LIMIT ${BATCH}
    FOR UPDATE SKIP LOCKED`;
  for (const { id, reviewOn } of due) {
    // Remembered as the review date itself, so a later change of date is reminded again.
    const measure = await tx.safetyMeasure.update({
      where: { id },
      data: { reviewRemindedFor: reviewOn },
      select: {
        employeeId: true,
        ownerId: true,
        owner: { select: { workEmail: true, firstName: true, preferredName: true, active: true } },
        request: { select: { safeChannels: true, unsafeChannels: true } },
      },
    });
    // The employee is told only through their safe route, even where they see to the measure themselves.
    if (measure.owner?.active && measure.ownerId !== measure.employeeId)
      await queueMail(
        tx,
        measure.owner.workEmail,
        attentionNeeded({ recipientName: measure.owner.preferredName ?? measure.owner.firstName, link: "/support" }),
      );
    if (measure.request) await notifyEmployee(tx, { employeeId: measure.employeeId, ...measure.request });
    counts.reviewsReminded++;
  }
  return due.length;
}
