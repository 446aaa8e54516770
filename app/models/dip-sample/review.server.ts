// The quality review of a sampled case by the PSD reviewer assigned to it: the page shows how the case was handled
// (dates, the referral chain, the records kept: never the account, the victim's contact or anyone's name), and the
// structured review is recorded through the case guard. Anyone else who asks for the page gets "not found", audited
// and alerted to PSD exactly as any refused attempt on a case (app/access/guard/cases.server.ts).
import type { Params } from "react-router";
import { accessScope, auditCaseEvent, caseActionStart, readCasePage, withCaseAction } from "~/access/guard.server";
import type { RouterArgs } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import { CASE_ORIGIN_LABELS, CRIMINAL_STATUS_LABELS, DUTIES_LABELS, RECEIVED_HOW_LABELS } from "~/models/cases/labels";
import { referralNow } from "~/models/referrals/timing.server";
import { ChangeRejected, parseForm, readFormData, type FormReply } from "~/utils/forms";
import { QUESTION_SET, QualityReviewSchema } from "./questions";

const NOT_FOUND_FOR_OTHERS = { listedWithoutRight: "not found" } as const;

/** How the case was handled, as facts a reviewer can check against the questions. */
async function handlingFacts(tx: DbTx, caseId: string) {
  const found = await tx.policeSuspectCase.findUniqueOrThrow({
    where: { id: caseId },
    select: {
      reportedAt: true,
      receivedHow: true,
      origin: true,
      childrenInvolved: true,
      immediateDanger: true,
      chainStartedAt: true,
      fullyReferredAt: true,
      closedAt: true,
      supervisingOfficerId: true,
      restriction: { select: { authorisedAt: true } },
      criminalTrack: { select: { status: true } },
      conductTrack: { select: { dutiesDecision: true, outcome: true } },
      referralSteps: { select: { state: true, remindedAt: true } },
      riskAssessments: { select: { level: true }, orderBy: { assessedAt: "desc" }, take: 1 },
      _count: { select: { ownership: true, reviews: true, declarations: true, breakGlass: true } },
    },
  });
  const steps = found.referralSteps;
  const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;
  return {
    reportedAt: found.reportedAt.toISOString(),
    receivedHow: RECEIVED_HOW_LABELS[found.receivedHow],
    origin: CASE_ORIGIN_LABELS[found.origin],
    childrenInvolved: found.childrenInvolved,
    immediateDanger: found.immediateDanger,
    supervisingOfficerRecorded: found.supervisingOfficerId !== null,
    chainStartedAt: iso(found.chainStartedAt),
    fullyReferredAt: iso(found.fullyReferredAt),
    closedAt: iso(found.closedAt),
    restrictedAt: iso(found.restriction?.authorisedAt),
    criminalStatus: found.criminalTrack ? CRIMINAL_STATUS_LABELS[found.criminalTrack.status] : "Not recorded",
    dutiesDecision: found.conductTrack ? DUTIES_LABELS[found.conductTrack.dutiesDecision] : "Not recorded",
    conductOutcomeRecorded: Boolean(found.conductTrack?.outcome),
    steps: {
      total: steps.length,
      done: steps.filter((step) => step.state === "ACKNOWLEDGED" || step.state === "DELIVERED").length,
      reminded: steps.filter((step) => step.remindedAt !== null).length,
      replaced: steps.filter((step) => step.state === "REPLACED").length,
      noRecipient: steps.filter((step) => step.state === "NO_RECIPIENT").length,
      waiting: steps.filter((step) => step.state === "AWAITING").length,
    },
    latestRisk: found.riskAssessments[0]?.level ?? null,
    ownershipDecisions: found._count.ownership,
    investigationReviews: found._count.reviews,
    declarations: found._count.declarations,
    breakGlassUses: found._count.breakGlass,
  };
}

/** The reviewer's own items on this case (one per sample it was drawn in), with the answers once recorded. */
async function myItems(tx: DbTx, caseId: string, reviewerId: string) {
  const items = await tx.dipSampleItem.findMany({
    where: { caseId, reviewerId },
    select: {
      id: true,
      reviewedAt: true,
      grade: true,
      summary: true,
      sample: { select: { drawnAt: true } },
      answers: { select: { question: true, answer: true, comment: true } },
    },
    orderBy: [{ sample: { drawnAt: "asc" } }, { id: "asc" }],
  });
  return items.map((item) => ({ ...item, reviewedAt: item.reviewedAt?.toISOString() ?? null, drawnAt: item.sample.drawnAt.toISOString() }));
}

type PageArgs = RouterArgs & { request: Request; url: URL; params: Params };

/** The review page's loader: decided, read and audited in one transaction; "not found" for anyone not assigned. */
export function qualityReviewPage(args: PageArgs) {
  return readCasePage(
    args,
    "qualityReview",
    "access.read.qualityReview",
    async (tx, found, context) => ({ facts: await handlingFacts(tx, found.id), items: await myItems(tx, found.id, context.actor.id) }),
    NOT_FOUND_FOR_OTHERS,
  );
}

/**
 * The review page's POST. The access decision comes first, whatever was sent: a refused reference is "not found",
 * audited and alerted. Then bad input is answered next to its field with what was typed, and a good review is
 * written with its answers and its audit row in the decision's transaction. Null once recorded.
 */
export async function submitQualityReview(args: PageArgs): Promise<{ reference: string; reply: FormReply | null }> {
  const { context, reference } = await caseActionStart(args);
  const parsed = parseForm(QualityReviewSchema, await readFormData(args.request));
  try {
    const reply = await withCaseAction(
      context,
      reference,
      "qualityReview",
      "case.qualityReview",
      async (tx, { id: caseId }) => {
        if (!parsed.ok) return parsed.reply;
        const review = parsed.data;
        const item = await tx.dipSampleItem.findFirst({
          where: { AND: [accessScope(context.ability, "review", "DipSampleItem"), { id: review.itemId, caseId }] },
          select: { id: true, sampleId: true },
        });
        const written = item
          ? await tx.dipSampleItem.updateMany({
              where: { id: item.id, reviewedAt: null },
              data: { grade: review.grade, summary: review.summary, reviewedAt: referralNow(), questionSet: QUESTION_SET },
            })
          : { count: 0 };
        if (!item || written.count === 0) throw new ChangeRejected({ form: "This review has already been recorded. The page shows it." });
        await tx.dipSampleAnswer.createMany({ data: review.answers.map((answer) => ({ ...answer, itemId: item.id })) });
        await auditCaseEvent(context, tx, {
          action: "case.qualityReview.record",
          caseId,
          outcome: "SUCCESS",
          details: { sampleId: item.sampleId, itemId: item.id, grade: review.grade, questionSet: QUESTION_SET },
        });
        return null;
      },
      NOT_FOUND_FOR_OTHERS,
    );
    return { reference, reply };
  } catch (error) {
    if (error instanceof ChangeRejected) return { reference, reply: parsed.reject(error.errors) };
    throw error;
  }
}
