// Who is told of a police-suspect case's tracked risk items: only people on the case's access list, with a clear
// declaration, not conflicted on it (recorded, or above the suspect in line management as it is now). The rule's
// owners are matched among them (a duty inspector only of inspector rank or above); where none of those is listed,
// PSD on the case is told instead, so that a deadline is never missed unseen. Content-free, to a fixed page.
import { CASE_RISK_WRITERS, CLEAR_DECLARATIONS } from "#policies/rules/police-suspect-cases";
import type { DbTx } from "~/db.server";
import type { AccessCapacity, RiskItemKind, Role } from "~/generated/prisma/enums";
import { holdsOneOf } from "~/models/people/role-holders";
import { DEADLINES_LINK, tellAtWork } from "~/models/support-request/notify.server";
import { ITEM_RULES } from "./item-rules";

const recipientSelect = { workEmail: true, firstName: true, preferredName: true } as const;

/** Active people on the case's list now, declared clear and not conflicted on it. */
async function listedAndClear(tx: DbTx, caseId: string, now: Date) {
  const conflicted = await tx.caseConflict.findMany({ where: { caseId }, select: { personId: true } });
  return (capacities?: readonly AccessCapacity[]) => ({
    active: true,
    id: { notIn: conflicted.map((row) => row.personId) },
    chainBelow: { none: { person: { casesAsSuspect: { some: { id: caseId } } } } },
    caseAccess: {
      some: {
        caseId,
        revokedAt: null,
        OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
        declarationState: { in: [...CLEAR_DECLARATIONS] },
        ...(capacities ? { capacity: { in: [...capacities] } } : {}),
      },
    },
  });
}

/** Tells the people an item's rule names (its owners to remind, or the roles it escalates to), as found on the list. */
export async function notifyCaseRiskPeople(tx: DbTx, caseId: string, kind: RiskItemKind, phase: "remind" | "escalate", now: Date): Promise<void> {
  const onTheList = await listedAndClear(tx, caseId, now);
  const rule = ITEM_RULES[kind];
  const roles: readonly Role[] = phase === "escalate" ? rule.escalateTo : rule.owners === "service" ? [] : rule.owners.roles;
  // The service's items (first contact, the IDVA's answer) are worked by those who assess the case's risk.
  const named = phase === "remind" && rule.owners === "service" ? { AND: [onTheList(CASE_RISK_WRITERS)] } : { AND: [onTheList(), holdsOneOf(roles)] };
  let people = await tx.person.findMany({ where: named, select: recipientSelect, orderBy: { id: "asc" } });
  if (people.length === 0) people = await tx.person.findMany({ where: onTheList(["PROFESSIONAL_STANDARDS"]), select: recipientSelect, orderBy: { id: "asc" } });
  await tellAtWork(tx, people, DEADLINES_LINK);
}
