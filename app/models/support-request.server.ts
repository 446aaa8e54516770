// The confidential support route: an employee's request, the consents that decide who else sees which part of it,
// messages, the supporter's work on it, and the employee's ledger. The only code that talks to the database about
// support requests. Every read goes through the access scope in the database (the request's id AND the scope of the
// action), every decision is audited in the same transaction, and a request someone may not reach is "not found".
// See docs/features/support-route.md.
import { z } from "zod";
import { subject as asSubject } from "@casl/ability";
import type { Action } from "#policies/subjects";
import { CASE_AUDIT_SUBJECTS } from "#policies/rules/police-suspect-cases";
import { SAFEGUARDING_OVERRIDE_ROLES, SHARE_ITEMS, type ShareItem } from "#policies/rules/support";
import { attentionNeeded, newMessage } from "#emails/index";
import { accessScope } from "~/access/guard.server";
import { notFound, forbidden } from "~/access/errors.server";
import type { RequestContext } from "~/access/request-context.server";
import type { Db, DbTx } from "~/db.server";
import type { Prisma, Role } from "~/generated/prisma/client";
import { addressName } from "~/utils/names";
import { ChangeRejected } from "~/utils/forms";
import { planForExport } from "~/models/safety-plan/export.server";
import { CONTACT_CHANNEL_KEYS, CONTACT_CHANNELS, DRAFT_KEPT_DAYS, type ContactChannel } from "~/models/support-labels";
import { appendAudit, type AuditOutcome } from "~/utils/audit.server";
import { queueMail } from "~/utils/outbox.server";

export { ChangeRejected };

type RequestScope = Prisma.SupportRequestWhereInput;
const SUBJECT = "SupportRequest";
const DAY_MS = 24 * 60 * 60 * 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isRequestId(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

export function requestScope(context: RequestContext, action: Action): RequestScope {
  return accessScope(context.ability, action, "SupportRequest");
}

function audit(context: RequestContext, tx: DbTx, entry: { action: string; requestId: string | null; outcome: AuditOutcome; reason?: string | null; details?: Record<string, unknown> }) {
  return appendAudit(tx, {
    actorId: context.actor.id,
    action: entry.action,
    subjectType: SUBJECT,
    subjectId: entry.requestId,
    outcome: entry.outcome,
    reason: entry.reason ?? null,
    details: entry.details,
    ...context.client,
  });
}

// ─── The request form ──────────────────────────────────────────────────────────

const text = (max: number) =>
  z
    .string()
    .optional()
    .transform((value) => (value ?? "").trim())
    .pipe(z.string().max(max, `Keep this under ${max} characters`));
const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]));

const RequestFields = z.object({
  serviceId: z.string().optional().transform((value) => value || ""),
  supportWanted: text(2000),
  message: text(10000),
  shareWithService: list,
  safeChannels: list,
  unsafeChannels: list,
  safeTimes: text(500),
  safeContactNote: text(500),
  safeWord: text(100),
  termsAccepted: z.string().optional(),
});
export type RequestForm = z.infer<typeof RequestFields>;

const channelName = (channel: string) => (CONTACT_CHANNELS[channel as ContactChannel] ?? channel).replace(/^My /, "your ").toLowerCase();

/**
 * Checks a request form. A draft needs nothing (it is theirs alone); sending needs a service, a safe way to contact
 * them that they did not also mark unsafe, and that they have read the terms. Saying nothing more than "please
 * contact me" is a valid request.
 */
export function checkRequestForm(raw: Record<string, unknown>, intent: "save" | "send", serviceIds: ReadonlySet<string>): { ok: true; form: RequestForm } | { ok: false; errors: Record<string, string> } {
  const parsed = RequestFields.safeParse(raw);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
    return { ok: false, errors };
  }
  const form = parsed.data;
  const errors: Record<string, string> = {};
  if (form.serviceId && !serviceIds.has(form.serviceId)) errors.serviceId = "Choose one of the services listed";
  if (form.shareWithService.some((item) => !(SHARE_ITEMS as readonly string[]).includes(item))) errors.shareWithService = "Choose from the list";
  const known = new Set<string>(CONTACT_CHANNEL_KEYS);
  if (form.safeChannels.some((channel) => !known.has(channel))) errors.safeChannels = "Choose from the list";
  if (form.unsafeChannels.some((channel) => !known.has(channel) || channel === "PORTAL_ONLY")) errors.unsafeChannels = "Choose from the list";
  const both = form.safeChannels.filter((channel) => form.unsafeChannels.includes(channel));
  if (!errors.safeChannels && both.length > 0) {
    errors.safeChannels =
      both.length === form.safeChannels.length
        ? `You also marked ${both.map(channelName).join(" and ")} as not safe, so there would be no safe way to reach you. Choose a way that is safe, or “only through messages in this portal”.`
        : `You marked ${both.map(channelName).join(" and ")} as both safe and not safe. Untick it in one of the two lists.`;
  }
  if (intent === "send") {
    if (!form.serviceId) errors.serviceId ??= "Choose who you would like support from";
    if (form.safeChannels.length === 0) errors.safeChannels ??= "Choose at least one safe way to contact you (messages in this portal are always possible)";
    if (form.message && !form.shareWithService.includes("MESSAGE")) errors.shareWithService ??= "You wrote a message but chose not to share it. Tick “What I wrote”, or clear the message.";
    if (form.termsAccepted !== "on") errors.termsAccepted = "Confirm that you have read who will see what";
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, form };
}

function formData(form: RequestForm) {
  return {
    serviceId: form.serviceId || null,
    supportWanted: form.supportWanted,
    message: form.message,
    shareWithService: form.shareWithService,
    safeChannels: form.safeChannels,
    unsafeChannels: form.unsafeChannels,
    safeTimes: form.safeTimes,
    safeContactNote: form.safeContactNote,
    safeWord: form.safeWord,
  };
}

/** The services a request can be sent to from the portal: active, with a queue in the portal. */
export function requestableServices(tx: DbTx) {
  return tx.supportService.findMany({
    where: { active: true, queueRole: { not: null } },
    orderBy: [{ sortOrder: "asc" }, { name: "asc" }],
    select: { id: true, name: true, offers: true, queueRole: true },
  });
}

// ─── Drafts ────────────────────────────────────────────────────────────────────

/** Deletes unsent drafts past their date (they were never anyone else's). Returns how many. */
export async function purgeExpiredDrafts(prisma: Db, now = new Date()): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.supportRequest.deleteMany({ where: { status: "DRAFT", draftExpiresAt: { lte: now } } });
    if (count > 0) await appendAudit(tx, { action: "support.draft.purge", subjectType: SUBJECT, outcome: "SUCCESS", details: { count } });
    return count;
  });
}

const draftExpiry = (now: Date) => new Date(now.getTime() + DRAFT_KEPT_DAYS * DAY_MS);

/**
 * Saves the form as the employee's draft (a new one, or one of theirs still in draft), or sends it. Sending records
 * the consent to the chosen service for exactly the parts they ticked, in the transaction that sends it, and tells
 * the service's supporters (content-free) that something needs their attention.
 */
export async function saveRequest(context: RequestContext, input: { id?: string; form: RequestForm; send: boolean }): Promise<{ id: string }> {
  const now = new Date();
  const me = context.actor.id;
  const result = await context.prisma.$transaction(async (tx) => {
    let id = input.id;
    if (id) {
      const draft = await tx.supportRequest.findFirst({ where: { AND: [requestScope(context, "update"), { id }] }, select: { id: true } });
      if (!draft) {
        await audit(context, tx, { action: "support.draft.save", requestId: id, outcome: "REFUSED", reason: "not their draft, or already sent" });
        return null;
      }
      await tx.supportRequest.update({ where: { id }, data: { ...formData(input.form), draftExpiresAt: draftExpiry(now), version: { increment: 1 } } });
    } else {
      if (!context.ability.can("create", asSubject(SUBJECT, { employeeId: me } as never))) return null;
      id = (await tx.supportRequest.create({ data: { employeeId: me, ...formData(input.form), draftExpiresAt: draftExpiry(now) }, select: { id: true } })).id;
    }
    if (!input.send) {
      await audit(context, tx, { action: "support.draft.save", requestId: id, outcome: "SUCCESS" });
      return { id };
    }
    const service = await tx.supportService.findFirst({ where: { id: input.form.serviceId, active: true, queueRole: { not: null } }, select: { id: true, name: true, queueRole: true } });
    if (!service?.queueRole) throw new ChangeRejected({ serviceId: "Choose one of the services listed" });
    // Only a draft is sent, once: a second submission (double click, another tab) finds it sent and changes nothing.
    const sending = await tx.supportRequest.updateMany({ where: { id, status: "DRAFT" }, data: { status: "SUBMITTED", submittedAt: now, termsAcceptedAt: now, draftExpiresAt: null } });
    if (sending.count !== 1) throw new ChangeRejected({ form: "This request has already been sent." });
    await tx.supportConsent.create({
      data: { requestId: id, serviceId: service.id, queueRole: service.queueRole, shares: input.form.shareWithService, reason: `You asked ${service.name} for support`, grantedAt: now },
    });
    await tx.supportEvent.create({ data: { requestId: id, actorId: me, kind: "SUBMITTED", at: now } });
    await audit(context, tx, { action: "support.send", requestId: id, outcome: "SUCCESS", details: { shares: input.form.shareWithService } });
    await notifySupporters(tx, service.queueRole, null, me);
    return { id };
  });
  if (!result) notFound();
  return result;
}

// ─── Notifications (content-free) ─────────────────────────────────────────────

/** Tells the assigned supporter, or if there is none (or they left the service) everyone in it, at work. */
async function notifySupporters(tx: DbTx, queueRole: Role, assignedToId: string | null, employeeId: string): Promise<void> {
  const inService = { active: true, id: { not: employeeId }, roles: { some: { role: queueRole } } };
  const select = { workEmail: true, firstName: true, preferredName: true } as const;
  const assigned = assignedToId ? await tx.person.findMany({ where: { AND: [inService, { id: assignedToId }] }, select }) : [];
  const recipients = assigned.length > 0 ? assigned : await tx.person.findMany({ where: inService, select });
  for (const person of recipients) await queueMail(tx, person.workEmail, attentionNeeded({ recipientName: person.preferredName ?? person.firstName, link: "/support/queue" }));
}

/**
 * Tells the employee a message (or another update) is waiting: by mail only if they said their work email is safe,
 * and then with no content; otherwise the portal shows it when they sign in. Returns which it was, for the audit row.
 */
async function notifyEmployee(tx: DbTx, request: { id: string; employeeId: string; safeChannels: string[]; unsafeChannels: string[] }, kind: "message" | "update" = "update"): Promise<"work-email" | "in-portal only"> {
  if (!request.safeChannels.includes("WORK_EMAIL") || request.unsafeChannels.includes("WORK_EMAIL")) return "in-portal only";
  const employee = await tx.person.findUnique({ where: { id: request.employeeId }, select: { workEmail: true, active: true } });
  if (!employee?.active) return "in-portal only";
  // No id in the link: the mail says nothing about which request; their Support page shows what is new.
  const link = "/support";
  await queueMail(tx, employee.workEmail, kind === "message" ? newMessage({ link }) : attentionNeeded({ link }));
  return "work-email";
}

// ─── Reading one request ───────────────────────────────────────────────────────

/** What each person may do with the request they opened, decided on the record by the same rules as the scopes. */
export const REQUEST_ACTIONS = ["read", "readIdentity", "readMessage", "readSafeContact", "work", "message", "manageConsent", "overrideConsent", "assessRisk", "readRisk", "update"] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

export interface OpenedRequest {
  id: string;
  status: string;
  isOwn: boolean;
  service: { name: string; queueRole: Role | null } | null;
  createdAt: Date;
  submittedAt: Date | null;
  draftExpiresAt: Date | null;
  assignedTo: string | null;
  /** Each part only if the person may see it. */
  identity: { name: string; pronouns: string | null; workEmail: string } | null;
  wanted: { supportWanted: string; message: string } | null;
  safeContact: { safeChannels: string[]; unsafeChannels: string[]; safeTimes: string; safeContactNote: string; safeWord: string } | null;
  may: Record<RequestAction, boolean>;
}

/**
 * Opens a request for the person: found through the "read" scope, each part read through its own scope, audited
 * in the same transaction with what was shown; "not found" (audited) for anyone the employee has not shared it with.
 */
export async function openRequest(context: RequestContext, id: string, via = "page"): Promise<OpenedRequest> {
  if (!isRequestId(id)) notFound();
  const opened = await context.prisma.$transaction(async (tx) => {
    const shell = await tx.supportRequest.findFirst({
      where: { AND: [requestScope(context, "read"), { id }] },
      select: {
        id: true,
        employeeId: true,
        status: true,
        createdAt: true,
        submittedAt: true,
        draftExpiresAt: true,
        service: { select: { name: true, queueRole: true } },
        assignedTo: { select: { firstName: true, lastName: true, preferredName: true, roles: { select: { role: true } } } },
        consents: { select: { queueRole: true, personId: true, withdrawnAt: true, shares: true } },
        overrides: { where: { personId: context.actor.id }, select: { personId: true } },
        risks: { where: { level: "HIGH" }, take: 1, select: { level: true } },
      },
    });
    if (!shell) {
      const exists = (await tx.supportRequest.count({ where: { id } })) > 0;
      await audit(context, tx, { action: "access.read", requestId: id, outcome: exists ? "REFUSED" : "FAILURE", reason: exists ? "not shared with them" : "no such record", details: { via } });
      return null;
    }
    const record = asSubject(SUBJECT, { ...shell } as never);
    const may = Object.fromEntries(REQUEST_ACTIONS.map((action) => [action, context.ability.can(action, record)])) as Record<RequestAction, boolean>;
    // Each part is read again through the database scope of its own action: the record decides nothing on its own.
    const part = <S extends Prisma.SupportRequestSelect>(action: RequestAction, select: S) =>
      may[action] ? tx.supportRequest.findFirst({ where: { AND: [requestScope(context, action), { id }] }, select }) : Promise.resolve(null);
    const identity = await part("readIdentity", { employee: { select: { firstName: true, lastName: true, preferredName: true, pronouns: true, workEmail: true } } });
    const wanted = await part("readMessage", { supportWanted: true, message: true });
    const safe = await part("readSafeContact", { safeChannels: true, unsafeChannels: true, safeTimes: true, safeContactNote: true, safeWord: true });
    const shown = { identity: identity !== null, message: wanted !== null, safeContact: safe !== null };
    await audit(context, tx, { action: "access.read", requestId: id, outcome: "ALLOWED", details: { via, shown } });
    const assigneeInService = shell.assignedTo && shell.service?.queueRole && shell.assignedTo.roles.some((row) => row.role === shell.service!.queueRole);
    return {
      id: shell.id,
      status: shell.status,
      isOwn: shell.employeeId === context.actor.id,
      service: shell.service,
      createdAt: shell.createdAt,
      submittedAt: shell.submittedAt,
      draftExpiresAt: shell.draftExpiresAt,
      assignedTo: assigneeInService ? addressName(shell.assignedTo!) : null,
      identity: identity ? { name: addressName(identity.employee), pronouns: identity.employee.pronouns, workEmail: identity.employee.workEmail } : null,
      wanted,
      safeContact: safe,
      may,
    } satisfies OpenedRequest;
  });
  if (!opened) notFound();
  return opened;
}

/** The draft's fields for its author to edit (through the "update" scope). */
export async function draftForEditing(context: RequestContext, id: string) {
  if (!isRequestId(id)) notFound();
  const draft = await context.prisma.$transaction(async (tx) => {
    const found = await tx.supportRequest.findFirst({
      where: { AND: [requestScope(context, "update"), { id }] },
      select: { id: true, serviceId: true, supportWanted: true, message: true, shareWithService: true, safeChannels: true, unsafeChannels: true, safeTimes: true, safeContactNote: true, safeWord: true, draftExpiresAt: true },
    });
    await audit(context, tx, { action: "access.update", requestId: id, outcome: found ? "ALLOWED" : "REFUSED", reason: found ? null : "not their draft" });
    return found;
  });
  if (!draft) notFound();
  return draft;
}

// ─── Lists ─────────────────────────────────────────────────────────────────────

/** The employee's own requests, drafts included (with the date each draft will be deleted). */
export async function myRequests(context: RequestContext) {
  return context.prisma.$transaction(async (tx) => {
    const rows = await tx.supportRequest.findMany({
      where: { AND: [requestScope(context, "list"), { employeeId: context.actor.id }] },
      orderBy: { createdAt: "desc" },
      select: {
        id: true,
        status: true,
        createdAt: true,
        submittedAt: true,
        draftExpiresAt: true,
        service: { select: { name: true } },
        referredBy: { select: { firstName: true, lastName: true, preferredName: true } },
        _count: { select: { messages: { where: { fromEmployee: false, readAt: null } } } },
      },
    });
    await audit(context, tx, { action: "access.list", requestId: null, outcome: "ALLOWED", details: { list: "own", count: rows.length } });
    return rows.map((row) => ({ id: row.id, status: row.status, createdAt: row.createdAt, submittedAt: row.submittedAt, draftExpiresAt: row.draftExpiresAt, service: row.service?.name ?? null, unread: row._count.messages, suggestedBy: row.referredBy ? addressName(row.referredBy) : null }));
  });
}

/**
 * Requests others shared with the person: their service's queue (with who holds each, if they are still in the
 * service; otherwise it is back in the queue), or requests shared with them by name. Only what each consent shares.
 */
export async function sharedWithMe(context: RequestContext) {
  return context.prisma.$transaction(async (tx) => {
    const rows = await tx.supportRequest.findMany({
      where: { AND: [requestScope(context, "list"), { employeeId: { not: context.actor.id } }] },
      orderBy: { submittedAt: "asc" },
      select: {
        id: true,
        status: true,
        submittedAt: true,
        service: { select: { name: true, queueRole: true } },
        assignedToId: true,
        assignedTo: { select: { firstName: true, lastName: true, preferredName: true, roles: { select: { role: true } } } },
        _count: { select: { messages: { where: { fromEmployee: true, readAt: null } } } },
      },
    });
    await audit(context, tx, { action: "access.list", requestId: null, outcome: "ALLOWED", details: { list: "shared", count: rows.length } });
    return rows.map((row) => {
      const inService = row.assignedTo && row.service?.queueRole && row.assignedTo.roles.some((r) => r.role === row.service!.queueRole);
      return {
        id: row.id,
        status: row.status,
        submittedAt: row.submittedAt,
        service: row.service?.name ?? null,
        holder: inService ? (row.assignedToId === context.actor.id ? "You" : addressName(row.assignedTo!)) : null,
        unread: row._count.messages,
      };
    });
  });
}

// ─── Changing a request ────────────────────────────────────────────────────────

interface Guarded {
  id: string;
  employeeId: string;
  status: string;
  assignedToId: string | null;
  safeChannels: string[];
  unsafeChannels: string[];
  service: { name: string; queueRole: Role | null } | null;
}

/**
 * Runs a change on a request if the person may take `action` on it (found through that action's database scope),
 * with its audit row, in one transaction. Someone who cannot read the request gets "not found"; someone who can
 * read it but not do this, "forbidden". Refusals are audited.
 */
async function changeRequest<T>(context: RequestContext, id: string, action: Action, auditAction: string, change: (tx: DbTx, request: Guarded) => Promise<{ result: T; details?: Record<string, unknown> }>): Promise<T> {
  if (!isRequestId(id)) notFound();
  const outcome = await context.prisma.$transaction(async (tx) => {
    const request = await tx.supportRequest.findFirst({
      where: { AND: [requestScope(context, action), { id }] },
      select: { id: true, employeeId: true, status: true, assignedToId: true, safeChannels: true, unsafeChannels: true, service: { select: { name: true, queueRole: true } } },
    });
    if (!request) {
      const readable = (await tx.supportRequest.count({ where: { AND: [requestScope(context, "read"), { id }] } })) > 0;
      await audit(context, tx, { action: auditAction, requestId: id, outcome: "REFUSED", reason: readable ? "no rule allows it" : "not shared with them" });
      return { refused: readable ? ("forbidden" as const) : ("not found" as const) };
    }
    const done = await change(tx, request);
    await audit(context, tx, { action: auditAction, requestId: id, outcome: "SUCCESS", details: done.details });
    return { done: done.result };
  });
  if ("refused" in outcome) return outcome.refused === "forbidden" ? forbidden() : notFound();
  return outcome.done;
}

/** The supporter picks the request up: it is theirs until handed over. */
export function acknowledgeRequest(context: RequestContext, id: string) {
  return changeRequest(context, id, "work", "support.acknowledge", async (tx, request) => {
    if (request.status === "CLOSED") throw new ChangeRejected({ form: "This request is closed." });
    await tx.supportRequest.update({ where: { id }, data: { status: "ACKNOWLEDGED", acknowledgedAt: new Date(), assignedToId: context.actor.id, version: { increment: 1 } } });
    await tx.supportEvent.create({ data: { requestId: id, actorId: context.actor.id, kind: "ACKNOWLEDGED" } });
    return { result: null };
  });
}

export const ActionNoteSchema = z.object({ note: z.string({ error: "Say what was done" }).trim().min(1, "Say what was done").max(2000, "Keep this under 2000 characters") });

/** A note of something done (the employee sees it in their request's history). */
export function recordAction(context: RequestContext, id: string, note: string) {
  return changeRequest(context, id, "work", "support.action", async (tx, request) => {
    if (request.status === "CLOSED") throw new ChangeRejected({ note: "This request is closed: no more actions can be recorded." });
    await tx.supportEvent.create({ data: { requestId: id, actorId: context.actor.id, kind: "ACTION", note } });
    return { result: null };
  });
}

/** Colleagues of the same service who could take the request over (active holders of its queue role). */
export async function serviceColleagues(context: RequestContext, queueRole: Role | null) {
  if (!queueRole) return [];
  const people = await context.prisma.person.findMany({
    where: { active: true, id: { not: context.actor.id }, roles: { some: { role: queueRole } } },
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }],
    select: { id: true, firstName: true, lastName: true, preferredName: true },
  });
  return people.map((person) => ({ id: person.id, name: addressName(person) }));
}

/** Hands the request to a colleague in the same service; the employee is told (in their history and by a notice). */
export function handOver(context: RequestContext, id: string, toPersonId: string) {
  return changeRequest(context, id, "work", "support.handover", async (tx, request) => {
    if (request.status === "CLOSED") throw new ChangeRejected({ toPersonId: "This request is closed." });
    const role = request.service?.queueRole;
    const colleague = role && isRequestId(toPersonId) ? await tx.person.findFirst({ where: { id: toPersonId, active: true, roles: { some: { role } } }, select: { id: true } }) : null;
    if (!colleague || colleague.id === request.employeeId) throw new ChangeRejected({ toPersonId: "Choose a colleague in the same service" });
    await tx.supportRequest.update({ where: { id }, data: { assignedToId: colleague.id, status: "ACKNOWLEDGED", version: { increment: 1 } } });
    await tx.supportEvent.create({ data: { requestId: id, actorId: context.actor.id, kind: "HANDED_OVER" } });
    const notified = await notifyEmployee(tx, request);
    await notifySupporters(tx, role!, colleague.id, request.employeeId);
    return { result: null, details: { to: colleague.id, employeeNotified: notified } };
  });
}

export function closeRequest(context: RequestContext, id: string) {
  return changeRequest(context, id, "work", "support.close", async (tx, request) => {
    if (request.status === "CLOSED") throw new ChangeRejected({ form: "This request is already closed." });
    await tx.supportRequest.update({ where: { id }, data: { status: "CLOSED", closedAt: new Date(), version: { increment: 1 } } });
    await tx.supportEvent.create({ data: { requestId: id, actorId: context.actor.id, kind: "CLOSED" } });
    const notified = await notifyEmployee(tx, request);
    return { result: null, details: { employeeNotified: notified } };
  });
}

// ─── Messages ──────────────────────────────────────────────────────────────────

export const MessageSchema = z.object({ body: z.string({ error: "Write a message" }).trim().min(1, "Write a message").max(5000, "Keep a message under 5000 characters") });

/**
 * A message inside the portal. A message to a closed request is refused. The other side is told without content:
 * the employee only through their safe route (work email if they chose it, otherwise in the portal only), the
 * supporter at work.
 */
export function sendMessage(context: RequestContext, id: string, body: string) {
  return changeRequest(context, id, "message", "support.message", async (tx, request) => {
    if (request.status === "CLOSED") throw new ChangeRejected({ body: "This request is closed, so messages can no longer be sent. You can start a new request at any time." });
    if (request.status === "DRAFT") throw new ChangeRejected({ body: "Send your request first." });
    const fromEmployee = request.employeeId === context.actor.id;
    await tx.supportMessage.create({ data: { requestId: id, authorId: context.actor.id, fromEmployee, body } });
    if (fromEmployee) {
      if (request.service?.queueRole) await notifySupporters(tx, request.service.queueRole, request.assignedToId, request.employeeId);
      return { result: null, details: { from: "employee" } };
    }
    const notified = await notifyEmployee(tx, request, "message");
    return { result: null, details: { from: "service", employeeNotified: notified } };
  });
}

/** The request's messages and history, for someone who may message on it (read through the "message" scope). */
export async function conversation(context: RequestContext, id: string) {
  return context.prisma.$transaction(async (tx) => {
    const request = await tx.supportRequest.findFirst({ where: { AND: [requestScope(context, "message"), { id }] }, select: { id: true, employeeId: true } });
    if (!request) return null;
    const fromEmployee = request.employeeId === context.actor.id;
    // Reading marks the other side's messages as read.
    await tx.supportMessage.updateMany({ where: { requestId: id, fromEmployee: !fromEmployee, readAt: null }, data: { readAt: new Date() } });
    const messages = await tx.supportMessage.findMany({
      where: { requestId: id },
      orderBy: { sentAt: "asc" },
      select: { id: true, body: true, sentAt: true, fromEmployee: true, author: { select: { firstName: true, lastName: true, preferredName: true } } },
    });
    return messages.map((message) => ({
      id: message.id,
      body: message.body,
      sentAt: message.sentAt,
      mine: message.fromEmployee === fromEmployee,
      // The employee sees which supporter wrote; a supporter sees the employee's name only if it was shared.
      from: message.fromEmployee ? "employee" : addressName(message.author),
    }));
  });
}

/** What happened to the request (acknowledged, actions, hand-overs): for the employee and the service. */
export async function requestHistory(context: RequestContext, id: string) {
  return context.prisma.$transaction(async (tx) => {
    // The history carries supporters' notes: only the employee, the service, and a lead with an override read it (not
    // someone the employee shared only who they are with).
    const historyScope = { OR: [requestScope(context, "manageConsent"), requestScope(context, "work"), { AND: [requestScope(context, "overrideConsent"), requestScope(context, "readMessage")] }] };
    const request = await tx.supportRequest.findFirst({ where: { AND: [historyScope, { id }] }, select: { employeeId: true } });
    if (!request) return [];
    const hidden = request.employeeId === context.actor.id ? await withheldFromEmployee(tx, id) : [];
    return tx.supportEvent.findMany({ where: { requestId: id, actorId: { notIn: hidden } }, orderBy: { at: "asc" }, select: { id: true, kind: true, note: true, at: true } });
  });
}

// ─── The consent ledger ────────────────────────────────────────────────────────

/**
 * People whose safeguarding override was recorded as one the employee must not be told of (telling them would put
 * someone at risk): their opens, actions and assessments are left out of everything the employee sees, and the
 * override's own record says why.
 */
async function withheldFromEmployee(tx: DbTx, requestId: string | { in: string[] }): Promise<string[]> {
  const rows = await tx.safeguardingOverride.findMany({ where: { requestId, tellEmployee: false }, select: { personId: true } });
  return [...new Set(rows.map((row) => row.personId))];
}

const OPEN_LABELS: Record<string, string> = {
  "access.read": "Opened your request",
  "support.acknowledge": "Picked up your request",
  "support.action": "Recorded an action",
  "support.handover": "Handed your request over",
  "support.close": "Closed your request",
  "support.message": "Sent a message",
  "support.override": "Recorded a safeguarding override",
  "support.risk": "Recorded a risk assessment",
};

/**
 * The employee's ledger for one request: every consent (to whom, what, when, why, withdrawn when), every
 * safeguarding override they may be told of, and who has opened the record (from the audit trail).
 */
export async function consentLedger(context: RequestContext, id: string) {
  if (!isRequestId(id)) notFound();
  const ledger = await context.prisma.$transaction(async (tx) => {
    const request = await tx.supportRequest.findFirst({ where: { AND: [requestScope(context, "manageConsent"), { id }] }, select: { id: true, employeeId: true } });
    if (!request) return null;
    const consents = await tx.supportConsent.findMany({
      where: { requestId: id },
      orderBy: { grantedAt: "asc" },
      select: { id: true, shares: true, reason: true, grantedAt: true, withdrawnAt: true, service: { select: { name: true } }, person: { select: { firstName: true, lastName: true, preferredName: true } } },
    });
    const overrides = await tx.safeguardingOverride.findMany({ where: { requestId: id, tellEmployee: true }, orderBy: { recordedAt: "asc" }, select: { id: true, ground: true, reason: true, recordedAt: true, personId: true } });
    const withheld = await withheldFromEmployee(tx, id);
    const events = await tx.auditEvent.findMany({
      where: { subjectType: SUBJECT, subjectId: id, actorId: { notIn: [request.employeeId, ...withheld] }, outcome: { in: ["ALLOWED", "SUCCESS"] } },
      orderBy: { id: "desc" },
      take: 500,
      select: { id: true, occurredAt: true, actorId: true, action: true },
    });
    const ids = [...new Set([...events.map((event) => event.actorId), ...overrides.map((row) => row.personId)].filter((value): value is string => value !== null))];
    const people = new Map((await tx.person.findMany({ where: { id: { in: ids } }, select: { id: true, firstName: true, lastName: true, preferredName: true } })).map((person) => [person.id, addressName(person)]));
    await audit(context, tx, { action: "access.read.ledger", requestId: id, outcome: "ALLOWED" });
    return {
      consents: consents.map((row) => ({ id: row.id, to: row.service?.name ?? (row.person ? addressName(row.person) : "—"), shares: row.shares, reason: row.reason, grantedAt: row.grantedAt, withdrawnAt: row.withdrawnAt })),
      overrides: overrides.map((row) => ({ id: row.id, ground: row.ground, reason: row.reason, recordedAt: row.recordedAt, by: people.get(row.personId) ?? "Someone" })),
      opened: events.map((event) => ({ id: String(event.id), at: event.occurredAt, who: (event.actorId && people.get(event.actorId)) ?? "Someone", what: OPEN_LABELS[event.action] ?? "Opened your request" })),
    };
  });
  if (!ledger) notFound();
  return ledger;
}

/** Withdraws one consent from now on: whoever it let in cannot open the request any more (their next request is "not found"). */
export function withdrawConsent(context: RequestContext, id: string, consentId: string) {
  return changeRequest(context, id, "manageConsent", "support.consent.withdraw", async (tx) => {
    if (!isRequestId(consentId)) throw new ChangeRejected({ form: "That consent is not on this request." });
    const { count } = await tx.supportConsent.updateMany({ where: { id: consentId, requestId: id, withdrawnAt: null }, data: { withdrawnAt: new Date() } });
    if (count === 0) throw new ChangeRejected({ form: "That consent was already withdrawn." });
    await tx.supportEvent.create({ data: { requestId: id, actorId: context.actor.id, kind: "CONSENT_WITHDRAWN" } });
    return { result: null, details: { consentId } };
  });
}

export const GrantSchema = z.object({
  to: z.enum(["SERVICE", "LINE_MANAGER"], { error: "Choose who to share with" }),
  shares: list.pipe(z.array(z.enum(SHARE_ITEMS, { error: "Choose from the list" })).min(1, "Choose at least one thing to share")),
  reason: z.string().optional().transform((value) => (value ?? "").trim()).pipe(z.string().max(500, "Keep this under 500 characters")),
});

/** Shares more: with the request's service, or with their own line manager by name. */
export function grantConsent(context: RequestContext, id: string, grant: z.infer<typeof GrantSchema>) {
  return changeRequest(context, id, "manageConsent", "support.consent.grant", async (tx, request) => {
    if (request.status === "DRAFT") throw new ChangeRejected({ to: "Send your request first; then you can share it with others." });
    if (grant.to === "SERVICE") {
      const service = await tx.supportRequest.findUnique({ where: { id }, select: { service: { select: { id: true, name: true, queueRole: true } } } });
      if (!service?.service?.queueRole) throw new ChangeRejected({ to: "This request has no service to share with." });
      await tx.supportConsent.create({ data: { requestId: id, serviceId: service.service.id, queueRole: service.service.queueRole, shares: grant.shares, reason: grant.reason || `You shared more with ${service.service.name}` } });
    } else {
      const me = await tx.person.findUnique({ where: { id: context.actor.id }, select: { lineManagerId: true } });
      if (!me?.lineManagerId) throw new ChangeRejected({ to: "You have no line manager on record." });
      await tx.supportConsent.create({ data: { requestId: id, personId: me.lineManagerId, shares: grant.shares, reason: grant.reason || "You chose to tell your line manager" } });
    }
    await tx.supportEvent.create({ data: { requestId: id, actorId: context.actor.id, kind: "CONSENT_GRANTED" } });
    return { result: null, details: { to: grant.to, shares: grant.shares } };
  });
}

/** The line manager's name, for the "share with my line manager" choice. */
export async function myLineManager(context: RequestContext) {
  const me = await context.prisma.person.findUnique({ where: { id: context.actor.id }, select: { lineManager: { select: { firstName: true, lastName: true, preferredName: true } } } });
  return me?.lineManager ? addressName(me.lineManager) : null;
}

export type { ShareItem };

// ─── The request form, for the new-request and edit-draft pages ──────────────

/** Typed values to show again beside the errors (lists joined, so the page can tick them again). */
export function requestFormValues(formData: FormData): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key).filter((value): value is string => typeof value === "string");
    values[key] = ["shareWithService", "safeChannels", "unsafeChannels"].includes(key) ? all : (all[0] ?? "");
  }
  return values;
}

/**
 * Handles a posted request form: saves the draft or sends it. Answers the page to go to, or the errors and what was
 * typed (nothing is lost).
 */
export async function submitRequestForm(context: RequestContext, formData: FormData, id?: string): Promise<{ redirectTo: string } | { errors: Record<string, string>; values: Record<string, string | string[]> }> {
  const intent = formData.get("intent") === "send" ? "send" : "save";
  const raw: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key).filter((value): value is string => typeof value === "string");
    raw[key] = ["shareWithService", "safeChannels", "unsafeChannels"].includes(key) ? all : all[0];
  }
  const services = await requestableServices(context.prisma);
  const checked = checkRequestForm(raw, intent, new Set(services.map((service) => service.id)));
  const values = requestFormValues(formData);
  if (!checked.ok) return { errors: checked.errors, values };
  try {
    const saved = await saveRequest(context, { id, form: checked.form, send: intent === "send" });
    return { redirectTo: intent === "send" ? `/support/requests/${saved.id}?sent=1` : `/support/requests/${saved.id}/edit?saved=1` };
  } catch (error) {
    if (error instanceof ChangeRejected) return { errors: error.errors, values };
    throw error;
  }
}

// ─── The employee's own data export ────────────────────────────────────────────

/**
 * Everything the portal holds about the person, as JSON: their record and roles, their support requests with every
 * consent, message, event, risk assessment and the overrides they may be told of, who opened them, and the audit
 * rows of what they did. Police-suspect case files are left out (and their audit rows): those are disclosed through
 * the force's formal subject access process, where the exemptions for investigations are applied.
 */
export async function exportMyData(context: RequestContext) {
  const me = context.actor.id;
  return context.prisma.$transaction(async (tx) => {
    const person = await tx.person.findUnique({
      where: { id: me },
      select: { firstName: true, lastName: true, preferredName: true, pronouns: true, workEmail: true, employeeType: true, rank: true, staffGradeCode: true, collarNumber: true, active: true, createdAt: true, updatedAt: true, unit: { select: { name: true } }, lineManager: { select: { firstName: true, lastName: true, preferredName: true } }, roles: { select: { role: true, grantedAt: true } } },
    });
    const requests = await tx.supportRequest.findMany({
      where: { AND: [requestScope(context, "manageConsent"), { employeeId: me }] },
      orderBy: { createdAt: "asc" },
      select: {
        id: true, status: true, supportWanted: true, message: true, safeChannels: true, unsafeChannels: true, safeTimes: true, safeContactNote: true, safeWord: true, shareWithService: true,
        draftExpiresAt: true, termsAcceptedAt: true, submittedAt: true, acknowledgedAt: true, closedAt: true, createdAt: true, updatedAt: true,
        service: { select: { name: true } },
        consents: { select: { shares: true, reason: true, grantedAt: true, withdrawnAt: true, service: { select: { name: true } }, person: { select: { firstName: true, lastName: true, preferredName: true } } } },
        messages: { orderBy: { sentAt: "asc" }, select: { fromEmployee: true, body: true, sentAt: true, readAt: true } },
        events: { orderBy: { at: "asc" }, select: { kind: true, note: true, at: true, actorId: true } },
        overrides: { where: { tellEmployee: true }, select: { ground: true, reason: true, recordedAt: true } },
        risks: { orderBy: { assessedAt: "asc" }, select: { assessorId: true, answers: true, level: true, scoredLevel: true, rationale: true, idvaReferral: true, maracReferral: true, assessedAt: true } },
      },
    });
    const ownIds = requests.map((request) => request.id);
    const plan = await planForExport(tx, me);
    // Everything else the portal keeps about them, each read through its own access scope: the conversation records
    // their manager made (removed ones as the tombstone they see), their incident log, and their notices of court orders.
    const conversations = await tx.conversationRecord.findMany({
      where: { AND: [accessScope(context.ability, "read", "ConversationRecord"), { employeeId: me }] },
      orderBy: { createdAt: "asc" },
      select: {
        heldOn: true, pointsCovered: true, supportOffered: true, agreed: true, followUpOn: true, agreedAt: true, withdrawnAt: true, createdAt: true,
        manager: { select: { firstName: true, lastName: true, preferredName: true } },
        comments: { orderBy: { createdAt: "asc" }, select: { body: true, createdAt: true, authorId: true } },
      },
    });
    const incidentLog = await tx.incidentEntry.findMany({
      where: { AND: [accessScope(context.ability, "read", "IncidentEntry"), { personId: me }] },
      orderBy: { occurredAt: "asc" },
      select: { occurredAt: true, kind: true, whatHappened: true, witnesses: true, recordedAt: true, annotations: { orderBy: { createdAt: "asc" }, select: { body: true, createdAt: true } } },
    });
    const orderNotices = await tx.personalOrderNotice.findMany({
      where: { AND: [accessScope(context.ability, "read", "PersonalOrderNotice"), { personId: me }] },
      orderBy: { submittedAt: "asc" },
      select: { kind: true, madeOn: true, details: true, submittedAt: true, seenByCommanderAt: true, seenByPsdAt: true },
    });
    const withheld = await withheldFromEmployee(tx, { in: ownIds });
    const audit = await tx.auditEvent.findMany({
      where: {
        OR: [
          { actorId: me, OR: [{ subjectType: null }, { subjectType: { notIn: CASE_AUDIT_SUBJECTS } }] },
          { subjectType: SUBJECT, subjectId: { in: ownIds }, actorId: { notIn: withheld } },
          { subjectType: "SafetyMeasure", subjectId: { in: plan.map((measure) => measure.id) }, actorId: { not: me } },
        ],
      },
      orderBy: { id: "asc" },
      take: 10000,
      select: { occurredAt: true, actorId: true, action: true, subjectType: true, outcome: true, ipAddress: true, userAgent: true },
    });
    const names = new Map((await tx.person.findMany({ where: { id: { in: [...new Set(audit.map((row) => row.actorId).filter((value): value is string => value !== null))] } }, select: { id: true, firstName: true, lastName: true, preferredName: true } })).map((row) => [row.id, addressName(row)]));
    await appendAudit(tx, { actorId: me, action: "support.export", subjectType: SUBJECT, subjectId: null, outcome: "SUCCESS", details: { requests: requests.length }, ...context.client });
    return {
      exportedAt: new Date().toISOString(),
      about: "Everything the Staff Support Portal holds about you, except restricted case files (ask for those through the force's subject access process).",
      person: person && { ...person, lineManager: person.lineManager ? addressName(person.lineManager) : null, unit: person.unit?.name ?? null },
      supportRequests: requests.map((request) => ({
        ...request,
        service: request.service?.name ?? null,
        risks: request.risks.filter((risk) => !withheld.includes(risk.assessorId)).map(({ assessorId: _assessor, ...risk }) => risk),
        // What a lead who may not be named did stays out, as it does from the history the employee sees.
        events: request.events.filter((event) => !event.actorId || !withheld.includes(event.actorId)).map(({ actorId: _actor, ...event }) => event),
        consents: request.consents.map((consent) => ({ ...consent, to: consent.service?.name ?? (consent.person ? addressName(consent.person) : null), service: undefined, person: undefined })),
      })),
      safetyPlan: plan.map((measure) => ({
        ...measure,
        owner: measure.owner ? addressName(measure.owner) : null,
        grants: measure.grants.map((grant) => ({ to: addressName(grant.person), reason: grant.reason, grantedAt: grant.grantedAt, withdrawnAt: grant.withdrawnAt })),
      })),
      conversationRecords: conversations.map(({ manager, comments, ...record }) => ({
        ...record,
        recordedBy: addressName(manager),
        comments: comments.map((comment) => ({ by: comment.authorId === me ? "you" : "your manager", body: comment.body, at: comment.createdAt })),
      })),
      incidentLog,
      courtOrderNotices: orderNotices,
      activity: audit.map((row) => ({ at: row.occurredAt, by: row.actorId === me ? "you" : (row.actorId && names.get(row.actorId)) ?? "the portal", action: row.action, outcome: row.outcome, ipAddress: row.actorId === me ? row.ipAddress : null, userAgent: row.actorId === me ? row.userAgent : null })),
    };
  });
}

// ─── Safeguarding override ─────────────────────────────────────────────────────

export const OverrideSchema = z
  .object({
    ground: z.enum(["CHILD_AT_RISK", "HIGH_RISK_OF_HARM"], { error: "Choose the ground for sharing without consent" }),
    reason: z.string({ error: "Give the reason" }).trim().min(1, "Give the reason").max(2000, "Keep this under 2000 characters"),
    tellEmployee: z.enum(["yes", "no"], { error: "Say whether the employee will be told" }),
    withheldReason: z.string().optional().transform((value) => (value ?? "").trim()).pipe(z.string().max(2000, "Keep this under 2000 characters")),
  })
  .superRefine((form, ctx) => {
    if (form.tellEmployee === "no" && !form.withheldReason) ctx.addIssue({ code: "custom", path: ["withheldReason"], message: "Say why telling them would put someone at risk" });
  });

/** Where a safeguarding lead stands on a request: may they record an override (audited either way)? */
export async function requireOverridePage(context: RequestContext, id: string): Promise<{ id: string; already: boolean }> {
  if (!isRequestId(id)) notFound();
  const found = await context.prisma.$transaction(async (tx) => {
    const request = await tx.supportRequest.findFirst({ where: { AND: [requestScope(context, "overrideConsent"), { id }] }, select: { id: true, overrides: { where: { personId: context.actor.id }, select: { id: true } } } });
    await audit(context, tx, { action: "access.overrideConsent", requestId: id, outcome: request ? "ALLOWED" : "REFUSED", reason: request ? null : "no rule allows it" });
    return request;
  });
  if (!found) notFound();
  return { id: found.id, already: found.overrides.length > 0 };
}

/**
 * Records a safeguarding override with its reason. The employee is told (in their ledger and history, and by a
 * content-free notice through their safe route) unless that would itself put someone at risk, which is recorded.
 */
export function recordOverride(context: RequestContext, id: string, form: z.infer<typeof OverrideSchema>) {
  return changeRequest(context, id, "overrideConsent", "support.override", async (tx, request) => {
    const tell = form.tellEmployee === "yes";
    await tx.safeguardingOverride.create({ data: { requestId: id, personId: context.actor.id, ground: form.ground, reason: form.reason, tellEmployee: tell, withheldReason: tell ? "" : form.withheldReason } });
    let notified: string = "not told: would put someone at risk";
    if (tell) {
      await tx.supportEvent.create({ data: { requestId: id, actorId: context.actor.id, kind: "OVERRIDE", note: form.reason } });
      notified = await notifyEmployee(tx, request);
    }
    return { result: null, details: { ground: form.ground, employeeTold: tell, employeeNotified: notified } };
  });
}

// ─── Risk assessment ───────────────────────────────────────────────────────────

const LEVELS = ["STANDARD", "MEDIUM", "HIGH"] as const;
type Level = (typeof LEVELS)[number];

/** The force's checklist (data, in the risk_question table). */
export function riskQuestions(tx: DbTx) {
  return tx.riskQuestion.findMany({ where: { active: true }, orderBy: { sortOrder: "asc" }, select: { id: true, text: true } });
}

/**
 * The level the answers score: high from half the questions answered yes, medium from a quarter (the proportions of
 * DASH's 14 of 27), standard below. Professional judgement may raise it, never lower it.
 */
export function scoredRiskLevel(yesCount: number, questionCount: number): Level {
  if (questionCount > 0 && yesCount * 2 >= questionCount) return "HIGH";
  if (questionCount > 0 && yesCount * 4 >= questionCount) return "MEDIUM";
  return "STANDARD";
}

export function checkRiskForm(raw: Record<string, unknown>, questions: readonly { id: string }[]): { ok: true; answers: Record<string, string>; yesCount: number; scored: Level; level: Level; rationale: string } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const answers: Record<string, string> = {};
  for (const question of questions) {
    const answer = raw[`q-${question.id}`];
    if (answer !== "yes" && answer !== "no" && answer !== "not-known") errors[`q-${question.id}`] = "Answer yes, no or not known";
    else answers[question.id] = answer;
  }
  const yesCount = Object.values(answers).filter((answer) => answer === "yes").length;
  const scored = scoredRiskLevel(yesCount, questions.length);
  const judgement = typeof raw.judgement === "string" && raw.judgement ? raw.judgement : scored;
  const rationale = typeof raw.rationale === "string" ? raw.rationale.trim() : "";
  if (!(LEVELS as readonly string[]).includes(judgement)) errors.judgement = "Choose standard, medium or high";
  else if (LEVELS.indexOf(judgement as Level) < LEVELS.indexOf(scored)) errors.judgement = `The answers score ${scored.toLowerCase()}: professional judgement may raise the level, not lower it`;
  else if (judgement !== scored && !rationale) errors.rationale = "Give the rationale for raising the level";
  if (rationale.length > 2000) errors.rationale = "Keep this under 2000 characters";
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, answers, yesCount, scored, level: judgement as Level, rationale };
}

/**
 * Records an assessment (never edited; a later one supersedes it). High risk records the referral to an IDVA and to
 * MARAC, and tells the safeguarding leads (content-free) that something needs their attention.
 */
export function recordRiskAssessment(context: RequestContext, id: string, assessment: { answers: Record<string, string>; yesCount: number; scored: Level; level: Level; rationale: string }) {
  return changeRequest(context, id, "assessRisk", "support.risk", async (tx, request) => {
    if (request.status === "CLOSED") throw new ChangeRejected({ form: "This request is closed." });
    const high = assessment.level === "HIGH";
    await tx.riskAssessment.create({
      data: { requestId: id, assessorId: context.actor.id, answers: assessment.answers, yesCount: assessment.yesCount, scoredLevel: assessment.scored, level: assessment.level, rationale: assessment.rationale, idvaReferral: high, maracReferral: high },
    });
    await tx.supportEvent.create({ data: { requestId: id, actorId: context.actor.id, kind: "RISK_ASSESSED", note: high ? "High risk: referred to an IDVA and to MARAC; a safeguarding lead has been told." : "" } });
    if (high) {
      const leads = await tx.person.findMany({ where: { active: true, id: { not: request.employeeId }, roles: { some: { role: { in: [...SAFEGUARDING_OVERRIDE_ROLES] } } } }, select: { workEmail: true, firstName: true, preferredName: true } });
      for (const lead of leads) await queueMail(tx, lead.workEmail, attentionNeeded({ recipientName: lead.preferredName ?? lead.firstName, link: "/support/queue" }));
    }
    return { result: null, details: { level: assessment.level, scored: assessment.scored, referred: high } };
  });
}

/** The latest assessment, for those who may read it (the employee does not see one by someone they may not be told of). */
export async function latestRisk(context: RequestContext, id: string) {
  return context.prisma.$transaction(async (tx) => {
    const request = await tx.supportRequest.findFirst({ where: { AND: [requestScope(context, "readRisk"), { id }] }, select: { employeeId: true } });
    if (!request) return null;
    const hidden = request.employeeId === context.actor.id ? await withheldFromEmployee(tx, id) : [];
    const risk = await tx.riskAssessment.findFirst({ where: { requestId: id, assessorId: { notIn: hidden } }, orderBy: { assessedAt: "desc" }, select: { level: true, scoredLevel: true, yesCount: true, rationale: true, idvaReferral: true, maracReferral: true, assessedAt: true } });
    return risk;
  });
}
