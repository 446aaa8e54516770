import type { AbilityBuilder } from "@casl/ability";
import type { AppAbility, PolicyPerson } from "../subjects";
import { OUTSIDE_CASE_FILES } from "./police-suspect-cases";

/**
 * Retention, legal hold, subject access and the auditor's export (docs/features/retention-and-subject-access.md).
 * - Administrators see the retention schedule and what falls due in the next 30 days (counts only), and export the
 *   audit trail: in full the rows they may read, every other row as its seal alone, so the chain still verifies.
 * - The auditor exports the whole trail (audit rows carry no case content: ADR 037) and nothing else here.
 * - PSD places and lifts legal holds and handles subject-access requests, never one about themselves; a hold on
 *   themselves they may not lift either (nobody frees their own records for deletion).
 */
export function recordsRetentionRules({ can }: AbilityBuilder<AppAbility>, person: PolicyPerson): void {
  const roles = person.roles;
  if (roles.includes("ADMINISTRATOR")) {
    can(["read", "list"], "RetentionRule");
    can("export", "AuditEvent", OUTSIDE_CASE_FILES);
  }
  if (roles.includes("AUDITOR")) can("export", "AuditEvent");
  if (roles.includes("PSD_OFFICER") || roles.includes("HEAD_OF_PSD")) {
    can(["read", "list", "create"], "LegalHold");
    can("lift", "LegalHold", { liftedAt: null, OR: [{ personId: null }, { personId: { not: person.id } }] });
    const notAboutThemselves = { personId: { not: person.id } };
    can(["read", "list", "create"], "SubjectAccessRequest", notAboutThemselves);
    can("assemble", "SubjectAccessRequest", { ...notAboutThemselves, status: { in: ["RECEIVED", "ASSEMBLED"] } });
    can("deliver", "SubjectAccessRequest", { ...notAboutThemselves, status: "ASSEMBLED" });
  }
}
