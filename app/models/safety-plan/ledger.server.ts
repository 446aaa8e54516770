// Lists of safety measures and the employee's ledger of who may see and who opened them
// (docs/features/safety-plan.md). Each list goes through the guard's "list" scope, read and audited in one transaction.
import { accessScope, listAccessible } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import type { Prisma } from "~/generated/prisma/client";
import { addressName } from "~/utils/names";
import { measureName } from "./labels";
import { NAME_FIELDS } from "./measure-query.server";

const listSelect = {
  id: true,
  kind: true,
  title: true,
  status: true,
  reviewOn: true,
  agreedAt: true,
  owner: NAME_FIELDS,
} as const;
type ListRow = Prisma.SafetyMeasureGetPayload<{ select: typeof listSelect }>;
const listed = (row: ListRow) => ({
  id: row.id,
  name: measureName(row),
  status: row.status,
  reviewOn: row.reviewOn,
  agreed: row.agreedAt !== null,
  owner: row.owner ? addressName(row.owner) : null,
});

async function listMeasures(context: RequestContext, where: Prisma.SafetyMeasureWhereInput, details: Record<string, unknown>) {
  const rows = await listAccessible(
    context,
    "SafetyMeasure",
    (tx, scope) => tx.safetyMeasure.findMany({ where: { AND: [scope, where] }, orderBy: { createdAt: "asc" }, select: listSelect }),
    details,
  );
  return rows.map(listed);
}

/** The employee's own plan. */
export const myPlan = (context: RequestContext) => listMeasures(context, { employeeId: context.actor.id }, { list: "own plan" });

/** Measures someone else shared with them by name (an active grant), and nothing else of that person's plan. */
export const measuresSharedWithMe = (context: RequestContext) =>
  listMeasures(
    context,
    { employeeId: { not: context.actor.id }, grants: { some: { personId: context.actor.id, withdrawnAt: null } } },
    { list: "shared with me" },
  );

/** The measures on one request, for the supporter working on it (and the employee). */
export const measuresOnRequest = (context: RequestContext, requestId: string) => listMeasures(context, { requestId }, { list: "on request", requestId });

const OPEN_LABELS: Record<string, string> = {
  "access.read": "Opened the measure",
  "safety.measure.update": "Changed the measure",
  "safety.measure.propose": "Proposed the measure",
};

export interface PlanLedger {
  grants: { id: string; measureId: string; measure: string; to: string; reason: string; grantedAt: Date; withdrawnAt: Date | null }[];
  opened: { id: string; at: Date; who: string; measure: string; what: string }[];
}

/**
 * The employee's ledger for their plan: every grant of sight (to whom, which measure, when, withdrawn when) and
 * everyone else who opened or changed a measure (from the audit trail), for the measures whose sight they manage.
 */
export async function planLedger(context: RequestContext): Promise<PlanLedger> {
  const ledger: PlanLedger = { grants: [], opened: [] };
  await listAccessible(
    context,
    "SafetyMeasure",
    async (tx, scope) => {
      const measures = await tx.safetyMeasure.findMany({
        where: { AND: [scope, accessScope(context.ability, "manageConsent", "SafetyMeasure"), { employeeId: context.actor.id }] },
        select: { id: true, kind: true, title: true },
      });
      const names = new Map(measures.map((row) => [row.id, measureName(row)]));
      const ids = measures.map((row) => row.id);
      const grants = await tx.safetyMeasureGrant.findMany({
        where: { measureId: { in: ids } },
        orderBy: { grantedAt: "asc" },
        select: { id: true, measureId: true, reason: true, grantedAt: true, withdrawnAt: true, person: NAME_FIELDS },
      });
      const events = await tx.auditEvent.findMany({
        where: {
          subjectType: "SafetyMeasure",
          subjectId: { in: ids },
          actorId: { not: context.actor.id },
          outcome: { in: ["ALLOWED", "SUCCESS"] },
          action: { in: Object.keys(OPEN_LABELS) },
        },
        orderBy: { id: "desc" },
        take: 500,
        select: { id: true, occurredAt: true, actorId: true, action: true, subjectId: true },
      });
      const actorIds = [...new Set(events.map((event) => event.actorId).filter((value): value is string => value !== null))];
      const people = new Map(
        (await tx.person.findMany({ where: { id: { in: actorIds } }, select: { id: true, ...NAME_FIELDS.select } })).map((person) => [
          person.id,
          addressName(person),
        ]),
      );
      ledger.grants = grants.map((grant) => ({
        id: grant.id,
        measureId: grant.measureId,
        measure: names.get(grant.measureId) ?? "A measure",
        to: addressName(grant.person),
        reason: grant.reason,
        grantedAt: grant.grantedAt,
        withdrawnAt: grant.withdrawnAt,
      }));
      ledger.opened = events.map((event) => ({
        id: String(event.id),
        at: event.occurredAt,
        who: (event.actorId && people.get(event.actorId)) ?? "Someone",
        measure: (event.subjectId && names.get(event.subjectId)) ?? "A measure",
        what: OPEN_LABELS[event.action] ?? "Opened the measure",
      }));
      return measures;
    },
    { list: "ledger" },
  );
  return ledger;
}
