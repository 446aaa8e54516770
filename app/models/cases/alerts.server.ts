// PSD's alert queue: attempts on restricted cases by people not on the access list, break-glass uses, and content
// reached without a declaration. Read through the AccessAlert access scope; reviewed with an outcome and rationale.
import { changeAccessible, listAccessible, readAccessible } from "~/access/guard.server";
import { arrivalLabel } from "~/access/arrival.server";
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { AlertOutcome } from "~/generated/prisma/enums";
import { addressName } from "~/utils/names";
import { ChangeRejected } from "~/utils/forms";
import { ALERT_KIND_LABELS, ALERT_OUTCOME_LABELS } from "~/models/cases/labels";
import { reviewSchema, type Review } from "~/models/review.server";

const alertSelect = {
  id: true,
  kind: true,
  via: true,
  arrival: true,
  arrivalOrigin: true,
  raisedAt: true,
  outcome: true,
  outcomeNote: true,
  reviewedAt: true,
  reviewedById: true,
  version: true,
  case: { select: { reference: true } },
  person: { select: { firstName: true, lastName: true, preferredName: true, workEmail: true } },
} satisfies Prisma.AccessAlertSelect;

type AlertRow = Prisma.AccessAlertGetPayload<{ select: typeof alertSelect }>;

function present(alert: AlertRow, reviewers: Map<string, string>) {
  return {
    id: alert.id,
    kind: ALERT_KIND_LABELS[alert.kind],
    via: alert.via,
    /** How the attempt reached the portal (its own page, typed in, or a link on another site), if recorded. */
    arrival: arrivalLabel(alert.arrival, alert.arrivalOrigin),
    raisedAt: alert.raisedAt.toISOString(),
    reference: alert.case.reference,
    person: addressName(alert.person),
    personEmail: alert.person.workEmail,
    outcome: alert.outcome ? ALERT_OUTCOME_LABELS[alert.outcome] : null,
    outcomeNote: alert.outcomeNote,
    reviewedAt: alert.reviewedAt?.toISOString() ?? null,
    reviewedBy: alert.reviewedById ? (reviewers.get(alert.reviewedById) ?? "Unknown") : null,
    version: alert.version,
  };
}

async function reviewerNames(tx: DbTx, alerts: AlertRow[]) {
  const ids = [...new Set(alerts.map((alert) => alert.reviewedById).filter((id): id is string => id !== null))];
  const people = ids.length
    ? await tx.person.findMany({ where: { id: { in: ids } }, select: { id: true, firstName: true, lastName: true, preferredName: true } })
    : [];
  return new Map(people.map((person) => [person.id, addressName(person)]));
}

async function listAlerts(tx: DbTx, scope: Prisma.AccessAlertWhereInput, reviewed: boolean) {
  const alerts = await tx.accessAlert.findMany({
    where: { AND: [scope, reviewed ? { outcome: { not: null } } : { outcome: null }] },
    orderBy: { raisedAt: reviewed ? "desc" : "asc" },
    take: 200,
    select: alertSelect,
  });
  const names = await reviewerNames(tx, alerts);
  return alerts.map((alert) => present(alert, names));
}

async function findAlert(tx: DbTx, where: Prisma.AccessAlertWhereInput) {
  const alert = await tx.accessAlert.findFirst({ where, select: alertSelect });
  return alert ? present(alert, await reviewerNames(tx, [alert])) : null;
}

async function alertExists(tx: DbTx, id: string): Promise<boolean> {
  return (await tx.accessAlert.count({ where: { id } })) > 0;
}

/** PSD's queue, awaiting review or reviewed: listed through the AccessAlert scope, the read audited (403 for anyone else). */
export function alertQueue(context: RequestContext, reviewed: boolean) {
  return listAccessible(context, "AccessAlert", (tx, scope) => listAlerts(tx, scope, reviewed), { reviewed });
}

/**
 * One alert through the scope of `action` (PSD, not about themselves, not on a case they are conflicted on), the
 * decision audited; "not found" for anyone else.
 */
export function readAlert(context: RequestContext, alertId: string, action: "read" | "review" = "read") {
  return readAccessible(context, { model: "AccessAlert", id: alertId, action, find: findAlert, exists: alertExists });
}

export const AlertReviewSchema = reviewSchema(AlertOutcome);

/**
 * Records PSD's outcome for an alert: found through the review scope, written and audited in one transaction, so an
 * officer who became conflicted on the case since the page loaded gets "not found" (audited) and changes nothing.
 */
export function reviewAlert(context: RequestContext, alertId: string, form: Review<AlertOutcome>): Promise<void> {
  return changeAccessible(
    context,
    {
      model: "AccessAlert",
      id: alertId,
      action: "review",
      find: (tx, where) => tx.accessAlert.findFirst({ where, select: { id: true } }),
      exists: alertExists,
    },
    (tx, alert) => recordAlertReview(tx, alert.id, context.actor.id, form),
    { action: "alert.review", details: { outcome: form.outcome } },
  );
}

/** Records the outcome, refusing it if someone else reviewed the alert meanwhile (optimistic locking). */
async function recordAlertReview(tx: DbTx, alertId: string, reviewerId: string, form: Review<AlertOutcome>): Promise<void> {
  const updated = await tx.accessAlert.updateMany({
    where: { id: alertId, version: form.version, outcome: null },
    data: { outcome: form.outcome, outcomeNote: form.note, reviewedById: reviewerId, reviewedAt: new Date(), version: { increment: 1 } },
  });
  if (updated.count === 0) throw new ChangeRejected({ form: "Someone else reviewed this alert while you were looking at it. Their outcome is shown below." });
}
