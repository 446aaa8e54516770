import type { Ability } from "@casl/ability";
import type { PrismaQueryFactory, Subjects } from "@casl/prisma/runtime";
import type {
  AccessAlert,
  AuditEvent,
  CaseAccess,
  ConversationRecord,
  Credential,
  Force,
  GuideSection,
  IncidentAnnotation,
  IncidentEntry,
  OutboxMessage,
  Person,
  PersonalOrderNotice,
  PersonChangeProposal,
  PoliceSuspectCase,
  Prisma,
  QuietRead,
  ReferralStep,
  RoleAssignment,
  SafetyMeasure,
  Session,
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
  | "end"; // sign a session out

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
