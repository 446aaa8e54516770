// The administration home page: how many people, units, forces and locked accounts the administrator's scope holds,
// and what the referral chain still lacks in the organisation data. Counts only: no record is shown.
import { accessScope } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import { countForces } from "~/models/people/force.server";
import { countLockedAccounts } from "~/models/people/sign-in-problems.server";
import { countPeople } from "~/models/people/person.server";
import { countUnits } from "~/models/people/unit.server";
import { organisationGaps } from "~/models/referrals/organisation-check.server";

export interface AdminOverview {
  people: number;
  units: number;
  locked: number;
  forces: number;
  /** What the referral chain needs from the organisation data and does not find (empty when nothing is missing). */
  gaps: string[];
}

/** The counts, each within the administrator's own access scope, and the gaps, read together. */
export async function adminOverview(context: RequestContext): Promise<AdminOverview> {
  const { ability } = context;
  return context.prisma.$transaction(async (tx) => ({
    people: await countPeople(tx, accessScope(ability, "list", "Person")),
    units: await countUnits(tx, accessScope(ability, "list", "Unit")),
    locked: await countLockedAccounts(tx, accessScope(ability, "list", "Credential"), new Date()),
    forces: await countForces(tx, accessScope(ability, "list", "Force")),
    gaps: await organisationGaps(tx),
  }));
}
