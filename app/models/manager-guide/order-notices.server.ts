// An employee's notice to their commander of a domestic-abuse-related civil order or child contact restriction
// concerning them (the force's policy requires them to give it). It reaches the commander and PSD, and nobody else.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { PSD_ROLES } from "#policies/rules/police-suspect-cases";
import { accessScope, changeAccessible, changeWithAudit, listAccessible } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { notifyPeople } from "~/models/cases/case.server";
import { kickOutbox } from "~/utils/outbox.server";
import { parseDay, ukToday } from "~/utils/dates";
export { ORDER_KIND_LABELS } from "~/models/manager-guide/order-notice-labels";

export const OrderNoticeSchema = z.object({
  kind: z.enum(["CIVIL_ORDER", "CHILD_CONTACT_RESTRICTION"], { error: "Say what kind of order or restriction it is" }),
  madeOn: z
    .string({ error: "Enter the date it was made" })
    .trim()
    .min(1, "Enter the date it was made")
    .refine((value) => parseDay(value) !== null, "Enter a real date, for example 2026-11-02")
    .refine((value) => (parseDay(value) ?? ukToday()) <= ukToday(), "The date cannot be in the future"),
  details: z
    .string({ error: "Give the details your commander needs" })
    .trim()
    .min(1, "Give the details your commander needs")
    .max(2000, "Use 2,000 characters or fewer"),
});
export type OrderNoticeForm = z.infer<typeof OrderNoticeSchema>;

/** The commander of the person's unit; if that is the person themselves, their own line manager. */
export async function commanderFor(tx: DbTx, personId: string): Promise<{ id: string } | null> {
  const person = await tx.person.findUnique({
    where: { id: personId },
    select: { lineManagerId: true, unit: { select: { commanderId: true, commander: { select: { active: true } } } } },
  });
  const commanderId = person?.unit?.commanderId && person.unit.commander?.active ? person.unit.commanderId : null;
  if (commanderId && commanderId !== personId) return { id: commanderId };
  return person?.lineManagerId ? { id: person.lineManagerId } : null;
}

export async function createOrderNotice(
  tx: DbTx,
  personId: string,
  form: OrderNoticeForm,
  id: string = randomUUID(),
): Promise<{ id: string; toCommander: boolean }> {
  const commander = await commanderFor(tx, personId);
  const notice = await tx.personalOrderNotice.create({
    data: { id, personId, kind: form.kind, madeOn: parseDay(form.madeOn)!, details: form.details, commanderId: commander?.id ?? null },
    select: { id: true },
  });
  const psd = await tx.person.findMany({
    where: { active: true, id: { not: personId }, roles: { some: { role: { in: [...PSD_ROLES] } } } },
    select: { id: true },
  });
  await notifyPeople(tx, [...(commander ? [commander.id] : []), ...psd.map((p) => p.id)], "/notices");
  return { id: notice.id, toCommander: commander !== null };
}

/**
 * The signed-in person's notice, always in their own name (nobody can give one in someone else's): checked, written,
 * mailed (content-free, through the outbox) and audited in one transaction.
 */
export async function sendOrderNotice(context: RequestContext, form: OrderNoticeForm): Promise<{ id: string; toCommander: boolean }> {
  const personId = context.actor.id;
  const id = randomUUID();
  const sent = await changeWithAudit(
    context,
    { action: "create", model: "PersonalOrderNotice", record: { personId }, subjectId: id },
    (tx) => createOrderNotice(tx, personId, form, id),
    { action: "order-notice.create" },
  );
  kickOutbox();
  return sent;
}

/** The notices the person may list (their own, those sent to them as commander, and PSD's), the read audited. */
export function listNotices(context: RequestContext) {
  return listAccessible(context, "PersonalOrderNotice", (tx, scope) => listOrderNotices(tx, scope), { purpose: "court order notices" });
}

/**
 * Records that the commander the notice was sent to, or PSD, has seen it: found through the person's scope of the
 * notice, narrowed to those two, marked and audited in one transaction. Anyone else (the employee who gave it
 * included) gets "not found", audited.
 */
export async function recordNoticeSeen(context: RequestContext, noticeId: string): Promise<void> {
  const me = context.actor.id;
  const asCommanderOrPsd = { OR: [{ commanderId: me }, accessScope(context.ability, "review", "PersonalOrderNotice")] };
  await changeAccessible(
    context,
    {
      model: "PersonalOrderNotice",
      id: noticeId,
      action: "read",
      find: (tx, where) => tx.personalOrderNotice.findFirst({ where: { AND: [where, asCommanderOrPsd] }, select: { id: true, commanderId: true } }),
      exists: async (tx, id) => (await tx.personalOrderNotice.count({ where: { id } })) > 0,
    },
    async (tx, notice) => {
      if (notice.commanderId === me) {
        await tx.personalOrderNotice.updateMany({ where: { id: notice.id, seenByCommanderAt: null }, data: { seenByCommanderAt: new Date() } });
      } else {
        await tx.personalOrderNotice.updateMany({ where: { id: notice.id, seenByPsdAt: null }, data: { seenByPsdAt: new Date(), seenByPsdId: me } });
      }
    },
    { action: "order-notice.seen" },
  );
}

function listOrderNotices(tx: DbTx, scope: Prisma.PersonalOrderNoticeWhereInput) {
  return tx.personalOrderNotice.findMany({
    where: scope,
    orderBy: { submittedAt: "desc" },
    take: 100,
    select: {
      id: true,
      kind: true,
      madeOn: true,
      details: true,
      submittedAt: true,
      seenByCommanderAt: true,
      seenByPsdAt: true,
      personId: true,
      commanderId: true,
      person: { select: { firstName: true, lastName: true, preferredName: true } },
      commander: { select: { firstName: true, lastName: true, preferredName: true } },
    },
  });
}
