// What each tracked risk item is, who owns it, when it is due and to whom it escalates: data, read by the items
// model, the scheduler and the pages (docs/features/risk-escalation.md).
import type { RiskItemKind, Role } from "~/generated/prisma/enums";

/** Who is reminded of an item: holders of these roles, or the service the request was sent to (its queue role). */
export type ItemOwners = { roles: readonly Role[] } | "service";

/** How long an item has: hours from when it opened, or England and Wales working days after the day it opened. */
export type ItemWindow = { hours: number } | { workingDays: number };

export interface ItemRule {
  label: string;
  owners: ItemOwners;
  /** Told when the deadline passes after a reminder (content-free), and shown the item as escalated. */
  escalateTo: readonly Role[];
  /** Null for ACKNOWLEDGE: its window is a setting (SUPPORT_ACKNOWLEDGE_HOURS). */
  window: ItemWindow | null;
}

export const ITEM_RULES: Record<RiskItemKind, ItemRule> = {
  ACKNOWLEDGE: { label: "Acknowledge the request", owners: "service", escalateTo: ["DA_COORDINATOR"], window: null },
  FIRST_CONTACT: { label: "First contact (medium risk)", owners: "service", escalateTo: ["DA_COORDINATOR"], window: { workingDays: 5 } },
  THREAT_TO_LIFE: {
    label: "Threat-to-life decision by the duty inspector",
    owners: { roles: ["DUTY_INSPECTOR"] },
    escalateTo: ["DA_COORDINATOR"],
    window: { hours: 4 },
  },
  MARAC: { label: "MARAC referral", owners: { roles: ["DA_COORDINATOR"] }, escalateTo: ["DUTY_INSPECTOR"], window: { workingDays: 5 } },
  IDVA: { label: "IDVA referral", owners: "service", escalateTo: ["DA_COORDINATOR"], window: { workingDays: 2 } },
};

/** What a high-risk assessment opens, and a medium one. */
export const OPENED_BY_LEVEL: Record<"HIGH" | "MEDIUM" | "STANDARD", readonly RiskItemKind[]> = {
  HIGH: ["THREAT_TO_LIFE", "MARAC", "IDVA"],
  MEDIUM: ["FIRST_CONTACT"],
  STANDARD: [],
};

export const IDVA_RESPONSES = { ACCEPTED: "Accepted", DECLINED: "Declined" } as const;

/** The roles that own or are escalated risk deadlines: the support page links them to their list. */
const DEADLINE_ROLES: readonly Role[] = ["DUTY_INSPECTOR", "DA_COORDINATOR", "STAFF_IDVA_LIAISON", "DA_CHAMPION", "OCCUPATIONAL_HEALTH", "WELFARE"];

export function ownsRiskDeadlines(roles: readonly Role[]): boolean {
  return roles.some((role) => DEADLINE_ROLES.includes(role));
}
