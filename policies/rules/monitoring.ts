import type { AbilityBuilder } from "@casl/ability";
import type { Role } from "~/generated/prisma/enums";
import type { AppAbility, PolicyPerson } from "../subjects";
import { OUTSIDE_CASE_FILES, PSD_ROLES } from "./police-suspect-cases";

/** Who sees the monitoring figures (docs/features/monitoring-figures.md): PSD, the nominated NPCC officer, the auditor. */
export const FIGURES_ROLES: readonly Role[] = [...PSD_ROLES, "NPCC_OFFICER", "AUDITOR"];

/**
 * Monitoring figures and the read-only auditor. The figures are counts only (suppressed below 5, see
 * app/models/figures/suppression.ts): they name no case and no person, so the area carries no record-level rule.
 */
export function monitoringRules({ can }: AbilityBuilder<AppAbility>, person: PolicyPerson): void {
  if (person.roles.some((role) => FIGURES_ROLES.includes(role))) {
    can("read", "MonitoringFigures");
    can("export", "MonitoringFigures");
  }
}

/**
 * The auditor (an external or internal auditor of the portal): the general audit trail, read only, and the figures.
 * No case, request, record or person: no other rule names the role, so everything else stays refused.
 */
export function auditorRules({ can }: AbilityBuilder<AppAbility>): void {
  can(["read", "list"], "AuditEvent", OUTSIDE_CASE_FILES);
  can("read", "SecurityOverview");
}
