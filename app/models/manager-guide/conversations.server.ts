// Conversation records: the line manager's minimal note that a supportive conversation happened, which the employee
// sees and answers. The only module that talks to the database about them. Reads go through the access scope
// (policies/rules/manager-guide.ts); every decision is audited in the transaction of the read or change; mail and
// audit rows never carry what a record says.
import { z } from "zod";
import { COMMENT_MAX, CONVERSATION_TEXT_MAX } from "~/models/support-request/form-limits";
import { changeAccessible, changeDecidedInTransaction, listAccessible, readAccessible } from "~/access/guard.server";
import { notFound } from "~/access/errors.server";
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { addressName } from "~/utils/names";
import { isId } from "~/utils/ids";
import { formatDay, parseDay, ukToday } from "~/utils/dates";
import { tickedBoxes } from "~/utils/forms";
import { coverablePoints } from "~/models/manager-guide/guide.server";
import type { ConversationView } from "./conversation-view";

type RecordScope = Prisma.ConversationRecordWhereInput;

const day = (field: string) =>
  z
    .string({ error: `Enter ${field}` })
    .trim()
    .min(1, `Enter ${field}`)
    .transform((value, ctx) => {
      const parsed = parseDay(value);
      if (!parsed) ctx.addIssue({ code: "custom", message: `Enter ${field} as a real date` });
      return parsed ?? new Date(0);
    });

const words = (what: string) =>
  z
    .string({ error: `Say ${what}` })
    .trim()
    .min(1, `Say ${what} (write "None" if nothing)`)
    .max(CONVERSATION_TEXT_MAX, `Keep it to ${CONVERSATION_TEXT_MAX} characters`);

/** The form, against the guide's coverable points as they are now and today's date in the UK. */
export function conversationFormSchema(points: readonly string[], today: Date = ukToday()) {
  return z.object({
    heldOn: day("the date of the conversation").refine((date) => date <= today, "The conversation cannot be in the future"),
    pointsCovered: tickedBoxes().refine((keys) => keys.every((key) => points.includes(key)), "Choose from the points of the guide"),
    supportOffered: words("what support you offered"),
    agreed: words("what you agreed"),
    followUpOn: z
      .string()
      .optional()
      .transform((value, ctx) => {
        if (!value?.trim()) return null;
        const parsed = parseDay(value);
        if (!parsed) ctx.addIssue({ code: "custom", message: "Enter the follow-up date as a real date, or leave it empty" });
        return parsed;
      })
      .refine((date) => date === null || date >= today, "The follow-up date must be today or later"),
    nothingAboutAbuse: z.literal("on", { error: "Confirm that the record says nothing about the abuse itself" }),
  });
}
export type ConversationForm = z.infer<ReturnType<typeof conversationFormSchema>>;

// ─── The manager's side ──────────────────────────────────────────────────────────

export interface ReportSummary {
  id: string;
  name: string;
  pronouns: string | null;
}

/**
 * One of the manager's direct reports, for the pages about them. Anyone else (not a report now, or no such person)
 * is "not found", audited, even for an administrator who may read every person's record elsewhere.
 */
export async function readDirectReport(context: RequestContext, personId: string): Promise<ReportSummary> {
  if (!isId(personId)) notFound();
  const person = await readAccessible(context, {
    model: "Person",
    id: personId,
    find: (tx, where) =>
      tx.person.findFirst({
        where: { AND: [where, { lineManagerId: context.actor.id, active: true }] },
        select: { id: true, firstName: true, lastName: true, preferredName: true, pronouns: true },
      }),
    exists: async (tx, id) => (await tx.person.count({ where: { id } })) > 0,
  });
  return { id: person.id, name: addressName(person), pronouns: person.pronouns };
}

const recordSelect = {
  id: true,
  heldOn: true,
  pointsCovered: true,
  supportOffered: true,
  agreed: true,
  followUpOn: true,
  agreedAt: true,
  withdrawnAt: true,
  createdAt: true,
  manager: { select: { firstName: true, lastName: true, preferredName: true } },
  comments: { orderBy: { createdAt: "asc" }, select: { id: true, body: true, createdAt: true } },
} as const satisfies Prisma.ConversationRecordSelect;

type RecordRow = Prisma.ConversationRecordGetPayload<{ select: typeof recordSelect }>;

function toView(row: RecordRow, titles: Record<string, string>): ConversationView {
  return {
    id: row.id,
    heldOn: formatDay(row.heldOn),
    pointsCovered: row.pointsCovered.map((key) => titles[key] ?? key),
    supportOffered: row.supportOffered,
    agreed: row.agreed,
    followUpOn: row.followUpOn ? formatDay(row.followUpOn) : null,
    agreedAt: row.agreedAt?.toISOString() ?? null,
    withdrawnAt: row.withdrawnAt?.toISOString() ?? null,
    recordedAt: row.createdAt.toISOString(),
    managerName: addressName(row.manager),
    comments: row.comments.map((comment) => ({ id: comment.id, body: comment.body, at: comment.createdAt.toISOString() })),
  };
}

async function titlesOfPoints(tx: DbTx): Promise<Record<string, string>> {
  const sections = await tx.guideSection.findMany({ select: { key: true, title: true } });
  return Object.fromEntries(sections.map((section) => [section.key, section.title]));
}

/** The records this manager wrote about one report, while the report is still theirs and the records stand. */
export type { ConversationView };

export async function listConversationsAbout(context: RequestContext, employeeId: string): Promise<ConversationView[]> {
  let titles: Record<string, string> = {};
  const rows = await listAccessible(
    context,
    "ConversationRecord",
    async (tx, scope: RecordScope) => {
      titles = await titlesOfPoints(tx);
      return tx.conversationRecord.findMany({
        where: { AND: [scope, { employeeId, managerId: context.actor.id }] },
        orderBy: { heldOn: "desc" },
        take: 100,
        select: recordSelect,
      });
    },
    { purpose: "conversation records about a report", employeeId },
  );
  return rows.map((row) => toView(row, titles));
}

/** The employee's row as the rules about their manager look at it, locked until the caller's transaction ends. */
export async function lockedEmployee(tx: DbTx, employeeId: string): Promise<{ id: string; lineManagerId: string | null; active: boolean } | null> {
  if (!isId(employeeId)) return null;
  const [employee] = await tx.$queryRaw<{ lineManagerId: string | null; active: boolean }[]>`
    SELECT "lineManagerId"::text AS "lineManagerId", "active" FROM "person" WHERE "id" = ${employeeId}::uuid FOR SHARE`;
  return employee ? { id: employeeId, ...employee } : null;
}

/** The points of the guide the manager can tick on the form, as they are now. */
export function conversationPoints(context: RequestContext): Promise<Record<string, string>> {
  return coverablePoints(context.prisma);
}

/**
 * Records a conversation for one of the manager's direct reports. The employee's row is locked while the decision and
 * the insert run, so a change of line manager cannot slip between them. Anyone who is not their report now: the
 * refusal is audited and the manager gets "not found".
 */
export async function recordConversation(context: RequestContext, employeeId: string, form: ConversationForm): Promise<string> {
  return changeDecidedInTransaction(context, {
    action: "create",
    model: "ConversationRecord",
    load: async (tx) => {
      const employee = await lockedEmployee(tx, employeeId);
      return employee && { managerId: context.actor.id, employeeId, employee: { lineManagerId: employee.lineManagerId, active: employee.active } };
    },
    change: async (tx) => {
      const record = await tx.conversationRecord.create({
        data: {
          employeeId,
          managerId: context.actor.id,
          heldOn: form.heldOn,
          pointsCovered: form.pointsCovered,
          supportOffered: form.supportOffered,
          agreed: form.agreed,
          followUpOn: form.followUpOn,
        },
        select: { id: true },
      });
      return record.id;
    },
    audit: {
      // Kept out of the general audit trail with the records themselves: it would say who is having such conversations.
      action: "conversation.record",
      subjectId: (id) => id,
      details: () => ({ employeeId, followUp: form.followUpOn !== null }),
      refusedBecause: "not their direct report",
      missingBecause: "no such person",
      refusalDetails: { employeeId: isId(employeeId) ? employeeId : null },
    },
  });
}

// ─── The employee's side ─────────────────────────────────────────────────────────

/** The records about the signed-in employee, including the tombstones of those they asked to have removed. */
export async function listOwnConversations(context: RequestContext): Promise<ConversationView[]> {
  let titles: Record<string, string> = {};
  const rows = await listAccessible(
    context,
    "ConversationRecord",
    async (tx, scope: RecordScope) => {
      titles = await titlesOfPoints(tx);
      return tx.conversationRecord.findMany({
        where: { AND: [scope, { employeeId: context.actor.id }] },
        orderBy: { heldOn: "desc" },
        take: 200,
        select: recordSelect,
      });
    },
    { purpose: "own conversation records" },
  );
  return rows.map((row) => toView(row, titles));
}

const recordExists = async (tx: DbTx, id: string) => (await tx.conversationRecord.count({ where: { id } })) > 0;

/** One record about the signed-in employee (through the scope, audited); anyone else's is "not found". */
export async function readOwnConversation(context: RequestContext, id: string): Promise<ConversationView> {
  if (!isId(id)) notFound();
  let titles: Record<string, string> = {};
  const row = await readAccessible(context, {
    model: "ConversationRecord",
    id,
    find: async (tx, where) => {
      titles = await titlesOfPoints(tx);
      return tx.conversationRecord.findFirst({ where: { AND: [where, { employeeId: context.actor.id }] }, select: recordSelect });
    },
    exists: recordExists,
  });
  return toView(row, titles);
}

export const ResponseFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("agree") }),
  z.object({
    intent: z.literal("comment"),
    body: z.string({ error: "Write your comment" }).trim().min(1, "Write your comment").max(COMMENT_MAX, `Keep your comment to ${COMMENT_MAX} characters`),
  }),
  z.object({ intent: z.literal("remove"), confirm: z.literal("on", { error: "Confirm that you want the record removed" }) }),
]);
export type ConversationResponse = z.infer<typeof ResponseFormSchema>;

/**
 * The employee agrees, comments or asks for removal. Removal erases the record's content and the employee's
 * comments at once; the row stays as a tombstone (who recorded it, when, when it was removed) that only the
 * employee sees, and the audit trail keeps that it happened (never what the record said). docs/features/manager-guide-and-incident-log.md.
 */
export async function respondToConversation(context: RequestContext, id: string, response: ConversationResponse): Promise<void> {
  if (!isId(id)) notFound();
  await changeAccessible(
    context,
    {
      model: "ConversationRecord",
      id,
      action: "respond",
      find: (tx, where) => tx.conversationRecord.findFirst({ where: { AND: [where, { employeeId: context.actor.id }] }, select: { id: true, agreedAt: true } }),
      exists: recordExists,
    },
    async (tx, record) => {
      const now = new Date();
      if (response.intent === "agree") {
        if (!record.agreedAt) await tx.conversationRecord.update({ where: { id }, data: { agreedAt: now } });
      } else if (response.intent === "comment") {
        await tx.conversationComment.create({ data: { recordId: id, authorId: context.actor.id, body: response.body } });
      } else {
        await tx.conversationComment.deleteMany({ where: { recordId: id } });
        await tx.conversationRecord.update({
          where: { id },
          data: { withdrawnAt: now, pointsCovered: [], supportOffered: "", agreed: "", followUpOn: null, agreedAt: null },
        });
      }
    },
    { action: `conversation.${response.intent}` },
  );
}
