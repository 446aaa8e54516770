// Lists of tracked risk items, through the guard: the items a person owns (overdue in red on their page), and the
// overdue items on the oversight dashboard. Either list holds only items on records the person may see the items of
// ("readRiskItems"), found through the database filter of that right (docs/features/risk-escalation.md).
import type { Action } from "#policies/subjects";
import { accessScope, listAccessible } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import type { Prisma, RiskItemKind } from "~/generated/prisma/client";
import { referralNow } from "~/models/referrals/timing.server";
import { ITEM_RULES } from "./item-rules";

const SERVICE_KINDS = (Object.keys(ITEM_RULES) as RiskItemKind[]).filter((kind) => ITEM_RULES[kind].owners === "service");

const listSelect = { id: true, kind: true, requestId: true, dueAt: true, remindedAt: true, escalatedAt: true, listedFor: true } as const;

function shaped(rows: Prisma.RiskItemGetPayload<{ select: typeof listSelect }>[], now: Date) {
  return rows.map((row) => ({
    id: row.id,
    label: ITEM_RULES[row.kind].label,
    link: `/support/requests/${row.requestId}/risk`,
    dueAt: row.dueAt,
    // Escalated means the scheduler found it past its deadline: overdue whatever this clock says.
    overdue: row.dueAt <= now || row.escalatedAt !== null,
    escalated: row.escalatedAt !== null,
    reminded: row.remindedAt !== null,
  }));
}

/** Open items matching `where` on requests the person may list, soonest due first, audited as one list read. */
async function listItems(context: RequestContext, where: (listScope: Prisma.SupportRequestWhereInput) => Prisma.RiskItemWhereInput, list: string) {
  const now = referralNow();
  const rows = await listAccessible(
    context,
    "SupportRequest",
    (tx, listScope) => tx.riskItem.findMany({ where: { closedAt: null, ...where(listScope) }, orderBy: { dueAt: "asc" }, take: 200, select: listSelect }),
    { list },
  );
  return shaped(rows, now);
}

/**
 * The open items a person owns: the service's (acknowledging, first contact, the IDVA's answer) on requests they
 * work, the threat-to-life decisions they may make, the MARAC referrals they work, and any escalated to a role they
 * hold on a request they may see the items of.
 */
export function myRiskItems(context: RequestContext) {
  const scope = (action: Action) => ({ request: { is: accessScope(context.ability, action, "SupportRequest") } });
  const escalatedKinds = (Object.keys(ITEM_RULES) as RiskItemKind[]).filter((kind) =>
    ITEM_RULES[kind].escalateTo.some((role) => context.actor.roles.includes(role)),
  );
  return listItems(
    context,
    (listScope) => ({
      request: { is: listScope },
      OR: [
        { kind: { in: SERVICE_KINDS }, ...scope("work") },
        { kind: "THREAT_TO_LIFE", ...scope("decideThreatToLife") },
        { kind: "MARAC", ...scope("manageMarac") },
        { kind: { in: escalatedKinds }, escalatedAt: { not: null }, ...scope("readRiskItems") },
      ],
    }),
    "my-risk-items",
  );
}

/** Overdue open items on the records the person may see the items of, for the oversight dashboard. */
export function overdueRiskItems(context: RequestContext) {
  const now = referralNow();
  return listItems(
    context,
    (listScope) => ({
      OR: [{ dueAt: { lte: now } }, { escalatedAt: { not: null } }],
      request: { is: { AND: [listScope, accessScope(context.ability, "readRiskItems", "SupportRequest")] } },
    }),
    "overdue-risk-items",
  );
}
