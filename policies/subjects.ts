import type { Ability } from "@casl/ability";
import type { PrismaQueryFactory, Subjects } from "@casl/prisma/runtime";
import type {
  AccessAlert,
  AuditEvent,
  CaseAccess,
  DipSample,
  DipSampleItem,
  ConversationRecord,
  Credential,
  Force,
  GuideSection,
  IncidentAnnotation,
  IncidentEntry,
  LegalHold,
  OutboxMessage,
  Person,
  PersonalOrderNotice,
  PersonChangeProposal,
  PoliceSuspectCase,
  Prisma,
  QuietRead,
  ReferralStep,
  RetentionRule,
  RoleAssignment,
  SafetyMeasure,
  Session,
  SubjectAccessRequest,
  SupportRequest,
  SupportService,
  Unit,
} from "~/generated/prisma/client";
import type { Role } from "~/generated/prisma/enums";

/** What a person can try to do. `manage` means every action. */
export type Action =
  | "manage"
  | "read"
  | "list"
  | "create"
  | "update"
  | "unlock"
  // police-suspect cases
  | "open" // see that the case exists and reach its declaration form
  | "declare"
  | "readSafeguarding" // the victim's contact details
  | "readSubmission" // the first recipient's own report, as they submitted it
  | "manageAccess"
  | "reviewDeclaration"
  | "readAccessLog"
  | "breakGlass"
  | "readCriminalTrack"
  | "updateCriminalTrack"
  | "readConductTrack"
  | "updateConductTrack"
  | "readSuspectPlan" // the suspect's risk and duties plan and welfare offers (conduct track)
  | "updateSuspectPlan"
  | "readCaseRisk" // the case's own risk assessments and tracked items (threat to life, MARAC, IDVA, first contact)
  | "assessCaseRisk" // record an assessment on the case, and work its MARAC, IDVA and first-contact items
  | "authoriseRestriction"
  | "recordOwnership"
  | "recordReview" // the NPCC-directed review of the investigation
  | "publishUpdate" // to the interested person
  | "manageInterestedPerson"
  | "readUpdates" // the interested person's view
  | "review" // an access alert, a notice of a court order, a quiet read
  | "acknowledge" // a referral step: "I have received this and I am acting"
  | "recordEmployerUpdate" // inter-force: the employer force's PSD has been updated
  // the confidential support route (docs/features/support-route.md)
  | "readIdentity" // who asked: name, pronouns, work email
  | "readMessage" // what they wrote
  | "readSafeContact" // how and when it is safe to contact them
  | "work" // acknowledge, record an action, hand over, close
  | "message" // messages inside the portal
  | "manageConsent" // the employee's consent ledger and who opened the record
  | "overrideConsent" // a safeguarding override, with the reason
  | "assessRisk"
  | "readRisk"
  // risk that escalates on time (docs/features/risk-escalation.md)
  | "readRiskItems" // the tracked items and their deadlines: threat to life, MARAC, IDVA, first contact, acknowledgement
  | "decideThreatToLife" // the duty inspector's decision (an inspector or above)
  | "manageMarac" // the MARAC referral: listing, actions, outcome
  | "manageIdva" // the IDVA referral: accepted or declined
  // the manager's guide, conversation records and the incident log
  | "respond" // the employee agrees with, comments on or asks to remove a conversation record
  | "annotate" // add a note to an incident entry
  | "export"
  // the workplace safety plan
  | "agree" // the employee agrees a measure (a supporter's proposal or edit)
  | "refer" // a line manager starts, with the employee's consent, a support request the employee must confirm
  // four eyes on privilege (docs/decisions/023)
  | "decide" // approve or refuse a proposed change to someone's privilege
  | "withdraw" // the proposer takes back their own proposal
  // sessions the owner controls ("Where you're signed in")
  | "end" // sign a session out
  // retention, legal hold and subject access
  | "lift" // a legal hold
  | "assemble" // a subject-access request, item by item with its exemptions
  | "deliver" // a subject-access request, once assembled
  // dip-sampling of closed cases (docs/features/dip-sampling.md)
  | "qualityReview"; // a sampled case, by the PSD reviewer assigned to it

/** Records the rules speak about (checked per record and turned into database filters) and whole areas. */
export type RecordSubjects = Subjects<{
  Person: Person;
  Unit: Unit;
  Force: Force;
  RoleAssignment: RoleAssignment;
  PersonChangeProposal: PersonChangeProposal;
  Credential: Credential;
  AuditEvent: AuditEvent;
  PoliceSuspectCase: PoliceSuspectCase;
  CaseAccess: CaseAccess;
  AccessAlert: AccessAlert;
  ReferralStep: ReferralStep;
  PersonalOrderNotice: PersonalOrderNotice;
  SupportRequest: SupportRequest;
  SupportService: SupportService;
  GuideSection: GuideSection;
  ConversationRecord: ConversationRecord;
  IncidentEntry: IncidentEntry;
  IncidentAnnotation: IncidentAnnotation;
  SafetyMeasure: SafetyMeasure;
  QuietRead: QuietRead;
  Session: Session;
  OutboxMessage: OutboxMessage;
  // retention, legal hold and subject access (docs/features/retention-and-subject-access.md)
  RetentionRule: RetentionRule;
  LegalHold: LegalHold;
  SubjectAccessRequest: SubjectAccessRequest;
  // dip-sampling of closed cases
  DipSample: DipSample;
  DipSampleItem: DipSampleItem;
}>;
export type AreaSubject = "AdminArea" | "SecurityOverview" | "CaseOversight" | "MonitoringFigures";
export type AppSubject = RecordSubjects | AreaSubject | "all";

export type PrismaQuery<T = unknown> = PrismaQueryFactory<Prisma.TypeMap, T>;
export type AppAbility = Ability<[Action, AppSubject], PrismaQuery>;

/** The facts about a person that the rules may use. */
export interface PolicyPerson {
  id: string;
  forceId: string;
  unitId: string | null;
  level: number;
  roles: readonly Role[];
  /** The moment the ability is built for: time-limited access (grants, break-glass) is judged against it. */
  now?: Date;
}
