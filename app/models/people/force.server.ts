// Forces and their contacts: other forces' nominated NPCC officer and PSD mailboxes (inter-force referrals), and the
// home force's police and crime commissioner's mailbox (a report whose suspect is the chief officer goes there).
import { z } from "zod";
import { notFound } from "~/access/errors.server";
import { changeAccessible, changeWithAudit, listAccessible, readAccessible } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { ChangeRejected } from "~/utils/forms";
import { isId } from "~/utils/ids";

const mailbox = (label: string) =>
  z
    .string()
    .trim()
    .max(254, "Use 254 characters or fewer")
    .refine(
      (value) => value === "" || /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/.test(value),
      `Enter the ${label} as an email address, like name@force.police.uk`,
    )
    .optional()
    .transform((value) => (value ? value.toLowerCase() : null));

export const ForceFormSchema = z.object({
  name: z.string({ error: "Enter the force's name" }).trim().min(2, "Enter the force's name").max(120, "Use 120 characters or fewer"),
  shortName: z.string({ error: "Enter a short name" }).trim().min(2, "Enter a short name").max(40, "Use 40 characters or fewer"),
  npccContactEmail: mailbox("nominated NPCC officer's mailbox"),
  psdContactEmail: mailbox("professional standards mailbox"),
  pccContactEmail: mailbox("police and crime commissioner's mailbox"),
});
export type ForceForm = z.infer<typeof ForceFormSchema>;

const FORCE_SELECT = { id: true, name: true, shortName: true, isHome: true, npccContactEmail: true, psdContactEmail: true, pccContactEmail: true } as const;

/** How many forces the caller may list (the administration home page). */
export function countForces(tx: DbTx, scope: Prisma.ForceWhereInput): Promise<number> {
  return tx.force.count({ where: scope });
}

/** The forces and their contacts, for the administration list. */
export function listForcesWithContacts(context: RequestContext) {
  return listAccessible(
    context,
    "Force",
    (tx, scope) => tx.force.findMany({ where: scope, select: FORCE_SELECT, orderBy: [{ isHome: "desc" }, { name: "asc" }] }),
    {
      purpose: "forces and contacts",
    },
  );
}

const forceExists = async (tx: DbTx, id: string) => (await tx.force.count({ where: { id } })) > 0;

/** One force, for its edit page; "not found" for an id that is not one the person may administer. */
export function readForce(context: RequestContext, id: string | undefined) {
  if (!isId(id)) notFound();
  return readAccessible(context, { model: "Force", id, find: (tx, where) => tx.force.findFirst({ where, select: FORCE_SELECT }), exists: forceExists });
}

async function refuseDuplicates(tx: DbTx, form: ForceForm, exceptId?: string): Promise<void> {
  const clash = await tx.force.findFirst({
    where: { OR: [{ name: form.name }, { shortName: form.shortName }], ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { name: true },
  });
  if (clash)
    throw new ChangeRejected(
      clash.name === form.name ? { name: "Another force already has this name" } : { shortName: "Another force already has this short name" },
    );
}

/** Adds another force (the home force exists from the start). */
export function addForce(context: RequestContext, form: ForceForm): Promise<{ id: string }> {
  return changeWithAudit(
    context,
    { action: "create", model: "Force" },
    async (tx) => {
      await refuseDuplicates(tx, form);
      // Only the home force has a PCC mailbox here: another force's PCC is reached through that force.
      return tx.force.create({
        data: { name: form.name, shortName: form.shortName, isHome: false, npccContactEmail: form.npccContactEmail, psdContactEmail: form.psdContactEmail },
        select: { id: true },
      });
    },
    { action: "force.create", details: { name: form.name } },
  );
}

/** Changes a force's name and contacts: found, checked and changed in one transaction. */
export async function saveForce(context: RequestContext, id: string | undefined, form: ForceForm): Promise<void> {
  if (!isId(id)) notFound();
  await changeAccessible(
    context,
    { model: "Force", id, action: "update", find: (tx, where) => tx.force.findFirst({ where, select: { id: true, isHome: true } }), exists: forceExists },
    async (tx, current) => {
      await refuseDuplicates(tx, form, id);
      await tx.force.update({
        where: { id },
        data: {
          name: form.name,
          shortName: form.shortName,
          npccContactEmail: form.npccContactEmail,
          psdContactEmail: form.psdContactEmail,
          pccContactEmail: current.isHome ? form.pccContactEmail : null,
        },
      });
    },
    { action: "force.update" },
  );
}
