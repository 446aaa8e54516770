// Limits and field orders of the guide, conversation-record and log forms: shared by the server's validation and
// the pages (which cannot import *.server modules).

export const GUIDE_TITLE_MAX = 120;
export const GUIDE_BODY_MAX = 8000;

export const CONVERSATION_TEXT_MAX = 2000;
export const COMMENT_MAX = 2000;
export const CONVERSATION_FIELD_ORDER = ["form", "heldOn", "pointsCovered", "supportOffered", "agreed", "followUpOn", "nothingAboutAbuse"];

export const INCIDENT_TEXT_MAX = 5000;
export const WITNESSES_MAX = 1000;
export const ANNOTATION_MAX = 2000;
export const INCIDENT_FIELD_ORDER = ["form", "occurredOn", "occurredTime", "kind", "whatHappened", "witnesses"];
