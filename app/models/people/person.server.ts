// People and their roles: listing, reading and changing them. Functions take the transaction the guard opened and the
// access scope it computed, so that every read of people stays inside the caller's scope and is audited with the read.
// The rules that need no database are in person-rules.ts, the forms in person-form.ts, locked sign-ins in
// sign-in-problems.server.ts.
import type { AppAbility } from "#policies/ability";
import { accessScope, can, changeWithAudit, listAccessible } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import { invalidateAllSessionsOf } from "~/auth/session.server";
import type { DbTx } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { Rank, Role } from "~/generated/prisma/enums";
import { RANK_LABELS } from "~/models/people/rank";
import { ROLE_LABELS } from "~/models/people/roles";
import { isForeignKeyViolation, isLineManagementCycle, isUniqueViolation } from "~/utils/database-errors.server";
import { ChangeRejected, type FieldErrors } from "~/utils/forms";
import { fullName } from "~/utils/names";
import { PEOPLE_PAGE_SIZE, PERSON_CHOICE_LIMIT } from "./person-rules";
import { afterOrganisationChange } from "~/models/cases/lapsed-access.server";
import { deriveEmployment, lineManagerProblem, personSearchWhere } from "./person-rules";
import type { PersonForm } from "./person-form";

type PersonScope = Prisma.PersonWhereInput;

// ─── Reading ───────────────────────────────────────────────────────────────────

export interface PersonListRow {
  id: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  workEmail: string;
  rank: Rank | null;
  active: boolean;
  gradeTitle: string | null;
  unitName: string | null;
  roles: Role[];
}

/**
 * One page of people in the caller's scope, in at most three queries: the page itself (only the columns shown),
 * the total (skipped when the first page is not full) and one joined look-up of units, grades and roles for the
 * rows on the page. (Prisma would fetch each relation in a query of its own.)
 */
export async function listPeoplePage(tx: DbTx, scope: PersonScope, options: { q: string; page: number }): Promise<{ rows: PersonListRow[]; total: number }> {
  const where: PersonScope = { AND: [scope, personSearchWhere(options.q)] };
  const skip = (options.page - 1) * PEOPLE_PAGE_SIZE;
  const people = await tx.person.findMany({
    where,
    select: { id: true, firstName: true, lastName: true, preferredName: true, workEmail: true, rank: true, active: true },
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { id: "asc" }],
    take: PEOPLE_PAGE_SIZE,
    skip,
  });
  const total = skip === 0 && people.length < PEOPLE_PAGE_SIZE ? people.length : await tx.person.count({ where });
  if (people.length === 0) return { rows: [], total };
  const extras = await tx.$queryRaw<{ id: string; unitName: string | null; gradeTitle: string | null; roles: string | null }[]>`
    SELECT p."id"::text AS "id", u."name" AS "unitName", g."title" AS "gradeTitle",
           string_agg(r."role"::text, ',' ORDER BY r."role") AS "roles"
    FROM "person" p
    LEFT JOIN "unit" u ON u."id" = p."unitId"
    LEFT JOIN "staff_grade" g ON g."code" = p."staffGradeCode"
    LEFT JOIN "role_assignment" r ON r."personId" = p."id"
    WHERE p."id" = ANY(${people.map((person) => person.id)}::uuid[])
    GROUP BY p."id", u."name", g."title"`;
  const byId = new Map(extras.map((extra) => [extra.id, extra]));
  return {
    total,
    // Each field named, not `...person`: spreading the client's rows took 0.18 ms a page of 50, naming them 0.01 ms
    // (docs/benchmarks.md, 2026-12-07), and both people lists (and the benchmark's baseline) build this on every view.
    rows: people.map((person) => {
      const extra = byId.get(person.id);
      return {
        id: person.id,
        firstName: person.firstName,
        lastName: person.lastName,
        preferredName: person.preferredName,
        workEmail: person.workEmail,
        rank: person.rank,
        active: person.active,
        unitName: extra?.unitName ?? null,
        gradeTitle: extra?.gradeTitle ?? null,
        roles: extra?.roles ? (extra.roles.split(",") as Role[]) : [],
      };
    }),
  };
}

/** A row of the people list as the page shows it. */
export function toPeopleTableRow(person: PersonListRow) {
  return {
    id: person.id,
    name: fullName(person),
    email: person.workEmail,
    rankOrGrade: person.rank ? RANK_LABELS[person.rank] : (person.gradeTitle ?? "Police staff"),
    unit: person.unitName ?? "",
    roles: person.roles.map((role) => ROLE_LABELS[role]).join(", "),
    active: person.active,
  };
}

/** Everything the edit page shows about one person (never the password hash). */
export const personRecordSelect = {
  id: true,
  forceId: true,
  unitId: true,
  lineManagerId: true,
  firstName: true,
  lastName: true,
  preferredName: true,
  pronouns: true,
  workEmail: true,
  employeeType: true,
  rank: true,
  staffGradeCode: true,
  level: true,
  collarNumber: true,
  active: true,
  version: true,
  roles: { select: { role: true } },
  lineManager: { select: { id: true, forceId: true, firstName: true, lastName: true, preferredName: true, workEmail: true, active: true } },
  credential: { select: { lockedUntil: true, failedAttempts: true } },
  secondFactor: { select: { enrolledAt: true } },
} as const satisfies Prisma.PersonSelect;

export type PersonRecord = Prisma.PersonGetPayload<{ select: typeof personRecordSelect }>;

export function findPersonRecord(tx: DbTx, where: PersonScope): Promise<PersonRecord | null> {
  return tx.person.findFirst({ where, select: personRecordSelect });
}

export async function personExists(tx: DbTx, id: string): Promise<boolean> {
  return (await tx.person.count({ where: { id } })) > 0;
}

export interface PersonChoice {
  id: string;
  forceId: string;
  label: string;
}

/**
 * People who can be chosen as a line manager or commander, in the caller's scope: active people, ordered by name.
 * Returns at most PERSON_CHOICE_LIMIT + 1 rows: one more than the limit means "too many for a list".
 */
export async function personChoices(tx: DbTx, scope: PersonScope, forceId?: string): Promise<PersonChoice[]> {
  const people = await tx.person.findMany({
    where: { AND: [scope, { active: true }, forceId ? { forceId } : {}] },
    select: { id: true, forceId: true, firstName: true, lastName: true, preferredName: true, workEmail: true },
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { id: "asc" }],
    take: PERSON_CHOICE_LIMIT + 1,
  });
  return people.map((person) => ({ id: person.id, forceId: person.forceId, label: `${fullName(person)}, ${person.workEmail}` }));
}

/** Reference data for the person form: forces, staff grades and the units the caller may list. */
export async function personFormReferenceData(tx: DbTx, unitScope: Prisma.UnitWhereInput) {
  // One after another: inside a transaction the queries share one connection anyway.
  const forces = await tx.force.findMany({ select: { id: true, name: true, isHome: true }, orderBy: [{ isHome: "desc" }, { name: "asc" }] });
  const staffGrades = await tx.staffGrade.findMany({ select: { code: true, title: true, equivalentRank: true }, orderBy: { code: "asc" } });
  const units = await tx.unit.findMany({ where: unitScope, select: { id: true, name: true, forceId: true }, orderBy: [{ name: "asc" }] });
  return { forces, staffGrades, units };
}

/** `managerId` and everyone above them in line management, nearest first (stops at a loop already in the data). */
export async function managementChain(tx: DbTx, managerId: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    WITH RECURSIVE chain("id", "lineManagerId", "depth", "path") AS (
      SELECT "id", "lineManagerId", 1, ARRAY["id"] FROM "person" WHERE "id" = ${managerId}::uuid
      UNION ALL
      SELECT p."id", p."lineManagerId", c."depth" + 1, c."path" || p."id"
      FROM "person" p JOIN chain c ON p."id" = c."lineManagerId"
      WHERE NOT p."id" = ANY(c."path") AND c."depth" < 1000
    )
    SELECT "id"::text AS "id" FROM chain ORDER BY "depth"`;
  return rows.map((row) => row.id);
}

/** Everything the person form offers to choose from; the people to choose are read through the guard (audited). */
export async function loadPersonFormOptions(context: RequestContext, excludePersonId?: string) {
  let reference: Awaited<ReturnType<typeof personFormReferenceData>> | undefined;
  const choices = await listAccessible(
    context,
    "Person",
    async (tx, scope) => {
      reference = await personFormReferenceData(tx, accessScope(context.ability, "list", "Unit"));
      return personChoices(tx, excludePersonId ? { AND: [scope, { id: { not: excludePersonId } }] } : scope);
    },
    { purpose: "line manager choices" },
  );
  if (!reference) throw new Error("reference data not loaded");
  return { ...reference, managers: choices.length > PERSON_CHOICE_LIMIT ? null : choices };
}

/** People to choose from (e.g. a unit's commander), read through the guard; null when too many for a list. */
export async function loadPersonChoices(context: RequestContext, forceId?: string): Promise<PersonChoice[] | null> {
  const choices = await listAccessible(context, "Person", (tx, scope) => personChoices(tx, scope, forceId), { purpose: "person choices" });
  return choices.length > PERSON_CHOICE_LIMIT ? null : choices;
}

/**
 * The role changes the caller may not make on this person (e.g. an administrator's own roles). Granting is checked
 * as `create` and removing as `update` on the RoleAssignment, record by record.
 */
export function refusedRoleChanges(ability: AppAbility, personId: string, changes: { add: readonly Role[]; remove: readonly Role[] }) {
  return [
    ...changes.add.filter((role) => !can(ability, "create", "RoleAssignment", { personId, role })).map((role) => ({ action: "create" as const, role })),
    ...changes.remove.filter((role) => !can(ability, "update", "RoleAssignment", { personId, role })).map((role) => ({ action: "update" as const, role })),
  ];
}

/** Refuses (audited through the guard, then 403) a role change the caller may not make. */
export async function refuseRoleChange(context: RequestContext, personId: string, refused: { action: "create" | "update"; role: Role }): Promise<never> {
  await changeWithAudit(
    context,
    { action: refused.action, model: "RoleAssignment", record: { personId, role: refused.role }, subjectId: personId },
    async () => undefined,
    { action: "role.change", details: { role: refused.role } },
  );
  // changeWithAudit refuses with 403 when the ability does not allow the change; reaching here means it was allowed.
  throw new Error("a refused role change was allowed");
}

// ─── Checking and writing ──────────────────────────────────────────────────────

export type PersonData = Omit<
  Prisma.PersonUncheckedCreateInput,
  "id" | "version" | "createdAt" | "updatedAt" | "roles" | "credential" | "secondFactor" | "sessions" | "reports" | "commands"
>;

/**
 * Checks a submitted person form against the database (force, unit, grade, line manager, unique email) inside the
 * transaction that writes it, and turns it into the row to store. Throws ChangeRejected with a message per field.
 */
export async function checkPersonForm(tx: DbTx, form: PersonForm, personId: string | null, currentLineManagerId: string | null = null): Promise<PersonData> {
  const errors: FieldErrors = {};
  // One after another: inside a transaction the queries share one connection anyway.
  const force = await tx.force.findUnique({ where: { id: form.forceId }, select: { id: true } });
  const grade = form.staffGradeCode
    ? await tx.staffGrade.findUnique({ where: { code: form.staffGradeCode }, select: { code: true, equivalentRank: true } })
    : null;
  const unit = form.unitId ? await tx.unit.findUnique({ where: { id: form.unitId }, select: { forceId: true } }) : null;
  const clash = await tx.person.findFirst({ where: { workEmail: form.workEmail, ...(personId ? { id: { not: personId } } : {}) }, select: { id: true } });
  if (!force) errors.forceId = "Choose a force from the list";
  if (form.employeeType === "STAFF" && !grade) errors.staffGradeCode = "Choose a staff grade from the list";
  if (form.unitId && (!unit || unit.forceId !== form.forceId)) {
    errors.unitId = unit ? "Choose a unit of the person's force" : "Choose a unit from the list";
  }
  if (clash) errors.workEmail = "That email address is already used";

  let lineManagerId: string | null = null;
  if (form.lineManagerId || form.lineManagerEmail) {
    const manager = await tx.person.findFirst({
      where: form.lineManagerId ? { id: form.lineManagerId } : { workEmail: form.lineManagerEmail ?? "" },
      select: { id: true, forceId: true, active: true },
    });
    const field = form.lineManagerId ? "lineManagerId" : "lineManagerEmail";
    if (!manager) errors[field] = form.lineManagerId ? "Choose a line manager from the list" : "There is nobody with that work email address";
    else if (manager.forceId !== form.forceId) errors[field] = "Choose a line manager from the person's own force";
    // Keeping a line manager who has since been deactivated is allowed; choosing one is not.
    else if (!manager.active && manager.id !== currentLineManagerId) errors[field] = "Choose a line manager whose account is active";
    else {
      const problem = lineManagerProblem(personId, manager.id, personId ? await managementChain(tx, manager.id) : []);
      if (problem === "self") errors[field] = "A person cannot be their own line manager";
      else if (problem === "cycle") errors[field] = "That person reports to this person (directly or further down): choose someone else";
      else lineManagerId = manager.id;
    }
  }
  if (Object.keys(errors).length > 0) throw new ChangeRejected(errors);

  const employment = deriveEmployment({ employeeType: form.employeeType, rank: form.rank, staffGrade: grade });
  return {
    forceId: form.forceId,
    unitId: form.unitId,
    lineManagerId,
    firstName: form.firstName,
    lastName: form.lastName,
    preferredName: form.preferredName,
    pronouns: form.pronouns,
    workEmail: form.workEmail,
    collarNumber: form.collarNumber,
    active: form.active,
    ...employment,
  };
}

/** Names of the fields a submitted form changes (for the audit trail: names only, never values). */
export function changedPersonFields(
  current: Omit<PersonRecord, "roles" | "credential" | "secondFactor" | "level" | "version" | "id"> & { lineManager: { workEmail: string } | null },
  form: PersonForm,
): string[] {
  const compared: [string, unknown, unknown][] = [
    ["firstName", current.firstName, form.firstName],
    ["lastName", current.lastName, form.lastName],
    ["preferredName", current.preferredName, form.preferredName],
    ["pronouns", current.pronouns, form.pronouns],
    ["workEmail", current.workEmail, form.workEmail],
    ["employeeType", current.employeeType, form.employeeType],
    ["rank", current.rank, form.rank],
    ["staffGradeCode", current.staffGradeCode, form.staffGradeCode],
    ["collarNumber", current.collarNumber, form.collarNumber],
    ["forceId", current.forceId, form.forceId],
    ["unitId", current.unitId, form.unitId],
    ["lineManagerId", form.lineManagerEmail ? current.lineManager?.workEmail : current.lineManagerId, form.lineManagerEmail ?? form.lineManagerId],
    ["active", current.active, form.active],
  ];
  return compared.filter(([, before, after]) => (before ?? null) !== (after ?? null)).map(([field]) => field);
}

/** Adds a person under an id chosen beforehand (so that role checks can name the record), with their roles. */
export async function createPerson(tx: DbTx, id: string, data: PersonData, roles: readonly Role[], grantedById: string): Promise<string> {
  try {
    const person = await tx.person.create({ data: { ...data, id }, select: { id: true } });
    if (roles.length > 0) {
      await tx.roleAssignment.createMany({ data: roles.map((role) => ({ personId: person.id, role, grantedById })) });
    }
    return person.id;
  } catch (error) {
    if (isUniqueViolation(error)) throw new ChangeRejected({ workEmail: "That email address is already used" });
    if (isForeignKeyViolation(error))
      throw new ChangeRejected({ form: "Something the form refers to was removed meanwhile. Check the choices and save again." });
    throw error;
  }
}

export const STALE_PERSON_MESSAGE =
  "Someone else changed this person's record while you were editing. The page now shows the latest version: check your changes and save again.";

/**
 * Updates a person if nobody changed them since `version` was read, and their roles by `changes`. Deactivating a
 * person ends all their sessions. Throws ChangeRejected (and so writes nothing) on a stale version or a clash.
 */
export async function updatePerson(
  tx: DbTx,
  personId: string,
  version: number,
  data: PersonData,
  changes: { add: readonly Role[]; remove: readonly Role[] },
  grantedById: string,
): Promise<{ sessionsEnded: number }> {
  try {
    const updated = await tx.person.updateMany({ where: { id: personId, version }, data: { ...data, version: { increment: 1 } } });
    if (updated.count === 0) throw new ChangeRejected({ form: STALE_PERSON_MESSAGE });
    if (changes.add.length > 0) {
      await tx.roleAssignment.createMany({ data: changes.add.map((role) => ({ personId, role, grantedById })), skipDuplicates: true });
    }
    if (changes.remove.length > 0) {
      await tx.roleAssignment.deleteMany({ where: { personId, role: { in: [...changes.remove] } } });
    }
    const sessionsEnded = data.active === false ? await invalidateAllSessionsOf(tx, personId) : 0;
    await afterOrganisationChange(tx, [personId], { actorId: grantedById });
    return { sessionsEnded };
  } catch (error) {
    if (isUniqueViolation(error)) throw new ChangeRejected({ workEmail: "That email address is already used" });
    if (isForeignKeyViolation(error))
      throw new ChangeRejected({ form: "Something the form refers to was removed meanwhile. Check the choices and save again." });
    if (isLineManagementCycle(error))
      throw new ChangeRejected({ lineManagerId: "That person reports to this person (directly or further down): choose someone else" });
    throw error;
  }
}

/** Counts for the administration home page, each within the caller's scope. */
export function countPeople(tx: DbTx, scope: PersonScope): Promise<number> {
  return tx.person.count({ where: scope });
}

/** The people who report directly to `managerId`, within the caller's scope (active people only). */
export function listDirectReports(tx: DbTx, scope: PersonScope, managerId: string) {
  return tx.person.findMany({
    where: { AND: [scope, { lineManagerId: managerId, active: true }] },
    select: {
      id: true,
      firstName: true,
      lastName: true,
      preferredName: true,
      pronouns: true,
      rank: true,
      staffGrade: { select: { title: true } },
      unit: { select: { name: true } },
    },
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { id: "asc" }],
    take: 500,
  });
}
