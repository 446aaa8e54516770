import type { AbilityBuilder } from "@casl/ability";
import type { AppAbility } from "../subjects";

/** PSD and its head oversee access to protected records: they read the audit trail. */
export function professionalStandardsRules({ can }: AbilityBuilder<AppAbility>): void {
  can(["read", "list"], "AuditEvent");
  can("read", "SecurityOverview");
}
