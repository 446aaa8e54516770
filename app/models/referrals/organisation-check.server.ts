// What the referral chain needs from the organisation data, checked from that data alone (never from cases, so that
// an administrator learns nothing about any report): shown on the administration page so gaps are fixed before a
// report needs them, and when a step is waiting for them.
import type { DbTx } from "~/db.server";
import type { Role } from "~/generated/prisma/enums";
import { ROLE_LABELS } from "~/models/people/roles";

const ROLES_THE_CHAIN_NEEDS: Role[] = ["NPCC_OFFICER", "CHIEF_OFFICER", "DA_COORDINATOR", "CAIU_SUPERVISOR", "HEAD_OF_PSD", "PSD_OFFICER", "DUTY_INSPECTOR"];

export async function organisationGaps(tx: DbTx): Promise<string[]> {
  const gaps: string[] = [];
  const home = await tx.force.findFirst({ where: { isHome: true }, select: { id: true, pccContactEmail: true } });
  if (!home) return ["No home force is recorded."];
  if (!home.pccContactEmail) gaps.push("The police and crime commissioner's mailbox is not set (Forces).");
  const holders = await tx.roleAssignment.groupBy({
    by: ["role"],
    where: { role: { in: ROLES_THE_CHAIN_NEEDS }, person: { active: true, forceId: home.id } },
    _count: { _all: true },
  });
  for (const role of ROLES_THE_CHAIN_NEEDS) {
    const count = holders.find((h) => h.role === role)?._count._all ?? 0;
    if (count === 0) gaps.push(`Nobody holds the role "${ROLE_LABELS[role]}".`);
    else if (count === 1 && role !== "CHIEF_OFFICER" && role !== "NPCC_OFFICER" && role !== "HEAD_OF_PSD")
      gaps.push(`Only one person holds the role "${ROLE_LABELS[role]}": nobody can take a referral in their place.`);
  }
  const areas = await tx.unit.findMany({
    where: { forceId: home.id, kind: { in: ["BCU", "OCU"] }, OR: [{ commanderId: null }, { commander: { active: false } }] },
    select: { name: true },
    orderBy: { name: "asc" },
  });
  for (const area of areas) gaps.push(`${area.name} has no commander (Units).`);
  const forces = await tx.force.findMany({ where: { isHome: false, npccContactEmail: null }, select: { name: true }, orderBy: { name: "asc" } });
  for (const force of forces) gaps.push(`${force.name} has no NPCC officer's mailbox (Forces).`);
  return gaps;
}
