// The records policy (retention, legal holds, subject access, the auditor's export) as a table a professional-standards
// officer can read: who may do what to which record. `records-retention-policy-table.test.ts` checks every row against
// the rules, on the record and through the database filter, and that nothing else is allowed (0 unexpected allows).
import type { Action, PolicyPerson } from "./subjects";

const id = (n: number) => `00000000-0000-4000-8000-0000000003${String(n).padStart(2, "0")}`;

export const recordsPeople = {
  constable: { id: id(1), forceId: "f1", unitId: "u1", level: 1, roles: [] },
  administrator: { id: id(2), forceId: "f1", unitId: "u2", level: 3, roles: ["ADMINISTRATOR"] },
  psdOfficer: { id: id(3), forceId: "f1", unitId: "u3", level: 3, roles: ["PSD_OFFICER"] },
  headOfPsd: { id: id(4), forceId: "f1", unitId: "u3", level: 5, roles: ["HEAD_OF_PSD"] },
  auditor: { id: id(5), forceId: "f1", unitId: "u4", level: 3, roles: ["AUDITOR"] },
  npccOfficer: { id: id(6), forceId: "f1", unitId: "u5", level: 7, roles: ["NPCC_OFFICER"] },
  daCoordinator: { id: id(7), forceId: "f1", unitId: "u6", level: 2, roles: ["DA_COORDINATOR"] },
} satisfies Record<string, PolicyPerson>;
export type RecordsPersona = keyof typeof recordsPeople;

/** The records the rows point at. */
export const recordsTargets = {
  schedule: { model: "RetentionRule", label: "the retention schedule and its 30-day counts", record: { recordType: "SUPPORT_REQUEST" } },
  securityRow: { model: "AuditEvent", label: "an audit row about a sign-in", record: { id: 1n, subjectType: "Person" } },
  caseFileRow: { model: "AuditEvent", label: "an audit row about a case file", record: { id: 2n, subjectType: "PoliceSuspectCase" } },
  caseHold: {
    model: "LegalHold",
    label: "a legal hold on a case",
    record: { id: id(50), caseId: id(60), personId: null, liftedAt: null },
  },
  holdOnPsdOfficer: {
    model: "LegalHold",
    label: "a legal hold on the PSD officer's own records",
    record: { id: id(51), caseId: null, personId: id(3), liftedAt: null },
  },
  requestReceived: {
    model: "SubjectAccessRequest",
    label: "a constable's subject-access request, received",
    record: { id: id(52), personId: id(1), status: "RECEIVED" },
  },
  requestAssembled: {
    model: "SubjectAccessRequest",
    label: "a constable's subject-access request, assembled",
    record: { id: id(53), personId: id(1), status: "ASSEMBLED" },
  },
  requestAboutPsdOfficer: {
    model: "SubjectAccessRequest",
    label: "the PSD officer's own subject-access request",
    record: { id: id(54), personId: id(3), status: "ASSEMBLED" },
  },
} as const;
export type RecordsTarget = keyof typeof recordsTargets;

/** Every action the table checks on each record: anything not listed as allowed must be refused. */
export const RECORDS_ACTIONS: readonly Action[] = ["read", "list", "create", "update", "export", "lift", "assemble", "deliver", "manage"];

export interface RecordsPolicyRow {
  who: RecordsPersona;
  target: RecordsTarget;
  allowed: readonly Action[];
  because: string;
}

const nothing: readonly Action[] = [];
const everyoneElse = (target: RecordsTarget, because: string, but: RecordsPersona[]): RecordsPolicyRow[] =>
  (Object.keys(recordsPeople) as RecordsPersona[]).filter((who) => !but.includes(who)).map((who) => ({ who, target, allowed: nothing, because }));

export const recordsPolicyTable: RecordsPolicyRow[] = [
  { who: "administrator", target: "schedule", allowed: ["read", "list"], because: "administrators see the schedule and what falls due, as counts" },
  ...everyoneElse("schedule", "the schedule is administration", ["administrator"]),
  { who: "administrator", target: "securityRow", allowed: ["read", "list", "export"], because: "security events are theirs to watch and export" },
  {
    who: "auditor",
    target: "securityRow",
    allowed: ["read", "list", "export"],
    because: "the auditor reads the general trail and takes all of it for the external audit",
  },
  { who: "psdOfficer", target: "securityRow", allowed: ["read", "list"], because: "PSD reads the trail (the audit page), but does not export it" },
  { who: "headOfPsd", target: "securityRow", allowed: ["read", "list"], because: "PSD reads the trail (the audit page), but does not export it" },
  ...everyoneElse("securityRow", "the export is for administrators and the auditor", ["administrator", "auditor", "psdOfficer", "headOfPsd"]),
  { who: "auditor", target: "caseFileRow", allowed: ["export"], because: "the whole trail, which carries no case content" },
  ...everyoneElse("caseFileRow", "an administrator gets it as its seal only; nobody else exports", ["auditor"]),
  { who: "psdOfficer", target: "caseHold", allowed: ["read", "list", "create", "lift"], because: "PSD places and lifts legal holds" },
  { who: "headOfPsd", target: "caseHold", allowed: ["read", "list", "create", "lift"], because: "PSD places and lifts legal holds" },
  ...everyoneElse("caseHold", "legal holds are PSD's", ["psdOfficer", "headOfPsd"]),
  { who: "psdOfficer", target: "holdOnPsdOfficer", allowed: ["read", "list", "create"], because: "nobody frees their own records for deletion" },
  { who: "headOfPsd", target: "holdOnPsdOfficer", allowed: ["read", "list", "create", "lift"], because: "another PSD officer's records" },
  ...everyoneElse("holdOnPsdOfficer", "legal holds are PSD's", ["psdOfficer", "headOfPsd"]),
  { who: "psdOfficer", target: "requestReceived", allowed: ["read", "list", "create", "assemble"], because: "PSD assembles subject-access requests" },
  { who: "headOfPsd", target: "requestReceived", allowed: ["read", "list", "create", "assemble"], because: "PSD assembles subject-access requests" },
  ...everyoneElse("requestReceived", "subject access is handled by PSD", ["psdOfficer", "headOfPsd"]),
  { who: "psdOfficer", target: "requestAssembled", allowed: ["read", "list", "create", "assemble", "deliver"], because: "assembled: it can be delivered" },
  { who: "headOfPsd", target: "requestAssembled", allowed: ["read", "list", "create", "assemble", "deliver"], because: "assembled: it can be delivered" },
  ...everyoneElse("requestAssembled", "subject access is handled by PSD", ["psdOfficer", "headOfPsd"]),
  { who: "psdOfficer", target: "requestAboutPsdOfficer", allowed: nothing, because: "nobody handles a request about themselves" },
  { who: "headOfPsd", target: "requestAboutPsdOfficer", allowed: ["read", "list", "create", "assemble", "deliver"], because: "another officer's request" },
  ...everyoneElse("requestAboutPsdOfficer", "subject access is handled by PSD", ["psdOfficer", "headOfPsd"]),
];

export const RECORDS_WHO: Record<RecordsPersona, string> = {
  constable: "A constable",
  administrator: "An administrator",
  psdOfficer: "A professional standards officer",
  headOfPsd: "The head of professional standards",
  auditor: "The auditor",
  npccOfficer: "The nominated NPCC officer",
  daCoordinator: "A DA coordinator",
};
