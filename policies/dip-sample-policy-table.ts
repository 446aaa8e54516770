// The dip-sampling policy as a table a professional-standards officer can read: who may draw samples, see which
// sampled cases, and review which. `dip-sample-policy-table.test.ts` checks every row against the rules, on the record
// and through the database filter, for every persona on every record (0 unexpected allows).
import type { Action, PolicyPerson } from "./subjects";

const id = (n: number) => `00000000-0000-4000-8000-0000000004${String(n).padStart(2, "0")}`;

export const dipPeople = {
  npccOfficer: { id: id(1), forceId: "f1", unitId: "u1", level: 7, roles: ["NPCC_OFFICER"] },
  headOfPsd: { id: id(2), forceId: "f1", unitId: "u2", level: 5, roles: ["HEAD_OF_PSD"] },
  assignedReviewer: { id: id(3), forceId: "f1", unitId: "u2", level: 3, roles: ["PSD_OFFICER"] },
  otherPsdOfficer: { id: id(4), forceId: "f1", unitId: "u2", level: 3, roles: ["PSD_OFFICER"] },
  reviewerNowManagesSuspect: { id: id(5), forceId: "f1", unitId: "u2", level: 3, roles: ["PSD_OFFICER"] },
  reviewerWhoOwnedIt: { id: id(6), forceId: "f1", unitId: "u2", level: 3, roles: ["PSD_OFFICER"] },
  suspect: { id: id(7), forceId: "f1", unitId: "u3", level: 1, roles: [] },
  constable: { id: id(8), forceId: "f1", unitId: "u3", level: 1, roles: [] },
  daCoordinator: { id: id(9), forceId: "f1", unitId: "u4", level: 2, roles: ["DA_COORDINATOR"] },
  administrator: { id: id(10), forceId: "f1", unitId: "u5", level: 3, roles: ["ADMINISTRATOR"] },
  auditor: { id: id(11), forceId: "f1", unitId: "u5", level: 3, roles: ["AUDITOR"] },
} satisfies Record<string, PolicyPerson>;
export type DipPersona = keyof typeof dipPeople;

export const DIP_WHO: Record<DipPersona, string> = {
  npccOfficer: "The nominated NPCC officer",
  headOfPsd: "The head of professional standards",
  assignedReviewer: "The PSD officer assigned to review it",
  otherPsdOfficer: "Another PSD officer (on the case's access list)",
  reviewerNowManagesSuspect: "A PSD reviewer made the suspect's manager after the draw",
  reviewerWhoOwnedIt: "A PSD reviewer who owned the case's criminal track",
  suspect: "The suspect",
  constable: "A constable",
  daCoordinator: "A DA coordinator",
  administrator: "An administrator",
  auditor: "The auditor",
};

/** The closed case sampled: its suspect is now managed by one of the reviewers; another owned its criminal track. */
export const sampledCase = {
  id: id(50),
  suspectPersonId: dipPeople.suspect.id,
  chain: [dipPeople.reviewerNowManagesSuspect.id],
  criminalOwnerId: dipPeople.reviewerWhoOwnedIt.id,
};

const item = (n: number, reviewer: DipPersona, reviewed: boolean) => ({ id: id(n), reviewerId: dipPeople[reviewer].id, reviewed });

export const dipTargets = {
  sample: { model: "DipSample", label: "a sample (its counts, its draw)" },
  item: { model: "DipSampleItem", label: "a sampled case assigned for review", ...item(60, "assignedReviewer", false) },
  itemReviewed: { model: "DipSampleItem", label: "a sampled case, reviewed", ...item(61, "assignedReviewer", true) },
  itemOfReviewerNowConflicted: {
    model: "DipSampleItem",
    label: "a sampled case assigned to someone now conflicted",
    ...item(62, "reviewerNowManagesSuspect", false),
  },
  itemOfFormerOwner: { model: "DipSampleItem", label: "a sampled case assigned to its former owner", ...item(63, "reviewerWhoOwnedIt", false) },
  caseReview: { model: "PoliceSuspectCase", label: "the sampled case's quality-review page" },
} as const;
export type DipTarget = keyof typeof dipTargets;

export const DIP_ACTIONS: readonly Action[] = ["read", "list", "create", "review", "qualityReview", "manage"];

/** The actions checked on a target: on the case, only the review (its other actions are in the case table). */
export function dipActionsFor(target: DipTarget): readonly Action[] {
  return dipTargets[target].model === "PoliceSuspectCase" ? ["qualityReview"] : DIP_ACTIONS;
}

export interface DipPolicyRow {
  who: DipPersona;
  target: DipTarget;
  allowed: readonly Action[];
  because: string;
}

const nothing: readonly Action[] = [];
const everyoneElse = (target: DipTarget, because: string, but: DipPersona[]): DipPolicyRow[] =>
  (Object.keys(dipPeople) as DipPersona[]).filter((who) => !but.includes(who)).map((who) => ({ who, target, allowed: nothing, because }));
const drawers = (target: DipTarget, allowed: readonly Action[], because: string): DipPolicyRow[] => [
  { who: "npccOfficer", target, allowed, because },
  { who: "headOfPsd", target, allowed, because },
];

export const dipPolicyTable: DipPolicyRow[] = [
  ...drawers("sample", ["read", "list", "create"], "they draw samples and follow their outcomes"),
  ...everyoneElse("sample", "sampling is the NPCC officer's and the head of PSD's", ["npccOfficer", "headOfPsd"]),
  ...drawers("item", ["read", "list"], "a case they oversee and are not conflicted on"),
  { who: "assignedReviewer", target: "item", allowed: ["read", "list", "review"], because: "assigned to them, no conflict, not yet reviewed" },
  ...everyoneElse("item", "only the assigned reviewer and those who draw samples", ["npccOfficer", "headOfPsd", "assignedReviewer"]),
  ...drawers("itemReviewed", ["read", "list"], "a case they oversee and are not conflicted on"),
  { who: "assignedReviewer", target: "itemReviewed", allowed: ["read", "list"], because: "their review stands: it is recorded once" },
  ...everyoneElse("itemReviewed", "only the assigned reviewer and those who draw samples", ["npccOfficer", "headOfPsd", "assignedReviewer"]),
  ...drawers("itemOfReviewerNowConflicted", ["read", "list"], "a case they oversee and are not conflicted on"),
  ...everyoneElse("itemOfReviewerNowConflicted", "its reviewer is above the suspect now: conflicted (ADR 024)", ["npccOfficer", "headOfPsd"]),
  ...drawers("itemOfFormerOwner", ["read", "list"], "a case they oversee and are not conflicted on"),
  ...everyoneElse("itemOfFormerOwner", "nobody reviews their own handling", ["npccOfficer", "headOfPsd"]),
  { who: "assignedReviewer", target: "caseReview", allowed: ["qualityReview"], because: "assigned to them, no conflict" },
  ...everyoneElse("caseReview", "only a reviewer assigned and free of conflict (everyone else: not found, alerted)", ["assignedReviewer"]),
];
