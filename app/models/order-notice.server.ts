// An employee's notice to their commander of a domestic-abuse-related civil order or child contact restriction
// concerning them (the force's policy requires them to give it). It reaches the commander and PSD, and nobody else.
import { z } from "zod";
import type { DbTx } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { PSD_ROLES } from "#policies/rules/police-suspect-cases";
import { notifyPeople } from "~/models/police-suspect-case.server";
export { ORDER_KIND_LABELS } from "~/models/order-notice-labels";


export const OrderNoticeSchema = z.object({
  kind: z.enum(["CIVIL_ORDER", "CHILD_CONTACT_RESTRICTION"], { error: "Say what kind of order or restriction it is" }),
  madeOn: z
    .string({ error: "Enter the date it was made" })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the date as, for example, 2026-11-02")
    .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), "Enter a real date")
    .refine((value) => Date.parse(`${value}T00:00:00Z`) <= Date.now(), "The date cannot be in the future"),
  details: z.string({ error: "Give the details your commander needs" }).trim().min(1, "Give the details your commander needs").max(2000, "Use 2,000 characters or fewer"),
});
export type OrderNoticeForm = z.infer<typeof OrderNoticeSchema>;

/** The commander of the person's unit; if that is the person themselves, their own line manager. */
export async function commanderFor(tx: DbTx, personId: string): Promise<{ id: string } | null> {
  const person = await tx.person.findUnique({ where: { id: personId }, select: { lineManagerId: true, unit: { select: { commanderId: true, commander: { select: { active: true } } } } } });
  const commanderId = person?.unit?.commanderId && person.unit.commander?.active ? person.unit.commanderId : null;
  if (commanderId && commanderId !== personId) return { id: commanderId };
  return person?.lineManagerId ? { id: person.lineManagerId } : null;
}

export async function createOrderNotice(tx: DbTx, personId: string, form: OrderNoticeForm): Promise<{ id: string; toCommander: boolean }> {
  const commander = await commanderFor(tx, personId);
  const notice = await tx.personalOrderNotice.create({
    data: { personId, kind: form.kind, madeOn: new Date(`${form.madeOn}T00:00:00Z`), details: form.details, commanderId: commander?.id ?? null },
    select: { id: true },
  });
  const psd = await tx.person.findMany({ where: { active: true, id: { not: personId }, roles: { some: { role: { in: [...PSD_ROLES] } } } }, select: { id: true } });
  await notifyPeople(tx, [...(commander ? [commander.id] : []), ...psd.map((p) => p.id)], "/notices");
  return { id: notice.id, toCommander: commander !== null };
}

export function listOrderNotices(tx: DbTx, scope: Prisma.PersonalOrderNoticeWhereInput) {
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
