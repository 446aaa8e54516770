// An area with no record-level rule (the monitoring figures): the decision, the read and its audit row together.
import type { Action, AreaSubject } from "#policies/subjects";
import type { DbTx } from "~/db.server";
import { appendAudit } from "~/utils/audit.server";
import { forbidden } from "../errors.server";
import type { RequestContext } from "../request-context.server";
import { auditFor, can, type AuditDetails } from "./records.server";

/**
 * Reads from an area that has no record-level rule (the monitoring figures, say): refuses (audited, 403) unless the
 * ability allows `action` on the area, then reads and writes the audit row in one transaction.
 */
export async function readAreaAudited<T>(
  context: RequestContext,
  check: { area: AreaSubject; action: Action },
  read: (tx: DbTx) => Promise<T>,
  audit: { action: string; details?: AuditDetails },
): Promise<T> {
  if (!can(context.ability, check.action, check.area)) {
    await context.prisma.$transaction((tx) =>
      appendAudit(
        tx,
        auditFor(context, { action: audit.action, subjectType: check.area, outcome: "REFUSED", reason: "no rule allows it", details: audit.details }),
      ),
    );
    forbidden();
  }
  // A read-only transaction: longer than the default 5 s is allowed (figures over many records, a loaded machine) and
  // blocks no writer (PostgreSQL's snapshots).
  return context.prisma.$transaction(
    async (tx) => {
      const result = await read(tx);
      await appendAudit(tx, auditFor(context, { action: audit.action, subjectType: check.area, outcome: "ALLOWED", details: audit.details }));
      return result;
    },
    { timeout: 30_000 },
  );
}
