// What each tracked risk item is, who owns it, when it is due and to whom it escalates: data, read by the items
// model, the scheduler and the pages (docs/features/risk-escalation.md).
import type { RiskItemKind, Role } from "~/generated/prisma/enums";

/** Who is reminded of an item: holders of these roles, or the service the request was sent to (its queue role). */
export type ItemOwners = { roles: readonly Role[] } | "service";

/** How long an item has: hours from when it opened, or England and Wales working days after the day it opened. */
export type ItemWindow = { hours: number } | { workingDays: number };

/** Which setting (app/config/env.server.ts) gives an item's window: configuration, with the policy's figures as defaults. */
export type WindowSetting =
  | { hours: "SUPPORT_ACKNOWLEDGE_HOURS" | "RISK_THREAT_TO_LIFE_HOURS" }
  | { workingDays: "RISK_FIRST_CONTACT_WORKING_DAYS" | "RISK_MARAC_WORKING_DAYS" | "RISK_IDVA_WORKING_DAYS" };

export interface ItemRule {
  label: string;
  owners: ItemOwners;
  /** Told when the deadline passes after a reminder (content-free), and shown the item as escalated. */
  escalateTo: readonly Role[];
  window: WindowSetting;
}

export const ITEM_RULES: Record<RiskItemKind, ItemRule> = {
  ACKNOWLEDGE: { label: "Acknowledge the request", owners: "service", escalateTo: ["DA_COORDINATOR"], window: { hours: "SUPPORT_ACKNOWLEDGE_HOURS" } },
  FIRST_CONTACT: {
    label: "First contact (medium risk)",
    owners: "service",
    escalateTo: ["DA_COORDINATOR"],
    window: { workingDays: "RISK_FIRST_CONTACT_WORKING_DAYS" },
  },
  THREAT_TO_LIFE: {
    label: "Threat-to-life decision by the duty inspector",
    owners: { roles: ["DUTY_INSPECTOR"] },
    escalateTo: ["DA_COORDINATOR"],
    window: { hours: "RISK_THREAT_TO_LIFE_HOURS" },
  },
  MARAC: { label: "MARAC referral", owners: { roles: ["DA_COORDINATOR"] }, escalateTo: ["DUTY_INSPECTOR"], window: { workingDays: "RISK_MARAC_WORKING_DAYS" } },
  IDVA: { label: "IDVA referral", owners: "service", escalateTo: ["DA_COORDINATOR"], window: { workingDays: "RISK_IDVA_WORKING_DAYS" } },
};

/** What a high-risk assessment opens, and a medium one. */
export const OPENED_BY_LEVEL: Record<"HIGH" | "MEDIUM" | "STANDARD", readonly RiskItemKind[]> = {
  HIGH: ["THREAT_TO_LIFE", "MARAC", "IDVA"],
  MEDIUM: ["FIRST_CONTACT"],
  STANDARD: [],
};

export const IDVA_RESPONSES = { ACCEPTED: "Accepted", DECLINED: "Declined" } as const;

/** The roles that own or are escalated risk deadlines: the support page links them to their list. */
const DEADLINE_ROLES: readonly Role[] = [
  "DUTY_INSPECTOR",
  "DA_COORDINATOR",
  "STAFF_IDVA_LIAISON",
  "DA_CHAMPION",
  "OCCUPATIONAL_HEALTH",
  "WELFARE",
  // PSD on a police-suspect case assess its risk and work its items.
  "PSD_OFFICER",
  "HEAD_OF_PSD",
];

export function ownsRiskDeadlines(roles: readonly Role[]): boolean {
  return roles.some((role) => DEADLINE_ROLES.includes(role));
}
