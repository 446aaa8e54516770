import type { AbilityBuilder } from "@casl/ability";
import type { AppAbility, PolicyPerson } from "../subjects";
import { NOTICE_ROLES } from "~/models/referrals/rules";
import { CLEAR_DECLARATIONS, notConflictedOn, PSD_ROLES } from "./police-suspect-cases";

/**
 * The referral chain and the employee's own notices of court orders. A referral step is its recipient's alone: they
 * open it and acknowledge it (the chain's rules never address one to the suspect or their line chain, and the
 * condition on the case says so again). The chain's timeline is part of the case: whoever may read the case sees it.
 */
export function referralRules({ can }: AbilityBuilder<AppAbility>, person: PolicyPerson): void {
  const now = person.now ?? new Date();
  const notConflicted = notConflictedOn(person.id);
  const declaredClear = {
    personId: person.id,
    revokedAt: null,
    OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
    declarationState: { in: [...CLEAR_DECLARATIONS] },
  };

  can(["list", "read", "acknowledge"], "ReferralStep", { recipientPersonId: person.id, case: { is: notConflicted } });
  // A notice (the suspect's commander's) may by policy go to someone in the suspect's chain: it carries no case content
  // and gives no access, so its recipient sees it even though they are conflicted on the case itself.
  can(["list", "read"], "ReferralStep", {
    recipientPersonId: person.id,
    role: { in: [...NOTICE_ROLES] },
    case: { is: { OR: [{ suspectPersonId: null }, { suspectPersonId: { not: person.id } }] } },
  });

  // The update owed to another force's PSD in an inter-force case: our NPCC officer's duty, with PSD.
  if (person.roles.includes("NPCC_OFFICER") || person.roles.some((role) => PSD_ROLES.includes(role))) {
    // Nobody conflicted on the case: `conflictedCaseRules` refuses them, as for every action on a case (ADR 047).
    can("recordEmployerUpdate", "PoliceSuspectCase", { access: { some: declaredClear } });
  }

  // An employee's notice of a court order or child contact restriction concerning them: theirs, the commander it was
  // sent to, and PSD's (a PSD officer who sent one sees it as its author, but does not handle it).
  can(["create", "read"], "PersonalOrderNotice", { personId: person.id });
  can("read", "PersonalOrderNotice", { commanderId: person.id });
  if (person.roles.some((role) => PSD_ROLES.includes(role))) {
    can(["list", "read", "review"], "PersonalOrderNotice", { personId: { not: person.id } });
  }
  can("list", "PersonalOrderNotice", { OR: [{ personId: person.id }, { commanderId: person.id }] });
}
