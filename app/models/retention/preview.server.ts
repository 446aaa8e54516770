// The administrator's view of the retention schedule: each rule, and how many records it will dispose of in the next
// 30 days (and how many a legal hold keeps), as counts only: never which records.
import { addDays } from "date-fns";
import { readUnderRight } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import { countDue, currentHolds, isDisposable, retentionRules, type RetentionRuleRow } from "./due.server";

export const PREVIEW_DAYS = 30;

export interface RetentionPreviewRow extends RetentionRuleRow {
  /** Null for a rule the job never disposes of (the audit trail). */
  dueWithin: number | null;
  heldBack: number | null;
}

export function retentionPreview(context: RequestContext, now: Date): Promise<RetentionPreviewRow[]> {
  return readUnderRight(
    context,
    { action: "list", model: "RetentionRule", auditAction: "retention.preview" },
    async (tx) => {
      const holds = await currentHolds(tx);
      const horizon = addDays(now, PREVIEW_DAYS);
      const rows: RetentionPreviewRow[] = [];
      for (const rule of await retentionRules(tx)) {
        const type = rule.recordType;
        const counts = rule.disposal === "DELETE" && isDisposable(type) ? await countDue(tx, { ...rule, recordType: type }, horizon, holds) : null;
        rows.push({ ...rule, dueWithin: counts?.due ?? null, heldBack: counts?.held ?? null });
      }
      return rows;
    },
    (rows) => ({ days: PREVIEW_DAYS, counts: Object.fromEntries(rows.map((row) => [row.recordType, row.dueWithin])) }),
  );
}
