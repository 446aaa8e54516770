import { auditContentHash } from "~/utils/audit.server";

/**
 * SQL that inserts an audit row with no keyed tag, as the trail was before it was keyed (or as someone with database
 * access would slip one in); the database's trigger seals it as the next entry.
 */
export function untaggedAuditInsert(subjectId: string): string {
  const row = {
    occurredAt: new Date(),
    actorId: null,
    action: "test.legacy",
    subjectType: null,
    subjectId,
    outcome: "SUCCESS",
    reason: null,
    ipAddress: null,
    userAgent: null,
    details: null,
  };
  return `INSERT INTO "audit_event" ("occurredAt", "action", "subjectId", "outcome", "contentHash") VALUES ('${row.occurredAt.toISOString()}', 'test.legacy', '${subjectId}', 'SUCCESS', '${auditContentHash(row)}')`;
}
