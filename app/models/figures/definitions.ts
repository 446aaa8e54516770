// What the monitoring figures count: one list of breakdowns per source. Each breakdown puts every item of its source
// into exactly one category, so all breakdowns of a source share their monthly and area totals (suppression.ts relies
// on it). To add a figure (MARAC, IDVA or threat-to-life items, say), add the field to the source's facts
// (facts.server.ts) and a breakdown here: the page, the chart, the CSV and the suppression follow.
import { ALERT_KIND_LABELS, ALERT_OUTCOME_LABELS, CRIMINAL_STATUS_LABELS, DUTIES_LABELS, RECEIVED_HOW_LABELS } from "~/models/cases/labels";
import { RISK_LEVEL_LABELS } from "~/models/support-request/labels";
import { equalityCategory, ETHNICITY_OPTIONS, GENDER_OPTIONS, NOT_RECORDED } from "./equality";

/** Every item of a source carries when it happened, where, and whether the viewer is in its conflict set. */
export interface FactBase {
  at: Date;
  areaUnitId: string | null;
  conflicted: boolean;
  /** How many items the row stands for, where the database counted them already (one unless said). */
  count?: number;
}

export interface CaseFact extends FactBase {
  receivedHow: string;
  suspectType: string | null;
  suspectLevel: number | null;
  suspectHomeForce: boolean;
  hasCriminal: boolean;
  hasConduct: boolean;
  criminalStatus: string | null;
  dutiesDecision: string | null;
  referToOtherForce: boolean | null;
  victimGender: string | null;
  victimEthnicity: string | null;
  /** Only to count repeat victims; never leaves the server. */
  victimPersonId: string | null;
  repeatReport: boolean | null;
  /** Hours from the report to the supervising officer's acknowledgement, and to the last step of the chain. */
  hoursToSupervisor: number | null;
  hoursToFullReferral: number | null;
}

export interface SupportFact extends FactBase {
  service: string;
  riskLevel: string | null;
  idvaReferral: boolean;
  maracReferral: boolean;
  gender: string | null;
  ethnicity: string | null;
}

export interface AlertFact extends FactBase {
  kind: string;
  outcome: string | null;
}

export interface StepFact extends FactBase {
  role: string;
  progress: string;
}

export interface Facts {
  cases: CaseFact[];
  support: SupportFact[];
  alerts: AlertFact[];
  steps: StepFact[];
}

export type SourceName = keyof Facts;

export interface Category {
  key: string;
  label: string;
}

export interface Breakdown<F> {
  id: string;
  title: string;
  /** What one item is, in the table's words ("cases", "requests"). */
  unit: string;
  categories: readonly Category[];
  categoryOf: (fact: F) => string;
}

const fromLabels = (labels: Record<string, string>): Category[] => Object.entries(labels).map(([key, label]) => ({ key, label }));
const yesNo = (yes: string, no: string, unknown?: string): Category[] => [
  { key: "yes", label: yes },
  { key: "no", label: no },
  ...(unknown ? [{ key: "unknown", label: unknown }] : []),
];
const flag = (value: boolean | null) => (value === null ? "unknown" : value ? "yes" : "no");
const equality = (options: readonly Category[] | readonly { value: string; label: string }[]): Category[] => [
  ...options.map((option) => ("value" in option ? { key: option.value, label: option.label } : option)),
  { key: NOT_RECORDED, label: "Not recorded" },
];

/** Rank bands: constable or sergeant; inspector or chief inspector; superintendents; chief officers (DOMAIN.md). */
export function rankBand(level: number | null, homeForce: boolean): string {
  if (!homeForce) return "other-force";
  if (level === null) return "unknown";
  if (level <= 2) return "1-2";
  if (level <= 4) return "3-4";
  if (level <= 6) return "5-6";
  return "7-9";
}

function track(fact: CaseFact): string {
  if (fact.hasCriminal && fact.hasConduct) return "both";
  if (fact.hasConduct) return "conduct";
  if (fact.hasCriminal) return "criminal";
  return "none";
}

export const CASE_BREAKDOWNS: Breakdown<CaseFact>[] = [
  {
    id: "case-received",
    title: "Police-suspect cases by how they were received",
    unit: "cases",
    categories: fromLabels(RECEIVED_HOW_LABELS),
    categoryOf: (fact) => fact.receivedHow,
  },
  {
    id: "case-suspect-role",
    title: "Police-suspect cases by the suspect's role",
    unit: "cases",
    categories: [
      { key: "OFFICER", label: "Police officer" },
      { key: "STAFF", label: "Police staff" },
      { key: "other-force", label: "Employed by another force" },
    ],
    categoryOf: (fact) => (fact.suspectHomeForce ? (fact.suspectType ?? "OFFICER") : "other-force"),
  },
  {
    id: "case-rank-band",
    title: "Police-suspect cases by the suspect's rank band",
    unit: "cases",
    categories: [
      { key: "1-2", label: "Constable or sergeant (or equivalent grade)" },
      { key: "3-4", label: "Inspector or chief inspector" },
      { key: "5-6", label: "Superintendent or chief superintendent" },
      { key: "7-9", label: "Chief officer" },
      { key: "other-force", label: "Another force" },
      { key: "unknown", label: "Not known" },
    ],
    categoryOf: (fact) => rankBand(fact.suspectLevel, fact.suspectHomeForce),
  },
  {
    id: "case-track",
    title: "Police-suspect cases by track",
    unit: "cases",
    categories: [
      { key: "both", label: "Criminal and conduct" },
      { key: "conduct", label: "Conduct only" },
      { key: "criminal", label: "Criminal only" },
      { key: "none", label: "Not yet recorded" },
    ],
    categoryOf: track,
  },
  {
    id: "case-criminal-outcome",
    title: "Criminal track: where each case stands or ended",
    unit: "cases",
    categories: [...fromLabels(CRIMINAL_STATUS_LABELS), { key: "none", label: "No criminal track" }],
    categoryOf: (fact) => fact.criminalStatus ?? "none",
  },
  {
    id: "case-duties",
    title: "Conduct track: suspension and restriction of duties",
    unit: "cases",
    categories: [...fromLabels(DUTIES_LABELS), { key: "none", label: "No conduct track" }],
    categoryOf: (fact) => fact.dutiesDecision ?? "none",
  },
  {
    id: "case-other-force",
    title: "Referral of the investigation to another force",
    unit: "cases",
    categories: yesNo("Referred to another force", "Kept in force", "No ownership decision yet"),
    categoryOf: (fact) => flag(fact.referToOtherForce),
  },
  {
    id: "case-repeat",
    title: "Repeat reports: the employee victim was named in another report in the previous 12 months",
    unit: "cases",
    categories: yesNo("Repeat report", "First report in 12 months", "Victim not an employee"),
    categoryOf: (fact) => flag(fact.repeatReport),
  },
  {
    id: "case-victim-gender",
    title: "Police-suspect cases by the employee victim's gender",
    unit: "cases",
    categories: equality(GENDER_OPTIONS),
    categoryOf: (fact) => equalityCategory(GENDER_OPTIONS, fact.victimGender),
  },
  {
    id: "case-victim-ethnicity",
    title: "Police-suspect cases by the employee victim's ethnic group",
    unit: "cases",
    categories: equality(ETHNICITY_OPTIONS),
    categoryOf: (fact) => equalityCategory(ETHNICITY_OPTIONS, fact.victimEthnicity),
  },
];

export const SUPPORT_BREAKDOWNS: Breakdown<SupportFact>[] = [
  {
    id: "support-service",
    title: "Support requests by service",
    unit: "requests",
    categories: [
      { key: "STAFF_IDVA", label: "Staff IDVA service" },
      { key: "DA_CHAMPION", label: "Workplace champions" },
      { key: "OCCUPATIONAL_HEALTH", label: "Occupational health" },
      { key: "WELFARE", label: "Welfare" },
      { key: "OTHER", label: "Another service" },
    ],
    categoryOf: (fact) => (["STAFF_IDVA", "DA_CHAMPION", "OCCUPATIONAL_HEALTH", "WELFARE"].includes(fact.service) ? fact.service : "OTHER"),
  },
  {
    id: "support-risk",
    title: "Support requests by risk level (the latest assessment)",
    unit: "requests",
    categories: [...fromLabels(RISK_LEVEL_LABELS), { key: "none", label: "Not assessed" }],
    categoryOf: (fact) => fact.riskLevel ?? "none",
  },
  {
    id: "support-marac",
    title: "Support requests referred to MARAC",
    unit: "requests",
    categories: yesNo("Referred to MARAC", "Not referred"),
    categoryOf: (fact) => flag(fact.maracReferral),
  },
  {
    id: "support-idva",
    title: "Support requests referred to an IDVA",
    unit: "requests",
    categories: yesNo("Referred to an IDVA", "Not referred"),
    categoryOf: (fact) => flag(fact.idvaReferral),
  },
  {
    id: "support-gender",
    title: "Support requests by the employee's gender",
    unit: "requests",
    categories: equality(GENDER_OPTIONS),
    categoryOf: (fact) => equalityCategory(GENDER_OPTIONS, fact.gender),
  },
  {
    id: "support-ethnicity",
    title: "Support requests by the employee's ethnic group",
    unit: "requests",
    categories: equality(ETHNICITY_OPTIONS),
    categoryOf: (fact) => equalityCategory(ETHNICITY_OPTIONS, fact.ethnicity),
  },
];

export const ALERT_BREAKDOWNS: Breakdown<AlertFact>[] = [
  {
    id: "alert-kind",
    title: "Access alerts and break-glass by kind",
    unit: "alerts",
    categories: fromLabels(ALERT_KIND_LABELS),
    categoryOf: (fact) => fact.kind,
  },
  {
    id: "alert-outcome",
    title: "Access alerts by review outcome",
    unit: "alerts",
    categories: [...fromLabels(ALERT_OUTCOME_LABELS), { key: "none", label: "Awaiting review" }],
    categoryOf: (fact) => fact.outcome ?? "none",
  },
];

export const STEP_PROGRESS: Category[] = [
  { key: "in-time", label: "Acknowledged or delivered without a reminder" },
  { key: "reminded", label: "Acknowledged after a reminder" },
  { key: "passed-on", label: "Escalated or passed on" },
  { key: "overdue", label: "Overdue now" },
  { key: "waiting", label: "Waiting, not yet due" },
  { key: "no-recipient", label: "Nobody could receive it" },
];

export const STEP_BREAKDOWNS: Breakdown<StepFact>[] = [
  { id: "step-progress", title: "Referral chain steps: on time and overdue", unit: "steps", categories: STEP_PROGRESS, categoryOf: (fact) => fact.progress },
];

export const BREAKDOWNS: { [S in SourceName]: Breakdown<Facts[S][number]>[] } = {
  cases: CASE_BREAKDOWNS,
  support: SUPPORT_BREAKDOWNS,
  alerts: ALERT_BREAKDOWNS,
  steps: STEP_BREAKDOWNS,
};

export const SOURCE_TITLES: Record<SourceName, string> = {
  cases: "Police-suspect cases by area",
  support: "Support requests by the employee's area",
  alerts: "Access alerts and break-glass by area",
  steps: "Referral chain steps by area",
};
