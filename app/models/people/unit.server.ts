// Units (BCUs, OCUs and departments): the only module that talks to Prisma about units, besides the callbacks that
// routes hand to the access guard. Functions take the guard's transaction and the caller's access scope.
import { z } from "zod";
import { listAccessible } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { UnitKind } from "~/generated/prisma/enums";
import { ChangeRejected } from "~/utils/forms";
import { isForeignKeyViolation, isUniqueViolation } from "~/utils/database-errors.server";
import { isId } from "~/utils/ids";
import { loadPersonChoices } from "~/models/people/person.server";

const unitFields = {
  name: z.string({ error: "Enter the unit's name" }).trim().min(1, "Enter the unit's name").max(120, "The name must be 120 characters or fewer"),
  kind: z.enum(UnitKind, { error: "Choose the kind of unit" }),
  commanderId: z
    .string()
    .trim()
    .optional()
    .refine((value) => !value || isId(value), "Choose a commander from the list")
    .transform((value) => value || null),
  commanderEmail: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, "Email address must be 254 characters or fewer")
    .optional()
    .transform((value) => value || null),
};

/** The form to add a unit: its force is chosen once, here. */
export const NewUnitFormSchema = z.object({
  ...unitFields,
  forceId: z.string({ error: "Choose a force" }).refine(isId, "Choose a force"),
});

/** The form to change a unit (its force stays: its members belong to that force). */
export const EditUnitFormSchema = z.object({
  ...unitFields,
  version: z.coerce.number({ error: "Reload the page and try again" }).int().min(1),
});

export type UnitForm = z.infer<typeof EditUnitFormSchema> | z.infer<typeof NewUnitFormSchema>;

export const unitListSelect = {
  id: true,
  name: true,
  kind: true,
  force: { select: { shortName: true, name: true } },
  commander: { select: { firstName: true, lastName: true, preferredName: true } },
} as const satisfies Prisma.UnitSelect;

/** Every unit the caller may list, by force then name. */
export function listUnits(tx: DbTx, scope: Prisma.UnitWhereInput) {
  return tx.unit.findMany({
    where: scope,
    select: unitListSelect,
    orderBy: [{ force: { isHome: "desc" } }, { force: { name: "asc" } }, { name: "asc" }, { id: "asc" }],
    take: 1000,
  });
}

export const unitRecordSelect = {
  id: true,
  forceId: true,
  name: true,
  kind: true,
  commanderId: true,
  version: true,
  force: { select: { name: true } },
  commander: { select: { id: true, firstName: true, lastName: true, preferredName: true, workEmail: true } },
} as const satisfies Prisma.UnitSelect;

export type UnitRecord = Prisma.UnitGetPayload<{ select: typeof unitRecordSelect }>;

export function findUnitRecord(tx: DbTx, where: Prisma.UnitWhereInput): Promise<UnitRecord | null> {
  return tx.unit.findFirst({ where, select: unitRecordSelect });
}

export async function unitExists(tx: DbTx, id: string): Promise<boolean> {
  return (await tx.unit.count({ where: { id } })) > 0;
}

/** The forces a unit may be added to, within the caller's scope: the home force first. */
export function listForces(tx: DbTx, scope: Prisma.ForceWhereInput) {
  return tx.force.findMany({ where: scope, select: { id: true, name: true, isHome: true }, orderBy: [{ isHome: "desc" }, { name: "asc" }] });
}

/** What the form to add a unit offers, each list read through the guard (audited): forces, and commanders to choose. */
export async function newUnitFormOptions(context: RequestContext) {
  const forces = await listAccessible(context, "Force", (tx, scope) => listForces(tx, scope), { purpose: "unit form" });
  const commanders = await loadPersonChoices(context);
  return { forces, commanders, homeForceId: (forces.find((force) => force.isHome) ?? forces[0])?.id ?? "" };
}

export function countUnits(tx: DbTx, scope: Prisma.UnitWhereInput): Promise<number> {
  return tx.unit.count({ where: scope });
}

export interface UnitData {
  name: string;
  kind: UnitKind;
  commanderId: string | null;
}

/**
 * Checks a unit form against the database inside the transaction that writes it: the name is free in the force
 * (whatever its capitals) and the commander is an active person of the same force (a commander who has since
 * been deactivated may stay). Throws ChangeRejected.
 */
export async function checkUnitForm(
  tx: DbTx,
  form: { name: string; kind: UnitKind; commanderId: string | null; commanderEmail: string | null },
  forceId: string,
  unitId: string | null,
  currentCommanderId: string | null = null,
): Promise<UnitData> {
  const errors: Record<string, string> = {};
  // One after another: inside a transaction the queries share one connection anyway.
  const force = await tx.force.findUnique({ where: { id: forceId }, select: { id: true } });
  const clash = await tx.unit.findFirst({
    where: { forceId, name: { equals: form.name, mode: "insensitive" }, ...(unitId ? { id: { not: unitId } } : {}) },
    select: { id: true },
  });
  const commander =
    form.commanderId || form.commanderEmail
      ? await tx.person.findFirst({
          where: form.commanderId ? { id: form.commanderId } : { workEmail: form.commanderEmail ?? "" },
          select: { id: true, forceId: true, active: true },
        })
      : null;
  if (!force) errors.forceId = "Choose a force from the list";
  if (clash) errors.name = "There is already a unit with that name in this force";
  const field = form.commanderId ? "commanderId" : "commanderEmail";
  if ((form.commanderId || form.commanderEmail) && !commander) {
    errors[field] = form.commanderId ? "Choose a commander from the list" : "There is nobody with that work email address";
  } else if (commander && commander.forceId !== forceId) {
    errors[field] = "Choose a commander from the unit's own force";
  } else if (commander && !commander.active && commander.id !== currentCommanderId) {
    errors[field] = "Choose a commander whose account is active";
  }
  if (Object.keys(errors).length > 0) throw new ChangeRejected(errors);
  return { name: form.name, kind: form.kind, commanderId: commander?.id ?? null };
}

function rejectKnownFailures(error: unknown): never {
  if (isUniqueViolation(error)) throw new ChangeRejected({ name: "There is already a unit with that name in this force" });
  if (isForeignKeyViolation(error)) throw new ChangeRejected({ form: "Something the form refers to was removed meanwhile. Check the choices and save again." });
  throw error;
}

/** Adds a unit under an id chosen beforehand (so that the audit row can name it). */
export async function createUnit(tx: DbTx, id: string, forceId: string, data: UnitData): Promise<string> {
  try {
    return (await tx.unit.create({ data: { ...data, id, forceId }, select: { id: true } })).id;
  } catch (error) {
    return rejectKnownFailures(error);
  }
}

export const STALE_UNIT_MESSAGE =
  "Someone else changed this unit while you were editing. The page now shows the latest version: check your changes and save again.";

/** Updates a unit if nobody changed it since `version` was read; otherwise throws ChangeRejected. */
export async function updateUnit(tx: DbTx, unitId: string, version: number, data: UnitData): Promise<void> {
  try {
    const updated = await tx.unit.updateMany({ where: { id: unitId, version }, data: { ...data, version: { increment: 1 } } });
    if (updated.count === 0) throw new ChangeRejected({ form: STALE_UNIT_MESSAGE });
  } catch (error) {
    rejectKnownFailures(error);
  }
}
