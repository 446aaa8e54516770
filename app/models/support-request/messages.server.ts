// The conversation on a request: messages inside the portal between the employee and the service, and the history
// of what happened to it (picked up, actions, hand-overs). Through the guard, like every read and write of a request.
import { z } from "zod";
import { accessScope, changeAccessible, readAccessible, readPart } from "~/access/guard.server";
import { notFound } from "~/access/errors.server";
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { ChangeRejected } from "~/utils/forms";
import { isId } from "~/utils/ids";
import { addressName } from "~/utils/names";
import { withheldFromEmployee } from "./consent.server";
import { notifyEmployee, notifySupporters } from "./notify.server";
import { requestExists, requestInHand, SUBJECT } from "./record.server";

export const MessageSchema = z.object({
  body: z.string({ error: "Write a message" }).trim().min(1, "Write a message").max(5000, "Keep a message under 5000 characters"),
});

/**
 * A message inside the portal. A message to a closed request is refused. The other side is told without content:
 * the employee only through their safe route (work email if they chose it, otherwise in the portal only), the
 * supporter at work.
 */
export async function sendMessage(context: RequestContext, id: string, body: string): Promise<void> {
  await changeAccessible(
    context,
    requestInHand(id, "message"),
    async (tx, request) => {
      if (request.status === "CLOSED")
        throw new ChangeRejected({ body: "This request is closed, so messages can no longer be sent. You can start a new request at any time." });
      if (request.status === "DRAFT") throw new ChangeRejected({ body: "Send your request first." });
      const fromEmployee = request.employeeId === context.actor.id;
      await tx.supportMessage.create({ data: { requestId: id, authorId: context.actor.id, fromEmployee, body } });
      if (fromEmployee) {
        if (request.service?.queueRole) await notifySupporters(tx, request.service.queueRole, request.assignedToId, request);
        return { from: "employee" };
      }
      return { from: "service", employeeNotified: await notifyEmployee(tx, request, "message") };
    },
    { action: "support.message", details: (done) => done },
  );
}

/**
 * Inside the transaction of the decision to open the request: its messages, for someone who may message on it (read
 * through the "message" scope). Reading marks the other side's messages as read.
 */
export async function conversationIn(context: RequestContext, tx: DbTx, id: string) {
  const request = await readPart(context, tx, {
    model: SUBJECT,
    id,
    action: "message",
    find: (inTx, where) => inTx.supportRequest.findFirst({ where, select: { employeeId: true } }),
  });
  if (!request) return null;
  const fromEmployee = request.employeeId === context.actor.id;
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
}

/** What happened to a request its reader may see the history of (someone the employee must not be told of left out). */
async function historyOf(context: RequestContext, tx: DbTx, request: { id: string; employeeId: string }) {
  const hidden = request.employeeId === context.actor.id ? await withheldFromEmployee(tx, request.id) : [];
  return tx.supportEvent.findMany({
    where: { requestId: request.id, actorId: { notIn: hidden } },
    orderBy: { at: "asc" },
    select: { id: true, kind: true, note: true, at: true },
  });
}

/** Inside the transaction of the decision to open the request: its history, or nothing for someone it is not for. */
export async function historyIn(context: RequestContext, tx: DbTx, id: string) {
  // The history carries supporters' notes: the employee, the service, and a lead with an override read it (not
  // someone the employee shared only who they are with).
  const { ability } = context;
  const readers: Prisma.SupportRequestWhereInput = {
    OR: [
      accessScope(ability, "manageConsent", SUBJECT),
      accessScope(ability, "work", SUBJECT),
      { AND: [accessScope(ability, "overrideConsent", SUBJECT), accessScope(ability, "readMessage", SUBJECT)] },
    ],
  };
  const request = await tx.supportRequest.findFirst({ where: { AND: [readers, { id }] }, select: { id: true, employeeId: true } });
  return request ? historyOf(context, tx, request) : [];
}

/** What happened to the request (acknowledged, actions, hand-overs): for the employee and the service; nothing for others who may read it. */
export async function requestHistory(context: RequestContext, id: string) {
  if (!isId(id)) notFound();
  return readAccessible(context, {
    model: SUBJECT,
    id,
    auditAction: "access.read.history",
    find: async (tx, where) => ((await tx.supportRequest.count({ where })) > 0 ? historyIn(context, tx, id) : null),
    exists: requestExists,
  });
}
