// Subject-access requests (ADR 037): PSD records a person's request for what the portal holds about them (due one
// calendar month after it was received), assembles it item by item with each exemption recorded, and marks it
// delivered. Never by someone the request concerns: the person themselves, anyone above them in line management, or
// anyone conflicted on a case they are in; to such a person the request is "not found", as it is to everyone else.
import { addMonths } from "date-fns";
import { z } from "zod";
import { changeDecidedInTransaction, listAccessible, readAccessible, requireRight } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import { parseDay, ukToday } from "~/utils/dates";
import { addressName } from "~/utils/names";
import { aboveOrSame, conflictedOnCasesOf } from "~/models/retention/conflicts.server";
import { assembleItems } from "./assemble.server";
import { EXEMPTION_CODES } from "./exemptions";
import { mergeItems } from "./merge.server";

export const RecordRequestSchema = z.object({
  intent: z.literal("record"),
  workEmail: z
    .string({ error: "Enter the work email of the person asking" })
    .trim()
    .min(1, "Enter the work email of the person asking")
    .max(200, "Use 200 characters or fewer"),
  receivedOn: z
    .string({ error: "Enter the date the request was received" })
    .trim()
    .min(1, "Enter the date the request was received")
    .refine((value) => parseDay(value) !== null, "Enter a real date, for example 2026-12-01")
    .refine((value) => (parseDay(value) ?? ukToday()) <= ukToday(), "The date cannot be in the future"),
});
export type RecordRequestForm = z.infer<typeof RecordRequestSchema>;

export const ItemDecisionSchema = z.object({
  intent: z.literal("decide"),
  itemId: z.string().uuid("Choose an item"),
  decision: z.enum(["DISCLOSE", ...EXEMPTION_CODES], { error: "Choose whether to disclose it or on what ground to withhold it" }),
  note: z.string().trim().max(500, "Use 500 characters or fewer for the note").default(""),
});
export type ItemDecision = Pick<z.infer<typeof ItemDecisionSchema>, "decision" | "note">;

/** Whether the officer may not handle requests about `subjectId`. */
async function concerned(tx: DbTx, subjectId: string, officerId: string): Promise<boolean> {
  return (await aboveOrSame(tx, subjectId, officerId)) || (await conflictedOnCasesOf(tx, subjectId, officerId));
}

interface Subject {
  id: string;
  personId: string;
  status: "RECEIVED" | "ASSEMBLED" | "DELIVERED";
  concerned: boolean;
}

/** Loads a request, locked, with whether the officer is concerned by it (the rules decide on the rest). */
async function loadRequest(tx: DbTx, requestId: string, officerId: string): Promise<Subject | null> {
  const [row] = await tx.$queryRaw<{ id: string; personId: string; status: Subject["status"] }[]>`
    SELECT "id"::text AS "id", "personId"::text AS "personId", "status"::text AS "status" FROM "subject_access_request" WHERE "id" = ${requestId}::uuid FOR UPDATE`;
  return row ? { ...row, concerned: await concerned(tx, row.personId, officerId) } : null;
}

export async function recordSubjectAccessRequest(context: RequestContext, form: RecordRequestForm): Promise<{ id: string }> {
  const receivedAt = parseDay(form.receivedOn)!;
  return changeDecidedInTransaction(context, {
    action: "create",
    model: "SubjectAccessRequest",
    load: async (tx) => {
      const person = await tx.person.findUnique({ where: { workEmail: form.workEmail.toLowerCase() }, select: { id: true } });
      return person ? { personId: person.id, concerned: await concerned(tx, person.id, context.actor.id) } : null;
    },
    alsoRequires: (subject) => !subject.concerned,
    change: (tx, subject) =>
      tx.subjectAccessRequest.create({
        data: { personId: subject.personId, receivedAt, dueAt: addMonths(receivedAt, 1), recordedById: context.actor.id },
        select: { id: true },
      }),
    audit: { action: "subject_access.record", subjectId: (created) => created.id, refusedBecause: "concerned by the request" },
  });
}

export interface RequestRow {
  id: string;
  person: string;
  receivedAt: Date;
  dueAt: Date;
  status: Subject["status"];
  deliveredAt: Date | null;
}

/** The requests the officer may handle (none that concern them), soonest due first. */
export async function listSubjectAccessRequests(context: RequestContext): Promise<RequestRow[]> {
  await requireRight(context, { action: "list", model: "SubjectAccessRequest", auditAction: "access.list" });
  return listAccessible(context, "SubjectAccessRequest", async (tx, scope) => {
    const rows = await tx.subjectAccessRequest.findMany({ where: scope, orderBy: [{ status: "asc" }, { dueAt: "asc" }], take: 200 });
    const shown: RequestRow[] = [];
    for (const row of rows) {
      if (await concerned(tx, row.personId, context.actor.id)) continue;
      const person = await tx.person.findUnique({ where: { id: row.personId }, select: { firstName: true, lastName: true, preferredName: true } });
      shown.push({
        id: row.id,
        person: person ? addressName(person) : "",
        receivedAt: row.receivedAt,
        dueAt: row.dueAt,
        status: row.status,
        deliveredAt: row.deliveredAt,
      });
    }
    return shown;
  });
}

/** One request with its items; "not found" to anyone it concerns or who may not handle it. */
export async function readSubjectAccessRequest(context: RequestContext, requestId: string) {
  return readAccessible(context, {
    model: "SubjectAccessRequest",
    id: requestId,
    find: async (tx, where) => {
      const found = await tx.subjectAccessRequest.findFirst({ where, include: { items: { orderBy: [{ sourceType: "asc" }, { label: "asc" }] } } });
      if (!found || (await concerned(tx, found.personId, context.actor.id))) return null;
      const person = await tx.person.findUnique({ where: { id: found.personId }, select: { firstName: true, lastName: true, preferredName: true } });
      return { ...found, person: person ? addressName(person) : "" };
    },
    exists: async (tx, id) => (await tx.subjectAccessRequest.count({ where: { id } })) > 0,
  });
}

/** Assembles the items; again, it keeps what PSD decided on items still held (./merge.server). Refused once delivered. */
export async function assembleSubjectAccessRequest(context: RequestContext, requestId: string, now: Date): Promise<void> {
  await changeDecidedInTransaction(context, {
    action: "assemble",
    model: "SubjectAccessRequest",
    load: (tx) => loadRequest(tx, requestId, context.actor.id),
    alsoRequires: (request) => !request.concerned,
    change: async (tx, request) => {
      const counts = await mergeItems(tx, requestId, await assembleItems(tx, request.personId), now);
      await tx.subjectAccessRequest.update({ where: { id: requestId }, data: { status: "ASSEMBLED", assembledAt: now, assembledById: context.actor.id } });
      return counts;
    },
    audit: { action: "subject_access.assemble", subjectType: "SubjectAccessRequest", subjectId: () => requestId, details: (counts) => counts },
  });
}

/** PSD's decision on one item: disclose it, or withhold it on a ground, with a note. Only while not delivered. */
export async function decideItem(context: RequestContext, requestId: string, itemId: string, { decision, note }: ItemDecision, now: Date): Promise<void> {
  await changeDecidedInTransaction(context, {
    action: "assemble",
    model: "SubjectAccessRequest",
    load: (tx) => loadRequest(tx, requestId, context.actor.id),
    alsoRequires: (request) => !request.concerned,
    change: async (tx) => {
      const exemption = decision === "DISCLOSE" ? null : decision;
      const { count } = await tx.subjectAccessItem.updateMany({
        where: { id: itemId, requestId },
        data: { disclosed: exemption === null, exemption, note, decidedById: context.actor.id, decidedAt: now },
      });
      return count;
    },
    audit: {
      action: "subject_access.item",
      subjectType: "SubjectAccessRequest",
      subjectId: () => requestId,
      details: (count) => ({ itemId, decision, noted: note !== "", changed: count }),
    },
  });
}

/** Marks an assembled request delivered. */
export async function deliverSubjectAccessRequest(context: RequestContext, requestId: string, now: Date): Promise<void> {
  await changeDecidedInTransaction(context, {
    action: "deliver",
    model: "SubjectAccessRequest",
    load: (tx) => loadRequest(tx, requestId, context.actor.id),
    alsoRequires: (request) => !request.concerned,
    change: (tx) =>
      tx.subjectAccessRequest.update({ where: { id: requestId }, data: { status: "DELIVERED", deliveredAt: now, deliveredById: context.actor.id } }),
    audit: { action: "subject_access.deliver", subjectType: "SubjectAccessRequest", subjectId: () => requestId },
  });
}
