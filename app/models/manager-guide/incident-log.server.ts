// The employee's incident log: what happens at work (calls, emails, messages, visits from the (ex-)partner), kept as
// possible evidence. The only module that talks to the database about it. Entries and annotations are append-only
// (database triggers refuse UPDATE, DELETE and TRUNCATE); reads go through the access scope and are audited.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { ANNOTATION_MAX, INCIDENT_TEXT_MAX, WITNESSES_MAX } from "~/models/support-request/form-limits";
import { changeAccessible, changeWithAudit, listAccessible, readAccessible, requireAllowed } from "~/access/guard.server";
import { notFound } from "~/access/errors.server";
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { IncidentKind } from "~/generated/prisma/enums";
import { INCIDENT_KIND_LABELS } from "~/models/manager-guide/incident-labels";
import { isId } from "~/utils/ids";
import { csvDocument } from "~/utils/csv.server";
import { ukMoment } from "~/utils/dates";

export function incidentFormSchema(now: Date = new Date()) {
  return z
    .object({
      occurredOn: z.string({ error: "Enter the date it happened" }).trim().min(1, "Enter the date it happened"),
      occurredTime: z.string({ error: "Enter the time it happened" }).trim().min(1, "Enter the time it happened, for example 14:05"),
      kind: z.enum(Object.values(IncidentKind) as [IncidentKind, ...IncidentKind[]], { error: "Choose what kind of contact it was" }),
      whatHappened: z
        .string({ error: "Say what happened" })
        .trim()
        .min(1, "Say what happened")
        .max(INCIDENT_TEXT_MAX, `Keep it to ${INCIDENT_TEXT_MAX} characters`),
      witnesses: z.string().trim().max(WITNESSES_MAX, `Keep it to ${WITNESSES_MAX} characters`).optional().default(""),
    })
    .transform((form, ctx) => {
      const occurredAt = ukMoment(form.occurredOn, form.occurredTime);
      if (!occurredAt) {
        const dayOnly = ukMoment(form.occurredOn, "00:00");
        ctx.addIssue({
          code: "custom",
          path: [dayOnly ? "occurredTime" : "occurredOn"],
          message: dayOnly ? "Enter the time as hours and minutes, for example 14:05" : "Enter the date as a real date",
        });
        return z.NEVER;
      }
      if (occurredAt.getTime() > now.getTime() + 5 * 60_000) {
        ctx.addIssue({ code: "custom", path: ["occurredOn"], message: "The date and time cannot be in the future" });
        return z.NEVER;
      }
      return { occurredAt, kind: form.kind, whatHappened: form.whatHappened, witnesses: form.witnesses };
    });
}
export type IncidentForm = z.infer<ReturnType<typeof incidentFormSchema>>;

export const AnnotationFormSchema = z.object({
  body: z.string({ error: "Write your note" }).trim().min(1, "Write your note").max(ANNOTATION_MAX, `Keep your note to ${ANNOTATION_MAX} characters`),
});

const entrySelect = {
  id: true,
  occurredAt: true,
  kind: true,
  whatHappened: true,
  witnesses: true,
  recordedAt: true,
  annotations: { orderBy: { createdAt: "asc" }, select: { id: true, body: true, createdAt: true } },
} as const satisfies Prisma.IncidentEntrySelect;
type EntryRow = Prisma.IncidentEntryGetPayload<{ select: typeof entrySelect }>;

export interface IncidentView {
  id: string;
  occurredAt: string;
  kind: IncidentKind;
  whatHappened: string;
  witnesses: string;
  recordedAt: string;
  annotations: { id: string; body: string; at: string }[];
}

function toView(row: EntryRow): IncidentView {
  return {
    id: row.id,
    occurredAt: row.occurredAt.toISOString(),
    kind: row.kind,
    whatHappened: row.whatHappened,
    witnesses: row.witnesses,
    recordedAt: row.recordedAt.toISOString(),
    annotations: row.annotations.map((note) => ({ id: note.id, body: note.body, at: note.createdAt.toISOString() })),
  };
}

/**
 * The signed-in employee's own log, oldest first (the order evidence is read in). Only their own entries: when the
 * consent ledger lets someone else see a log, that reader gets their own page and their own audited list.
 */
export async function listOwnIncidents(context: RequestContext, purpose: "page" | "export" = "page"): Promise<IncidentView[]> {
  if (purpose === "export")
    await requireAllowed(context, { action: "export", model: "IncidentEntry", record: { personId: context.actor.id } }, "incident.export");
  const rows = await listAccessible(
    context,
    "IncidentEntry",
    (tx, scope) =>
      tx.incidentEntry.findMany({
        where: { AND: [scope, { personId: context.actor.id }] },
        orderBy: [{ occurredAt: "asc" }, { recordedAt: "asc" }],
        take: 5000,
        select: entrySelect,
      }),
    { purpose: purpose === "export" ? "own incident log export" : "own incident log" },
  );
  return rows.map(toView);
}

const entryExists = async (tx: DbTx, id: string) => (await tx.incidentEntry.count({ where: { id } })) > 0;

export async function readIncident(context: RequestContext, id: string): Promise<IncidentView> {
  if (!isId(id)) notFound();
  const row = await readAccessible(context, {
    model: "IncidentEntry",
    id,
    find: (tx, where) => tx.incidentEntry.findFirst({ where, select: entrySelect }),
    exists: entryExists,
  });
  return toView(row);
}

/** Adds an entry to the signed-in employee's own log (checked, written and audited in one transaction). */
export async function addIncident(context: RequestContext, form: IncidentForm): Promise<string> {
  const data = { id: randomUUID(), personId: context.actor.id, ...form };
  await changeWithAudit(context, { action: "create", model: "IncidentEntry", record: data, subjectId: data.id }, (tx) => tx.incidentEntry.create({ data }), {
    action: "incident.create",
  });
  return data.id;
}

/** Adds a note to an entry the person may annotate; anyone else's entry is "not found" (audited). */
export async function annotateIncident(context: RequestContext, id: string, body: string): Promise<void> {
  if (!isId(id)) notFound();
  await changeAccessible(
    context,
    { model: "IncidentEntry", id, action: "annotate", find: (tx, where) => tx.incidentEntry.findFirst({ where, select: { id: true } }), exists: entryExists },
    (tx) => tx.incidentAnnotation.create({ data: { entryId: id, authorId: context.actor.id, body } }),
    { action: "incident.annotate" },
  );
}

const CSV_HEADER = ["Entry", "Date and time it happened (UK)", "Kind", "What happened", "Witnesses", "Recorded in the portal (UTC)", "Notes added later"];

/** The log as CSV, in the order things happened, each entry with its later notes. */
export function incidentsCsv(entries: IncidentView[], formatUk: (date: Date) => string): string {
  const rows = entries.map((entry, index) => [
    String(index + 1),
    formatUk(new Date(entry.occurredAt)),
    INCIDENT_KIND_LABELS[entry.kind],
    entry.whatHappened,
    entry.witnesses,
    entry.recordedAt,
    entry.annotations.map((note) => `[${note.at}] ${note.body}`).join("\n"),
  ]);
  return csvDocument(CSV_HEADER, rows);
}
