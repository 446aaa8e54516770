import type { AbilityBuilder } from "@casl/ability";
import type { Role } from "~/generated/prisma/enums";
import type { AppAbility, PolicyPerson } from "../subjects";
import { notConflictedOn, PSD_ROLES } from "./police-suspect-cases";

/** Who draws a dip sample of closed cases (docs/features/dip-sampling.md): the nominated NPCC officer, the head of PSD. */
export const DIP_SAMPLE_DRAWERS: readonly Role[] = ["NPCC_OFFICER", "HEAD_OF_PSD"];
/** Who reviews a sampled case: PSD. */
export const DIP_SAMPLE_REVIEWERS: readonly Role[] = PSD_ROLES;

/**
 * Whether the person may review how the case was handled: not conflicted on it (`notConflictedOn`, the same facts as
 * every case rule: recorded conflicts and the suspect's line chain as it is now), and not someone whose own handling
 * is under review or who is a party: the one who reported it, the supervising officer, an owner, the victim or
 * interested person, or someone who declared a connection to it. One filter for the rule and for the draw's choice.
 */
export function mayQualityReview(personId: string) {
  return {
    AND: [
      notConflictedOn(personId),
      { reportedById: { not: personId } },
      { OR: [{ supervisingOfficerId: null }, { supervisingOfficerId: { not: personId } }] },
      { OR: [{ criminalOwnerId: null }, { criminalOwnerId: { not: personId } }] },
      { OR: [{ conductOwnerId: null }, { conductOwnerId: { not: personId } }] },
      { OR: [{ victimPersonId: null }, { victimPersonId: { not: personId } }] },
      { OR: [{ interestedPersonId: null }, { interestedPersonId: { not: personId } }] },
      { declarations: { none: { personId, hasConnection: true } } },
    ],
  };
}

/**
 * Dip-sampling of closed police-suspect cases for quality review. The drawers see every sample and the sampled cases
 * they are not conflicted on (as they see that each case exists); a PSD reviewer sees and reviews only the cases
 * assigned to them, while they may review them (the conflict is read at each request).
 */
export function dipSamplingRules({ can }: AbilityBuilder<AppAbility>, person: PolicyPerson): void {
  if (person.roles.some((role) => DIP_SAMPLE_DRAWERS.includes(role))) {
    can(["list", "read", "create"], "DipSample");
    can(["list", "read"], "DipSampleItem", { case: { is: notConflictedOn(person.id) } });
  }
  if (person.roles.some((role) => DIP_SAMPLE_REVIEWERS.includes(role))) {
    const assigned = { reviewerId: person.id, case: { is: mayQualityReview(person.id) } };
    can(["list", "read"], "DipSampleItem", assigned);
    can("review", "DipSampleItem", { ...assigned, reviewedAt: null });
    can("qualityReview", "PoliceSuspectCase", { AND: [mayQualityReview(person.id), { dipSampleItems: { some: { reviewerId: person.id } } }] });
  }
}
