// A case's access log: every audit row about the case (opens, reads, refusals, grants, declarations, break-glass),
// with the person's name, for PSD's review and export.
import { auditCaseEvent, caseScope } from "~/access/guard.server";
import { arrivalLabel } from "~/access/arrival.server";
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import { isId } from "~/utils/ids";
import { addressName } from "~/utils/names";
import { csvStream } from "~/utils/csv.server";

export interface AccessLogRow {
  id: string;
  at: string;
  person: string;
  action: string;
  outcome: string;
  reason: string | null;
  via: string | null;
  /** How an attempt reached the portal (its own page, typed in, or a link on another site), where recorded. */
  arrival: string | null;
  address: string | null;
}

const ACTION_LABELS: Record<string, string> = {
  "access.read": "Opened the case",
  "access.open": "Reached the case (content withheld)",
  "access.readSubmission": "Read their own submission",
  "access.read.accessList": "Read the access list",
  "access.read.declarations": "Read the declarations",
  "access.read.accessLog": "Read the access log",
  "access.export": "Exported the access log",
  "case.create": "Recorded the report",
  "case.create.repeated": "Sent the same report again (no second case was made)",
  "case.declare": "Made a declaration",
  "case.declaration.review": "Decided on a declaration",
  "case.access.grant": "Gave someone access",
  "case.access.revoke": "Ended someone's access",
  "case.breakGlass": "Broke the glass",
  "case.breakGlass.form": "Looked at the emergency access form",
};

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

/** The newest `limit` rows of the case's access log, newest first. */
export async function caseAccessLog(tx: DbTx, caseId: string, limit = 1000): Promise<AccessLogRow[]> {
  return readPage(tx, caseId, limit, null);
}

/** The whole log (up to `limit` rows), newest first, read `pageSize` rows at a time as the caller asks for them. */
export function caseAccessLogPages(tx: DbTx, caseId: string, { pageSize = 500, limit = 100_000 } = {}): AsyncGenerator<AccessLogRow[]> {
  return pagesOf((take, before) => readPage(tx, caseId, take, before), pageSize, limit);
}

/**
 * The whole log for PSD's export, streamed. The file outlives the transaction in which the export was decided and
 * audited (requireCasePage), so each page is read in a transaction of its own that first checks, through the scope of
 * `readAccessLog`, that the person may still read this case's log. A right withdrawn during the download cuts the
 * file off (the stream errors, so it never looks complete), and the cut is audited.
 */
export function exportedAccessLogPages(context: RequestContext, caseId: string, { pageSize = 500, limit = 100_000 } = {}): AsyncGenerator<AccessLogRow[]> {
  return pagesOf(
    async (take, before) => {
      const page = await context.prisma.$transaction(async (tx) => {
        const allowed = await tx.policeSuspectCase.count({ where: { AND: [caseScope(context, "readAccessLog"), { id: caseId }] } });
        if (allowed) return readPage(tx, caseId, take, before);
        await auditCaseEvent(context, tx, {
          action: "access.export",
          caseId,
          outcome: "REFUSED",
          reason: "access withdrawn during the export",
          details: { via: "export" },
        });
        return null;
      });
      if (!page) throw new Error("The export was cut off: the right to read this access log was withdrawn during it.");
      return page;
    },
    pageSize,
    limit,
  );
}

async function* pagesOf(
  read: (take: number, before: bigint | null) => Promise<AccessLogRow[]>,
  pageSize: number,
  limit: number,
): AsyncGenerator<AccessLogRow[]> {
  let before: bigint | null = null;
  for (let left = limit; left > 0; ) {
    const page = await read(Math.min(pageSize, left), before);
    if (page.length === 0) return;
    yield page;
    left -= page.length;
    before = BigInt(page[page.length - 1]!.id);
  }
}

async function readPage(tx: DbTx, caseId: string, take: number, before: bigint | null): Promise<AccessLogRow[]> {
  const events = await tx.auditEvent.findMany({
    where: { subjectType: "PoliceSuspectCase", subjectId: caseId, ...(before === null ? {} : { id: { lt: before } }) },
    orderBy: { id: "desc" },
    take,
    select: { id: true, occurredAt: true, actorId: true, action: true, outcome: true, reason: true, details: true, ipAddress: true },
  });
  const actors = await tx.person.findMany({
    where: { id: { in: [...new Set(events.map((event) => event.actorId).filter((id): id is string => id !== null))] } },
    select: { id: true, firstName: true, lastName: true, preferredName: true },
  });
  const name = new Map(actors.map((actor) => [actor.id, addressName(actor)]));
  const parsed = events.map((event) => ({ event, details: detailsOf(event.details) }));
  const breakGlassReasons = await breakGlassReasonsOf(
    tx,
    caseId,
    parsed.map(({ details }) => details.breakGlassId),
  );
  return parsed.map(({ event, details }) => ({
    id: event.id.toString(),
    at: event.occurredAt.toISOString(),
    person: event.actorId ? (name.get(event.actorId) ?? "Unknown person") : "The portal",
    action: event.action,
    outcome: event.outcome,
    // A break-glass's reason is on its record (rows written since the reason left the audit trail name it by id).
    reason: event.reason ?? (details.breakGlassId ? (breakGlassReasons.get(details.breakGlassId) ?? null) : null),
    via: details.via ?? null,
    arrival: arrivalLabel(details.arrival, details.from),
    address: event.ipAddress,
  }));
}

interface LogDetails {
  via?: string;
  arrival?: string;
  from?: string;
  breakGlassId?: string;
}

function detailsOf(text: string | null): LogDetails {
  try {
    return text ? (JSON.parse(text) as LogDetails) : {};
  } catch {
    return {};
  }
}

/** The reasons given for the case's break-glass uses named in these rows, by the use's id. */
async function breakGlassReasonsOf(tx: DbTx, caseId: string, ids: (string | undefined)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => typeof id === "string" && isId(id)))];
  if (wanted.length === 0) return new Map();
  const uses = await tx.breakGlassAccess.findMany({ where: { caseId, id: { in: wanted } }, select: { id: true, reason: true } });
  return new Map(uses.map((use) => [use.id, use.reason]));
}

const CSV_HEADER = ["When (UTC)", "Person", "Action", "Outcome", "Reason", "Via", "From address", "How it came"];

/** The log as a CSV file, streamed a page at a time (~/utils/csv.server makes formula-like cells plain text). */
export function accessLogCsv(pages: AsyncIterable<AccessLogRow[]>): ReadableStream<Uint8Array> {
  async function* records() {
    for await (const page of pages)
      yield page.map((row) => [row.at, row.person, actionLabel(row.action), row.outcome, row.reason, row.via, row.address, row.arrival]);
  }
  return csvStream(CSV_HEADER, records());
}
