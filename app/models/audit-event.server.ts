// Reading the audit trail for the oversight and sign-in security pages, and checking its hash chain. (Writing it is
// app/utils/audit.server.ts.) Every read goes through `listAccessible(context, "AuditEvent", ...)`, so the rows come
// through the caller's access scope and the read itself is audited.
import { changeWithAudit, listAccessible } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { verifyAuditTrail } from "~/utils/audit-checkpoint.server";
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
  const page: Prisma.AuditEventWhereInput =
    options.after !== undefined ? { id: { gt: options.after } } : options.before !== undefined ? { id: { lt: options.before } } : {};
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

/** What the audit trail page asks for: events whose action starts with `actionPrefix`, of one outcome, and the page. */
export interface AuditTrailQuery {
  actionPrefix: string;
  /** One of AUDIT_OUTCOMES, or "" for any. */
  outcome: string;
  /** Older than this sequence number (the next page back)... */
  before?: bigint;
  /** ...or newer than this one (the page forward); `before` wins when both are given. */
  after?: bigint;
}

export interface AuditTrailPage {
  events: AuditEventRow[];
  /** Where the pages either side start, or null when there is none. */
  newer: bigint | null;
  older: bigint | null;
}

/**
 * One page of the audit trail (newest first) for the security overview (whose area the page requires): listed
 * through the caller's AuditEvent scope, the read audited with its filters.
 */
export async function auditTrailPage(context: RequestContext, query: AuditTrailQuery): Promise<AuditTrailPage> {
  const { actionPrefix, outcome } = query;
  const before = query.before;
  const after = before === undefined ? query.after : undefined;
  const where: Prisma.AuditEventWhereInput = {
    ...(actionPrefix ? { action: { startsWith: actionPrefix } } : {}),
    ...(outcome ? { outcome } : {}),
  };
  // One more row than the page shows tells whether there is a further page.
  const rows = await listAccessible(context, "AuditEvent", (tx, scope) => listAuditEvents(tx, scope, { where, before, after, take: AUDIT_PAGE_SIZE + 1 }), {
    filters: { action: actionPrefix, outcome },
    ...(before !== undefined ? { before: before.toString() } : {}),
    ...(after !== undefined ? { after: after.toString() } : {}),
  });
  const more = rows.length > AUDIT_PAGE_SIZE;
  // Newest first: going back (`before`) the extra row is the oldest, going forward (`after`) it is the newest.
  const events = after !== undefined ? rows.slice(more ? 1 : 0) : rows.slice(0, AUDIT_PAGE_SIZE);
  const newest = events[0]?.id;
  const oldest = events[events.length - 1]?.id;
  const hasNewer = after !== undefined ? more : before !== undefined;
  const hasOlder = after !== undefined ? true : more;
  return { events, newer: hasNewer && newest !== undefined ? newest : null, older: hasOlder && oldest !== undefined ? oldest : null };
}

export interface AuditChainCheck {
  ok: boolean;
  rowsChecked: number;
  problem: { kind: string; seq: string; message: string } | null;
}

/**
 * Checks the audit trail's hash chain for the security overview (whose area the page requires before any work) and
 * records the check, with what it found, in the trail. The check itself runs outside a transaction: it reads every
 * seal (a million rows take longer than an interactive transaction may stay open) and shows no record's content,
 * only where the chain breaks.
 */
export async function checkAuditChain(context: RequestContext): Promise<AuditChainCheck> {
  const report = await verifyAuditTrail(context.prisma);
  const problem = report.problem ? { kind: report.problem.kind, seq: report.problem.seq.toString(), message: report.problem.message } : null;
  // Recorded through the guard, which also refuses (audited, 403) anyone without the right to list the trail.
  await changeWithAudit(context, { action: "list", model: "AuditEvent" }, async () => undefined, {
    action: "audit.verify",
    details: { ok: report.ok, rowsChecked: report.rowsChecked, ...(problem ? { problem } : {}) },
  });
  return { ok: report.ok, rowsChecked: report.rowsChecked, problem };
}
