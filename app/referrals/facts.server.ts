// Reads, for one case, the organisation facts the referral rules decide from (app/referrals/rules.ts). A handful of
// indexed queries whatever the size of the force: role holders by role, commanders by unit, chains by recursion.
import type { DbTx } from "~/db.server";
import type { Role } from "~/generated/prisma/enums";
import { managementChain } from "~/models/person.server";
import { LEVEL } from "~/models/rank";
import type { ChainFacts } from "./rules";

const CHAIN_ROLES: Role[] = ["NPCC_OFFICER", "CHIEF_OFFICER", "DA_COORDINATOR", "CAIU_SUPERVISOR", "HEAD_OF_PSD", "PSD_OFFICER"];

/** How many officers beyond the first recipient's own chain and the duty inspectors are offered as supervisors. */
const OTHER_SUPERVISORS_OFFERED = 40;

export interface CaseForChain {
  id: string;
  reportedById: string;
  supervisingOfficerId: string | null;
  suspectPersonId: string | null;
  suspectForceId: string;
  childrenInvolved: boolean;
  areaUnitId: string | null;
}

export const CASE_FOR_CHAIN_SELECT = {
  id: true,
  reportedById: true,
  supervisingOfficerId: true,
  suspectPersonId: true,
  suspectForceId: true,
  childrenInvolved: true,
  areaUnitId: true,
} as const;

/**
 * Officers of inspector rank or above who could supervise a report from `reporterId`, in the order to ask them: those
 * above the reporter in their own line chain, then the duty inspectors, then other officers of the force (a bounded
 * number, lowest rank first); chief officers last. Never the reporter, never anyone in `excluded`.
 */
export async function supervisorCandidates(tx: DbTx, reporterId: string, excluded: ReadonlySet<string>): Promise<string[]> {
  const reporter = await tx.person.findUnique({ where: { id: reporterId }, select: { lineManagerId: true, forceId: true } });
  if (!reporter) return [];
  const chain = reporter.lineManagerId ? await managementChain(tx, reporter.lineManagerId) : [];
  const eligible = { active: true, forceId: reporter.forceId, level: { gte: LEVEL.INSPECTOR }, id: { not: reporterId } };
  // One after another: a transaction holds one connection, and the driver does not interleave queries on it.
  const inChain = await tx.person.findMany({ where: { ...eligible, id: { in: chain, not: reporterId } }, select: { id: true, level: true } });
  const duty = await tx.person.findMany({ where: { ...eligible, roles: { some: { role: "DUTY_INSPECTOR" } } }, select: { id: true, level: true }, orderBy: [{ lastName: "asc" }] });
  const others = await tx.person.findMany({
    where: { ...eligible, level: { gte: LEVEL.INSPECTOR, lt: LEVEL.ASSISTANT_CHIEF_CONSTABLE } },
    select: { id: true, level: true },
    orderBy: [{ level: "asc" }, { lastName: "asc" }],
    take: OTHER_SUPERVISORS_OFFERED + excluded.size,
  });
  const chiefOfficer = (person: { level: number }) => person.level >= LEVEL.ASSISTANT_CHIEF_CONSTABLE;
  const byChain = [...inChain].sort((a, b) => chain.indexOf(a.id) - chain.indexOf(b.id));
  const ordered = [...byChain.filter((p) => !chiefOfficer(p)), ...duty.filter((p) => !chiefOfficer(p)), ...others, ...byChain.filter(chiefOfficer)];
  const seen = new Set<string>();
  return ordered.map((person) => person.id).filter((id) => !excluded.has(id) && !seen.has(id) && Boolean(seen.add(id)));
}

/** The facts for one case. `excluded` is the suspect and their chain, as recorded on the case at intake. */
export async function loadChainFacts(tx: DbTx, caseRecord: CaseForChain, options: { supervisors?: boolean } = {}): Promise<ChainFacts> {
  const conflicts = await tx.caseConflict.findMany({ where: { caseId: caseRecord.id }, select: { personId: true } });
  const holders = await tx.roleAssignment.findMany({
    where: { role: { in: CHAIN_ROLES }, person: { active: true, force: { isHome: true } } },
    select: { role: true, personId: true },
    orderBy: [{ grantedAt: "asc" }, { personId: "asc" }],
  });
  const forces = await tx.force.findMany({ where: { OR: [{ isHome: true }, { id: caseRecord.suspectForceId }] }, select: { id: true, isHome: true, pccContactEmail: true, npccContactEmail: true } });
  const home = forces.find((force) => force.isHome);
  if (!home) throw new Error("No home force is configured.");
  const suspectForce = forces.find((force) => force.id === caseRecord.suspectForceId) ?? null;
  const reporter = await tx.person.findUnique({ where: { id: caseRecord.reportedById }, select: { unitId: true } });
  const suspect = caseRecord.suspectPersonId ? await tx.person.findUnique({ where: { id: caseRecord.suspectPersonId }, select: { unit: { select: { commanderId: true } } } }) : null;
  const excluded = new Set(conflicts.map((conflict) => conflict.personId));
  if (caseRecord.suspectPersonId) excluded.add(caseRecord.suspectPersonId);
  const holdersOf = (...roles: Role[]) => roles.flatMap((role) => holders.filter((holder) => holder.role === role).map((holder) => holder.personId));

  const areaUnitId = caseRecord.areaUnitId ?? reporter?.unitId ?? null;
  const areaCommanders = await localCommanders(tx, home.id, areaUnitId);
  // Only the supervising officer's step needs the (costlier) list of eligible supervisors.
  const supervisors = options.supervisors === false ? [] : await supervisorList(tx, caseRecord, excluded);
  const suspectCommanderChain = suspect?.unit?.commanderId ? await managementChain(tx, suspect.unit.commanderId) : [];
  return {
    excluded,
    suspectPersonId: caseRecord.suspectPersonId,
    suspectIsOtherForce: suspectForce ? !suspectForce.isHome : false,
    childrenInvolved: caseRecord.childrenInvolved,
    supervisors,
    areaCommanders,
    npccOfficers: holdersOf("NPCC_OFFICER"),
    chiefOfficers: holdersOf("CHIEF_OFFICER"),
    daCoordinators: holdersOf("DA_COORDINATOR"),
    caiuSupervisors: holdersOf("CAIU_SUPERVISOR"),
    psd: holdersOf("HEAD_OF_PSD", "PSD_OFFICER"),
    suspectCommanders: suspectCommanderChain,
    pccMailbox: home.pccContactEmail,
    employerNpccMailbox: suspectForce && !suspectForce.isHome ? suspectForce.npccContactEmail : null,
  };
}

/** The chosen supervising officer first, then the default order. */
async function supervisorList(tx: DbTx, caseRecord: CaseForChain, excluded: ReadonlySet<string>): Promise<string[]> {
  const defaults = await supervisorCandidates(tx, caseRecord.reportedById, excluded);
  const chosen = caseRecord.supervisingOfficerId;
  return chosen ? [chosen, ...defaults.filter((id) => id !== chosen)] : defaults;
}

/** The area's commander (with active people only), then the commanders of the force's other policing areas. */
async function localCommanders(tx: DbTx, homeForceId: string, areaUnitId: string | null): Promise<string[]> {
  const units = await tx.unit.findMany({
    where: { forceId: homeForceId, commanderId: { not: null }, commander: { active: true }, OR: [{ kind: { in: ["BCU", "OCU"] } }, ...(areaUnitId ? [{ id: areaUnitId }] : [])] },
    select: { id: true, commanderId: true, name: true },
    orderBy: { name: "asc" },
  });
  const area = units.filter((unit) => unit.id === areaUnitId);
  const others = units.filter((unit) => unit.id !== areaUnitId);
  // An area without a commander must not silently fall through to another area's commander: the step says so.
  if (areaUnitId && area.length === 0) return [];
  return [...new Set([...area, ...others].map((unit) => unit.commanderId!))];
}
