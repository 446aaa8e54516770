// The workplace safety plan's policy as a table: who may do what with one measure of an employee's plan.
// `safety-plan-policy-table.test.ts` checks every row against the rules, on the measure as a record and through the
// database filter every page uses. The people are those of the support table, with a reception colleague added.
import type { PolicyPerson } from "./subjects";
import { supportPeople, supportRequests, type RequestKey } from "./support-policy-table";

export const safetyPeople = {
  employee: supportPeople.employee,
  lineManager: supportPeople.lineManager,
  receptionColleague: { id: "00000000-0000-4000-8000-000000000230", forceId: "f1", unitId: "u6", level: 1, roles: [] },
  colleague: supportPeople.colleague,
  administrator: supportPeople.administrator,
  psdOfficer: supportPeople.psdOfficer,
  chosenSupporter: supportPeople.chosenSupporter,
  otherServiceSupporter: supportPeople.otherServiceSupporter,
  daCoordinatorWithOverride: supportPeople.daCoordinatorWithOverride,
} satisfies Record<string, PolicyPerson>;
export type SafetyPersona = keyof typeof safetyPeople;

export interface MeasureScenario {
  id: string;
  /** The support request it is worked on with (its consents decide the supporter's reach). */
  request: RequestKey | null;
  agreed: boolean;
  grants: { to: SafetyPersona; withdrawn?: boolean }[];
}

const id = (n: number) => `00000000-0000-4000-8000-00000000d0${String(n).padStart(2, "0")}`;

export const safetyMeasures = {
  /** M1: worked on with the IDVA service (request B); the employee let their line manager see it. */
  M1: { id: id(1), request: "B", agreed: true, grants: [{ to: "lineManager" }] },
  /** M2: reception's measure (a description of the person and their vehicle), shown to a reception colleague only. */
  M2: { id: id(2), request: "B", agreed: true, grants: [{ to: "receptionColleague" }] },
  /** M3: the line manager's sight of it was withdrawn. */
  M3: { id: id(3), request: null, agreed: true, grants: [{ to: "lineManager", withdrawn: true }] },
  /** M4: changed by the supporter after the grant, so waiting for the employee to agree again. */
  M4: { id: id(4), request: "B", agreed: false, grants: [{ to: "lineManager" }] },
  /** M5: worked on with the IDVA service, whose consent on that request (C) was withdrawn. */
  M5: { id: id(5), request: "C", agreed: true, grants: [] },
} satisfies Record<string, MeasureScenario>;
export type MeasureKey = keyof typeof safetyMeasures;

export const SAFETY_ACTIONS = ["list", "read", "create", "update", "agree", "manageConsent"] as const;
export type SafetyAction = (typeof SAFETY_ACTIONS)[number];
export const SAFETY_ACTION_LABELS: Record<SafetyAction, string> = {
  list: "see that the measure exists (lists)",
  read: "open the measure (its own instructions, owner, status, review date)",
  create: "add or propose it",
  update: "change it (a supporter's change needs agreeing again)",
  agree: "agree it",
  manageConsent: "choose who may see it, withdraw that, and see who opened it",
};

export interface SafetyPolicyRow {
  who: SafetyPersona;
  as: string;
  measure: MeasureKey;
  allowed: SafetyAction[];
  because: string;
}

const OWN: SafetyAction[] = ["list", "read", "create", "update", "agree", "manageConsent"];
const SUPPORTER: SafetyAction[] = ["list", "read", "create", "update"];
const SIGHT: SafetyAction[] = ["list", "read"];

export const safetyPolicyTable: SafetyPolicyRow[] = [
  { who: "employee", as: "the employee", measure: "M1", allowed: OWN, because: "their plan: they agree it and decide who sees each measure" },
  {
    who: "employee",
    as: "the employee, on a measure waiting for their agreement",
    measure: "M4",
    allowed: OWN,
    because: "they agree it, change it, or leave it",
  },
  {
    who: "lineManager",
    as: "their line manager, granted sight of this measure",
    measure: "M1",
    allowed: SIGHT,
    because: "the employee chose to let them see this measure, and only this one",
  },
  {
    who: "lineManager",
    as: "their line manager, without a grant for this measure",
    measure: "M2",
    allowed: [],
    because: "a grant is per measure: nothing else of the plan",
  },
  {
    who: "lineManager",
    as: "their line manager, after the employee withdrew the grant",
    measure: "M3",
    allowed: [],
    because: "withdrawn: the next request is “not found”",
  },
  {
    who: "lineManager",
    as: "their line manager, on a measure changed since and not yet agreed again",
    measure: "M4",
    allowed: [],
    because: "nobody is shown words the employee has not agreed",
  },
  {
    who: "receptionColleague",
    as: "a reception colleague, granted sight of the reception measure",
    measure: "M2",
    allowed: SIGHT,
    because: "they see the description they need, not why",
  },
  { who: "receptionColleague", as: "a reception colleague, on another measure", measure: "M1", allowed: [], because: "a grant is per measure" },
  { who: "colleague", as: "a colleague in the same team", measure: "M1", allowed: [], because: "colleagues see nothing" },
  { who: "administrator", as: "an administrator (HR-like)", measure: "M1", allowed: [], because: "administration gives no sight of anyone's plan" },
  { who: "psdOfficer", as: "the head of professional standards", measure: "M1", allowed: [], because: "PSD sees nothing of the support route by default" },
  {
    who: "daCoordinatorWithOverride",
    as: "a DA coordinator (safeguarding lead)",
    measure: "M1",
    allowed: [],
    because: "an override on a request opens that request, not the plan",
  },
  {
    who: "chosenSupporter",
    as: "a staff IDVA liaison, the service the measure is worked on with",
    measure: "M1",
    allowed: SUPPORTER,
    because: "they work on the plan with the employee, who agrees every change",
  },
  {
    who: "chosenSupporter",
    as: "a staff IDVA liaison, on a measure they proposed or changed",
    measure: "M4",
    allowed: SUPPORTER,
    because: "a proposal waits for the employee; only the employee agrees",
  },
  {
    who: "chosenSupporter",
    as: "a staff IDVA liaison, after consent to the service was withdrawn",
    measure: "M5",
    allowed: [],
    because: "withdrawn consent on the request ends the service's sight of its measures",
  },
  {
    who: "chosenSupporter",
    as: "a staff IDVA liaison, on a measure not worked on with their service",
    measure: "M3",
    allowed: [],
    because: "the service reaches only the measures linked to a request shared with it",
  },
  {
    who: "otherServiceSupporter",
    as: "a welfare officer (a service the employee did not choose)",
    measure: "M1",
    allowed: [],
    because: "shared with the IDVA service only",
  },
];

export { supportRequests };
