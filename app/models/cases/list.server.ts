// The Records page: a search for a case by its reference, and the cases, reports, updates and referrals the person
// may see, each read through its access scope in the transaction of the audit row that says it was read.
import { auditCaseEvent, can, caseScope, refuseCaseAttempt } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import type { Prisma } from "~/generated/prisma/client";
import { referralsFor } from "~/models/referrals/referral-page.server";
import { kickOutbox } from "~/utils/outbox.server";

/** Where a search by reference leads: the case, the offer to break the glass, or nowhere. */
export type ReferenceSearchOutcome = "open" | "break-glass" | "none";

/**
 * Looks a case up by its (normalised) reference: "open" if the person may open it; otherwise the attempt is refused
 * as any other (audited, PSD alerted if such a case exists), and "break-glass" tells someone who may break the glass
 * at all that they can try (for any reference: whether the case exists is not said).
 */
export async function searchCaseByReference(context: RequestContext, reference: string): Promise<ReferenceSearchOutcome> {
  const outcome = await context.prisma.$transaction(async (tx) => {
    const visible = await tx.policeSuspectCase.findFirst({ where: { AND: [caseScope(context, "open"), { reference }] }, select: { id: true } });
    if (visible) {
      await auditCaseEvent(context, tx, { action: "access.search", caseId: visible.id, outcome: "ALLOWED", details: { via: "search" } });
      return "open" as const;
    }
    await refuseCaseAttempt(context, tx, { reference, action: "access.search", via: "search" });
    // Offered for any reference, existing or not, so that the answer does not tell whether a case exists.
    return can(context.ability, "breakGlass", "PoliceSuspectCase") ? ("break-glass" as const) : ("none" as const);
  });
  // Only a refusal queues mail (PSD's alert, if the case exists); the worker is woken for every refusal alike, so that
  // a refused search and a search for nothing cost the same, and never for a case found.
  if (outcome !== "open") kickOutbox();
  return outcome;
}

export const CASES_PAGE_SIZE = 50;

export interface CaseListQuery {
  page: number;
  /** One of the oversight dashboard's lists, for those who oversee (its name is recorded with the audit row). */
  filter?: { name: string; where: Prisma.PoliceSuspectCaseWhereInput };
}

/**
 * One page of the cases the person is on (or oversees), newest first, with one row more than a page when there is a
 * next one; the reports they recorded; the cases whose progress updates are for them; and the referrals waiting for
 * them. All in one transaction with the audit row of the list.
 */
export async function casesPage(context: RequestContext, { page, filter }: CaseListQuery) {
  return context.prisma.$transaction(async (tx) => {
    const listed = await tx.policeSuspectCase.findMany({
      where: filter ? { AND: [caseScope(context, "list"), filter.where] } : caseScope(context, "list"),
      orderBy: [{ reportedAt: "desc" }, { id: "asc" }],
      // One more than a page tells whether there is a next one.
      skip: (page - 1) * CASES_PAGE_SIZE,
      take: CASES_PAGE_SIZE + 1,
      select: { id: true, reference: true, status: true, reportedAt: true },
    });
    const mine = await tx.policeSuspectCase.findMany({
      where: caseScope(context, "readSubmission"),
      orderBy: { reportedAt: "desc" },
      take: 50,
      select: { reference: true, reportedAt: true },
    });
    const forMe = await tx.policeSuspectCase.findMany({ where: caseScope(context, "readUpdates"), select: { reference: true } });
    const waiting = await referralsFor(context, tx);
    await auditCaseEvent(context, tx, {
      action: "access.list",
      caseId: null,
      outcome: "ALLOWED",
      details: { count: Math.min(listed.length, CASES_PAGE_SIZE), page, submitted: mine.length, referrals: waiting.length, show: filter ? filter.name : null },
    });
    return { cases: listed, submitted: mine, updates: forMe, referrals: waiting };
  });
}
