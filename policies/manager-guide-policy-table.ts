// The manager's guide, conversation records and the incident log as a table a professional-standards officer can
// read: who, tries to do what, to which record, and whether the portal allows it. `manager-guide-policy-table.test.ts`
// checks every row against the rules, on each record and through the database filter every page uses.
import type { Action, PolicyPerson } from "./subjects";

const id = (n: number) => `00000000-0000-4000-8000-0000000002${String(n).padStart(2, "0")}`;

/** The people of the scenario (all fictional). The employee reports to the line manager, who reports to theirs. */
export const guidePeople = {
  employee: { id: id(1), forceId: "f1", unitId: "u1", level: 1, roles: [] },
  lineManager: { id: id(2), forceId: "f1", unitId: "u1", level: 2, roles: [] },
  managersManager: { id: id(3), forceId: "f1", unitId: "u1", level: 3, roles: ["DUTY_INSPECTOR"] },
  formerManager: { id: id(4), forceId: "f1", unitId: "u2", level: 2, roles: [] },
  otherManager: { id: id(5), forceId: "f1", unitId: "u2", level: 2, roles: [] },
  colleague: { id: id(6), forceId: "f1", unitId: "u1", level: 1, roles: [] },
  administrator: { id: id(7), forceId: "f1", unitId: "u3", level: 2, roles: ["ADMINISTRATOR"] },
  psdOfficer: { id: id(8), forceId: "f1", unitId: "u4", level: 3, roles: ["PSD_OFFICER", "HEAD_OF_PSD"] },
  daCoordinator: { id: id(9), forceId: "f1", unitId: "u5", level: 2, roles: ["DA_COORDINATOR"] },
} satisfies Record<string, PolicyPerson>;

export type GuidePersona = keyof typeof guidePeople;

/** Who manages whom in the scenario (the colleague shares the employee's line manager). */
export const lineManagerOf: Partial<Record<GuidePersona, GuidePersona>> = {
  employee: "lineManager",
  colleague: "lineManager",
  lineManager: "managersManager",
  otherManager: "managersManager",
};

/** The records of the scenario. */
export const guideRecords = {
  conversation: {
    id: id(51),
    kind: "ConversationRecord",
    employee: "employee",
    manager: "lineManager",
    withdrawn: false,
    label: "a conversation record about the employee, by their line manager",
  },
  formerConversation: {
    id: id(52),
    kind: "ConversationRecord",
    employee: "employee",
    manager: "formerManager",
    withdrawn: false,
    label: "a record written by the employee's previous line manager",
  },
  withdrawnConversation: {
    id: id(53),
    kind: "ConversationRecord",
    employee: "employee",
    manager: "lineManager",
    withdrawn: true,
    label: "a record the employee asked to have removed",
  },
  newConversation: {
    id: null,
    kind: "ConversationRecord",
    employee: "employee",
    manager: null,
    withdrawn: false,
    label: "a new conversation record about the employee",
  },
  guide: { id: "6a0d1f3e-0000-4000-8000-000000000004", kind: "GuideSection", label: "a section of the conversation guide" },
  incident: { id: id(55), kind: "IncidentEntry", owner: "employee", label: "an entry in the employee's incident log" },
  annotation: { id: id(56), kind: "IncidentAnnotation", owner: "employee", label: "a note on an entry in the employee's incident log" },
} as const;
export type GuideTarget = keyof typeof guideRecords;

/** The actions the table judges on each kind of target; every action not allowed by a row is refused. */
export const TARGET_ACTIONS: Record<GuideTarget, readonly Action[]> = {
  conversation: ["read", "list", "respond", "update"],
  formerConversation: ["read", "list", "respond", "update"],
  withdrawnConversation: ["read", "list", "respond", "update"],
  newConversation: ["create"],
  guide: ["read", "update"],
  incident: ["read", "list", "create", "annotate", "export", "update"],
  annotation: ["read", "list", "update"],
};

export const GUIDE_ACTION_LABELS: Partial<Record<Action, string>> = {
  read: "read",
  list: "find in lists",
  respond: "agree, comment or ask for removal",
  create: "record (write)",
  update: "change",
  annotate: "add a note",
  export: "export",
};

export interface GuidePolicyRow {
  who: GuidePersona;
  as: string;
  target: GuideTarget;
  allowed: Action[];
  because: string;
}

const nothing = [] as Action[];
const everyoneReadsTheGuide = (who: GuidePersona, as: string): GuidePolicyRow => ({
  who,
  as,
  target: "guide",
  allowed: ["read"],
  because: "the guide is guidance for everyone, not anyone's record",
});

export const guidePolicyTable: GuidePolicyRow[] = [
  // Conversation records
  {
    who: "employee",
    as: "the employee",
    target: "conversation",
    allowed: ["read", "list", "respond"],
    because: "the record is about them: they see it and can agree, comment or ask for its removal",
  },
  {
    who: "lineManager",
    as: "their line manager, who wrote it",
    target: "conversation",
    allowed: ["read", "list"],
    because: "they keep sight of what they wrote while they manage the employee; they cannot change what the employee said",
  },
  {
    who: "managersManager",
    as: "the line manager's own manager",
    target: "conversation",
    allowed: nothing,
    because: "the wider chain of command sees nothing",
  },
  { who: "otherManager", as: "another manager", target: "conversation", allowed: nothing, because: "not their report" },
  { who: "colleague", as: "a colleague in the same team", target: "conversation", allowed: nothing, because: "colleagues see nothing" },
  {
    who: "administrator",
    as: "an administrator",
    target: "conversation",
    allowed: nothing,
    because: "administration (HR-like) gives no sight of support records",
  },
  {
    who: "psdOfficer",
    as: "the head of professional standards",
    target: "conversation",
    allowed: nothing,
    because: "oversight of police-suspect cases gives no sight of support records",
  },
  {
    who: "daCoordinator",
    as: "a DA coordinator",
    target: "conversation",
    allowed: nothing,
    because: "a safeguarding role gives no sight of a manager's record",
  },
  {
    who: "formerManager",
    as: "the employee's previous line manager",
    target: "formerConversation",
    allowed: nothing,
    because: "a manager loses sight when the employee moves to a new manager",
  },
  {
    who: "lineManager",
    as: "their current line manager",
    target: "formerConversation",
    allowed: nothing,
    because: "a new manager does not inherit the previous manager's records",
  },
  {
    who: "employee",
    as: "the employee",
    target: "formerConversation",
    allowed: ["read", "list", "respond"],
    because: "records about them stay theirs whoever manages them",
  },
  {
    who: "lineManager",
    as: "the line manager who wrote it",
    target: "withdrawnConversation",
    allowed: nothing,
    because: "a record the employee asked to remove is withdrawn from the manager's view",
  },
  {
    who: "employee",
    as: "the employee",
    target: "withdrawnConversation",
    allowed: ["read", "list"],
    because: "they see that it was removed (its content is erased); there is nothing left to answer",
  },
  {
    who: "lineManager",
    as: "their line manager",
    target: "newConversation",
    allowed: ["create"],
    because: "a manager records conversations with their direct reports",
  },
  {
    who: "managersManager",
    as: "the line manager's own manager",
    target: "newConversation",
    allowed: nothing,
    because: "only for a direct report, not further down the chain",
  },
  { who: "otherManager", as: "another manager", target: "newConversation", allowed: nothing, because: "not their report" },
  { who: "formerManager", as: "the previous line manager", target: "newConversation", allowed: nothing, because: "not their report any more" },
  { who: "employee", as: "the employee", target: "newConversation", allowed: nothing, because: "the record is the manager's note, which the employee answers" },
  { who: "administrator", as: "an administrator", target: "newConversation", allowed: nothing, because: "administration gives no part in support" },
  // The guide
  everyoneReadsTheGuide("employee", "the employee"),
  everyoneReadsTheGuide("lineManager", "a line manager"),
  everyoneReadsTheGuide("colleague", "a colleague"),
  everyoneReadsTheGuide("psdOfficer", "the head of professional standards"),
  {
    who: "administrator",
    as: "an administrator",
    target: "guide",
    allowed: ["read", "update"],
    because: "administrators keep the guide's content (every edit is a new version, audited)",
  },
  // The incident log
  {
    who: "employee",
    as: "the employee",
    target: "incident",
    allowed: ["read", "list", "create", "annotate", "export"],
    because: "it is their log: they write it, add notes and export it; nobody can change an entry once written",
  },
  {
    who: "lineManager",
    as: "their line manager",
    target: "incident",
    allowed: nothing,
    because: "visible only to the employee unless they share it through the consent ledger",
  },
  { who: "managersManager", as: "the line manager's own manager", target: "incident", allowed: nothing, because: "the chain of command sees nothing" },
  { who: "colleague", as: "a colleague", target: "incident", allowed: nothing, because: "colleagues see nothing" },
  { who: "administrator", as: "an administrator", target: "incident", allowed: nothing, because: "administration gives no sight of support records" },
  { who: "psdOfficer", as: "the head of professional standards", target: "incident", allowed: nothing, because: "not shared with them" },
  { who: "daCoordinator", as: "a DA coordinator", target: "incident", allowed: nothing, because: "not shared with them" },
  {
    who: "employee",
    as: "the employee",
    target: "annotation",
    allowed: ["read", "list"],
    because: "notes on their entries are theirs; once written they cannot be changed either",
  },
  { who: "lineManager", as: "their line manager", target: "annotation", allowed: nothing, because: "not shared with them" },
  { who: "administrator", as: "an administrator", target: "annotation", allowed: nothing, because: "administration gives no sight of support records" },
];
