// Risk on a support request: the force's checklist (data), the level its answers score and the professional
// judgement that may raise it, the assessments (never edited) and the referrals that high risk records. Through the
// guard, like every read and write of a request.
import { z } from "zod";
import { SAFEGUARDING_OVERRIDE_ROLES, THREAT_TO_LIFE_ROLES } from "#policies/rules/support";
import { changeAccessible, readAccessible, readPart } from "~/access/guard.server";
import { notFound } from "~/access/errors.server";
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import { referralNow } from "~/models/referrals/timing.server";
import { openItemsForLevel } from "~/models/risk/items.server";
import { ChangeRejected } from "~/utils/forms";
import { isId } from "~/utils/ids";
import { withheldFromEmployee } from "./consent.server";
import { DEADLINES_LINK, notifyLeads, notifyLeadsOutsideTheirChain } from "./notify.server";
import { requestExists, requestInHand, SUBJECT } from "./record.server";

const LEVELS = ["STANDARD", "MEDIUM", "HIGH"] as const;
type Level = (typeof LEVELS)[number];

export interface RiskAssessmentForm {
  answers: Record<string, string>;
  yesCount: number;
  scored: Level;
  level: Level;
  rationale: string;
  /** A child-protection concern noted, at any level: the safeguarding leads may record a child-protection override. */
  childConcern?: boolean;
}

/** The force's checklist (data, in the risk_question table). */
export function riskQuestions(tx: DbTx) {
  return tx.riskQuestion.findMany({ where: { active: true }, orderBy: { sortOrder: "asc" }, select: { id: true, text: true } });
}

/**
 * The level the answers score: high from half the questions answered yes, medium from a quarter (the proportions of
 * DASH's 14 of 27), standard below. Professional judgement may raise it, never lower it.
 */
export function scoredRiskLevel(yesCount: number, questionCount: number): Level {
  if (questionCount > 0 && yesCount * 2 >= questionCount) return "HIGH";
  if (questionCount > 0 && yesCount * 4 >= questionCount) return "MEDIUM";
  return "STANDARD";
}

export function checkRiskForm(
  raw: Record<string, unknown>,
  questions: readonly { id: string }[],
): ({ ok: true } & RiskAssessmentForm) | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const answers: Record<string, string> = {};
  for (const question of questions) {
    const answer = raw[`q-${question.id}`];
    if (answer !== "yes" && answer !== "no" && answer !== "not-known") errors[`q-${question.id}`] = "Answer yes, no or not known";
    else answers[question.id] = answer;
  }
  const yesCount = Object.values(answers).filter((answer) => answer === "yes").length;
  const scored = scoredRiskLevel(yesCount, questions.length);
  const judgement = typeof raw.judgement === "string" && raw.judgement ? raw.judgement : scored;
  const rationale = typeof raw.rationale === "string" ? raw.rationale.trim() : "";
  if (!(LEVELS as readonly string[]).includes(judgement)) errors.judgement = "Choose standard, medium or high";
  else if (LEVELS.indexOf(judgement as Level) < LEVELS.indexOf(scored))
    errors.judgement = `The answers score ${scored.toLowerCase()}: professional judgement may raise the level, not lower it`;
  else if (judgement !== scored && !rationale) errors.rationale = "Give the rationale for raising the level";
  if (rationale.length > 2000) errors.rationale = "Keep this under 2000 characters";
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, answers, yesCount, scored, level: judgement as Level, rationale, childConcern: raw.childConcern === "on" };
}

/** The risk form's rules as a schema, for a posted form: each message under the field it is about. */
export function riskFormSchema(questions: readonly { id: string }[]) {
  return z.record(z.string(), z.unknown()).transform((raw, ctx): RiskAssessmentForm => {
    const checked = checkRiskForm(raw, questions);
    if (checked.ok) {
      const { ok: _ok, ...form } = checked;
      return form;
    }
    for (const [field, message] of Object.entries(checked.errors)) ctx.addIssue({ code: "custom", path: [field], message });
    return z.NEVER;
  });
}

/** The risk form's schema against the force's checklist as it is now. */
export async function riskAnswersSchema(context: RequestContext) {
  return riskFormSchema(await riskQuestions(context.prisma));
}

/**
 * Records an assessment (never edited; a later one supersedes it). High risk records the referral to an IDVA and to
 * MARAC and opens their tracked items and the duty inspector's threat-to-life decision; medium risk opens the
 * first-contact deadline (docs/features/risk-escalation.md). The safeguarding leads (and for high risk the duty
 * inspectors) are told, content-free, that something needs their attention; so are the leads of a child-protection
 * concern at any level.
 */
/**
 * What a risk assessment records, on a support request or a police-suspect case alike: the answers, the level scored
 * and chosen with its rationale, and at high risk the IDVA and MARAC referrals.
 */
export function assessmentRecord(assessment: RiskAssessmentForm, assessorId: string) {
  const high = assessment.level === "HIGH";
  return {
    assessorId,
    answers: assessment.answers,
    yesCount: assessment.yesCount,
    scoredLevel: assessment.scored,
    level: assessment.level,
    rationale: assessment.rationale,
    idvaReferral: high,
    maracReferral: high,
    childConcern: assessment.childConcern ?? false,
  };
}

export async function recordRiskAssessment(context: RequestContext, id: string, assessment: RiskAssessmentForm): Promise<void> {
  await changeAccessible(
    context,
    requestInHand(id, "assessRisk"),
    async (tx, request) => {
      if (request.status === "CLOSED") throw new ChangeRejected({ form: "This request is closed." });
      const high = assessment.level === "HIGH";
      const recorded = await tx.riskAssessment.create({
        data: { requestId: id, ...assessmentRecord(assessment, context.actor.id) },
        select: { id: true },
      });
      const opened = await openItemsForLevel(tx, { requestId: id }, assessment.level, { now: referralNow(), assessmentId: recorded.id });
      await tx.supportEvent.create({
        data: {
          requestId: id,
          actorId: context.actor.id,
          kind: "RISK_ASSESSED",
          note: high ? "High risk: referred to an IDVA and to MARAC; a safeguarding lead has been told." : "",
        },
      });
      // High risk is a MARAC referral for the leads to work: their deadlines page; a concern alone, the request.
      if (high || assessment.childConcern === true) await notifyLeads(tx, SAFEGUARDING_OVERRIDE_ROLES, request, high ? DEADLINES_LINK : undefined);
      if (opened.includes("THREAT_TO_LIFE")) await notifyLeadsOutsideTheirChain(tx, THREAT_TO_LIFE_ROLES, request);
      return { level: assessment.level, scored: assessment.scored, referred: high, childConcern: assessment.childConcern === true, opened };
    },
    { action: "support.risk", details: (done) => done },
  );
}

const latestSelect = { level: true, scoredLevel: true, yesCount: true, rationale: true, idvaReferral: true, maracReferral: true, assessedAt: true } as const;

/** The latest assessment of a request (the employee does not see one by someone they may not be told of). */
async function latestOf(context: RequestContext, tx: DbTx, request: { id: string; employeeId: string }) {
  const hidden = request.employeeId === context.actor.id ? await withheldFromEmployee(tx, request.id) : [];
  return tx.riskAssessment.findFirst({
    where: { requestId: request.id, assessorId: { notIn: hidden } },
    orderBy: { assessedAt: "desc" },
    select: latestSelect,
  });
}

/** Inside the transaction of the decision to open the request: the latest assessment, for those who may read it. */
export async function latestRiskIn(context: RequestContext, tx: DbTx, id: string) {
  const request = await readPart(context, tx, {
    model: SUBJECT,
    id,
    action: "readRisk",
    find: (inTx, where) => inTx.supportRequest.findFirst({ where, select: { id: true, employeeId: true } }),
  });
  return request ? latestOf(context, tx, request) : null;
}

/** The latest assessment, for those who may read it (through the "readRisk" scope); null when there is none. */
export async function latestRisk(context: RequestContext, id: string) {
  if (!isId(id)) notFound();
  const found = await readAccessible(context, {
    model: SUBJECT,
    id,
    action: "readRisk",
    find: async (tx, where) => {
      const request = await tx.supportRequest.findFirst({ where, select: { id: true, employeeId: true } });
      return request ? { risk: await latestOf(context, tx, request) } : null;
    },
    exists: requestExists,
  });
  return found.risk;
}
