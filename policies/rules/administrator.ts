import type { AbilityBuilder } from "@casl/ability";
import type { AppAbility, PolicyPerson } from "../subjects";
import { OUTSIDE_CASE_FILES } from "./police-suspect-cases";

/**
 * Administrators keep the organisation data (people, units, roles) and sign-in security. They see the security
 * events of the audit trail. Nothing here reaches support or case records: those rules live with their own subjects.
 */
export function administratorRules({ can, cannot }: AbilityBuilder<AppAbility>, person: PolicyPerson): void {
  can("read", "AdminArea");
  can(["read", "list", "create", "update"], "Person");
  can(["read", "list", "create", "update"], "Unit");
  // Forces' contacts: other forces' NPCC and PSD mailboxes, and the PCC's mailbox (the referral chain reaches them).
  can(["read", "list", "create", "update"], "Force");
  can(["read", "list", "create", "update"], "RoleAssignment");
  can(["read", "list", "unlock"], "Credential");
  can(["read", "list"], "AuditEvent", OUTSIDE_CASE_FILES);
  can("read", "SecurityOverview");
  // The manager's guide is content they keep; conversation records and incident logs are never theirs to see.
  can("update", "GuideSection");
  // Granting oneself a role is the one change an administrator must ask a colleague for.
  cannot(["create", "update"], "RoleAssignment", { personId: person.id }).because("cannot change your own roles");
}
