// Words the support pages show: plain, and safe to import into a page (no server code).

/** Ways a supporter might contact someone outside the portal's messages. */
export const CONTACT_CHANNELS = {
  WORK_EMAIL: "My work email",
  WORK_PHONE: "My work phone",
  IN_PERSON: "In person, at work",
  PERSONAL_MOBILE: "My personal mobile phone",
  PERSONAL_EMAIL: "My personal email",
  HOME_ADDRESS: "Letters to my home address",
  PORTAL_ONLY: "Only through messages in this portal",
} as const;
export type ContactChannel = keyof typeof CONTACT_CHANNELS;
export const CONTACT_CHANNEL_KEYS = Object.keys(CONTACT_CHANNELS) as ContactChannel[];
/** Channels that cannot be marked "not safe": the portal's own messages are always how a supporter can reach them. */
export const UNSAFE_CHANNEL_CHOICES = Object.fromEntries(Object.entries(CONTACT_CHANNELS).filter(([key]) => key !== "PORTAL_ONLY")) as Record<string, string>;

/** What an employee may share, one item at a time, and how the ledger names it. */
export const SHARE_LABELS = {
  IDENTITY: "Who I am (my name, pronouns and work email)",
  MESSAGE: "What I wrote",
  SAFE_CONTACT: "How and when it is safe to contact me",
} as const;
export type ShareLabelKey = keyof typeof SHARE_LABELS;

export const SHARE_SHORT_LABELS: Record<ShareLabelKey, string> = {
  IDENTITY: "who you are",
  MESSAGE: "what you wrote",
  SAFE_CONTACT: "your safe-contact details",
};

export const REQUEST_STATUS_LABELS = {
  DRAFT: "Draft (not sent)",
  SUBMITTED: "Sent, waiting to be picked up",
  ACKNOWLEDGED: "Picked up",
  CLOSED: "Closed",
} as const;

export const EVENT_LABELS: Record<string, string> = {
  SUBMITTED: "Request sent",
  ACKNOWLEDGED: "Picked up by the service",
  ACTION: "Action recorded",
  HANDED_OVER: "Handed over to a colleague in the same service",
  RETURNED: "Returned to the service's queue",
  CLOSED: "Closed",
  CONSENT_GRANTED: "More was shared",
  CONSENT_WITHDRAWN: "Consent withdrawn",
  OVERRIDE: "Shared without consent to keep someone safe",
  RISK_ASSESSED: "Risk assessment recorded",
};

export const OVERRIDE_GROUNDS = {
  CHILD_AT_RISK: "A child is at risk",
  HIGH_RISK_OF_HARM: "High risk of serious harm or death",
} as const;

export const RISK_LEVEL_LABELS = { STANDARD: "Standard", MEDIUM: "Medium", HIGH: "High" } as const;

/** How long an unsent draft is kept for its author before it is deleted. */
export const DRAFT_KEPT_DAYS = 30;
