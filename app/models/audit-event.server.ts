// Reading the audit trail for the oversight and sign-in security pages. (Writing it is app/utils/audit.server.ts.)
// Routes call these inside `listAccessible(context, "AuditEvent", ...)`, so the rows come through the caller's access
// scope and the read itself is audited.
import type { DbTx } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { addressName } from "~/utils/names";

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_OUTCOMES = ["ALLOWED", "REFUSED", "SUCCESS", "FAILURE"] as const;

const auditEventSelect = {
  id: true,
  occurredAt: true,
  actorId: true,
  action: true,
  subjectType: true,
  subjectId: true,
  outcome: true,
  reason: true,
  ipAddress: true,
} as const satisfies Prisma.AuditEventSelect;

export interface AuditEventRow {
  id: bigint;
  occurredAt: Date;
  actorId: string | null;
  actorName: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  /** The person's name when the record is a person. */
  subjectName: string | null;
  outcome: string;
  reason: string | null;
  ipAddress: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Audit events in the caller's scope, newest first, with the names of the people involved resolved in one more
 * query. The names are part of reading the trail (who did what is what oversight is for), so they are not limited
 * by the caller's scope of people.
 */
export async function listAuditEvents(
  tx: DbTx,
  scope: Prisma.AuditEventWhereInput,
  options: { where?: Prisma.AuditEventWhereInput; before?: bigint; after?: bigint; take: number },
): Promise<AuditEventRow[]> {
  const page: Prisma.AuditEventWhereInput = options.after !== undefined ? { id: { gt: options.after } } : options.before !== undefined ? { id: { lt: options.before } } : {};
  const rows = await tx.auditEvent.findMany({
    where: { AND: [scope, options.where ?? {}, page] },
    select: auditEventSelect,
    // Going forwards (newer) reads upwards from `after`; the page is shown newest first either way.
    orderBy: { id: options.after !== undefined ? "asc" : "desc" },
    take: options.take,
  });
  if (options.after !== undefined) rows.reverse();
  const ids = new Set<string>();
  for (const row of rows) {
    if (row.actorId) ids.add(row.actorId);
    if (row.subjectType === "Person" && row.subjectId && UUID.test(row.subjectId)) ids.add(row.subjectId);
  }
  const people =
    ids.size > 0
      ? await tx.person.findMany({ where: { id: { in: [...ids] } }, select: { id: true, firstName: true, lastName: true, preferredName: true } })
      : [];
  const names = new Map(people.map((person) => [person.id, addressName(person)]));
  return rows.map((row) => ({
    ...row,
    actorName: row.actorId ? (names.get(row.actorId) ?? null) : null,
    subjectName: row.subjectType === "Person" && row.subjectId ? (names.get(row.subjectId) ?? null) : null,
  }));
}
