// A referral as its recipient sees it, and their answer. The step is found through the access scope (only its
// recipient may open it); anyone else is treated as an attempt on the case: audited, PSD alerted, "not found".
import { accessScope, auditCaseEvent, caseDetails, refuseCaseAttempt } from "~/access/guard.server";
import { notFound } from "~/access/errors.server";
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import type { DeclarationForm } from "~/models/cases/declarations.server";
import { addressName } from "~/utils/names";
import { isId } from "~/utils/ids";
import { kickOutbox } from "~/utils/outbox.server";
import { isConflictedNow } from "~/models/cases/conflicts.server";
import { acknowledgeStep, markOpened } from "./chain.server";
import { kickReferralScheduler } from "./scheduler.server";
import { isNotice, REFERRAL_ROLE_LABELS, REFERRAL_RULE_TEXT, type ReferralRole } from "./rules";
import { chainTiming, referralNow } from "./timing.server";

export interface ReferralView {
  id: string;
  role: ReferralRole;
  roleLabel: string;
  ruleText: string;
  substitution: string | null;
  state: string;
  sentAt: string | null;
  dueAt: string | null;
  acknowledgedAt: string | null;
  /** A notice carries no case and no names; a referral names the people so the recipient can declare. */
  notice: boolean;
  reference: string | null;
  people: { suspect: string; victim: string } | null;
}

async function findStep(context: RequestContext, tx: DbTx, stepId: string, action: "read" | "acknowledge") {
  if (!isId(stepId)) return null;
  return tx.referralStep.findFirst({
    where: { AND: [accessScope(context.ability, action, "ReferralStep"), { id: stepId }] },
    include: { case: { select: { id: true, reference: true, suspectPersonId: true } } },
  });
}

/** Someone who is not the recipient tried a referral's link: an attempt on the case, answered as "not found". */
async function refuseReferral(context: RequestContext, tx: DbTx, stepId: string, auditAction: string): Promise<void> {
  const existing = isId(stepId) ? await tx.referralStep.findUnique({ where: { id: stepId }, select: { case: { select: { reference: true } } } }) : null;
  // An unknown id is still recorded, as a guessed link.
  await refuseCaseAttempt(context, tx, { reference: existing?.case.reference ?? `referral:${stepId.slice(0, 40)}`, action: auditAction, via: "page" });
}

export async function openReferral(context: RequestContext, stepId: string): Promise<ReferralView> {
  let conflicted = false;
  const view = await context.prisma.$transaction(async (tx) => {
    const step = await findStep(context, tx, stepId, "read");
    if (!step) {
      await refuseReferral(context, tx, stepId, "referral.open");
      return null;
    }
    const notice = isNotice(step.role);
    // Someone who has come into the suspect's line chain since the step was sent sees nothing of it, and is answered
    // as if it did not exist. The scheduler passes the step on (a GET changes nothing; it is asked for a pass at once).
    if (!notice && step.state === "AWAITING" && (await isConflictedNow(tx, step.case, context.actor.id))) {
      await auditCaseEvent(context, tx, {
        action: "referral.open",
        caseId: step.caseId,
        outcome: "REFUSED",
        reason: "recipient now in the suspect's line chain: referral to be passed on",
      });
      conflicted = true;
      return null;
    }
    await markOpened(tx, step, context.actor.id, referralNow());
    await auditCaseEvent(context, tx, { action: "referral.open", caseId: step.caseId, outcome: "ALLOWED", details: { role: step.role } });
    let people: ReferralView["people"] = null;
    if (!notice && step.state === "AWAITING") {
      const details = await caseDetails(tx, step.caseId, context.actor.id);
      const named = (p: { firstName: string | null; lastName: string | null; preferredName: string | null }) =>
        p.firstName && p.lastName ? addressName({ firstName: p.firstName, lastName: p.lastName, preferredName: p.preferredName }) : null;
      people = {
        suspect: named(details.suspect) ?? `${details.suspect.freeTextName ?? "Unnamed"} (${details.suspect.forceName})`,
        victim: named(details.victim) ?? details.victim.freeTextName ?? "Not named",
      };
    }
    return {
      id: step.id,
      role: step.role,
      roleLabel: REFERRAL_ROLE_LABELS[step.role],
      ruleText: REFERRAL_RULE_TEXT[step.role],
      // A notice says nothing about who the suspect is, not even why it went to this commander.
      substitution: notice ? null : step.substitution,
      state: step.state,
      sentAt: step.sentAt?.toISOString() ?? null,
      dueAt: step.dueAt?.toISOString() ?? null,
      acknowledgedAt: step.acknowledgedAt?.toISOString() ?? null,
      notice,
      reference: notice ? null : step.case.reference,
      people,
    } satisfies ReferralView;
  });
  if (conflicted) kickReferralScheduler();
  if (!view) {
    // Only a refusal queues mail: the worker is woken for every "not found" alike, and not for the recipient's own read.
    kickOutbox();
    notFound();
  }
  return view;
}

/** The recipient's declaration and acknowledgement; throws ChangeRejected for something they can put right. */
export async function answerReferral(
  context: RequestContext,
  stepId: string,
  declaration: DeclarationForm,
): Promise<{ outcome: "acknowledged" | "replaced"; reference: string }> {
  const answered = await context.prisma.$transaction(async (tx) => {
    const step = await findStep(context, tx, stepId, "acknowledge");
    if (!step) {
      await refuseReferral(context, tx, stepId, "referral.acknowledge");
      return null;
    }
    const outcome = await acknowledgeStep(tx, step.id, context.actor.id, declaration, chainTiming());
    await auditCaseEvent(context, tx, {
      action: "referral.acknowledge",
      caseId: step.caseId,
      outcome: "SUCCESS",
      details: { role: step.role, outcome, hasConnection: declaration.hasConnection === "yes" },
    });
    return { outcome, reference: step.case.reference };
  });
  kickOutbox();
  kickReferralScheduler();
  if (!answered) notFound();
  return answered;
}

/** The referrals and notices waiting for the person, for their list of records (the caller audits the list). */
export async function referralsFor(
  context: RequestContext,
  tx: DbTx,
): Promise<{ id: string; roleLabel: string; notice: boolean; reference: string | null; sentAt: string | null; dueAt: string | null; overdue: boolean }[]> {
  const now = referralNow();
  const steps = await tx.referralStep.findMany({
    where: { AND: [accessScope(context.ability, "list", "ReferralStep"), { OR: [{ state: "AWAITING" }, { state: "DELIVERED", openedAt: null }] }] },
    select: { id: true, role: true, sentAt: true, dueAt: true, caseId: true },
    orderBy: { sentAt: "asc" },
    take: 50,
  });
  // The references of the steps' cases, read only when a referral needs one: a nested select would send its own
  // statement even for no steps, the usual answer on every list of records.
  const referenceCaseIds = [...new Set(steps.filter((step) => !isNotice(step.role)).map((step) => step.caseId))];
  const cases =
    referenceCaseIds.length === 0
      ? []
      : await tx.policeSuspectCase.findMany({ where: { id: { in: referenceCaseIds } }, select: { id: true, reference: true } });
  const references = new Map(cases.map((row) => [row.id, row.reference]));
  return steps.map((step) => ({
    id: step.id,
    roleLabel: REFERRAL_ROLE_LABELS[step.role],
    notice: isNotice(step.role),
    // A notice names no case; a referral names the record it is about (a reference that reveals nothing).
    reference: isNotice(step.role) ? null : (references.get(step.caseId) ?? null),
    sentAt: step.sentAt?.toISOString() ?? null,
    dueAt: step.dueAt?.toISOString() ?? null,
    overdue: step.dueAt !== null && step.dueAt.getTime() < now.getTime(),
  }));
}
