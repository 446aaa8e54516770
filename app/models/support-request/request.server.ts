// An employee's support request: drafts, sending it to a service, opening it, the lists of requests, and the
// supporter's work on it (picking it up, recording actions, handing it over, closing it). Every read and write goes
// through the guard: the request's id AND the scope of the action, the decision audited in the same transaction, and
// a request someone may not reach is "not found". See docs/features/support-route.md.
import { accessScope, can, changeAccessible, changeWithAudit, listAccessible, readAccessible, readPart } from "~/access/guard.server";
import { notFound } from "~/access/errors.server";
import type { RequestContext } from "~/access/request-context.server";
import type { Db, DbTx } from "~/db.server";
import type { Prisma, Role } from "~/generated/prisma/client";
import type { DirectoryMatch } from "~/models/people/directory-match";
import { referralNow } from "~/models/referrals/timing.server";
import { openItems } from "~/models/risk/items.server";
import { DRAFT_KEPT_DAYS } from "~/models/support-request/labels";
import { appendAudit } from "~/utils/audit.server";
import { ChangeRejected, type FormReply, parseForm } from "~/utils/forms";
import { isId } from "~/utils/ids";
import { addressName } from "~/utils/names";
import { chosenAsMatches, FIND_COLLEAGUE_INTENT, findNamedColleague, namedColleagueToRecord } from "./named-colleague.server";
import { notifySupporters } from "./notify.server";
import { conflictFacts, ownRequest, requestExists, SUBJECT } from "./record.server";
import { requestFormSchema, type RequestForm } from "./request-form";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The services a request can be sent to from the portal: active directory entries with a queue in the portal. */
export function requestableServices(context: RequestContext) {
  return context.prisma.supportService.findMany({
    where: { AND: [accessScope(context.ability, "read", "SupportService"), { active: true, queueRole: { not: null } }] },
    orderBy: [{ sortOrder: "asc" }, { name: "asc" }],
    select: { id: true, name: true, offers: true, queueRole: true },
  });
}

// ─── Drafts, and sending ───────────────────────────────────────────────────────

/** Deletes unsent drafts past their date (they were never anyone else's). Returns how many. */
export async function purgeExpiredDrafts(database: { prisma: Db }, now = new Date()): Promise<number> {
  return database.prisma.$transaction(async (tx) => {
    // A legal hold on the employee's records keeps their drafts too (ADR 037).
    const held = await tx.legalHold.findMany({ where: { personId: { not: null }, liftedAt: null }, select: { personId: true } });
    const heldPeople = held.map((hold) => hold.personId!);
    const { count } = await tx.supportRequest.deleteMany({ where: { status: "DRAFT", draftExpiresAt: { lte: now }, employeeId: { notIn: heldPeople } } });
    if (count > 0) await appendAudit(tx, { action: "support.draft.purge", subjectType: SUBJECT, outcome: "SUCCESS", details: { count } });
    return count;
  });
}

const draftExpiry = (now: Date) => new Date(now.getTime() + DRAFT_KEPT_DAYS * DAY_MS);

function requestData(form: RequestForm) {
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

/**
 * Sends the draft, once: records the consent to the chosen service for exactly the parts they ticked, in the
 * transaction that sends it, and tells the service's supporters (content-free) that something needs their attention.
 */
async function send(context: RequestContext, tx: DbTx, id: string, form: RequestForm, now: Date): Promise<void> {
  const service = await tx.supportService.findFirst({
    where: { id: form.serviceId, active: true, queueRole: { not: null } },
    select: { id: true, name: true, queueRole: true },
  });
  if (!service?.queueRole) throw new ChangeRejected({ serviceId: "Choose one of the services listed" });
  // Only a draft is sent, once: a second submission (double click, another tab) finds it sent and changes nothing.
  const sending = await tx.supportRequest.updateMany({
    where: { id, status: "DRAFT" },
    data: { status: "SUBMITTED", submittedAt: now, termsAcceptedAt: now, draftExpiresAt: null },
  });
  if (sending.count !== 1) throw new ChangeRejected({ form: "This request has already been sent." });
  await tx.supportConsent.create({
    data: {
      requestId: id,
      serviceId: service.id,
      queueRole: service.queueRole,
      shares: form.shareWithService,
      reason: `You asked ${service.name} for support`,
      grantedAt: now,
    },
  });
  await tx.supportEvent.create({ data: { requestId: id, actorId: context.actor.id, kind: "SUBMITTED", at: now } });
  // The service must acknowledge it in time (SUPPORT_ACKNOWLEDGE_HOURS), or it is reminded, then escalated.
  await openItems(tx, { requestId: id }, ["ACKNOWLEDGE"], { now: referralNow() });
  await notifySupporters(tx, service.queueRole, null, { id, employeeId: context.actor.id });
}

/**
 * Saves the form as the employee's draft (a new one, or one of theirs still in draft, found through the "update"
 * scope), or sends it; the save, the sending and the audit row commit together.
 */
export async function saveRequest(context: RequestContext, input: { id?: string; form: RequestForm; send: boolean }): Promise<{ id: string }> {
  const now = new Date();
  const describe = input.send ? { action: "support.send", details: { shares: input.form.shareWithService } } : { action: "support.draft.save" };
  const thenSend = async (tx: DbTx, id: string) => {
    // The named colleague is recorded before sending, so the notices of the sending already leave out their chain.
    const abuserPersonId = await namedColleagueToRecord(tx, context.actor.id, input.form, input.send);
    await tx.supportRequest.update({ where: { id }, data: { abuserPersonId } });
    if (input.send) await send(context, tx, id, input.form, now);
    return { id };
  };
  if (!input.id) {
    return changeWithAudit(
      context,
      { action: "create", model: SUBJECT, record: ownRequest(context.actor.id), subjectId: (saved: { id: string }) => saved.id },
      async (tx) =>
        thenSend(
          tx,
          (
            await tx.supportRequest.create({
              data: { employeeId: context.actor.id, ...requestData(input.form), draftExpiresAt: draftExpiry(now) },
              select: { id: true },
            })
          ).id,
        ),
      describe,
    );
  }
  if (!isId(input.id)) notFound();
  return changeAccessible(
    context,
    {
      model: SUBJECT,
      id: input.id,
      action: "update",
      find: (tx, where) => tx.supportRequest.findFirst({ where, select: { id: true } }),
      exists: requestExists,
    },
    async (tx, draft) => {
      await tx.supportRequest.update({
        where: { id: draft.id },
        data: { ...requestData(input.form), draftExpiresAt: draftExpiry(now), version: { increment: 1 } },
      });
      return thenSend(tx, draft.id);
    },
    describe,
  );
}

// ─── Opening one request ───────────────────────────────────────────────────────

/** What each person may do with the request they opened, decided on the record by the same rules as the scopes. */
export const REQUEST_ACTIONS = [
  "read",
  "readIdentity",
  "readMessage",
  "readSafeContact",
  "work",
  "message",
  "manageConsent",
  "overrideConsent",
  "assessRisk",
  "readRisk",
  "readRiskItems",
  "update",
] as const;
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

/** What the audit row of an opened request records as shown. */
export const shownOf = (opened: OpenedRequest) => ({
  identity: opened.identity !== null,
  message: opened.wanted !== null,
  safeContact: opened.safeContact !== null,
});

/**
 * Inside the transaction of the decision to open it (`where`: the "read" scope AND its id): the request, with each
 * part read again through the database scope of its own action, so the record decides nothing on its own.
 */
export async function openedIn(context: RequestContext, tx: DbTx, where: Prisma.SupportRequestWhereInput): Promise<OpenedRequest | null> {
  const shell = await tx.supportRequest.findFirst({
    where,
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
      overrides: { where: { personId: context.actor.id }, select: { personId: true, expiresAt: true } },
      // The facts the safeguarding rules read: high risk, a child-protection concern, an escalated deadline.
      risks: { where: { OR: [{ level: "HIGH" }, { childConcern: true }] }, select: { level: true, childConcern: true } },
      riskItems: { where: { escalatedAt: { not: null }, closedAt: null }, take: 1, select: { escalatedAt: true, closedAt: true } },
      ...conflictFacts(context.actor.id),
    },
  });
  if (!shell) return null;
  const id = shell.id;
  const may = Object.fromEntries(REQUEST_ACTIONS.map((action) => [action, can(context.ability, action, SUBJECT, shell)])) as Record<RequestAction, boolean>;
  const part = <S extends Prisma.SupportRequestSelect>(action: RequestAction, select: S) =>
    may[action]
      ? readPart(context, tx, { model: SUBJECT, id, action, find: (inTx, partWhere) => inTx.supportRequest.findFirst({ where: partWhere, select }) })
      : Promise.resolve(null);
  const identity = await part("readIdentity", {
    employee: { select: { firstName: true, lastName: true, preferredName: true, pronouns: true, workEmail: true } },
  });
  const wanted = await part("readMessage", { supportWanted: true, message: true });
  const safeContact = await part("readSafeContact", { safeChannels: true, unsafeChannels: true, safeTimes: true, safeContactNote: true, safeWord: true });
  const assigneeInService = shell.assignedTo && shell.service?.queueRole && shell.assignedTo.roles.some((row) => row.role === shell.service!.queueRole);
  return {
    id,
    status: shell.status,
    isOwn: shell.employeeId === context.actor.id,
    service: shell.service,
    createdAt: shell.createdAt,
    submittedAt: shell.submittedAt,
    draftExpiresAt: shell.draftExpiresAt,
    assignedTo: assigneeInService ? addressName(shell.assignedTo!) : null,
    identity: identity ? { name: addressName(identity.employee), pronouns: identity.employee.pronouns, workEmail: identity.employee.workEmail } : null,
    wanted,
    safeContact,
    may,
  };
}

/**
 * Opens a request for the person: found through the "read" scope, each part through its own, audited in the same
 * transaction with what was shown; "not found" (audited) for anyone the employee has not shared it with.
 */
export async function openRequest(context: RequestContext, id: string, via = "page"): Promise<OpenedRequest> {
  if (!isId(id)) notFound();
  return readAccessible(context, {
    model: SUBJECT,
    id,
    find: (tx, where) => openedIn(context, tx, where),
    exists: requestExists,
    details: { via },
    shown: (opened) => ({ shown: shownOf(opened) }),
  });
}

/** The draft's fields for its author to edit (through the "update" scope). */
export async function draftForEditing(context: RequestContext, id: string) {
  if (!isId(id)) notFound();
  return readAccessible(context, {
    model: SUBJECT,
    id,
    action: "update",
    find: (tx, where) =>
      tx.supportRequest.findFirst({
        where,
        select: {
          id: true,
          serviceId: true,
          supportWanted: true,
          message: true,
          shareWithService: true,
          safeChannels: true,
          unsafeChannels: true,
          safeTimes: true,
          safeContactNote: true,
          safeWord: true,
          abuserPersonId: true,
          draftExpiresAt: true,
        },
      }),
    exists: requestExists,
  });
}

// ─── Lists ─────────────────────────────────────────────────────────────────────

/** The employee's own requests, drafts included (with the date each draft will be deleted). */
export async function myRequests(context: RequestContext) {
  const rows = await listAccessible(
    context,
    SUBJECT,
    (tx, scope) =>
      tx.supportRequest.findMany({
        where: { AND: [scope, { employeeId: context.actor.id }] },
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
      }),
    { list: "own" },
  );
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    createdAt: row.createdAt,
    submittedAt: row.submittedAt,
    draftExpiresAt: row.draftExpiresAt,
    service: row.service?.name ?? null,
    unread: row._count.messages,
    suggestedBy: row.referredBy ? addressName(row.referredBy) : null,
  }));
}

/**
 * Requests others shared with the person: their service's queue (with who holds each, if they are still in the
 * service; otherwise it is back in the queue), or requests shared with them by name. Only what each consent shares.
 */
export async function sharedWithMe(context: RequestContext) {
  const rows = await listAccessible(
    context,
    SUBJECT,
    (tx, scope) =>
      tx.supportRequest.findMany({
        where: { AND: [scope, { employeeId: { not: context.actor.id } }] },
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
      }),
    { list: "shared" },
  );
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
}

/** Whether to offer the page of requests shared with the person: they work a service's queue, or one was shared with them. */
export async function offerSharedRequests(context: RequestContext): Promise<boolean> {
  if (can(context.ability, "work", SUBJECT)) return true;
  const any = await listAccessible(
    context,
    SUBJECT,
    (tx, scope) => tx.supportRequest.findMany({ where: { AND: [scope, { employeeId: { not: context.actor.id } }] }, select: { id: true }, take: 1 }),
    { list: "shared, whether any" },
  );
  return any.length > 0;
}

// ─── The request form, for the new-request and edit-draft pages ──────────────

/**
 * Handles a posted request form: saves the draft or sends it, or searches the directory for the colleague they name
 * (nothing saved). Answers which request was saved and whether it was sent, or Conform's reply: the messages and
 * what was typed (nothing is lost), with the directory's matches after a search.
 */
export async function submitRequestForm(
  context: RequestContext,
  formData: FormData,
  id?: string,
): Promise<{ saved: { id: string; sent: boolean } } | { reply: FormReply; found?: DirectoryMatch[] }> {
  if (formData.get("intent") === FIND_COLLEAGUE_INTENT) return findNamedColleague(context, formData);
  const intent = formData.get("intent") === "send" ? "send" : "save";
  const services = await requestableServices(context);
  const parsed = parseForm(requestFormSchema(intent, new Set(services.map((service) => service.id))), formData);
  // Shown again with the messages, so the colleague they chose stays chosen.
  const found = () => chosenAsMatches(context, String(formData.get("abuserPersonId") ?? ""));
  if (!parsed.ok) return { reply: parsed.reply, found: await found() };
  try {
    const saved = await saveRequest(context, { id, form: parsed.data, send: intent === "send" });
    return { saved: { id: saved.id, sent: intent === "send" } };
  } catch (error) {
    if (error instanceof ChangeRejected) return { reply: parsed.reject(error.errors), found: await found() };
    throw error;
  }
}
