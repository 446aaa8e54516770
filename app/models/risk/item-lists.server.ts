// Lists of tracked risk items, through the guard: the items a person owns (overdue in red on their page), and the
// overdue items on the oversight dashboard. Either list holds only items on records the person may see the items of
// ("readRiskItems"), found through the database filter of that right (docs/features/risk-escalation.md).
import type { Action } from "#policies/subjects";
import type { PortalPath } from "~/utils/portal-path";
import { accessScope, listAccessible } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import type { Prisma, RiskItemKind } from "~/generated/prisma/client";
import { referralNow } from "~/models/referrals/timing.server";
import { ITEM_RULES } from "./item-rules";

const SERVICE_KINDS = (Object.keys(ITEM_RULES) as RiskItemKind[]).filter((kind) => ITEM_RULES[kind].owners === "service");

const listSelect = {
  id: true,
  kind: true,
  requestId: true,
  case: { select: { reference: true } },
  dueAt: true,
  remindedAt: true,
  escalatedAt: true,
  listedFor: true,
} as const;

function shaped(rows: Prisma.RiskItemGetPayload<{ select: typeof listSelect }>[], now: Date) {
  return rows.map((row) => ({
    id: row.id,
    label: ITEM_RULES[row.kind].label,
    link: (row.case ? `/records/${row.case.reference}/risk` : `/support/requests/${row.requestId}/risk`) satisfies PortalPath,
    dueAt: row.dueAt,
    // Escalated means the scheduler found it past its deadline: overdue whatever this clock says.
    overdue: row.dueAt <= now || row.escalatedAt !== null,
    escalated: row.escalatedAt !== null,
    reminded: row.remindedAt !== null,
  }));
}

type Scoped = (action: Action) => Prisma.RiskItemWhereInput;

/**
 * Open items matching `where` on the requests and on the police-suspect cases the person may list, soonest due first,
 * each kind of record audited as one list read. `where` gets the scope of an action on each kind of record.
 */
async function listItems(context: RequestContext, where: (scoped: Scoped) => Prisma.RiskItemWhereInput, list: string) {
  const now = referralNow();
  const query = (tx: DbTx, filter: Prisma.RiskItemWhereInput) =>
    tx.riskItem.findMany({ where: { closedAt: null, ...filter }, orderBy: { dueAt: "asc" }, take: 200, select: listSelect });
  const onRequests = await listAccessible(
    context,
    "SupportRequest",
    (tx, listScope) =>
      query(tx, { request: { is: listScope }, ...where((action) => ({ request: { is: accessScope(context.ability, action, "SupportRequest") } })) }),
    { list },
  );
  // A case's items only for someone who may see some case at all (its access list, PSD's and the NPCC officer's oversight).
  const onCases = context.ability.can("list", "PoliceSuspectCase")
    ? await listAccessible(
        context,
        "PoliceSuspectCase",
        (tx, listScope) =>
          query(tx, { case: { is: listScope }, ...where((action) => ({ case: { is: accessScope(context.ability, action, "PoliceSuspectCase") } })) }),
        { list },
      )
    : [];
  return shaped(
    [...onRequests, ...onCases].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime()),
    now,
  );
}

/**
 * The open items a person owns: on requests, the service's (acknowledging, first contact, the IDVA's answer) on
 * requests they work, the threat-to-life decisions they may make and the MARAC referrals they work; on cases, the
 * threat-to-life decisions they may make and the items of cases whose risk they assess; and any escalated to a role
 * they hold on a record they may see the items of.
 */
export function myRiskItems(context: RequestContext) {
  const escalatedKinds = (Object.keys(ITEM_RULES) as RiskItemKind[]).filter((kind) =>
    ITEM_RULES[kind].escalateTo.some((role) => context.actor.roles.includes(role)),
  );
  const escalated = (scoped: Scoped, read: Action) => ({ kind: { in: escalatedKinds }, escalatedAt: { not: null }, ...scoped(read) });
  return listItems(
    context,
    (scoped) => ({
      OR: [
        { kind: { in: SERVICE_KINDS }, ...scoped("work") },
        { kind: "THREAT_TO_LIFE", ...scoped("decideThreatToLife") },
        { kind: "MARAC", ...scoped("manageMarac") },
        { kind: { not: "THREAT_TO_LIFE" }, ...scoped("assessCaseRisk") },
        escalated(scoped, "readRiskItems"),
        escalated(scoped, "readCaseRisk"),
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
    (scoped) => ({ AND: [{ OR: [{ dueAt: { lte: now } }, { escalatedAt: { not: null } }] }, { OR: [scoped("readRiskItems"), scoped("readCaseRisk")] }] }),
    "overdue-risk-items",
  );
}
