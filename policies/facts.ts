import type { RecordSubjects } from "./subjects";
import { REQUEST_CONFLICT_FACTS } from "./rules/support";

/**
 * The fields a record must carry for the rules to decide on it in memory, by model. A rule that keeps people out by
 * a field ("not in the named colleague's line chain") reads a field the record was loaded without as absent, and
 * would let them in: the guard refuses such a record instead (app/access/guard/records.server.ts).
 */
export const FACTS_FOR_DECISION: Partial<Record<Extract<RecordSubjects, string>, readonly string[]>> = {
  SupportRequest: REQUEST_CONFLICT_FACTS,
};
