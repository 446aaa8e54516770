// A supporter's work on a request shared with their service: acknowledging it, recording what was done, handing it
// to a colleague, closing it. Each is decided, done and audited in one transaction by the guard.
import { z } from "zod";
import { changeAccessible } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import type { Role } from "~/generated/prisma/client";
import { closeItems } from "~/models/risk/items.server";
import { referralNow } from "~/models/referrals/timing.server";
import { ChangeRejected } from "~/utils/forms";
import { isId } from "~/utils/ids";
import { addressName } from "~/utils/names";
import { mayBeToldOf, notifyEmployee, notifySupporters, outsideConflictSetOf } from "./notify.server";
import { requestInHand } from "./record.server";

// ─── The supporter's work on a request ─────────────────────────────────────────

/** The supporter picks the request up: it is theirs until handed over. */
export async function acknowledgeRequest(context: RequestContext, id: string): Promise<void> {
  await changeAccessible(
    context,
    requestInHand(id, "work"),
    async (tx, request) => {
      if (request.status === "CLOSED") throw new ChangeRejected({ form: "This request is closed." });
      await tx.supportRequest.update({
        where: { id },
        data: { status: "ACKNOWLEDGED", acknowledgedAt: new Date(), assignedToId: context.actor.id, version: { increment: 1 } },
      });
      await tx.supportEvent.create({ data: { requestId: id, actorId: context.actor.id, kind: "ACKNOWLEDGED" } });
      await closeItems(tx, { requestId: id }, "ACKNOWLEDGE", { now: referralNow(), byId: context.actor.id });
    },
    { action: "support.acknowledge" },
  );
}

export const ActionNoteSchema = z.object({
  note: z.string({ error: "Say what was done" }).trim().min(1, "Say what was done").max(2000, "Keep this under 2000 characters"),
});

/** A note of something done (the employee sees it in their request's history). */
export async function recordAction(context: RequestContext, id: string, note: string): Promise<void> {
  await changeAccessible(
    context,
    requestInHand(id, "work"),
    async (tx, request) => {
      if (request.status === "CLOSED") throw new ChangeRejected({ note: "This request is closed: no more actions can be recorded." });
      await tx.supportEvent.create({ data: { requestId: id, actorId: context.actor.id, kind: "ACTION", note } });
    },
    { action: "support.action" },
  );
}

/**
 * Colleagues of the same service who could take the request over (active holders of its queue role), never anyone
 * in the conflict set of the colleague the employee named.
 */
export async function serviceColleagues(context: RequestContext, tx: DbTx, requestId: string, queueRole: Role | null) {
  if (!queueRole) return [];
  const people = await tx.person.findMany({
    where: { AND: [outsideConflictSetOf(requestId), { active: true, id: { not: context.actor.id }, roles: { some: { role: queueRole } } }] },
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }],
    select: { id: true, firstName: true, lastName: true, preferredName: true },
  });
  return people.map((person) => ({ id: person.id, name: addressName(person) }));
}

/** Hands the request to a colleague in the same service; the employee is told (in their history and by a notice). */
export async function handOver(context: RequestContext, id: string, toPersonId: string): Promise<void> {
  await changeAccessible(
    context,
    requestInHand(id, "work"),
    async (tx, request) => {
      if (request.status === "CLOSED") throw new ChangeRejected({ toPersonId: "This request is closed." });
      const role = request.service?.queueRole;
      const colleague =
        role && isId(toPersonId)
          ? await tx.person.findFirst({ where: { AND: [mayBeToldOf(request), { id: toPersonId, roles: { some: { role } } }] }, select: { id: true } })
          : null;
      if (!role || !colleague || colleague.id === request.employeeId) throw new ChangeRejected({ toPersonId: "Choose a colleague in the same service" });
      await tx.supportRequest.update({ where: { id }, data: { assignedToId: colleague.id, status: "ACKNOWLEDGED", version: { increment: 1 } } });
      await closeItems(tx, { requestId: id }, "ACKNOWLEDGE", { now: referralNow(), byId: context.actor.id });
      await tx.supportEvent.create({ data: { requestId: id, actorId: context.actor.id, kind: "HANDED_OVER" } });
      const notified = await notifyEmployee(tx, request);
      await notifySupporters(tx, role, colleague.id, request);
      return { to: colleague.id, employeeNotified: notified };
    },
    { action: "support.handover", details: (done) => done },
  );
}

export async function closeRequest(context: RequestContext, id: string): Promise<void> {
  await changeAccessible(
    context,
    requestInHand(id, "work"),
    async (tx, request) => {
      if (request.status === "CLOSED") throw new ChangeRejected({ form: "This request is already closed." });
      await tx.supportRequest.update({ where: { id }, data: { status: "CLOSED", closedAt: new Date(), version: { increment: 1 } } });
      await tx.supportEvent.create({ data: { requestId: id, actorId: context.actor.id, kind: "CLOSED" } });
      // A closed request has no deadlines left.
      await closeItems(tx, { requestId: id }, null, { now: referralNow(), byId: context.actor.id });
      return { employeeNotified: await notifyEmployee(tx, request) };
    },
    { action: "support.close", details: (done) => done },
  );
}
