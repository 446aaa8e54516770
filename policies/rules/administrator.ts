import type { AbilityBuilder } from "@casl/ability";
import type { AppAbility, PolicyPerson } from "../subjects";
import { OUTSIDE_CASE_FILES } from "./police-suspect-cases";
import { EQUALITY_FIELDS } from "./staff";

/** The fields of one's own record that decide one's place in the organisation, and so one's access. */
export const SELF_PRIVILEGE_FIELDS = ["employeeType", "rank", "staffGradeCode", "level", "forceId", "unitId", "lineManagerId", "workEmail"];

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
  // Mail the portal gave up on (refused by the mail server, or undelivered for 72 hours): theirs to put right. Never the
  // mail still in the queue or delivered.
  can("list", "OutboxMessage", { status: "FAILED" });
  // The manager's guide is content they keep; conversation records and incident logs are never theirs to see.
  can("update", "GuideSection");
  // Four eyes on privilege (docs/decisions/023): a role granted, a rank, a unit, a line manager or a work email
  // changed is proposed by one administrator and decided by another, never by the proposer nor the person concerned.
  can(["read", "list"], "PersonChangeProposal");
  can("create", "PersonChangeProposal", { personId: { not: person.id } });
  can("decide", "PersonChangeProposal", { proposedById: { not: person.id }, personId: { not: person.id } });
  can("withdraw", "PersonChangeProposal", { proposedById: person.id });
  // Nobody changes their own roles, rank, unit or line manager: not even by proposing it.
  cannot(["create", "update"], "RoleAssignment", { personId: person.id }).because("cannot change your own roles");
  cannot("update", "Person", SELF_PRIVILEGE_FIELDS, { id: person.id }).because("cannot change your own rank, unit or line manager");
  // Gender and ethnic group are the person's own answers, for equality monitoring in aggregate only.
  cannot("update", "Person", EQUALITY_FIELDS, { id: { not: person.id } }).because("only the person records their own equality answers");
}
