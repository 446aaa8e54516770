// The suspect's risk and duties plan and their welfare, on the conduct track of a police-suspect case. Decisions are
// never edited: each change is a new decision that supersedes the latest of its kind, so the history stays whole.
// Every read and write goes through the guard (readSuspectPlan / updateSuspectPlan), audited in its transaction.
import { z } from "zod";
import { accessScope, auditCaseEvent, withCaseAction } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import { SupportOfferResponse, SuspectDutyKind, SuspectSupportKind } from "~/generated/prisma/enums";
import { eligibleOwners } from "~/models/cases/case-file.server";
import { SUSPECT_DUTY_ITEMS, SUSPECT_DUTY_KINDS } from "~/models/cases/suspect-plan-items";
import { referralNow } from "~/models/referrals/timing.server";
import { isUniqueViolation } from "~/utils/database-errors.server";
import { ChangeRejected } from "~/utils/forms";
import { isId } from "~/utils/ids";
import { addressName } from "~/utils/names";
import { dayInputValue, parseDay, ukToday } from "~/utils/dates";

export const STALE_DECISION =
  "Someone else decided this item while you were looking at it. Their decision is now shown as the current one: read it, then decide again if you still need to.";

const text = (message: string, max: number) =>
  z
    .string({ error: message })
    .trim()
    .min(1, message)
    .max(max, `Use ${max.toLocaleString("en-GB")} characters or fewer`);

export const SuspectDutySchema = z
  .object({
    kind: z.enum(Object.values(SuspectDutyKind) as [SuspectDutyKind, ...SuspectDutyKind[]], { error: "Choose the item of the plan" }),
    decision: z.string({ error: "Choose the decision" }).trim().min(1, "Choose the decision"),
    rationale: text("Give the rationale for the decision", 2000),
    ownerId: z.string({ error: "Choose who owns this decision" }).refine(isId, "Choose who owns this decision"),
    reviewDue: z.string({ error: "Enter the date the decision is to be reviewed by" }).trim().min(1, "Enter the date the decision is to be reviewed by"),
    /** The decision this one replaces, as the page showed it: empty for the item's first decision. */
    supersedes: z.string().optional(),
  })
  .superRefine((form, ctx) => {
    if (!Object.hasOwn(SUSPECT_DUTY_ITEMS[form.kind].choices, form.decision)) {
      ctx.addIssue({ code: "custom", path: ["decision"], message: "Choose one of the decisions listed" });
    }
    if (form.reviewDue && !parseDay(form.reviewDue))
      ctx.addIssue({ code: "custom", path: ["reviewDue"], message: "Enter the date as, for example, 2026-12-24" });
    if (form.supersedes && !isId(form.supersedes)) ctx.addIssue({ code: "custom", path: ["form"], message: STALE_DECISION });
  });
export type SuspectDutyForm = z.infer<typeof SuspectDutySchema>;

export const WelfareOfferSchema = z.object({
  supportKind: z.enum(Object.values(SuspectSupportKind) as [SuspectSupportKind, ...SuspectSupportKind[]], { error: "Choose the support offered" }),
  offeredOn: z
    .string({ error: "Enter the date support was offered" })
    .trim()
    .min(1, "Enter the date support was offered")
    .refine((value) => parseDay(value) !== null, "Enter the date as, for example, 2026-12-04"),
  response: z.enum(Object.values(SupportOfferResponse) as [SupportOfferResponse, ...SupportOfferResponse[]], { error: "Say how the suspect answered" }),
  note: z.string().trim().max(1000, "Use 1,000 characters or fewer").optional(),
});
export type WelfareOfferForm = z.infer<typeof WelfareOfferSchema>;

/** Someone on the case's list without the plan's rights is answered as if the plan were not there. */
export const LOOKS_ABSENT = { listedWithoutRight: "not found" } as const;

const personName = { select: { firstName: true, lastName: true, preferredName: true } } as const;

/** The plan as PSD reads it: each item's current decision and its history, the welfare offers, and who may own a decision. */
export async function suspectPlanView(tx: DbTx, caseId: string, today: Date = ukToday(referralNow())) {
  const decisions = await tx.suspectDutyDecision.findMany({
    where: { caseId },
    orderBy: [{ kind: "asc" }, { sequence: "desc" }],
    select: {
      id: true,
      kind: true,
      sequence: true,
      decision: true,
      rationale: true,
      reviewDue: true,
      decidedAt: true,
      ownerId: true,
      decidedById: true,
    },
  });
  const welfare = await tx.suspectWelfareOffer.findMany({
    where: { caseId },
    orderBy: { recordedAt: "desc" },
    select: { id: true, kind: true, offeredOn: true, response: true, note: true, recordedAt: true, recordedById: true },
  });
  const peopleIds = [...new Set([...decisions.flatMap((row) => [row.ownerId, row.decidedById]), ...welfare.map((row) => row.recordedById)])];
  const people = await tx.person.findMany({ where: { id: { in: peopleIds } }, select: { id: true, ...personName.select } });
  const nameOf = new Map(people.map((person) => [person.id, addressName(person)]));
  const owners = (await eligibleOwners(tx, caseId)).map((entry) => ({ id: entry.personId, name: addressName(entry.person) }));
  const items = SUSPECT_DUTY_KINDS.map((kind) => {
    const history = decisions
      .filter((row) => row.kind === kind)
      .map((row) => ({
        id: row.id,
        decision: SUSPECT_DUTY_ITEMS[kind].choices[row.decision] ?? row.decision,
        decisionValue: row.decision,
        rationale: row.rationale,
        reviewDue: dayInputValue(row.reviewDue),
        decidedAt: row.decidedAt.toISOString(),
        owner: nameOf.get(row.ownerId) ?? "Unknown",
        ownerId: row.ownerId,
        decidedBy: nameOf.get(row.decidedById) ?? "Unknown",
      }));
    const current = history[0] ?? null;
    return { kind, current, overdue: current !== null && current.reviewDue < dayInputValue(today), earlier: history.slice(1) };
  });
  return {
    items,
    owners,
    today: dayInputValue(today),
    welfare: welfare.map((row) => ({
      id: row.id,
      kind: row.kind,
      offeredOn: dayInputValue(row.offeredOn),
      response: row.response,
      note: row.note,
      recordedAt: row.recordedAt.toISOString(),
      recordedBy: nameOf.get(row.recordedById) ?? "Unknown",
    })),
  };
}

/**
 * Records a decision on one item, superseding the item's latest decision. The form names the decision it saw as
 * latest; if another has been made since, it is refused (nothing written) with STALE_DECISION. Two decisions sent at
 * the same moment on the same latest one are refused by the database's unique index, in `decideOnCase`.
 */
export async function decideSuspectDuty(tx: DbTx, caseId: string, actorId: string, form: SuspectDutyForm, today: Date = ukToday(referralNow())) {
  const latest = await tx.suspectDutyDecision.findFirst({
    where: { caseId, kind: form.kind },
    orderBy: { sequence: "desc" },
    select: { id: true, sequence: true },
  });
  if ((latest?.id ?? "") !== (form.supersedes ?? "")) throw new ChangeRejected({ form: STALE_DECISION });
  const reviewDue = parseDay(form.reviewDue)!;
  const errors: Record<string, string> = {};
  if (reviewDue.getTime() < today.getTime()) errors.reviewDue = "The review date cannot be in the past";
  if (!(await eligibleOwners(tx, caseId)).some((entry) => entry.personId === form.ownerId))
    errors.ownerId = "Choose someone on the access list whose declaration shows no unresolved connection";
  if (Object.keys(errors).length) throw new ChangeRejected(errors);
  return tx.suspectDutyDecision.create({
    data: {
      caseId,
      kind: form.kind,
      sequence: (latest?.sequence ?? 0) + 1,
      supersedesId: latest?.id ?? null,
      decision: form.decision,
      rationale: form.rationale,
      ownerId: form.ownerId,
      reviewDue,
      decidedById: actorId,
    },
    select: { id: true, sequence: true },
  });
}

/** The whole guarded act: allowed, decided, audited (the audit row names the item, never the decision's words). */
export async function decideOnCase(context: RequestContext, reference: string, form: SuspectDutyForm) {
  try {
    return await withCaseAction(
      context,
      reference,
      "updateSuspectPlan",
      "case.suspectPlan.decide",
      async (tx, { id: caseId }) => {
        const made = await decideSuspectDuty(tx, caseId, context.actor.id, form);
        await auditCaseEvent(context, tx, {
          action: "case.suspectPlan.decide",
          caseId,
          outcome: "SUCCESS",
          details: { kind: form.kind, sequence: made.sequence, reviewDue: form.reviewDue },
        });
        return made;
      },
      LOOKS_ABSENT,
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw new ChangeRejected({ form: STALE_DECISION });
    throw error;
  }
}

/** Records that support was offered to the suspect. No mail: nothing of the case reaches the supporter. */
export async function recordWelfareOffer(context: RequestContext, reference: string, form: WelfareOfferForm) {
  return withCaseAction(
    context,
    reference,
    "updateSuspectPlan",
    "case.suspectWelfare.record",
    async (tx, { id: caseId }) => {
      const offeredOn = parseDay(form.offeredOn)!;
      if (offeredOn.getTime() > ukToday(referralNow()).getTime())
        throw new ChangeRejected({ offeredOn: "The date support was offered cannot be in the future" });
      const made = await tx.suspectWelfareOffer.create({
        data: { caseId, kind: form.supportKind, offeredOn, response: form.response, note: form.note || null, recordedById: context.actor.id },
        select: { id: true },
      });
      await auditCaseEvent(context, tx, { action: "case.suspectWelfare.record", caseId, outcome: "SUCCESS", details: { kind: form.supportKind } });
      return made;
    },
    LOOKS_ABSENT,
  );
}

/**
 * The cases the person may read the plan of whose current decision on some item is past its review date, for the
 * oversight dashboard: the reference and how many items are overdue, nothing else of the case.
 */
export async function overdueSuspectReviews(tx: DbTx, context: RequestContext, today: Date = ukToday(referralNow())) {
  const rows = await tx.suspectDutyDecision.findMany({
    where: {
      reviewDue: { lt: today },
      supersededBy: { is: null },
      case: { AND: [accessScope(context.ability, "readSuspectPlan", "PoliceSuspectCase"), { status: "OPEN" }] },
    },
    select: { case: { select: { reference: true } } },
  });
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.case.reference, (counts.get(row.case.reference) ?? 0) + 1);
  return [...counts].map(([reference, overdueItems]) => ({ reference, overdueItems })).sort((a, b) => a.reference.localeCompare(b.reference));
}
