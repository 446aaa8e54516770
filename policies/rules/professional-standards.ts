import type { AbilityBuilder } from "@casl/ability";
import type { AppAbility } from "../subjects";
import { OUTSIDE_CASE_FILES } from "./police-suspect-cases";

/** PSD and its head oversee access to protected records: they read the audit trail (a case's own rows are in its access log). */
export function professionalStandardsRules({ can }: AbilityBuilder<AppAbility>): void {
  can(["read", "list"], "AuditEvent", OUTSIDE_CASE_FILES);
  can("read", "SecurityOverview");
}
