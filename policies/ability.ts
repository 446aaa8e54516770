import { AbilityBuilder } from "@casl/ability";
import { createPrismaAbility } from "@casl/prisma/runtime";
import { administratorRules } from "./rules/administrator";
import { lineManagerRules } from "./rules/line-manager";
import { managerGuideRules } from "./rules/manager-guide";
import { dipSamplingRules } from "./rules/dip-sampling";
import { auditorRules, monitoringRules } from "./rules/monitoring";
import { conflictedCaseRules, policeSuspectCaseRules } from "./rules/police-suspect-cases";
import { professionalStandardsRules } from "./rules/professional-standards";
import { quietReadRules } from "./rules/quiet-reads";
import { recordsRetentionRules } from "./rules/records-retention";
import { referralRules } from "./rules/referrals";
import { staffRules } from "./rules/staff";
import { safetyPlanRules } from "./rules/safety-plan";
import { supportDirectoryAdministration, supportRules } from "./rules/support";
import type { AppAbility, PolicyPerson } from "./subjects";

/**
 * The one place that says who may do what. Deny by default: a person can do only what a rule below grants.
 * Rules that depend on a record are conditions, so the same rule checks one record and filters lists in the
 * database (`accessibleBy`).
 */
export function defineAbilityFor(person: PolicyPerson): AppAbility {
  const builder = new AbilityBuilder<AppAbility>(createPrismaAbility);
  staffRules(builder, person);
  lineManagerRules(builder, person);
  policeSuspectCaseRules(builder, person);
  referralRules(builder, person);
  supportRules(builder, person);
  safetyPlanRules(builder, person);
  managerGuideRules(builder, person);
  quietReadRules(builder, person);
  recordsRetentionRules(builder, person);
  monitoringRules(builder, person);
  dipSamplingRules(builder, person);
  if (person.roles.includes("ADMINISTRATOR")) administratorRules(builder, person);
  if (person.roles.includes("ADMINISTRATOR")) supportDirectoryAdministration(builder);
  if (person.roles.includes("PSD_OFFICER") || person.roles.includes("HEAD_OF_PSD")) professionalStandardsRules(builder);
  if (person.roles.includes("AUDITOR")) auditorRules(builder);
  // Last: it outranks every rule above that grants anything on a case.
  conflictedCaseRules(builder, person);
  return builder.build();
}

export type { AppAbility, PolicyPerson } from "./subjects";
