// Words shown for the police-suspect case data (shared by the server modules and the pages).
import type {
  AccessCapacity,
  AlertKind,
  AlertOutcome,
  CaseOrigin,
  ConductMatterType,
  CriminalStatus,
  DutiesDecision,
  ReceivedHow,
} from "~/generated/prisma/enums";

export const RECEIVED_HOW_LABELS: Record<ReceivedHow, string> = {
  IN_PERSON: "In person",
  TELEPHONE: "By telephone",
  EMAIL_OR_MESSAGE: "By email or message",
  IN_WRITING: "In writing",
  SELF_REPORT: "I am reporting this myself",
  OTHER: "Another way",
};

/** How a case came to the portal (counted in the monitoring figures). */
export const CASE_ORIGIN_LABELS: Record<CaseOrigin, string> = {
  REPORT: "A report",
  ADMISSION_BY_EMPLOYEE: "An admission by the suspect, through the portal",
  ADMISSION_HEARD: "An admission by the suspect, heard by the person who recorded it",
};

export const CAPACITY_LABELS: Record<AccessCapacity, string> = {
  PROFESSIONAL_STANDARDS: "Professional standards",
  SUPERVISING_OFFICER: "Supervising officer",
  CRIMINAL_INVESTIGATOR: "Criminal investigation",
  CONDUCT_INVESTIGATOR: "Conduct investigation",
  SAFEGUARDING: "Safeguarding",
  OVERSIGHT: "Oversight",
};

export const CONNECTION_KINDS = {
  personal: "Personal (family, friend, relationship)",
  professional: "Professional (a case, a complaint, a colleague)",
  social: "Social (clubs, sport, social media)",
  "line-management": "Line management (now or in the past)",
  "worked-together": "We have worked together before",
} as const;
export type ConnectionKind = keyof typeof CONNECTION_KINDS;

export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
  UNLISTED_ATTEMPT: "Attempt by someone not on the access list",
  BREAK_GLASS: "Emergency (break-glass) access",
  MISSING_DECLARATION: "Case opened without a declaration",
  ACCESS_LAPSED: "Access lapsed: now in the suspect's line chain",
};

export const ALERT_OUTCOME_LABELS: Record<AlertOutcome, string> = {
  LEGITIMATE: "Legitimate",
  ADVICE_GIVEN: "Advice given",
  REFERRED_FOR_MISCONDUCT: "Referred for misconduct",
  NO_FURTHER_ACTION: "No further action",
};

export const CRIMINAL_STATUS_LABELS: Record<CriminalStatus, string> = {
  REPORTED: "Reported",
  UNDER_INVESTIGATION: "Under investigation",
  SUSPECT_INTERVIEWED: "Suspect interviewed",
  FILE_WITH_CPS: "File with the CPS",
  CHARGED: "Charged",
  NO_FURTHER_ACTION: "No further action",
  CONVICTED: "Convicted",
  ACQUITTED: "Acquitted",
};

export const MATTER_TYPE_LABELS: Record<ConductMatterType, string> = { COMPLAINT: "Complaint", CONDUCT_MATTER: "Conduct matter" };

export const DUTIES_LABELS: Record<DutiesDecision, string> = {
  NOT_YET_CONSIDERED: "Not yet considered",
  NO_RESTRICTION: "Considered: no suspension or restriction",
  RESTRICTED_DUTIES: "Restricted duties",
  SUSPENDED: "Suspended",
};

export const OTHER_FORCE_REASONS = {
  "small-force": "This is a small force",
  "senior-suspect": "The suspect is senior or well known",
  "victim-confidence": "The victim's confidence could not otherwise be secured",
} as const;

export const REVIEW_HEADINGS = {
  riskFactors: "Risk factors",
  publicProtection: "Public protection",
  communityImpact: "Community impact",
  publicConfidence: "Public confidence and reassurance",
  mediaStrategy: "Media strategy",
} as const;
