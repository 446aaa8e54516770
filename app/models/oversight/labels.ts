// Labels for quiet reads, shared by the server and the pages.
import type { QuietReadKind, QuietReadOutcome } from "~/generated/prisma/enums";

export const QUIET_READ_KIND_LABELS: Record<QuietReadKind, string> = {
  SAFEGUARDING_OVERRIDE: "Safeguarding override",
  BREAK_GLASS: "Emergency (break-glass) access",
  PSD_READ: "Read by professional standards of a case about professional standards",
};
export const QUIET_READ_OUTCOME_LABELS: Record<QuietReadOutcome, string> = {
  JUSTIFIED: "Justified",
  NOT_JUSTIFIED_ADVICE: "Not justified: advice given",
  NOT_JUSTIFIED_REFERRED: "Not justified: referred for misconduct",
};
