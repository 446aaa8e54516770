// PSD's and the NPCC officer's oversight of police-suspect cases: counts that link to filtered lists. Every query is
// inside the person's list scope (cases they are not conflicted on), so nothing here reaches anyone else.
import { accessScope, can, listAccessible } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import type { CaseScope } from "~/models/cases/case.server";
import { chainSummaries } from "~/models/referrals/timeline.server";
import { referralNow } from "~/models/referrals/timing.server";
import { overdueSuspectReviews } from "~/models/cases/suspect-plan.server";

const DAY = 86_400_000;

/** The lists the dashboard's counts open, by name (the `show` parameter of /records). */
export function oversightFilters(now = new Date()): Record<string, { label: string; where: Prisma.PoliceSuspectCaseWhereInput }> {
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  return {
    open: { label: "Open cases", where: { status: "OPEN" } },
    "open-under-1-month": { label: "Open, under a month old", where: { status: "OPEN", reportedAt: { gte: ago(30) } } },
    "open-1-to-3-months": { label: "Open, 1 to 3 months old", where: { status: "OPEN", reportedAt: { lt: ago(30), gte: ago(91) } } },
    "open-3-to-12-months": { label: "Open, 3 to 12 months old", where: { status: "OPEN", reportedAt: { lt: ago(91), gte: ago(365) } } },
    "open-over-12-months": { label: "Open for over 12 months", where: { status: "OPEN", reportedAt: { lt: ago(365) } } },
    "closed-last-12-months": { label: "Closed in the last 12 months", where: { status: "CLOSED", closedAt: { gte: ago(365) } } },
    "suspended-or-restricted": {
      label: "Suspect suspended or on restricted duties",
      where: { conductTrack: { dutiesDecision: { in: ["SUSPENDED", "RESTRICTED_DUTIES"] } } },
    },
    "duties-not-considered": {
      label: "Suspension or restriction not yet considered",
      where: { status: "OPEN", conductTrack: { dutiesDecision: "NOT_YET_CONSIDERED" } },
    },
    "no-restriction": { label: "Restriction of the crime report not yet authorised", where: { status: "OPEN", restriction: null } },
    "no-ownership": { label: "Ownership and its rationale not yet recorded", where: { status: "OPEN", ownership: { none: {} } } },
    "declarations-outstanding": {
      label: "Declarations missing or awaiting review",
      where: {
        access: { some: { revokedAt: null, declarationState: { in: ["MISSING", "PENDING_REVIEW"] }, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } },
      },
    },
    "declarations-awaiting-review": {
      label: "Declared connections awaiting review",
      where: { access: { some: { revokedAt: null, declarationState: "PENDING_REVIEW" } } },
    },
    "break-glass-30-days": { label: "Break-glass used in the last 30 days", where: { breakGlass: { some: { startedAt: { gte: ago(30) } } } } },
  };
}

/** The filter a list's `show` parameter names, if it names one: never a property every object has (`constructor`). */
export function oversightFilter(name: string, now = new Date()): { label: string; where: Prisma.PoliceSuspectCaseWhereInput } | undefined {
  const filters = oversightFilters(now);
  return Object.hasOwn(filters, name) ? filters[name] : undefined;
}

export async function oversightCounts(tx: DbTx, scope: CaseScope, alertScope: Prisma.AccessAlertWhereInput, now = new Date()) {
  const filters = oversightFilters(now);
  const counts: Record<string, number> = {};
  for (const [name, filter] of Object.entries(filters)) {
    counts[name] = await tx.policeSuspectCase.count({ where: { AND: [scope, filter.where] } });
  }
  const alertsAwaitingReview = await tx.accessAlert.count({ where: { AND: [alertScope, { outcome: null }, { case: scope }] } });
  const breakGlassUses = await tx.breakGlassAccess.count({ where: { startedAt: { gte: new Date(now.getTime() - 30 * DAY) }, case: scope } });
  const criminalStatus = await tx.criminalTrack.groupBy({ by: ["status"], where: { case: { AND: [scope, { status: "OPEN" }] } }, _count: { _all: true } });
  return {
    counts,
    labels: Object.fromEntries(Object.entries(filters).map(([name, filter]) => [name, filter.label])),
    alertsAwaitingReview,
    breakGlassUses,
    criminalStatus: criminalStatus.map((row) => ({ status: row.status, count: row._count._all })),
  };
}

/**
 * The oversight dashboard (whose area the page requires): the counts and the referral chains of the cases the person
 * may list, read together and audited as a list of cases.
 */
export async function oversightDashboard(context: RequestContext) {
  let figures: Awaited<ReturnType<typeof oversightCounts>> | undefined;
  let overdueReviews: Awaited<ReturnType<typeof overdueSuspectReviews>> = [];
  const chains = await listAccessible(
    context,
    "PoliceSuspectCase",
    async (tx, scope) => {
      figures = await oversightCounts(tx, scope, accessScope(context.ability, "list", "AccessAlert"));
      overdueReviews = await overdueSuspectReviews(tx, context);
      return chainSummaries(tx, scope, referralNow());
    },
    { purpose: "oversight" },
  );
  if (!figures) throw new Error("oversight counts not read");
  return { ...figures, chains, overdueReviews, mayReviewAlerts: can(context.ability, "list", "AccessAlert") };
}
