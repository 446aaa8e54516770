import type { IncidentKind } from "~/generated/prisma/enums";

/** How each kind of incident reads on the page (shared by the server and the browser). */
export const INCIDENT_KIND_LABELS: Record<IncidentKind, string> = {
  CALL: "Phone call",
  EMAIL: "Email",
  MESSAGE: "Text or other message",
  VISIT: "Visit or approach in person",
  OTHER: "Something else",
};
