import type { AbilityBuilder } from "@casl/ability";
import type { AppAbility, PolicyPerson } from "../subjects";

/**
 * The supportive-conversation guide, conversation records and the employee's incident log (docs/features/manager-guide-and-incident-log.md).
 *
 * - The guide is not secret: every employee may read it; administrators edit it (and nothing else here).
 * - A conversation record is seen by the employee it is about, and by the manager who wrote it only while that
 *   manager is still the employee's line manager and the employee has not asked for its removal. Nobody else: not
 *   the manager's manager, not HR-like administrators, not PSD, not colleagues.
 * - A manager records a conversation only for someone who reports to them directly now.
 * - The incident log is the employee's alone. Sharing it is for the consent ledger: a rule granting sight of
 *   entries to someone the employee chose belongs here, as a condition on the entry's consent grants, so the same
 *   rule filters lists in the database. Until that exists nobody but the employee can see an entry.
 */
export function managerGuideRules({ can }: AbilityBuilder<AppAbility>, person: PolicyPerson): void {
  can("read", "GuideSection");

  // The line manager who wrote the record, while they still manage the employee and the record stands.
  const stillTheirManager = { managerId: person.id, withdrawnAt: null, employee: { is: { lineManagerId: person.id } } };
  can(["read", "list"], "ConversationRecord", stillTheirManager);
  can("create", "ConversationRecord", { managerId: person.id, employee: { is: { lineManagerId: person.id, active: true } } });
  // The employee it is about: always (a removed record stays as a tombstone only they see).
  can(["read", "list"], "ConversationRecord", { employeeId: person.id });
  can("respond", "ConversationRecord", { employeeId: person.id, withdrawnAt: null });

  // A referral to a support service, with the employee's consent: the manager starts a draft addressed to someone who
  // reports to them now; the draft is then the employee's alone (the support rules never show a draft to anyone else).
  can("refer", "Person", { lineManagerId: person.id, active: true });

  // The employee's own incident log: write, read, annotate and export; no rule anywhere allows a change or deletion.
  can(["read", "list", "create", "annotate", "export"], "IncidentEntry", { personId: person.id });
  can(["read", "list"], "IncidentAnnotation", { entry: { is: { personId: person.id } } });
}
