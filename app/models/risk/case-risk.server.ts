// A police-suspect case's own risk assessment and its tracked items (docs/features/risk-escalation.md): the same
// checklist (data), the same scoring and the same items as a support request's, hung on the case (`caseId`). Every
// read and write goes through the case guard, with its audit row in the same transaction; anyone the rules refuse
// (the suspect, their chain, someone off the list or listed without the right) gets "not found", audited and
// alerted to PSD like any refused read of a case. Assessments are never edited: a new one supersedes the latest.
import type { z } from "zod";
import type { Action } from "#policies/subjects";
import { auditCaseEvent, mayOnCase, withCaseAction } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import { LEVEL } from "~/models/people/rank";
import { referralNow } from "~/models/referrals/timing.server";
import { assessmentRecord, riskQuestions, type RiskAssessmentForm } from "~/models/support-request/risk.server";
import { ChangeRejected } from "~/utils/forms";
import { addressName } from "~/utils/names";
import { notifyCaseRiskPeople } from "./case-notify.server";
import {
  addMaracActionOn,
  decideThreatToLifeOn,
  IdvaAnswerSchema,
  ItemOnlySchema,
  itemsOf,
  listMaracOn,
  MaracActionSchema,
  MaracListingSchema,
  MaracOutcomeSchema,
  recordFirstContactOn,
  recordIdvaAnswerOn,
  recordMaracOutcomeOn,
  ThreatToLifeSchema,
  type ItemActor,
} from "./item-changes.server";
import { ITEM_RULES } from "./item-rules";
import { openItemsForLevel } from "./items.server";

/** Someone on the list without the right is answered as if the case were not there (as for the suspect's plan). */
const LOOKS_ABSENT = { listedWithoutRight: "not found" } as const;

async function openCase(tx: DbTx, caseId: string): Promise<void> {
  const found = await tx.policeSuspectCase.findUniqueOrThrow({ where: { id: caseId }, select: { status: true } });
  if (found.status === "CLOSED") throw new ChangeRejected({ form: "This case is closed." });
}

/** What the case's risk page shows: the checklist, every assessment (latest first), the items, and what the person may do. */
export function caseRiskView(context: RequestContext, reference: string) {
  return withCaseAction(
    context,
    reference,
    "readCaseRisk",
    "access.read.caseRisk",
    async (tx, { id: caseId }) => {
      const may = await mayOnCase(context, caseId, ["assessCaseRisk", "decideThreatToLife"], tx);
      const found = await tx.policeSuspectCase.findUniqueOrThrow({ where: { id: caseId }, select: { status: true } });
      const assessments = await tx.riskAssessment.findMany({
        where: { caseId },
        orderBy: { assessedAt: "desc" },
        select: { id: true, level: true, scoredLevel: true, rationale: true, maracReferral: true, assessedAt: true, assessorId: true },
      });
      const assessors = await tx.person.findMany({
        where: { id: { in: [...new Set(assessments.map((row) => row.assessorId))] } },
        select: { id: true, firstName: true, lastName: true, preferredName: true },
      });
      const nameOf = new Map(assessors.map((person) => [person.id, addressName(person)]));
      const now = referralNow();
      return {
        closed: found.status === "CLOSED",
        questions: may.assessCaseRisk ? await riskQuestions(tx) : [],
        may: { assess: may.assessCaseRisk, decideThreatToLife: may.decideThreatToLife && context.actor.level >= LEVEL.INSPECTOR },
        assessments: assessments.map(({ assessorId, ...row }) => ({ ...row, assessor: nameOf.get(assessorId) ?? "Unknown" })),
        items: (await itemsOf(tx, { caseId })).map((item) => ({
          ...item,
          label: ITEM_RULES[item.kind].label,
          overdue: !item.closedAt && (item.dueAt <= now || item.escalatedAt !== null),
        })),
      };
    },
    LOOKS_ABSENT,
  );
}

/** Someone the rules refuse a change is refused "not found" before their form is looked at, whatever they sent. */
export function refuseUnlessMay(context: RequestContext, reference: string, intent: CaseRiskIntent | "assess") {
  const action: Action = intent === "assess" ? "assessCaseRisk" : CASE_ITEM_CHANGES[intent].action;
  return withCaseAction(context, reference, action, "case.risk.form", async () => null, LOOKS_ABSENT);
}

/**
 * Records an assessment on the case (never edited; a later one supersedes it). High risk records the MARAC and IDVA
 * referrals and opens their items with the threat-to-life decision; medium opens the first-contact deadline. Those who
 * own what opened are told at once, content-free (only people on the case's list; PSD on it where none of them is).
 */
export function recordCaseRiskAssessment(context: RequestContext, reference: string, assessment: RiskAssessmentForm) {
  return withCaseAction(
    context,
    reference,
    "assessCaseRisk",
    "case.risk.assess",
    async (tx, { id: caseId }) => {
      await openCase(tx, caseId);
      const high = assessment.level === "HIGH";
      const now = referralNow();
      const recorded = await tx.riskAssessment.create({
        data: { caseId, ...assessmentRecord(assessment, context.actor.id) },
        select: { id: true },
      });
      const opened = await openItemsForLevel(tx, { caseId }, assessment.level, { now, assessmentId: recorded.id });
      for (const kind of opened) if (ITEM_RULES[kind].owners !== "service") await notifyCaseRiskPeople(tx, caseId, kind, "remind", now);
      const details = { level: assessment.level, scored: assessment.scored, referred: high, opened };
      await auditCaseEvent(context, tx, { action: "case.risk.assess", caseId, outcome: "SUCCESS", details });
      return details;
    },
    LOOKS_ABSENT,
  );
}

type Change<S extends z.ZodType> = {
  action: Action;
  audit: string;
  schema: S;
  change: (tx: DbTx, record: { caseId: string }, form: z.infer<S>, actor: ItemActor) => Promise<Record<string, unknown>>;
  done: string;
};
const change = <S extends z.ZodType>(spec: Change<S>) => spec;

/** Each button on the case's items: the right it needs, the form's rules, the change, and what the page then says. */
export const CASE_ITEM_CHANGES = {
  ttl: change({
    action: "decideThreatToLife",
    audit: "case.risk.threat-to-life",
    schema: ThreatToLifeSchema,
    change: decideThreatToLifeOn,
    done: "The threat-to-life decision was recorded.",
  }),
  "marac-list": change({
    action: "assessCaseRisk",
    audit: "case.risk.marac.list",
    schema: MaracListingSchema,
    change: listMaracOn,
    done: "The MARAC listing was recorded.",
  }),
  "marac-action": change({
    action: "assessCaseRisk",
    audit: "case.risk.marac.action",
    schema: MaracActionSchema,
    change: addMaracActionOn,
    done: "The action was added.",
  }),
  "marac-outcome": change({
    action: "assessCaseRisk",
    audit: "case.risk.marac.outcome",
    schema: MaracOutcomeSchema,
    change: recordMaracOutcomeOn,
    done: "The MARAC outcome was recorded.",
  }),
  idva: change({
    action: "assessCaseRisk",
    audit: "case.risk.idva",
    schema: IdvaAnswerSchema,
    change: recordIdvaAnswerOn,
    done: "The IDVA's answer was recorded.",
  }),
  "first-contact": change({
    action: "assessCaseRisk",
    audit: "case.risk.first-contact",
    schema: ItemOnlySchema,
    change: recordFirstContactOn,
    done: "First contact was recorded.",
  }),
};
export type CaseRiskIntent = keyof typeof CASE_ITEM_CHANGES;

/**
 * One change to one of the case's items, decided on the case, done and audited in one transaction. Below inspector
 * rank the rules give no threat-to-life decision, so such an attempt is refused like any other: "not found", alerted.
 */
export function workCaseItem<I extends CaseRiskIntent>(context: RequestContext, reference: string, intent: I, form: unknown) {
  const spec = CASE_ITEM_CHANGES[intent] as Change<z.ZodType>;
  return withCaseAction(
    context,
    reference,
    spec.action,
    spec.audit,
    async (tx, { id: caseId }) => {
      await openCase(tx, caseId);
      const details = await spec.change(tx, { caseId }, form, { id: context.actor.id, now: referralNow() });
      await auditCaseEvent(context, tx, { action: spec.audit, caseId, outcome: "SUCCESS", details });
      return details;
    },
    LOOKS_ABSENT,
  );
}
