// The referral chain as people read it: a case's timeline (who was told, when, who acknowledged, what is overdue) and
// PSD's dashboard of chains (overdue steps, steps with nobody to receive them, time from report to full referral).
import { z } from "zod";
import type { DbTx } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { addressName } from "~/utils/names";
import { ChangeRejected } from "~/utils/forms";
import { REFERRAL_ROLE_LABELS, REFERRAL_RULE_TEXT } from "./rules";
import type { ChainTiming } from "./chain.server";

export interface TimelineStep {
  id: string;
  stage: number;
  roleLabel: string;
  ruleText: string;
  recipient: string;
  state: string;
  missing: string | null;
  substitution: string | null;
  sentAt: string | null;
  openedAt: string | null;
  acknowledgedAt: string | null;
  dueAt: string | null;
  overdue: boolean;
  replacedBecause: string | null;
}

export interface TimelineEvent {
  at: string;
  kind: string;
  who: string | null;
  note: string | null;
  roleLabel: string | null;
}

const EVENT_LABELS: Record<string, string> = {
  SENT: "Sent",
  OPENED: "Opened",
  ACKNOWLEDGED: "Acknowledged",
  REMINDED: "Reminder sent",
  ESCALATED: "Passed on",
  CONFLICT_DECLARED: "Conflict declared: passed on",
  NO_RECIPIENT: "Nobody to receive it",
  EMPLOYER_PSD_UPDATED: "Employer force's PSD updated",
  EMPLOYER_PSD_REMINDED: "Update to the employer force's PSD due",
};

export async function caseTimeline(tx: DbTx, caseId: string, now: Date) {
  const record = await tx.policeSuspectCase.findUniqueOrThrow({
    where: { id: caseId },
    select: {
      reportedAt: true,
      chainStartedAt: true,
      fullyReferredAt: true,
      employerUpdateDueAt: true,
      closedAt: true,
      suspectForce: { select: { isHome: true, name: true } },
    },
  });
  const steps = await tx.referralStep.findMany({
    where: { caseId },
    orderBy: [{ createdAt: "asc" }, { stage: "asc" }],
    include: {
      recipient: { select: { firstName: true, lastName: true, preferredName: true } },
      events: { where: { kind: { in: ["ESCALATED", "CONFLICT_DECLARED"] } }, select: { kind: true, note: true } },
    },
  });
  const events = await tx.referralEvent.findMany({
    where: { caseId },
    orderBy: { at: "asc" },
    select: { at: true, kind: true, note: true, personId: true, step: { select: { role: true } } },
  });
  const people = await tx.person.findMany({
    where: { id: { in: [...new Set(events.map((e) => e.personId).filter((id): id is string => id !== null))] } },
    select: { id: true, firstName: true, lastName: true, preferredName: true },
  });
  const nameOf = new Map(people.map((p) => [p.id, addressName(p)]));
  return {
    reportedAt: record.reportedAt.toISOString(),
    chainStartedAt: record.chainStartedAt?.toISOString() ?? null,
    fullyReferredAt: record.fullyReferredAt?.toISOString() ?? null,
    interForce: !record.suspectForce.isHome
      ? {
          force: record.suspectForce.name,
          nextUpdateDue: record.employerUpdateDueAt?.toISOString() ?? null,
          overdue: !record.closedAt && record.employerUpdateDueAt !== null && record.employerUpdateDueAt < now,
        }
      : null,
    steps: steps.map(
      (step): TimelineStep => ({
        id: step.id,
        stage: step.stage,
        roleLabel: REFERRAL_ROLE_LABELS[step.role],
        ruleText: REFERRAL_RULE_TEXT[step.role],
        recipient: step.recipient ? addressName(step.recipient) : (step.recipientMailbox ?? "Nobody"),
        state: step.state,
        missing: step.missing,
        substitution: step.substitution,
        sentAt: step.sentAt?.toISOString() ?? null,
        openedAt: step.openedAt?.toISOString() ?? null,
        acknowledgedAt: step.acknowledgedAt?.toISOString() ?? null,
        dueAt: step.dueAt?.toISOString() ?? null,
        overdue: step.state === "AWAITING" && step.dueAt !== null && step.dueAt < now,
        replacedBecause: step.events[0]?.note ?? null,
      }),
    ),
    events: events.map(
      (e): TimelineEvent => ({
        at: e.at.toISOString(),
        kind: EVENT_LABELS[e.kind] ?? e.kind,
        who: e.personId ? (nameOf.get(e.personId) ?? null) : null,
        note: e.note,
        roleLabel: e.step ? REFERRAL_ROLE_LABELS[e.step.role] : null,
      }),
    ),
  };
}

export const EmployerUpdateSchema = z.object({
  note: z
    .string({ error: "Say what the employer force's PSD was told and how" })
    .trim()
    .min(1, "Say what the employer force's PSD was told and how")
    .max(2000, "Use 2,000 characters or fewer"),
});

/** Records that the employer force's PSD has been updated; the next update falls due after the cadence. */
export async function recordEmployerUpdate(tx: DbTx, caseId: string, personId: string, note: string, timing: ChainTiming): Promise<void> {
  const record = await tx.policeSuspectCase.findUniqueOrThrow({
    where: { id: caseId },
    select: { closedAt: true, suspectForce: { select: { isHome: true } } },
  });
  if (record.suspectForce.isHome) throw new ChangeRejected({ note: "The suspect works for this force: there is no employer force to update." });
  if (record.closedAt) throw new ChangeRejected({ note: "The case is closed: no further updates are due." });
  await tx.referralEvent.create({ data: { caseId, kind: "EMPLOYER_PSD_UPDATED", at: timing.now, personId, note } });
  await tx.policeSuspectCase.update({
    where: { id: caseId },
    data: { employerUpdateDueAt: new Date(timing.now.getTime() + timing.employerUpdateDays * 86_400_000) },
  });
}

export interface ChainSummary {
  reference: string;
  reportedAt: string;
  overdueSteps: number;
  stepsWithoutRecipient: number;
  /** Minutes from the report to full referral, or null while outstanding. */
  minutesToFullReferral: number | null;
  employerUpdateOverdue: boolean;
}

/** Open cases in scope whose chain needs attention (overdue, nobody to receive a step), or was completed recently. */
export async function chainSummaries(tx: DbTx, scope: Prisma.PoliceSuspectCaseWhereInput, now: Date, take = 50): Promise<ChainSummary[]> {
  const cases = await tx.policeSuspectCase.findMany({
    where: { AND: [scope, { closedAt: null }, { referralSteps: { some: {} } }] },
    orderBy: [{ fullyReferredAt: { sort: "desc", nulls: "first" } }, { reportedAt: "desc" }],
    take,
    select: {
      reference: true,
      reportedAt: true,
      fullyReferredAt: true,
      employerUpdateDueAt: true,
      referralSteps: { where: { OR: [{ state: "NO_RECIPIENT" }, { state: "AWAITING", dueAt: { lt: now } }] }, select: { state: true } },
    },
  });
  return cases.map((c) => ({
    reference: c.reference,
    reportedAt: c.reportedAt.toISOString(),
    overdueSteps: c.referralSteps.filter((s) => s.state === "AWAITING").length,
    stepsWithoutRecipient: c.referralSteps.filter((s) => s.state === "NO_RECIPIENT").length,
    minutesToFullReferral: c.fullyReferredAt ? Math.round((c.fullyReferredAt.getTime() - c.reportedAt.getTime()) / 60_000) : null,
    employerUpdateOverdue: c.employerUpdateDueAt !== null && c.employerUpdateDueAt < now,
  }));
}
