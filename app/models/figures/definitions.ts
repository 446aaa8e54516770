// What the monitoring figures count: one list of breakdowns per source. Each breakdown puts every item of its source
// into exactly one category, so all breakdowns of a source share their monthly and area totals (suppression.ts relies
// on it). To add a figure (MARAC, IDVA or threat-to-life items, say), add the field to the source's facts
// (facts.server.ts) and a breakdown here: the page, the chart, the CSV and the suppression follow.
import { ALERT_KIND_LABELS, ALERT_OUTCOME_LABELS, CASE_ORIGIN_LABELS, CRIMINAL_STATUS_LABELS, DUTIES_LABELS, RECEIVED_HOW_LABELS } from "~/models/cases/labels";
import { RISK_LEVEL_LABELS } from "~/models/support-request/labels";
import { equalityCategory, ETHNICITY_OPTIONS, GENDER_OPTIONS, NOT_RECORDED } from "./equality";

/**
 * The fields of one item (case, support request, alert, referral step) that its source's breakdowns read. Items are
 * never read into the server one by one: the database counts them per area, UK month, "viewer conflicted" and the
 * fields each breakdown declares (facts.server.ts), and `categoryOf` names the category of each such group.
 */
export interface CaseFact {
  receivedHow: string;
  origin: string;
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
  /** The employee victim was named in another report in the 12 months before; null when the victim is not an employee. */
  repeatReport: boolean | null;
}

export interface SupportFact {
  service: string;
  riskLevel: string | null;
  idvaReferral: boolean;
  maracReferral: boolean;
  gender: string | null;
  ethnicity: string | null;
}

export interface AlertFact {
  kind: string;
  outcome: string | null;
}

export interface StepFact {
  progress: string;
}

export interface SourceFacts {
  cases: CaseFact;
  support: SupportFact;
  alerts: AlertFact;
  steps: StepFact;
}

export type SourceName = keyof SourceFacts;

/** Items counted together by the database: where, in which UK month (0–11), whether the viewer is in their conflict set. */
export interface CountedGroup<F> {
  areaUnitId: string | null;
  month: number;
  conflicted: boolean;
  count: number;
  /** Only the fields the group's breakdown declares are set. */
  fact: F;
}

/** Hours from report to a stage of the referral chain, over a group of cases: how many, how many the viewer is
 * conflicted on, median and 90th percentile (PostgreSQL's percentile_cont: linear between the nearest ranks). */
export interface HoursSummary {
  count: number;
  conflicted: number;
  median: number | null;
  p90: number | null;
}

/** The case figures that are not counts of a breakdown, for one month (or the year: null) and one area (or all). */
export interface CaseSummary {
  month: number | null;
  /** The whole force when `allAreas`; otherwise one area's unit id (null: no area recorded). */
  allAreas: boolean;
  areaUnitId: string | null;
  supervisor: HoursSummary;
  fullReferral: HoursSummary;
  /** Employee victims with two or more reports within 12 months, the later one here; and of them, how many the
   * viewer is conflicted on one of those reports of. */
  repeatVictims: number;
  repeatVictimsConflicted: number;
}

/** What the database counted for a period: per source, one list of groups per breakdown (BREAKDOWNS' order). */
export interface Facts {
  counts: { [S in SourceName]: CountedGroup<SourceFacts[S]>[][] };
  caseSummaries: CaseSummary[];
}

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
  /** The fields `categoryOf` reads: the database groups the items by them. */
  fields: readonly (keyof F & string)[];
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
    fields: ["receivedHow"],
    categoryOf: (fact) => fact.receivedHow,
  },
  {
    id: "case-origin",
    title: "Police-suspect cases by origin: reports and admissions",
    unit: "cases",
    categories: fromLabels(CASE_ORIGIN_LABELS),
    fields: ["origin"],
    categoryOf: (fact) => fact.origin,
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
    fields: ["suspectHomeForce", "suspectType"],
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
    fields: ["suspectHomeForce", "suspectLevel"],
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
    fields: ["hasCriminal", "hasConduct"],
    categoryOf: track,
  },
  {
    id: "case-criminal-outcome",
    title: "Criminal track: where each case stands or ended",
    unit: "cases",
    categories: [...fromLabels(CRIMINAL_STATUS_LABELS), { key: "none", label: "No criminal track" }],
    fields: ["criminalStatus"],
    categoryOf: (fact) => fact.criminalStatus ?? "none",
  },
  {
    id: "case-duties",
    title: "Conduct track: suspension and restriction of duties",
    unit: "cases",
    categories: [...fromLabels(DUTIES_LABELS), { key: "none", label: "No conduct track" }],
    fields: ["dutiesDecision"],
    categoryOf: (fact) => fact.dutiesDecision ?? "none",
  },
  {
    id: "case-other-force",
    title: "Referral of the investigation to another force",
    unit: "cases",
    categories: yesNo("Referred to another force", "Kept in force", "No ownership decision yet"),
    fields: ["referToOtherForce"],
    categoryOf: (fact) => flag(fact.referToOtherForce),
  },
  {
    id: "case-repeat",
    title: "Repeat reports: the employee victim was named in another report in the previous 12 months",
    unit: "cases",
    categories: yesNo("Repeat report", "First report in 12 months", "Victim not an employee"),
    fields: ["repeatReport"],
    categoryOf: (fact) => flag(fact.repeatReport),
  },
  {
    id: "case-victim-gender",
    title: "Police-suspect cases by the employee victim's gender",
    unit: "cases",
    categories: equality(GENDER_OPTIONS),
    fields: ["victimGender"],
    categoryOf: (fact) => equalityCategory(GENDER_OPTIONS, fact.victimGender),
  },
  {
    id: "case-victim-ethnicity",
    title: "Police-suspect cases by the employee victim's ethnic group",
    unit: "cases",
    categories: equality(ETHNICITY_OPTIONS),
    fields: ["victimEthnicity"],
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
    fields: ["service"],
    categoryOf: (fact) => (["STAFF_IDVA", "DA_CHAMPION", "OCCUPATIONAL_HEALTH", "WELFARE"].includes(fact.service) ? fact.service : "OTHER"),
  },
  {
    id: "support-risk",
    title: "Support requests by risk level (the latest assessment)",
    unit: "requests",
    categories: [...fromLabels(RISK_LEVEL_LABELS), { key: "none", label: "Not assessed" }],
    fields: ["riskLevel"],
    categoryOf: (fact) => fact.riskLevel ?? "none",
  },
  {
    id: "support-marac",
    title: "Support requests referred to MARAC",
    unit: "requests",
    categories: yesNo("Referred to MARAC", "Not referred"),
    fields: ["maracReferral"],
    categoryOf: (fact) => flag(fact.maracReferral),
  },
  {
    id: "support-idva",
    title: "Support requests referred to an IDVA",
    unit: "requests",
    categories: yesNo("Referred to an IDVA", "Not referred"),
    fields: ["idvaReferral"],
    categoryOf: (fact) => flag(fact.idvaReferral),
  },
  {
    id: "support-gender",
    title: "Support requests by the employee's gender",
    unit: "requests",
    categories: equality(GENDER_OPTIONS),
    fields: ["gender"],
    categoryOf: (fact) => equalityCategory(GENDER_OPTIONS, fact.gender),
  },
  {
    id: "support-ethnicity",
    title: "Support requests by the employee's ethnic group",
    unit: "requests",
    categories: equality(ETHNICITY_OPTIONS),
    fields: ["ethnicity"],
    categoryOf: (fact) => equalityCategory(ETHNICITY_OPTIONS, fact.ethnicity),
  },
];

export const ALERT_BREAKDOWNS: Breakdown<AlertFact>[] = [
  {
    id: "alert-kind",
    title: "Access alerts and break-glass by kind",
    unit: "alerts",
    categories: fromLabels(ALERT_KIND_LABELS),
    fields: ["kind"],
    categoryOf: (fact) => fact.kind,
  },
  {
    id: "alert-outcome",
    title: "Access alerts by review outcome",
    unit: "alerts",
    categories: [...fromLabels(ALERT_OUTCOME_LABELS), { key: "none", label: "Awaiting review" }],
    fields: ["outcome"],
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
  {
    id: "step-progress",
    title: "Referral chain steps: on time and overdue",
    unit: "steps",
    categories: STEP_PROGRESS,
    fields: ["progress"],
    categoryOf: (fact) => fact.progress,
  },
];

export const BREAKDOWNS: { [S in SourceName]: Breakdown<SourceFacts[S]>[] } = {
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
