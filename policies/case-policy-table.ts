// The police-suspect case policy as a table a professional-standards officer can read: who, tries to do what, to a
// restricted case, and whether the portal allows it. `case-policy-table.test.ts` checks every row against the rules,
// on the case as a record and through the database filter that every page uses.
import type { PolicyPerson } from "./subjects";

const id = (n: number) => `00000000-0000-4000-8000-0000000001${String(n).padStart(2, "0")}`;

/** The people of the scenario (all fictional). */
export const casePeople = {
  suspect: { id: id(1), forceId: "f1", unitId: "u1", level: 1, roles: [] },
  suspectsManager: { id: id(2), forceId: "f1", unitId: "u1", level: 2, roles: [] },
  suspectsChief: { id: id(3), forceId: "f1", unitId: "u1", level: 5, roles: ["DUTY_INSPECTOR"] },
  firstRecipient: { id: id(4), forceId: "f1", unitId: "u2", level: 1, roles: [] },
  unlistedInspector: { id: id(5), forceId: "f1", unitId: "u2", level: 3, roles: [] },
  investigatorUndeclared: { id: id(6), forceId: "f1", unitId: "u3", level: 2, roles: [] },
  investigatorDeclared: { id: id(7), forceId: "f1", unitId: "u3", level: 2, roles: [] },
  investigatorAwaitingReview: { id: id(8), forceId: "f1", unitId: "u3", level: 2, roles: [] },
  investigatorCleared: { id: id(9), forceId: "f1", unitId: "u3", level: 2, roles: [] },
  investigatorRemoved: { id: id(10), forceId: "f1", unitId: "u3", level: 2, roles: [] },
  investigatorExpired: { id: id(11), forceId: "f1", unitId: "u3", level: 2, roles: [] },
  safeguardingOfficer: { id: id(12), forceId: "f1", unitId: "u3", level: 2, roles: [] },
  psdOfficer: { id: id(13), forceId: "f1", unitId: "u4", level: 3, roles: ["PSD_OFFICER"] },
  psdOfficerUndeclared: { id: id(14), forceId: "f1", unitId: "u4", level: 3, roles: ["PSD_OFFICER"] },
  psdOfficerWhoIsSuspect: { id: id(15), forceId: "f1", unitId: "u4", level: 3, roles: ["PSD_OFFICER"] },
  daCoordinator: { id: id(16), forceId: "f1", unitId: "u5", level: 2, roles: ["DA_COORDINATOR"] },
  daCoordinatorBrokeGlass: { id: id(17), forceId: "f1", unitId: "u5", level: 2, roles: ["DA_COORDINATOR"] },
  daCoordinatorGlassExpired: { id: id(18), forceId: "f1", unitId: "u5", level: 2, roles: ["DA_COORDINATOR"] },
  victimEmployee: { id: id(19), forceId: "f1", unitId: "u6", level: 1, roles: [] },
  administrator: { id: id(20), forceId: "f1", unitId: "u7", level: 3, roles: ["ADMINISTRATOR"] },
  supervisingInspector: { id: id(21), forceId: "f1", unitId: "u8", level: 3, roles: ["DUTY_INSPECTOR"] },
  supervisingChiefInspector: { id: id(22), forceId: "f1", unitId: "u8", level: 4, roles: [] },
  npccOfficer: { id: id(23), forceId: "f1", unitId: "u9", level: 7, roles: ["NPCC_OFFICER"] },
  appointedOwner: { id: id(24), forceId: "f1", unitId: "u3", level: 3, roles: [] },
  // Case C: the organisation changed after intake.
  reorgSuspect: { id: id(25), forceId: "f1", unitId: "u2", level: 1, roles: [] },
  reorgManager: { id: id(26), forceId: "f1", unitId: "u3", level: 3, roles: [] },
  reorgPsdOfficer: { id: id(27), forceId: "f1", unitId: "u4", level: 3, roles: ["PSD_OFFICER"] },
  reorgNpccOfficer: { id: id(28), forceId: "f1", unitId: "u9", level: 7, roles: ["NPCC_OFFICER"] },
  // Case D: a senior suspect, managed by the NPCC officer, who is managed by the chief officer.
  seniorSuspect: { id: id(29), forceId: "f1", unitId: "u9", level: 6, roles: [] },
  chiefOfficer: { id: id(30), forceId: "f1", unitId: "u9", level: 9, roles: ["CHIEF_OFFICER"] },
  // Case E: an employee admitted through the portal that they are harming someone at home.
  admittingEmployee: { id: id(31), forceId: "f1", unitId: "u2", level: 1, roles: [] },
  admittersManager: { id: id(32), forceId: "f1", unitId: "u2", level: 3, roles: ["DUTY_INSPECTOR"] },
  // Someone from occupational health, a staff association, the Federation or a union who supports the suspect.
  suspectsSupporter: { id: id(33), forceId: "f1", unitId: "u5", level: 1, roles: ["OCCUPATIONAL_HEALTH"] },
  unlistedStaff: { id: id(34), forceId: "f1", unitId: "u6", level: 1, roles: [] },
  auditor: { id: id(35), forceId: "f1", unitId: "u7", level: 2, roles: ["AUDITOR"] },
  // A sergeant who holds the duty-inspector role, listed for safeguarding: the threat-to-life decision is not theirs.
  sergeantDutyInspector: { id: id(36), forceId: "f1", unitId: "u8", level: 2, roles: ["DUTY_INSPECTOR"] },
} satisfies Record<string, PolicyPerson>;

export type CasePersona = keyof typeof casePeople;

/** The moment the table is judged at; access that ended before it is over. */
export const TABLE_NOW = new Date("2026-11-23T12:00:00Z");
const LATER = new Date("2026-12-31T00:00:00Z");
const EARLIER = new Date("2026-11-01T00:00:00Z");

type Entry = { who: CasePersona; capacity: string; declarationState: string; revoked?: boolean; expiresAt?: Date };

/** Case A: the suspect is a constable (with a manager and a chief above), the victim an employee. */
export const caseA = {
  id: "00000000-0000-4000-8000-00000000a001",
  reportedBy: "firstRecipient" as CasePersona,
  suspect: "suspect" as CasePersona,
  victim: "victimEmployee" as CasePersona,
  conflicts: [
    { who: "suspect" as CasePersona, reason: "suspect" },
    { who: "suspectsManager" as CasePersona, reason: "line chain" },
    { who: "suspectsChief" as CasePersona, reason: "line chain" },
  ],
  /** The suspect's line chain as it is now (nearest first), which the rules read live. */
  chain: ["suspectsManager", "suspectsChief"] as CasePersona[],
  access: [
    { who: "psdOfficer", capacity: "PROFESSIONAL_STANDARDS", declarationState: "NO_CONNECTION" },
    { who: "psdOfficerUndeclared", capacity: "PROFESSIONAL_STANDARDS", declarationState: "MISSING" },
    { who: "investigatorUndeclared", capacity: "CRIMINAL_INVESTIGATOR", declarationState: "MISSING" },
    { who: "investigatorDeclared", capacity: "CONDUCT_INVESTIGATOR", declarationState: "NO_CONNECTION" },
    { who: "investigatorAwaitingReview", capacity: "CONDUCT_INVESTIGATOR", declarationState: "PENDING_REVIEW" },
    { who: "investigatorCleared", capacity: "CRIMINAL_INVESTIGATOR", declarationState: "CLEARED" },
    { who: "investigatorRemoved", capacity: "CRIMINAL_INVESTIGATOR", declarationState: "REMOVED", revoked: true },
    { who: "investigatorExpired", capacity: "CRIMINAL_INVESTIGATOR", declarationState: "NO_CONNECTION", expiresAt: EARLIER },
    { who: "safeguardingOfficer", capacity: "SAFEGUARDING", declarationState: "NO_CONNECTION", expiresAt: LATER },
    { who: "supervisingInspector", capacity: "SUPERVISING_OFFICER", declarationState: "NO_CONNECTION" },
    { who: "supervisingChiefInspector", capacity: "SUPERVISING_OFFICER", declarationState: "NO_CONNECTION" },
    { who: "npccOfficer", capacity: "OVERSIGHT", declarationState: "NO_CONNECTION" },
    { who: "appointedOwner", capacity: "CRIMINAL_INVESTIGATOR", declarationState: "NO_CONNECTION" },
    { who: "sergeantDutyInspector", capacity: "SAFEGUARDING", declarationState: "NO_CONNECTION" },
  ] satisfies Entry[],
  criminalOwner: "appointedOwner" as CasePersona | null,
  interestedPerson: "victimEmployee" as CasePersona | null,
  breakGlass: [
    { who: "daCoordinatorBrokeGlass" as CasePersona, expiresAt: LATER },
    { who: "daCoordinatorGlassExpired" as CasePersona, expiresAt: EARLIER },
  ],
};

/** Case B: the suspect is a PSD officer; the other PSD officer oversees it. */
export const caseB = {
  id: "00000000-0000-4000-8000-00000000b001",
  reportedBy: "firstRecipient" as CasePersona,
  suspect: "psdOfficerWhoIsSuspect" as CasePersona,
  victim: "victimEmployee" as CasePersona,
  conflicts: [{ who: "psdOfficerWhoIsSuspect" as CasePersona, reason: "suspect" }],
  chain: [] as CasePersona[],
  access: [{ who: "psdOfficer", capacity: "PROFESSIONAL_STANDARDS", declarationState: "NO_CONNECTION" }] satisfies Entry[],
  criminalOwner: null as CasePersona | null,
  interestedPerson: null as CasePersona | null,
  breakGlass: [] as { who: CasePersona; expiresAt: Date }[],
};

/**
 * Case C: at intake the suspect had no line manager, so only they were recorded as conflicted. Since then a listed,
 * declared investigator became their line manager, a listed PSD officer became that investigator's manager, and the
 * NPCC officer heads the chain: the rules read the chain as it is now.
 */
export const caseC = {
  id: "00000000-0000-4000-8000-00000000c001",
  reportedBy: "firstRecipient" as CasePersona,
  suspect: "reorgSuspect" as CasePersona,
  victim: "victimEmployee" as CasePersona,
  conflicts: [{ who: "reorgSuspect" as CasePersona, reason: "suspect" }],
  chain: ["reorgManager", "reorgPsdOfficer", "reorgNpccOfficer"] as CasePersona[],
  access: [
    { who: "reorgManager", capacity: "CRIMINAL_INVESTIGATOR", declarationState: "NO_CONNECTION" },
    { who: "reorgPsdOfficer", capacity: "PROFESSIONAL_STANDARDS", declarationState: "NO_CONNECTION" },
  ] satisfies Entry[],
  criminalOwner: "reorgManager" as CasePersona | null,
  interestedPerson: null as CasePersona | null,
  breakGlass: [] as { who: CasePersona; expiresAt: Date }[],
};

/**
 * Case D: a senior suspect whose line manager is the nominated NPCC officer, managed in turn by the chief officer.
 * Intake once left everyone at assistant chief constable and above out of the chain; no rank is exempt now.
 */
export const caseD = {
  id: "00000000-0000-4000-8000-00000000d001",
  reportedBy: "firstRecipient" as CasePersona,
  suspect: "seniorSuspect" as CasePersona,
  victim: "victimEmployee" as CasePersona,
  conflicts: [{ who: "seniorSuspect" as CasePersona, reason: "suspect" }],
  chain: ["npccOfficer", "chiefOfficer"] as CasePersona[],
  access: [
    { who: "npccOfficer", capacity: "OVERSIGHT", declarationState: "NO_CONNECTION" },
    { who: "chiefOfficer", capacity: "OVERSIGHT", declarationState: "NO_CONNECTION" },
  ] satisfies Entry[],
  criminalOwner: null as CasePersona | null,
  interestedPerson: null as CasePersona | null,
  breakGlass: [] as { who: CasePersona; expiresAt: Date }[],
};

/** Case E: the suspect admitted it themselves through the portal, so they are also the one who sent it. */
export const caseE = {
  id: "00000000-0000-4000-8000-00000000e001",
  reportedBy: "admittingEmployee" as CasePersona,
  suspect: "admittingEmployee" as CasePersona,
  victim: "victimEmployee" as CasePersona,
  conflicts: [
    { who: "admittingEmployee" as CasePersona, reason: "suspect" },
    { who: "admittersManager" as CasePersona, reason: "line chain" },
  ],
  chain: ["admittersManager"] as CasePersona[],
  access: [
    { who: "psdOfficer", capacity: "PROFESSIONAL_STANDARDS", declarationState: "NO_CONNECTION" },
    { who: "investigatorDeclared", capacity: "CONDUCT_INVESTIGATOR", declarationState: "NO_CONNECTION" },
  ] satisfies Entry[],
  criminalOwner: null as CasePersona | null,
  interestedPerson: null as CasePersona | null,
  breakGlass: [] as { who: CasePersona; expiresAt: Date }[],
};

export const CASE_ACTIONS = [
  "list",
  "open",
  "declare",
  "read",
  "readSafeguarding",
  "readSubmission",
  "readCriminalTrack",
  "updateCriminalTrack",
  "readConductTrack",
  "updateConductTrack",
  "readSuspectPlan",
  "updateSuspectPlan",
  "readCaseRisk",
  "assessCaseRisk",
  "decideThreatToLife",
  "authoriseRestriction",
  "manageAccess",
  "reviewDeclaration",
  "readAccessLog",
  "recordOwnership",
  "recordReview",
  "publishUpdate",
  "manageInterestedPerson",
  "readUpdates",
  "breakGlass",
  "recordEmployerUpdate",
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export const CASE_ACTION_LABELS: Record<CaseAction, string> = {
  list: "see that the case exists (lists, counts, search)",
  open: "open the case (reach its declaration form)",
  declare: "declare a conflict of interest on it",
  read: "read the case",
  readSafeguarding: "read the victim's safe contact details",
  readSubmission: "read the report they submitted",
  readCriminalTrack: "read the criminal investigation",
  updateCriminalTrack: "update the criminal investigation",
  readConductTrack: "read the conduct matter",
  updateConductTrack: "update the conduct matter",
  readSuspectPlan: "read the suspect's risk and duties plan and welfare offers",
  updateSuspectPlan: "decide items of the suspect's plan and record welfare offers",
  readCaseRisk: "read the case's risk assessments and its risk deadlines",
  assessCaseRisk: "assess the case's risk; work its MARAC, IDVA and first-contact items",
  decideThreatToLife: "make the duty inspector's threat-to-life decision on the case",
  authoriseRestriction: "authorise restriction of the crime report",
  recordOwnership: "record who owns the investigations",
  recordReview: "record the NPCC-directed review",
  publishUpdate: "publish an update to the interested person",
  manageInterestedPerson: "record the victim as an interested person",
  readUpdates: "read the updates published to them",
  manageAccess: "manage the access list",
  reviewDeclaration: "decide on declarations",
  readAccessLog: "read and export the access log",
  breakGlass: "use emergency (break-glass) access",
  recordEmployerUpdate: "record an update sent to the suspect's employer force",
};

/** What a listed PSD officer with a clear declaration may do on a case they are not conflicted on. */
const PSD_DECLARED: CaseAction[] = [
  "list",
  "open",
  "declare",
  "read",
  "readCriminalTrack",
  "updateCriminalTrack",
  "readConductTrack",
  "updateConductTrack",
  "readSuspectPlan",
  "updateSuspectPlan",
  "readCaseRisk",
  "assessCaseRisk",
  "manageAccess",
  "reviewDeclaration",
  "readAccessLog",
  "recordOwnership",
  "recordReview",
  "publishUpdate",
  "manageInterestedPerson",
  "breakGlass",
  "recordEmployerUpdate",
];

export interface CasePolicyRow {
  who: CasePersona;
  /** How the person stands, in words. */
  as: string;
  case: "A" | "B" | "C" | "D" | "E";
  /** The actions allowed; every other action in CASE_ACTIONS is refused. */
  allowed: CaseAction[];
  because: string;
}

export const casePolicyTable: CasePolicyRow[] = [
  { who: "suspect", as: "the suspect", case: "A", allowed: [], because: "the suspect can never reach the case, whatever their roles" },
  { who: "suspectsManager", as: "the suspect's line manager", case: "A", allowed: [], because: "the suspect's line chain is conflicted by default" },
  {
    who: "suspectsChief",
    as: "a duty inspector above the suspect in the line chain",
    case: "A",
    allowed: [],
    because: "conflicted by default, even with a safeguarding role",
  },
  {
    who: "psdOfficerWhoIsSuspect",
    as: "a PSD officer who is the suspect",
    case: "B",
    allowed: [],
    because: "the suspect's roles give them nothing on their own case",
  },
  {
    who: "psdOfficerWhoIsSuspect",
    as: "a PSD officer, on another officer's case they are not listed on",
    case: "A",
    allowed: ["list", "breakGlass"],
    because: "PSD oversees every case it is not conflicted on, but reads it only once listed and declared",
  },
  {
    who: "firstRecipient",
    as: "the first recipient of the report",
    case: "A",
    allowed: ["readSubmission"],
    because: "they keep sight of what they submitted, not of the case as it develops",
  },
  { who: "unlistedInspector", as: "an inspector not on the access list", case: "A", allowed: [], because: "rank gives no access; only the access list does" },
  { who: "administrator", as: "an administrator", case: "A", allowed: [], because: "administration gives no access to case files" },
  { who: "auditor", as: "the auditor", case: "A", allowed: [], because: "the auditor sees figures and the general audit trail, never a case" },
  {
    who: "victimEmployee",
    as: "the victim, an employee recorded as an interested person",
    case: "A",
    allowed: ["readUpdates"],
    because: "they see only the progress updates PSD publishes to them, never the case file",
  },
  {
    who: "investigatorUndeclared",
    as: "a listed investigator before declaring",
    case: "A",
    allowed: ["list", "open", "declare"],
    because: "until they declare, they see only the declaration form",
  },
  {
    who: "investigatorDeclared",
    as: "a listed conduct investigator who declared no connection",
    case: "A",
    allowed: ["list", "open", "declare", "read", "readConductTrack", "updateConductTrack", "readSuspectPlan", "updateSuspectPlan"],
    because: "on the list with a clear declaration; the conduct investigator sees the conduct matter, not the criminal investigation or safeguarding details",
  },
  {
    who: "investigatorAwaitingReview",
    as: "a listed investigator whose declared connection awaits PSD",
    case: "A",
    allowed: ["list", "open", "declare"],
    because: "a declared connection blocks access until PSD decides",
  },
  {
    who: "investigatorCleared",
    as: "a listed criminal investigator whose connection PSD cleared",
    case: "A",
    allowed: ["list", "open", "declare", "read", "readSafeguarding", "readCriminalTrack", "updateCriminalTrack"],
    because: "cleared with a rationale; the criminal investigator keeps the victim safe and runs the criminal track, not the conduct matter",
  },
  { who: "investigatorRemoved", as: "an investigator PSD removed after reviewing their declaration", case: "A", allowed: [], because: "removed from the list" },
  {
    who: "investigatorExpired",
    as: "an investigator whose access has expired",
    case: "A",
    allowed: [],
    because: "access ends on the date it was granted until",
  },
  {
    who: "safeguardingOfficer",
    as: "a listed safeguarding officer with a clear declaration",
    case: "A",
    allowed: ["list", "open", "declare", "read", "readSafeguarding", "readCaseRisk", "assessCaseRisk"],
    because: "they need the victim's contact details to keep them safe, and assess the risk to the victim with PSD",
  },
  {
    who: "psdOfficer",
    as: "a listed PSD officer with a clear declaration",
    case: "A",
    allowed: PSD_DECLARED,
    because:
      "PSD manages the access list, declarations, both tracks, ownership, the victim's updates and the employer force's updates; an inspector may not authorise restriction",
  },
  {
    who: "psdOfficerUndeclared",
    as: "a listed PSD officer before declaring",
    case: "A",
    allowed: ["list", "open", "declare", "breakGlass"],
    because: "PSD too declares before it reads or manages a case",
  },
  {
    who: "supervisingInspector",
    as: "the supervising officer, an inspector, listed and declared",
    case: "A",
    allowed: ["list", "open", "declare", "read", "readSafeguarding", "readCriminalTrack", "readCaseRisk", "decideThreatToLife", "breakGlass"],
    because:
      "they protect the victim and oversee the crime report (and, as a duty inspector of inspector rank, decide threat to life and may break the glass on other cases), but restriction needs a chief inspector or above",
  },
  {
    who: "supervisingChiefInspector",
    as: "the supervising officer, a chief inspector, listed and declared",
    case: "A",
    allowed: ["list", "open", "declare", "read", "readSafeguarding", "readCriminalTrack", "readCaseRisk", "authoriseRestriction"],
    because: "a chief inspector or above authorises restriction of the crime report; not holding the duty-inspector role, they do not decide threat to life",
  },
  {
    who: "npccOfficer",
    as: "the nominated NPCC officer, listed and declared",
    case: "A",
    allowed: [
      "list",
      "open",
      "declare",
      "read",
      "readCriminalTrack",
      "readConductTrack",
      "readSuspectPlan",
      "readCaseRisk",
      "authoriseRestriction",
      "recordReview",
      "recordEmployerUpdate",
    ],
    because: "oversight of both tracks; the review of the investigation is theirs to direct, and so is reporting to a suspect's employer force",
  },
  {
    who: "appointedOwner",
    as: "the owner of the criminal investigation PSD appointed, listed and declared",
    case: "A",
    allowed: ["list", "open", "declare", "read", "readSafeguarding", "readCriminalTrack", "updateCriminalTrack", "manageAccess"],
    because: "the owner PSD appoints manages the access list with PSD",
  },
  {
    who: "daCoordinator",
    as: "a DA coordinator not on the list",
    case: "A",
    allowed: ["breakGlass"],
    because: "restriction never stops someone protecting a person at risk: they may break the glass (alerted and reviewed)",
  },
  {
    who: "daCoordinatorBrokeGlass",
    as: "a DA coordinator within their break-glass window",
    case: "A",
    allowed: ["list", "open", "read", "readSafeguarding", "breakGlass"],
    because: "time-limited emergency access, alerted to PSD and the NPCC officer",
  },
  {
    who: "reorgManager",
    as: "a listed, declared investigator and owner made the suspect's line manager after intake",
    case: "C",
    allowed: [],
    because: "the line chain is read as it is at each decision: conflicted from their next request, whatever the list says",
  },
  {
    who: "reorgPsdOfficer",
    as: "a listed, declared PSD officer who became above the suspect in line management after intake",
    case: "C",
    allowed: [],
    because: "PSD's oversight stops at its own conflicts: the case leaves their lists, counts and alerts",
  },
  {
    who: "reorgPsdOfficer",
    as: "the same PSD officer, on a case whose suspect they do not manage",
    case: "A",
    allowed: ["list", "breakGlass"],
    because: "a conflict on one case takes nothing from PSD's oversight of the others",
  },
  {
    who: "reorgNpccOfficer",
    as: "the nominated NPCC officer, now at the top of the suspect's chain",
    case: "C",
    allowed: [],
    because: "the NPCC officer's oversight stops at their own conflicts",
  },
  {
    who: "reorgSuspect",
    as: "the suspect after the reorganisation",
    case: "C",
    allowed: [],
    because: "the suspect can never reach the case",
  },
  {
    who: "npccOfficer",
    as: "the nominated NPCC officer who is a senior suspect's line manager, listed and declared",
    case: "D",
    allowed: [],
    because: "no rank is exempt from the line chain",
  },
  {
    who: "chiefOfficer",
    as: "the chief officer at the top of a senior suspect's chain, listed and declared",
    case: "D",
    allowed: [],
    because: "the chain runs to the top of the force",
  },
  {
    who: "seniorSuspect",
    as: "a senior suspect",
    case: "D",
    allowed: [],
    because: "the suspect can never reach the case",
  },
  {
    who: "daCoordinatorGlassExpired",
    as: "a DA coordinator whose break-glass window has ended",
    case: "A",
    allowed: ["breakGlass"],
    because: "emergency access is time-limited",
  },
  {
    who: "admittingEmployee",
    as: "an employee who admitted through the portal, after sending",
    case: "E",
    allowed: [],
    because: "an admission makes them the suspect: they keep a receipt and see nothing of the case, not even what they sent",
  },
  {
    who: "admittersManager",
    as: "the admitting employee's line manager (a duty inspector)",
    case: "E",
    allowed: [],
    because: "the suspect's line chain is conflicted, safeguarding role or not",
  },
  {
    who: "psdOfficer",
    as: "a listed PSD officer with a clear declaration, on an admission",
    case: "E",
    allowed: PSD_DECLARED,
    because: "an admission is a police-suspect case like any other: PSD decides the suspect's risk and duties plan and records the welfare offered",
  },
  {
    who: "investigatorDeclared",
    as: "a listed conduct investigator with a clear declaration, on an admission",
    case: "E",
    allowed: ["list", "open", "declare", "read", "readConductTrack", "updateConductTrack", "readSuspectPlan", "updateSuspectPlan"],
    because: "the plan belongs to the conduct track and to those it admits",
  },
  {
    who: "suspectsSupporter",
    as: "an occupational health adviser (or Federation, union or staff association representative) supporting the suspect",
    case: "E",
    allowed: [],
    because: "PSD records that support was offered; nothing of the case goes to the supporter",
  },
  {
    who: "sergeantDutyInspector",
    as: "a sergeant holding the duty-inspector role, listed for safeguarding and declared",
    case: "A",
    allowed: ["list", "open", "declare", "read", "readSafeguarding", "readCaseRisk", "assessCaseRisk", "breakGlass"],
    because: "the threat-to-life decision is an inspector's or above, whatever role a lower rank holds",
  },
  {
    who: "admittersManager",
    as: "a duty inspector not on the access list (the admitting employee's manager, on another case)",
    case: "A",
    allowed: ["breakGlass"],
    because: "the duty-inspector role opens no case's risk: only the access list does",
  },
  {
    who: "unlistedStaff",
    as: "a member of staff not on the access list",
    case: "E",
    allowed: [],
    because: "only the access list opens a case",
  },
];
