import type { AbilityBuilder } from "@casl/ability";
import type { AccessCapacity, Role } from "~/generated/prisma/enums";
import { LEVEL } from "~/models/people/rank";
import type { AppAbility, PolicyPerson } from "../subjects";
import { SUPPORT_AUDIT_SUBJECTS } from "./support";

/** Roles whose holders protect people at risk: they may break the glass on a case they are not listed on. */
export const SAFEGUARDING_ROLES: readonly Role[] = ["DA_COORDINATOR", "CAIU_SUPERVISOR", "DUTY_INSPECTOR", "PSD_OFFICER", "HEAD_OF_PSD"];
export const PSD_ROLES: readonly Role[] = ["PSD_OFFICER", "HEAD_OF_PSD"];
/** Capacities whose holders need the victim's contact details to keep them safe. */
export const SAFEGUARDING_CAPACITIES = ["SAFEGUARDING", "SUPERVISING_OFFICER", "CRIMINAL_INVESTIGATOR"] as const;
export const CLEAR_DECLARATIONS = ["NO_CONNECTION", "CLEARED"] as const;
/** Who sees which track: the conduct investigator need not see criminal intelligence, and vice versa. */
export const CRIMINAL_TRACK_READERS: readonly AccessCapacity[] = ["PROFESSIONAL_STANDARDS", "SUPERVISING_OFFICER", "CRIMINAL_INVESTIGATOR", "OVERSIGHT"];
export const CRIMINAL_TRACK_WRITERS: readonly AccessCapacity[] = ["PROFESSIONAL_STANDARDS", "CRIMINAL_INVESTIGATOR"];
export const CONDUCT_TRACK_READERS: readonly AccessCapacity[] = ["PROFESSIONAL_STANDARDS", "CONDUCT_INVESTIGATOR", "OVERSIGHT"];
export const CONDUCT_TRACK_WRITERS: readonly AccessCapacity[] = ["PROFESSIONAL_STANDARDS", "CONDUCT_INVESTIGATOR"];
/** Who assesses a case's risk and works its items, and who else reads them. */
export const CASE_RISK_WRITERS: readonly AccessCapacity[] = ["PROFESSIONAL_STANDARDS", "SAFEGUARDING"];
export const CASE_RISK_READERS: readonly AccessCapacity[] = ["SUPERVISING_OFFICER", "OVERSIGHT"];
/** Restricting the crime report (and its call log) needs a chief inspector or above (DOMAIN.md, "Ranks that matter"). */
export const RESTRICTION_MIN_LEVEL = 4;

/** Audit subjects that belong to case files, support records, conversation records, incident logs and employees'
 * notices of court orders: read only through each case's access log, or the employee's own ledger, by those the record
 * allows. Their rows would tell a reader of the general trail that an employee is getting support, keeps a log, or has
 * such an order. */
export const CASE_AUDIT_SUBJECTS = [
  "PoliceSuspectCase",
  "AccessAlert",
  "PersonalOrderNotice",
  "ConversationRecord",
  "IncidentEntry",
  "IncidentAnnotation",
  ...SUPPORT_AUDIT_SUBJECTS,
];
/**
 * The general audit trail's rows, without the case files' rows: otherwise an administrator or PSD officer who is a
 * suspect could learn from it that a case exists and who is working on it. (NULL subject types stay visible.)
 */
export const OUTSIDE_CASE_FILES = { OR: [{ subjectType: null }, { subjectType: { notIn: CASE_AUDIT_SUBJECTS } }] };

/**
 * Conflicted on the case: recorded as conflicted (`conflicts`: the suspect and their chain at intake, kept whatever
 * happens after), or the suspect or anyone above them in line management as it is now, right up to the chief
 * constable. The chain as it is now is `LineChain`, which the database keeps in the transaction of every change to a
 * person (ADR 024), so a new manager is conflicted from their next request on. As a filter it is one index lookup of
 * the reader's own place in the organisation.
 */
export function conflictedOn(personId: string) {
  return { OR: [{ conflicts: { some: { personId } } }, { suspectPerson: { is: { chain: { some: { ancestorId: personId } } } } }] };
}

/** The same facts the other way round, for rules about other records that reach a case (alerts, referrals, samples). */
export function notConflictedOn(personId: string) {
  return {
    conflicts: { none: { personId } },
    AND: [{ OR: [{ suspectPersonId: null }, { NOT: { suspectPerson: { is: { chain: { some: { ancestorId: personId } } } } } }] }],
  };
}

/**
 * Nobody conflicted on a case may do anything with it, whatever the rules grant them (a PSD officer, DA coordinator,
 * NPCC officer or chief officer who is the suspect or above them included). Built last, so that it outranks every rule
 * that grants anything on a case (in CASL the later rule wins). One rule rather than a condition repeated in each: the
 * access scope then checks the conflict once, not once for each rule that applies (ADR 047).
 */
export function conflictedCaseRules({ cannot }: AbilityBuilder<AppAbility>, person: PolicyPerson): void {
  cannot("manage", "PoliceSuspectCase", conflictedOn(person.id));
}

/**
 * Police-suspect cases. No rule below lets the suspect or their line chain reach the case: `conflictedCaseRules`
 * refuses whoever is conflicted on it, whatever these grant.
 */
export function policeSuspectCaseRules({ can }: AbilityBuilder<AppAbility>, person: PolicyPerson): void {
  const now = person.now ?? new Date();
  const onTheList = { personId: person.id, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
  const declaredClear = { ...onTheList, declarationState: { in: [...CLEAR_DECLARATIONS] } };
  const brokeTheGlass = { breakGlass: { some: { personId: person.id, expiresAt: { gt: now } } } };

  // On the access list: the case is theirs to find and open, but its content waits for their declaration.
  can(["list", "open", "declare"], "PoliceSuspectCase", { access: { some: onTheList } });
  can("read", "PoliceSuspectCase", { access: { some: declaredClear } });
  can("readSafeguarding", "PoliceSuspectCase", {
    access: { some: { ...declaredClear, capacity: { in: [...SAFEGUARDING_CAPACITIES] } } },
  });

  const withCapacity = (capacities: readonly AccessCapacity[]) => ({
    access: { some: { ...declaredClear, capacity: { in: [...capacities] } } },
  });
  can("readCriminalTrack", "PoliceSuspectCase", withCapacity(CRIMINAL_TRACK_READERS));
  can("updateCriminalTrack", "PoliceSuspectCase", withCapacity(CRIMINAL_TRACK_WRITERS));
  can("readConductTrack", "PoliceSuspectCase", withCapacity(CONDUCT_TRACK_READERS));
  can("updateConductTrack", "PoliceSuspectCase", withCapacity(CONDUCT_TRACK_WRITERS));
  // The suspect's risk and duties plan and their welfare belong to the conduct track, and to its people.
  can("readSuspectPlan", "PoliceSuspectCase", withCapacity(CONDUCT_TRACK_READERS));
  can("updateSuspectPlan", "PoliceSuspectCase", withCapacity(CONDUCT_TRACK_WRITERS));
  // The case's own risk assessment (DASH-style) and its tracked items: PSD and safeguarding on the list assess and work
  // them; the supervising officer and oversight read them; a duty inspector on the list, of inspector rank or above,
  // decides threat to life (docs/features/risk-escalation.md). Nobody off the list, and nobody conflicted.
  can(["readCaseRisk", "assessCaseRisk"], "PoliceSuspectCase", withCapacity(CASE_RISK_WRITERS));
  can("readCaseRisk", "PoliceSuspectCase", withCapacity(CASE_RISK_READERS));
  if (person.roles.includes("DUTY_INSPECTOR") && person.level >= LEVEL.INSPECTOR)
    can(["readCaseRisk", "decideThreatToLife"], "PoliceSuspectCase", { access: { some: declaredClear } });
  // The authorisation is refused below chief inspector, whatever the person's place on the list.
  if (person.level >= RESTRICTION_MIN_LEVEL) can("authoriseRestriction", "PoliceSuspectCase", { access: { some: declaredClear } });
  // An owner PSD appoints manages the case's access list with PSD (once their own declaration is clear).
  can("manageAccess", "PoliceSuspectCase", {
    OR: [{ criminalOwnerId: person.id }, { conductOwnerId: person.id }],
    access: { some: declaredClear },
  });
  // The nominated NPCC officer directs the review of the investigation.
  if (person.roles.includes("NPCC_OFFICER")) can("recordReview", "PoliceSuspectCase", { access: { some: declaredClear } });

  // An employee victim recorded as an interested person (with their agreement) sees the updates PSD publishes to
  // them, and nothing else of the case.
  can("readUpdates", "PoliceSuspectCase", { interestedPersonId: person.id, interestedAgreedAt: { not: null } });

  // Whoever recorded the report keeps sight of what they submitted, and of nothing that follows.
  can("readSubmission", "PoliceSuspectCase", { reportedById: person.id });

  // Break-glass: time-limited, alerted and reviewed; restriction never stops someone protecting a person at risk.
  if (person.roles.some((role) => SAFEGUARDING_ROLES.includes(role))) {
    can("breakGlass", "PoliceSuspectCase");
    can(["list", "open", "read", "readSafeguarding"], "PoliceSuspectCase", brokeTheGlass);
  }

  // The nominated NPCC officer oversees PPDA cases with PSD: the dashboard, and that each case exists.
  if (person.roles.includes("NPCC_OFFICER")) {
    can("list", "PoliceSuspectCase");
    can("read", "CaseOversight");
  }

  if (person.roles.some((role) => PSD_ROLES.includes(role))) {
    // PSD oversees every case it is not conflicted on: it sees that each exists (reference, dates, status),
    can("list", "PoliceSuspectCase");
    can("read", "CaseOversight");
    // and manages a case's access list, declarations and access log once its own declaration is clear.
    can(
      ["manageAccess", "reviewDeclaration", "readAccessLog", "recordOwnership", "recordReview", "publishUpdate", "manageInterestedPerson"],
      "PoliceSuspectCase",
      { access: { some: declaredClear } },
    );
    // Alerts: every alert on a case they are not conflicted on, except alerts about themselves.
    can(["list", "read", "review"], "AccessAlert", { personId: { not: person.id }, case: notConflictedOn(person.id) });
  }
}
