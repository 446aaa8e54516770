import type { AbilityBuilder } from "@casl/ability";
import type { AppAbility, PolicyPerson } from "../subjects";
import { PSD_ROLES, notConflictedOn } from "./police-suspect-cases";
import { notConflictedOnRequest } from "./support";

/**
 * Oversight of quiet reads (safeguarding overrides, break-glass, PSD's reads of cases about PSD): each is listed for
 * its reviewer (PSD, or the nominated NPCC officer where PSD would review itself), whatever the employee was told.
 * A reviewer never sees an entry where they are the reader, anyone above the reader in line management (nobody reviews
 * their own report's read), the person whose record was read, or conflicted on the case.
 */
export function quietReadRules({ can }: AbilityBuilder<AppAbility>, person: PolicyPerson): void {
  const notConflicted = {
    AND: [
      { readerId: { not: person.id } },
      // The reader's line chain as it is now (`LineChain`, the reader at depth 0 and everyone above them): one index
      // lookup, as for the suspect's chain in notConflictedOn.
      { reader: { is: { chain: { none: { ancestorId: person.id } } } } },
      // `not` alone would drop rows with no subject in the database (NULL <> x is not true), so say both.
      { OR: [{ subjectPersonId: null }, { subjectPersonId: { not: person.id } }] },
      // Conflicted on the case as the line chain is now, not only as recorded at intake (ADR 024).
      { OR: [{ caseId: null }, { case: { is: notConflictedOn(person.id) } }] },
      // Nor the colleague an employee named as harming them, nor anyone above that colleague now.
      { OR: [{ requestId: null }, { request: { is: notConflictedOnRequest(person.id) } }] },
    ],
  };
  const reviewers: ("PSD" | "NPCC")[] = [];
  if (person.roles.some((role) => PSD_ROLES.includes(role))) reviewers.push("PSD");
  if (person.roles.includes("NPCC_OFFICER")) reviewers.push("NPCC");
  for (const reviewer of reviewers) {
    can(["list", "read", "review"], "QuietRead", { reviewer, ...notConflicted });
  }
}
