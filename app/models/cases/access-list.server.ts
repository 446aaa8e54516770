// A police-suspect case's access list: who is given access, in which capacity and until when, and its ending.
// Called inside the transaction in which the case guard has decided that the person may manage the list.
import { z } from "zod";
import type { DbTx } from "~/db.server";
import { AccessCapacity } from "~/generated/prisma/enums";
import { grantRefusal } from "~/models/cases/conflicts.server";
import { addressName } from "~/utils/names";
import { ChangeRejected } from "~/utils/forms";
import { isId } from "~/utils/ids";
import { directoryPerson, notifyPeople } from "~/models/cases/case.server";
import { parseDay, parseUkDateTime } from "~/utils/dates";

export const GrantFormSchema = z.object({
  personId: z.string({ error: "Find the person and choose them" }).refine(isId, "Find the person and choose them"),
  capacity: z.enum(Object.values(AccessCapacity) as [AccessCapacity, ...AccessCapacity[]], { error: "Choose the capacity they act in" }),
  reason: z.string({ error: "Say why they need access" }).trim().min(1, "Say why they need access").max(500, "Use 500 characters or fewer"),
  until: z
    .string()
    .trim()
    .optional()
    .refine((value) => !value || parseDay(value) !== null, "Enter a real date such as 2027-01-31, or leave it empty"),
});
export type GrantForm = z.infer<typeof GrantFormSchema>;

/**
 * Puts the person on the case's access list, and tells them (content-free). Rejected if they are not in the
 * directory, are conflicted on the case, or the end date has passed.
 */
export async function grantCaseAccess(
  tx: DbTx,
  caseRecord: { id: string; suspectPersonId: string | null },
  grantedById: string,
  form: GrantForm,
): Promise<{ personId: string }> {
  const person = await directoryPerson(tx, form.personId);
  if (!person) throw new ChangeRejected({ personId: "That person could not be found: search again" });
  if (await grantRefusal(tx, caseRecord, person.id)) throw new ChangeRejected({ personId: "This person cannot be given access to this case" });
  const until = form.until ? parseUkDateTime(`${form.until} 23:59`) : null;
  if (form.until && (!until || until.getTime() < Date.now())) throw new ChangeRejected({ until: "The end date must be today or later" });
  await tx.caseAccess.create({
    data: { caseId: caseRecord.id, personId: person.id, capacity: form.capacity, reason: form.reason, grantedById, expiresAt: until },
  });
  await notifyPeople(tx, [person.id], "/records");
  return { personId: person.id };
}

/** Ends an entry on the case's access list: null if it is not on this case or has already ended. */
export async function revokeCaseAccess(tx: DbTx, caseId: string, entryId: string, revokedById: string): Promise<{ id: string; personId: string } | null> {
  const entry = isId(entryId) ? await tx.caseAccess.findFirst({ where: { id: entryId, caseId, revokedAt: null }, select: { id: true, personId: true } }) : null;
  if (!entry) return null;
  await tx.caseAccess.update({ where: { id: entry.id }, data: { revokedAt: new Date(), revokedById } });
  return entry;
}

/** The case's access list as its page shows it: active entries first, then ended ones, each with who granted it. */
export async function accessListView(tx: DbTx, caseId: string) {
  const entries = await tx.caseAccess.findMany({
    where: { caseId },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { grantedAt: "asc" }],
    select: {
      id: true,
      capacity: true,
      reason: true,
      grantedAt: true,
      grantedById: true,
      expiresAt: true,
      revokedAt: true,
      declarationState: true,
      person: { select: { firstName: true, lastName: true, preferredName: true } },
    },
  });
  const granters = await tx.person.findMany({
    where: { id: { in: entries.map((entry) => entry.grantedById).filter((id): id is string => id !== null) } },
    select: { id: true, firstName: true, lastName: true, preferredName: true },
  });
  const granterName = new Map(granters.map((person) => [person.id, addressName(person)]));
  const now = Date.now();
  return entries.map((entry) => ({
    id: entry.id,
    name: addressName(entry.person),
    capacity: entry.capacity,
    reason: entry.reason,
    /** Null when the portal put them on the list as the case was created. */
    grantedBy: entry.grantedById ? (granterName.get(entry.grantedById) ?? "Unknown") : null,
    grantedAt: entry.grantedAt.toISOString(),
    expiresAt: entry.expiresAt?.toISOString() ?? null,
    active: !entry.revokedAt && (!entry.expiresAt || entry.expiresAt.getTime() > now),
    revokedAt: entry.revokedAt?.toISOString() ?? null,
    declarationState: entry.declarationState,
  }));
}

/** The person the grant form has chosen, as the directory search shows them (none if the choice is not a person). */
export async function chosenPerson(tx: DbTx, personId: string | undefined) {
  const person = await directoryPerson(tx, personId);
  return person ? [person] : [];
}
