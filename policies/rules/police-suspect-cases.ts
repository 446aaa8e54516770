import type { AbilityBuilder } from "@casl/ability";
import type { Role } from "~/generated/prisma/enums";
import type { AppAbility, PolicyPerson } from "../subjects";

/** Roles whose holders protect people at risk: they may break the glass on a case they are not listed on. */
export const SAFEGUARDING_ROLES: readonly Role[] = ["DA_COORDINATOR", "CAIU_SUPERVISOR", "DUTY_INSPECTOR", "PSD_OFFICER", "HEAD_OF_PSD"];
export const PSD_ROLES: readonly Role[] = ["PSD_OFFICER", "HEAD_OF_PSD"];
/** Capacities whose holders need the victim's contact details to keep them safe. */
export const SAFEGUARDING_CAPACITIES = ["SAFEGUARDING", "SUPERVISING_OFFICER", "CRIMINAL_INVESTIGATOR"] as const;
export const CLEAR_DECLARATIONS = ["NO_CONNECTION", "CLEARED"] as const;

/** Audit subjects that belong to case files: read only through each case's access log, by those the case allows. */
export const CASE_AUDIT_SUBJECTS = ["PoliceSuspectCase", "AccessAlert"];
/**
 * The general audit trail's rows, without the case files' rows: otherwise an administrator or PSD officer who is a
 * suspect could learn from it that a case exists and who is working on it. (NULL subject types stay visible.)
 */
export const OUTSIDE_CASE_FILES = { OR: [{ subjectType: null }, { subjectType: { notIn: CASE_AUDIT_SUBJECTS } }] };

/**
 * Police-suspect cases. The first condition of every rule is that the person is not conflicted: the suspect and
 * everyone in the suspect's line-management chain are written to `conflicts` when the case is created, and no rule
 * below lets them reach the case, whatever roles they hold (a PSD officer, DA coordinator or NPCC officer who is the
 * suspect included).
 */
export function policeSuspectCaseRules({ can }: AbilityBuilder<AppAbility>, person: PolicyPerson): void {
  const now = person.now ?? new Date();
  const notConflicted = { conflicts: { none: { personId: person.id } } };
  const onTheList = { personId: person.id, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
  const declaredClear = { ...onTheList, declarationState: { in: [...CLEAR_DECLARATIONS] } };
  const brokeTheGlass = { breakGlass: { some: { personId: person.id, expiresAt: { gt: now } } } };

  // On the access list: the case is theirs to find and open, but its content waits for their declaration.
  can(["list", "open", "declare"], "PoliceSuspectCase", { ...notConflicted, access: { some: onTheList } });
  can("read", "PoliceSuspectCase", { ...notConflicted, access: { some: declaredClear } });
  can("readSafeguarding", "PoliceSuspectCase", {
    ...notConflicted,
    access: { some: { ...declaredClear, capacity: { in: [...SAFEGUARDING_CAPACITIES] } } },
  });

  // Whoever recorded the report keeps sight of what they submitted, and of nothing that follows.
  can("readSubmission", "PoliceSuspectCase", { ...notConflicted, reportedById: person.id });

  // Break-glass: time-limited, alerted and reviewed; restriction never stops someone protecting a person at risk.
  if (person.roles.some((role) => SAFEGUARDING_ROLES.includes(role))) {
    can("breakGlass", "PoliceSuspectCase", notConflicted);
    can(["list", "open", "read", "readSafeguarding"], "PoliceSuspectCase", { ...notConflicted, ...brokeTheGlass });
  }

  if (person.roles.some((role) => PSD_ROLES.includes(role))) {
    // PSD oversees every case it is not conflicted on: it sees that each exists (reference, dates, status),
    can("list", "PoliceSuspectCase", notConflicted);
    can("read", "CaseOversight");
    // and manages a case's access list, declarations and access log once its own declaration is clear.
    can(["manageAccess", "reviewDeclaration", "readAccessLog"], "PoliceSuspectCase", { ...notConflicted, access: { some: declaredClear } });
    // Alerts: every alert on a case they are not conflicted on, except alerts about themselves.
    can(["list", "read", "review"], "AccessAlert", { personId: { not: person.id }, case: notConflicted });
  }
}
