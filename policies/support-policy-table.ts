// The support route's policy as a table a reader who does not read code can check: who tries to do what with an
// employee's support request (and its messages, consent ledger and risk assessment), and whether the portal allows
// it. `support-policy-table.test.ts` checks every row against the rules, on the request as a record and through the
// database filter every page uses.
import type { PolicyPerson } from "./subjects";

const id = (n: number) => `00000000-0000-4000-8000-0000000002${String(n).padStart(2, "0")}`;

/** The moment the table is judged at, and the moment after the overrides in it expired (they last 4 hours). */
export const TABLE_NOW = new Date("2026-11-25T10:00:00Z");
export const OVERRIDE_EXPIRES = new Date("2026-11-25T12:00:00Z");
export const AFTER_OVERRIDE_EXPIRY = new Date("2026-11-25T14:00:00Z");

/** The people of the scenario (all fictional). */
export const supportPeople = {
  employee: { id: id(1), forceId: "f1", unitId: "u1", level: 1, roles: [] },
  chosenSupporter: { id: id(2), forceId: "f1", unitId: "u2", level: 2, roles: ["STAFF_IDVA_LIAISON"] },
  otherServiceSupporter: { id: id(3), forceId: "f1", unitId: "u2", level: 2, roles: ["WELFARE"] },
  lineManager: { id: id(4), forceId: "f1", unitId: "u1", level: 2, roles: [] },
  colleague: { id: id(5), forceId: "f1", unitId: "u1", level: 1, roles: [] },
  administrator: { id: id(6), forceId: "f1", unitId: "u3", level: 2, roles: ["ADMINISTRATOR"] },
  psdOfficer: { id: id(7), forceId: "f1", unitId: "u4", level: 3, roles: ["PSD_OFFICER", "HEAD_OF_PSD"] },
  daCoordinator: { id: id(8), forceId: "f1", unitId: "u5", level: 2, roles: ["DA_COORDINATOR"] },
  daCoordinatorWithOverride: { id: id(9), forceId: "f1", unitId: "u5", level: 2, roles: ["DA_COORDINATOR"] },
  formerSupporter: { id: id(10), forceId: "f1", unitId: "u2", level: 2, roles: [] },
  supporterWhoIsTheEmployee: { id: id(11), forceId: "f1", unitId: "u2", level: 2, roles: ["STAFF_IDVA_LIAISON"] },
  // The colleague named on H as harming the employee (a staff IDVA liaison themselves), and their line chain; the
  // colleague named on I, and the staff IDVA liaison made their manager after I was sent.
  namedAbuser: { id: id(12), forceId: "f1", unitId: "u6", level: 1, roles: ["STAFF_IDVA_LIAISON"] },
  abusersManager: { id: id(13), forceId: "f1", unitId: "u6", level: 2, roles: ["STAFF_IDVA_LIAISON"] },
  abusersSecondLine: { id: id(14), forceId: "f1", unitId: "u6", level: 3, roles: ["STAFF_IDVA_LIAISON"] },
  reorganisedAbuser: { id: id(15), forceId: "f1", unitId: "u7", level: 1, roles: [] },
  newManagerAfterSending: { id: id(16), forceId: "f1", unitId: "u7", level: 2, roles: ["STAFF_IDVA_LIAISON"] },
  // Risk that escalates (docs/features/risk-escalation.md): the duty inspector, and a sergeant given the duty role.
  dutyInspector: { id: id(17), forceId: "f1", unitId: "u8", level: 3, roles: ["DUTY_INSPECTOR"] },
  actingDutySergeant: { id: id(18), forceId: "f1", unitId: "u8", level: 2, roles: ["DUTY_INSPECTOR"] },
  // A duty inspector above the employee in line management (their line manager's manager).
  employeesDutyInspector: { id: id(19), forceId: "f1", unitId: "u1", level: 3, roles: ["DUTY_INSPECTOR"] },
  auditor: { id: id(20), forceId: "f1", unitId: "u3", level: 2, roles: ["AUDITOR"] },
} satisfies Record<string, PolicyPerson>;

export type SupportPersona = keyof typeof supportPeople;

/** Line management as it is now (after I was sent, the new manager took over the colleague named on I). */
export const supportLineManagers: Partial<Record<SupportPersona, SupportPersona>> = {
  employee: "lineManager",
  lineManager: "employeesDutyInspector",
  namedAbuser: "abusersManager",
  abusersManager: "abusersSecondLine",
  reorganisedAbuser: "newManagerAfterSending",
};

type Consent = { role?: "STAFF_IDVA_LIAISON" | "WELFARE"; person?: SupportPersona; shares: string[]; withdrawn?: boolean };

export interface SupportScenario {
  id: string;
  employee: SupportPersona;
  status: "DRAFT" | "SUBMITTED" | "ACKNOWLEDGED" | "CLOSED";
  consents: Consent[];
  overrides: SupportPersona[];
  assignedTo?: SupportPersona;
  highRisk?: boolean;
  /** An assessment (at any level) noted a child-protection concern. */
  childConcern?: boolean;
  /** A deadline on it was missed, reminded and escalated, and is still open. */
  escalatedItem?: boolean;
  /** The colleague the employee named as harming them. */
  abuser?: SupportPersona;
}

/** A: sent to the staff IDVA service, sharing what they wrote and how to contact them, but not who they are. */
const requestA: SupportScenario = {
  id: "00000000-0000-4000-8000-00000000c001",
  employee: "employee",
  status: "ACKNOWLEDGED",
  consents: [{ role: "STAFF_IDVA_LIAISON", shares: ["MESSAGE", "SAFE_CONTACT"] }],
  overrides: ["daCoordinatorWithOverride"],
  assignedTo: "formerSupporter",
};
/** B: sent to the IDVA service sharing everything, and shared with the line manager (who they are, nothing else). */
const requestB: SupportScenario = {
  id: "00000000-0000-4000-8000-00000000c002",
  employee: "employee",
  status: "SUBMITTED",
  consents: [
    { role: "STAFF_IDVA_LIAISON", shares: ["IDENTITY", "MESSAGE", "SAFE_CONTACT"] },
    { person: "lineManager", shares: ["IDENTITY"] },
  ],
  overrides: [],
};
/** C: consent to the IDVA service withdrawn (the line manager's too). */
const requestC: SupportScenario = {
  id: "00000000-0000-4000-8000-00000000c003",
  employee: "employee",
  status: "ACKNOWLEDGED",
  consents: [
    { role: "STAFF_IDVA_LIAISON", shares: ["IDENTITY", "MESSAGE", "SAFE_CONTACT"], withdrawn: true },
    { person: "lineManager", shares: ["IDENTITY"], withdrawn: true },
  ],
  overrides: [],
};
/** D: an unsent draft. The portal never gives a draft a consent; this one has one, to show a draft stays private anyway. */
const requestD: SupportScenario = {
  id: "00000000-0000-4000-8000-00000000c004",
  employee: "employee",
  status: "DRAFT",
  consents: [{ role: "STAFF_IDVA_LIAISON", shares: ["IDENTITY", "MESSAGE", "SAFE_CONTACT"] }],
  overrides: ["daCoordinatorWithOverride"],
};
/** E: a request by someone who works in the IDVA liaison role themselves, sent to their own service. */
const requestE: SupportScenario = {
  id: "00000000-0000-4000-8000-00000000c005",
  employee: "supporterWhoIsTheEmployee",
  status: "SUBMITTED",
  consents: [{ role: "STAFF_IDVA_LIAISON", shares: ["IDENTITY", "MESSAGE", "SAFE_CONTACT"] }],
  overrides: [],
};

/** F: the IDVA liaison assessed the risk as high: the safeguarding leads are told and see that it exists. */
const requestF: SupportScenario = {
  id: "00000000-0000-4000-8000-00000000c006",
  employee: "employee",
  status: "ACKNOWLEDGED",
  consents: [{ role: "STAFF_IDVA_LIAISON", shares: ["MESSAGE", "SAFE_CONTACT"] }],
  overrides: [],
  highRisk: true,
};

/** G: assessed as high risk, and a DA coordinator recorded an override (not telling the employee). */
const requestG: SupportScenario = {
  id: "00000000-0000-4000-8000-00000000c007",
  employee: "employee",
  status: "ACKNOWLEDGED",
  consents: [{ role: "STAFF_IDVA_LIAISON", shares: ["MESSAGE", "SAFE_CONTACT"] }],
  overrides: ["daCoordinatorWithOverride"],
  highRisk: true,
};

/** H: sent to the staff IDVA service sharing everything, naming a colleague (a staff IDVA liaison) as harming them. */
const requestH: SupportScenario = {
  id: "00000000-0000-4000-8000-00000000c008",
  employee: "employee",
  status: "SUBMITTED",
  consents: [{ role: "STAFF_IDVA_LIAISON", shares: ["IDENTITY", "MESSAGE", "SAFE_CONTACT"] }],
  overrides: [],
  abuser: "namedAbuser",
};

/** I: like H, naming another colleague, who was given a new line manager (a staff IDVA liaison) after it was sent. */
const requestI: SupportScenario = { ...requestH, id: "00000000-0000-4000-8000-00000000c009", abuser: "reorganisedAbuser" };

/** J: sent to the IDVA service sharing everything, assessed as medium risk with a child-protection concern noted. */
const requestJ: SupportScenario = {
  id: "00000000-0000-4000-8000-00000000c010",
  employee: "employee",
  status: "ACKNOWLEDGED",
  consents: [{ role: "STAFF_IDVA_LIAISON", shares: ["IDENTITY", "MESSAGE", "SAFE_CONTACT"] }],
  overrides: [],
  childConcern: true,
};
/** K: like A, not acknowledged in time: reminded, then escalated, and still open. */
const requestK: SupportScenario = { ...requestA, id: "00000000-0000-4000-8000-00000000c011", status: "SUBMITTED", overrides: [], escalatedItem: true };

export const supportRequests = {
  A: requestA,
  B: requestB,
  C: requestC,
  D: requestD,
  E: requestE,
  F: requestF,
  G: requestG,
  H: requestH,
  I: requestI,
  J: requestJ,
  K: requestK,
};
export type RequestKey = keyof typeof supportRequests;

export const SUPPORT_ACTIONS = [
  "list",
  "read",
  "readIdentity",
  "readMessage",
  "readSafeContact",
  "update",
  "message",
  "manageConsent",
  "work",
  "assessRisk",
  "readRisk",
  "overrideConsent",
  "readRiskItems",
  "decideThreatToLife",
  "manageMarac",
  "manageIdva",
] as const;
export type SupportAction = (typeof SUPPORT_ACTIONS)[number];

export const SUPPORT_ACTION_LABELS: Record<SupportAction, string> = {
  list: "see that the request exists (lists, counts)",
  read: "open the request",
  readIdentity: "see who asked",
  readMessage: "read what they wrote",
  readSafeContact: "read their safe-contact details",
  update: "change the draft",
  message: "read and send messages",
  manageConsent: "read and change the consent ledger, see who opened it",
  work: "acknowledge, record actions, hand over, close",
  assessRisk: "record a risk assessment",
  readRisk: "read the risk assessment",
  overrideConsent: "record a safeguarding override",
  readRiskItems: "see the tracked risk items and their deadlines",
  decideThreatToLife: "record the threat-to-life decision",
  manageMarac: "work the MARAC referral",
  manageIdva: "record the IDVA's answer",
};

export interface SupportPolicyRow {
  who: SupportPersona;
  as: string;
  request: RequestKey;
  allowed: SupportAction[];
  because: string;
  /** Judged after the overrides expired (otherwise at TABLE_NOW, while they last). */
  afterOverrideExpiry?: true;
}

const SERVICE_ALL: SupportAction[] = [
  "list",
  "read",
  "readIdentity",
  "readMessage",
  "readSafeContact",
  "message",
  "work",
  "assessRisk",
  "readRisk",
  "readRiskItems",
  "manageIdva",
];
const NOT_FOUND_TO_THE_CHAIN = "for them the request does not exist: not in their queue, its counts or its notices, and “not found” if they try it";

const OWN: SupportAction[] = ["list", "read", "readIdentity", "readMessage", "readSafeContact", "message", "manageConsent", "readRisk"];

export const supportPolicyTable: SupportPolicyRow[] = [
  {
    who: "employee",
    as: "the employee, on their sent request",
    request: "A",
    allowed: OWN,
    because: "it is theirs: they see all of it, message, and control who else sees it",
  },
  {
    who: "employee",
    as: "the employee, on their draft",
    request: "D",
    allowed: ["update", ...OWN],
    because: "a draft is theirs alone to change until they send it",
  },
  {
    who: "chosenSupporter",
    as: "a staff IDVA liaison (the service they chose), sharing without their name",
    request: "A",
    allowed: ["list", "read", "readMessage", "readSafeContact", "message", "work", "assessRisk", "readRisk", "readRiskItems", "manageIdva"],
    because: "only what the employee shared with the service: here not who they are",
  },
  {
    who: "chosenSupporter",
    as: "a staff IDVA liaison, everything shared",
    request: "B",
    allowed: SERVICE_ALL,
    because: "the employee shared everything with the service",
  },
  {
    who: "chosenSupporter",
    as: "a staff IDVA liaison, after the employee withdrew consent",
    request: "C",
    allowed: [],
    because: "withdrawal stops sharing from then on: the next request is “not found”",
  },
  { who: "chosenSupporter", as: "a staff IDVA liaison, on a draft", request: "D", allowed: [], because: "nothing is sent until the employee chooses" },
  {
    who: "chosenSupporter",
    as: "a staff IDVA liaison, on a colleague's request to the same service",
    request: "E",
    allowed: SERVICE_ALL,
    because: "shared with the service they work in",
  },
  {
    who: "supporterWhoIsTheEmployee",
    as: "a staff IDVA liaison, on their own request to their own service",
    request: "E",
    allowed: OWN,
    because: "they are the employee here: they do not work their own request",
  },
  {
    who: "formerSupporter",
    as: "a supporter who left the service mid-case (still named on the request)",
    request: "A",
    allowed: [],
    because: "access follows the role, not the name: the request returns to the service's queue",
  },
  {
    who: "otherServiceSupporter",
    as: "a welfare officer (a service the employee did not choose)",
    request: "A",
    allowed: [],
    because: "shared with the IDVA service only",
  },
  {
    who: "lineManager",
    as: "the employee's line manager, without consent",
    request: "A",
    allowed: [],
    because: "a line manager sees nothing unless the employee shares it with them",
  },
  {
    who: "lineManager",
    as: "the employee's line manager, with consent to see who asked",
    request: "B",
    allowed: ["list", "read", "readIdentity"],
    because: "exactly what the employee shared with them, and no messages or ledger",
  },
  { who: "lineManager", as: "the line manager, after the employee withdrew that consent", request: "C", allowed: [], because: "withdrawn" },
  { who: "colleague", as: "a colleague in the same team", request: "A", allowed: [], because: "colleagues see nothing" },
  {
    who: "administrator",
    as: "an administrator (HR-like)",
    request: "A",
    allowed: [],
    because: "administration of people and the directory gives no sight of requests",
  },
  { who: "psdOfficer", as: "the head of professional standards", request: "A", allowed: [], because: "PSD sees nothing of the support route by default" },
  { who: "auditor", as: "the auditor", request: "B", allowed: [], because: "the auditor sees figures and the general audit trail, never a request" },
  {
    who: "daCoordinator",
    as: "a DA coordinator with no override",
    request: "A",
    allowed: [],
    because: "an override is open only on a request assessed as high risk: nothing here",
  },
  {
    who: "daCoordinatorWithOverride",
    as: "a DA coordinator who recorded a safeguarding override",
    request: "A",
    allowed: ["list", "read", "readIdentity", "readMessage", "readSafeContact", "readRisk", "assessRisk"],
    because: "a child at risk or a high risk of serious harm: recorded with the reason and shown to the employee unless that would put someone at risk",
  },
  { who: "daCoordinatorWithOverride", as: "a DA coordinator with an override, on a draft", request: "D", allowed: [], because: "a draft was never sent" },
  {
    who: "daCoordinatorWithOverride",
    as: "a DA coordinator with an override, after it expired",
    request: "A",
    allowed: [],
    because: "an override lasts 4 hours, like break-glass; the request is no longer high risk, so nothing is open to them",
    afterOverrideExpiry: true,
  },
  {
    who: "daCoordinatorWithOverride",
    as: "a DA coordinator with an override the employee is not told of, on a request assessed as high risk",
    request: "G",
    allowed: ["list", "read", "readIdentity", "readMessage", "readSafeContact", "readRisk", "assessRisk", "overrideConsent", "readRiskItems", "manageMarac"],
    because: "while it lasts: listed on PSD's oversight for review, whatever the employee was told",
  },
  {
    who: "daCoordinatorWithOverride",
    as: "the same coordinator, after that override expired",
    request: "G",
    allowed: ["list", "read", "overrideConsent", "readRiskItems", "manageMarac"],
    because: "as without the override: they see that it exists and must record a new override (listed and alerted again)",
    afterOverrideExpiry: true,
  },
  {
    who: "psdOfficer",
    as: "the head of professional standards, on a request with an override",
    request: "G",
    allowed: [],
    because: "PSD reviews the override on its oversight page, and sees nothing of the request itself",
  },
  {
    who: "daCoordinator",
    as: "a DA coordinator, on a request not assessed as high risk",
    request: "B",
    allowed: [],
    because: "an override is per request, and only where the risk is high",
  },
  {
    who: "daCoordinator",
    as: "a DA coordinator, on a request assessed as high risk",
    request: "F",
    allowed: ["list", "read", "overrideConsent", "readRiskItems", "manageMarac"],
    because: "high risk tells the safeguarding leads that the request exists, and they own its MARAC referral; its content needs a recorded override",
  },
  {
    who: "lineManager",
    as: "the line manager, on a request assessed as high risk",
    request: "F",
    allowed: [],
    because: "high risk is shared with safeguarding leads, not the chain of command",
  },
  {
    who: "psdOfficer",
    as: "the head of professional standards, on a request assessed as high risk",
    request: "F",
    allowed: [],
    because: "PSD is not a safeguarding lead for the support route",
  },
  {
    who: "namedAbuser",
    as: "a staff IDVA liaison who is the colleague the employee named as harming them",
    request: "H",
    allowed: [],
    because: `the named colleague is in their own conflict set whatever their role: ${NOT_FOUND_TO_THE_CHAIN}`,
  },
  {
    who: "abusersManager",
    as: "a staff IDVA liaison who is the named colleague's line manager",
    request: "H",
    allowed: [],
    because: `above the named colleague in line management: ${NOT_FOUND_TO_THE_CHAIN}`,
  },
  {
    who: "abusersSecondLine",
    as: "a staff IDVA liaison two levels above the named colleague",
    request: "H",
    allowed: [],
    because: "the chain runs to the top of the force, like a case's (ADR 024)",
  },
  {
    who: "chosenSupporter",
    as: "a staff IDVA liaison outside the named colleague's chain",
    request: "H",
    allowed: SERVICE_ALL,
    because: "naming a colleague keeps the request from their chain only; the rest of the service works it as usual",
  },
  {
    who: "newManagerAfterSending",
    as: "a staff IDVA liaison made the named colleague's manager after the request was sent",
    request: "I",
    allowed: [],
    because: "the chain is read as it is at each request, not when it was sent: refused from their next request on",
  },
  {
    who: "newManagerAfterSending",
    as: "the same staff IDVA liaison, on a request naming someone outside their chain",
    request: "H",
    allowed: SERVICE_ALL,
    because: "only the chain of the colleague named on the request counts",
  },
  { who: "reorganisedAbuser", as: "a colleague named on a request, with no support role", request: "I", allowed: [], because: "colleagues see nothing" },
  {
    who: "dutyInspector",
    as: "a duty inspector, on a request assessed as high risk",
    request: "F",
    allowed: ["list", "read", "readRiskItems", "decideThreatToLife"],
    because: "high risk goes to the duty inspector for a threat-to-life decision: the items and deadlines, never the content",
  },
  {
    who: "actingDutySergeant",
    as: "a sergeant given the duty inspector role, on a request assessed as high risk",
    request: "F",
    allowed: ["list", "read", "readRiskItems"],
    because: "they see what is open, but a threat-to-life decision needs the rank of inspector or above",
  },
  { who: "dutyInspector", as: "a duty inspector, on a request not assessed as high risk", request: "B", allowed: [], because: "only high risk comes to them" },
  {
    who: "employeesDutyInspector",
    as: "a duty inspector above the employee in line management, on their high-risk request",
    request: "F",
    allowed: [],
    because: "high risk goes to duty inspectors outside the employee's own chain of command, as it is now",
  },
  {
    who: "daCoordinator",
    as: "a DA coordinator, on a medium-risk request with a child-protection concern noted",
    request: "J",
    allowed: ["list", "read", "overrideConsent"],
    because: "a child-protection override may be recorded at any risk level: they see that it exists, and its content needs the override",
  },
  { who: "dutyInspector", as: "a duty inspector, on that request", request: "J", allowed: [], because: "a child-protection concern is not high risk" },
  {
    who: "daCoordinator",
    as: "a DA coordinator, on a request whose deadline was missed and escalated",
    request: "K",
    allowed: ["list", "read", "readRiskItems"],
    because: "the escalation comes to the safeguarding leads: what is overdue, not the content",
  },
  {
    who: "chosenSupporter",
    as: "a staff IDVA liaison, on that request",
    request: "K",
    allowed: ["list", "read", "readMessage", "readSafeContact", "message", "work", "assessRisk", "readRisk", "readRiskItems", "manageIdva"],
    because: "the service still owns it, overdue in red",
  },
  {
    who: "lineManager",
    as: "the line manager, on that request",
    request: "K",
    allowed: [],
    because: "an escalation goes to safeguarding leads, not the chain of command",
  },
];
