import { beforeAll, describe, expect, it } from "vitest";
import { defineAbilityFor } from "#policies/ability";
import type { Actor, RequestContext } from "~/access/request-context.server";
import type { Role } from "~/generated/prisma/enums";
import type { Db } from "~/db.server";
import { describeEachDatabase } from "../../../tests/support/database";
import { seedDemoOrganisation, type SeedSummary } from "../../../prisma/seed";
import {
  changedPersonFields,
  checkPersonForm,
  createPerson,
  findPersonRecord,
  listDirectReports,
  listPeoplePage,
  loadPersonFormOptions,
  managementChain,
  refusedRoleChanges,
  refuseRoleChange,
  STALE_PERSON_MESSAGE,
  updatePerson,
} from "./person.server";
import { countLockedAccounts, listSignInProblems, unlockCredential } from "./sign-in-problems.server";
import { deriveEmployment, lineManagerProblem, PEOPLE_PAGE_SIZE, personSearchWhere, roleChanges } from "./person-rules";
import { EditPersonFormSchema, PasswordFormSchema, PersonFormSchema, type PersonForm } from "./person-form";
import { ChangeRejected } from "~/utils/forms";
import { fullName } from "~/utils/names";

const FORCE = "6f1c2a4e-3b5d-4c7e-8f90-1a2b3c4d5e6f";

describe("deriveEmployment (the level used by the rules)", () => {
  it("gives an officer their rank's level and no grade", () => {
    expect(deriveEmployment({ employeeType: "OFFICER", rank: "INSPECTOR", staffGrade: { code: "PS-A", equivalentRank: "CONSTABLE" } })).toEqual({
      employeeType: "OFFICER",
      rank: "INSPECTOR",
      staffGradeCode: null,
      level: 3,
    });
    expect(deriveEmployment({ employeeType: "OFFICER", rank: "CHIEF_CONSTABLE", staffGrade: null }).level).toBe(9);
  });

  it("gives police staff the level of their grade's equivalent rank and no rank", () => {
    expect(deriveEmployment({ employeeType: "STAFF", rank: "SUPERINTENDENT", staffGrade: { code: "PS-F", equivalentRank: "CHIEF_INSPECTOR" } })).toEqual({
      employeeType: "STAFF",
      rank: null,
      staffGradeCode: "PS-F",
      level: 4,
    });
  });

  it("refuses an officer without a rank and staff without a grade", () => {
    expect(() => deriveEmployment({ employeeType: "OFFICER", rank: null, staffGrade: null })).toThrow();
    expect(() => deriveEmployment({ employeeType: "STAFF", rank: "CONSTABLE", staffGrade: null })).toThrow();
  });
});

describe("lineManagerProblem (no one manages themselves, no loops)", () => {
  // a ← b ← c: c reports to b, b reports to a. The chain above a manager starts with the manager.
  it("refuses a person as their own line manager", () => {
    expect(lineManagerProblem("a", "a", ["a"])).toBe("self");
  });

  it("refuses a manager who reports to the person, directly or further down", () => {
    expect(lineManagerProblem("a", "b", ["b", "a"])).toBe("cycle");
    expect(lineManagerProblem("a", "c", ["c", "b", "a"])).toBe("cycle");
  });

  it("accepts a manager above or beside the person, and no manager at all", () => {
    expect(lineManagerProblem("c", "a", ["a"])).toBeNull();
    expect(lineManagerProblem("b", "x", ["x", "y"])).toBeNull();
    expect(lineManagerProblem("a", null, [])).toBeNull();
    expect(lineManagerProblem(null, "a", ["a"])).toBeNull();
  });
});

describe("roleChanges", () => {
  it("lists the roles to grant and to remove, nothing for unchanged ones", () => {
    expect(roleChanges(["WELFARE", "DA_CHAMPION"], ["DA_CHAMPION", "PSD_OFFICER"])).toEqual({ add: ["PSD_OFFICER"], remove: ["WELFARE"] });
    expect(roleChanges(["WELFARE"], ["WELFARE"])).toEqual({ add: [], remove: [] });
  });
});

describe("refusedRoleChanges: an administrator cannot change their own roles", () => {
  const admin = { id: "00000000-0000-4000-8000-0000000000a1", forceId: FORCE, unitId: null, level: 2, roles: ["ADMINISTRATOR"] as Role[] };
  const ability = defineAbilityFor(admin);

  it("refuses granting or removing a role on their own record", () => {
    expect(refusedRoleChanges(ability, admin.id, { add: ["PSD_OFFICER"], remove: ["ADMINISTRATOR"] })).toEqual([
      { action: "create", role: "PSD_OFFICER" },
      { action: "update", role: "ADMINISTRATOR" },
    ]);
  });

  it("allows the same changes on someone else's record", () => {
    expect(refusedRoleChanges(ability, "00000000-0000-4000-8000-0000000000b2", { add: ["PSD_OFFICER"], remove: ["WELFARE"] })).toEqual([]);
  });

  it("refuses everything to someone who is not an administrator", () => {
    const constable = defineAbilityFor({ ...admin, id: "00000000-0000-4000-8000-0000000000c3", roles: [] });
    expect(refusedRoleChanges(constable, "00000000-0000-4000-8000-0000000000b2", { add: ["WELFARE"], remove: [] })).toHaveLength(1);
  });
});

describe("PersonFormSchema", () => {
  const base = { firstName: " Alex ", lastName: "Doe", workEmail: " Alex.Doe@Example.Police.UK ", forceId: FORCE, active: "on" };

  it("lower-cases the email, trims names and clears empty optional fields", () => {
    const result = PersonFormSchema.safeParse({ ...base, employeeType: "OFFICER", rank: "SERGEANT", preferredName: "", roles: ["WELFARE", "DA_CHAMPION"] });
    expect(result.success).toBe(true);
    expect(result.data).toMatchObject({
      firstName: "Alex",
      workEmail: "alex.doe@example.police.uk",
      preferredName: null,
      rank: "SERGEANT",
      staffGradeCode: null,
      active: true,
      roles: ["WELFARE", "DA_CHAMPION"],
    });
  });

  it("needs a rank for an officer and a grade for staff, and keeps only the one that applies", () => {
    const officer = PersonFormSchema.safeParse({ ...base, employeeType: "OFFICER", staffGradeCode: "PS-A" });
    expect(officer.error?.issues.map((issue) => issue.path[0])).toEqual(["rank"]);
    const staff = PersonFormSchema.safeParse({ ...base, employeeType: "STAFF" });
    expect(staff.error?.issues.map((issue) => issue.path[0])).toEqual(["staffGradeCode"]);
    const both = PersonFormSchema.safeParse({ ...base, employeeType: "STAFF", staffGradeCode: "PS-A", rank: "SERGEANT", collarNumber: "12" });
    expect(both.data).toMatchObject({ rank: null, staffGradeCode: "PS-A", collarNumber: null });
  });

  it("turns malformed ids, unknown ranks and unknown roles into field errors, not exceptions", () => {
    const result = PersonFormSchema.safeParse({
      ...base,
      employeeType: "OFFICER",
      rank: "FIELD_MARSHAL",
      forceId: "1; DROP TABLE person",
      unitId: "not-a-uuid",
      lineManagerId: "x",
      roles: ["WELFARE", "KING"],
    });
    expect(new Set(result.error?.issues.map((issue) => issue.path[0]))).toEqual(new Set(["rank", "forceId", "unitId", "lineManagerId", "roles"]));
  });

  it("has an edit variant that also needs the version shown", () => {
    expect(EditPersonFormSchema.safeParse({ ...base, employeeType: "OFFICER", rank: "SERGEANT" }).success).toBe(false);
    expect(EditPersonFormSchema.safeParse({ ...base, employeeType: "OFFICER", rank: "SERGEANT", version: "3" }).data?.version).toBe(3);
  });

  it("needs a password of 12 characters or more, typed twice", () => {
    expect(PasswordFormSchema.safeParse({ password: "short", confirmPassword: "short" }).success).toBe(false);
    expect(PasswordFormSchema.safeParse({ password: "long enough password", confirmPassword: "different" }).success).toBe(false);
    expect(PasswordFormSchema.safeParse({ password: "long enough password", confirmPassword: "long enough password" }).success).toBe(true);
  });
});

describe("names and search", () => {
  it("shows the preferred name as chosen", () => {
    expect(fullName({ firstName: "Rosalind", lastName: "Kettleby", preferredName: "Roz" })).toBe("Rosalind Kettleby (“Roz”)");
    expect(fullName({ firstName: "Ivo", lastName: "Brennand", preferredName: null })).toBe("Ivo Brennand");
  });

  it("needs every search word to match some name or the email", () => {
    expect(personSearchWhere("  ")).toEqual({});
    expect((personSearchWhere("roz kettleby") as { AND: unknown[] }).AND).toHaveLength(2);
  });
});

function formFor(
  person: {
    firstName: string;
    lastName: string;
    preferredName: string | null;
    pronouns: string | null;
    workEmail: string;
    employeeType: "OFFICER" | "STAFF";
    rank: PersonForm["rank"];
    staffGradeCode: string | null;
    collarNumber: string | null;
    forceId: string;
    unitId: string | null;
    lineManagerId: string | null;
    active: boolean;
  },
  roles: Role[] = [],
): PersonForm {
  return { ...person, lineManagerEmail: null, roles, rolesEditable: true };
}

describeEachDatabase("people in the database", (use) => {
  let seed: SeedSummary;
  let prisma: Db;
  const person = (key: string) => {
    const id = seed.ids.people[key];
    if (!id) throw new Error(`no seed person ${key}`);
    return id;
  };
  const record = async (key: string) => {
    const found = await findPersonRecord(prisma, { id: person(key) });
    if (!found) throw new Error(`no record for ${key}`);
    return found;
  };
  const contextFor = (key: string, roles: Role[]): RequestContext => {
    const actor = { id: person(key), forceId: seed.ids.forces.northshire!, unitId: null, level: 2, roles } as unknown as Actor;
    return { actor, ability: defineAbilityFor(actor), sessionId: "test", client: { ipAddress: "127.0.0.1", userAgent: "vitest" }, prisma };
  };

  beforeAll(async () => {
    prisma = use().prisma;
    // Any string will do as the hash: nobody signs in here.
    seed = await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
  });

  it("lists a page in name order with unit, grade and roles, within the scope", async () => {
    const { rows, total } = await listPeoplePage(prisma, {}, { q: "", page: 1 });
    expect(total).toBe(seed.people);
    expect(rows.length).toBe(Math.min(PEOPLE_PAGE_SIZE, seed.people));
    const names = rows.map((row) => `${row.lastName} ${row.firstName}`);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" })));
    const admin = rows.find((row) => row.id === person("admin"));
    expect(admin).toMatchObject({ roles: ["ADMINISTRATOR"], unitName: "Digital and Data Services", gradeTitle: expect.stringContaining("Staff grade D") });

    const scoped = await listPeoplePage(prisma, { lineManagerId: person("ashSergeant") }, { q: "", page: 1 });
    expect(scoped.rows.every((row) => row.id !== person("ashSergeant"))).toBe(true);
    expect(scoped.total).toBe(4);
  });

  it("finds people by preferred name, last name or email, case-insensitively", async () => {
    for (const q of ["roz", "KETTLEBY", "rosalind.kettleby@", "Roz Kettleby"]) {
      const { rows } = await listPeoplePage(prisma, {}, { q, page: 1 });
      expect(rows.map((row) => row.firstName)).toEqual(["Rosalind"]);
    }
    expect((await listPeoplePage(prisma, {}, { q: "nobody-like-this", page: 1 })).total).toBe(0);
    expect((await listPeoplePage(prisma, {}, { q: "", page: 99 })).rows).toEqual([]);
  });

  it("lists a line manager's direct reports only", async () => {
    const reports = await listDirectReports(prisma, {}, person("ashSergeant"));
    expect(reports).toHaveLength(4);
    expect(reports.map((report) => report.id)).toContain(person("pcPenhallow"));
  });

  it("walks the management chain upwards", async () => {
    const chain = await managementChain(prisma, person("pcPenhallow"));
    expect(chain.slice(0, 3)).toEqual([person("pcPenhallow"), person("ashSergeant"), person("ashDutyInspector")]);
  });

  it("refuses a line manager who would close a loop, or the person themselves", async () => {
    const sergeant = await record("ashSergeant");
    const form = formFor(sergeant);
    await expect(checkPersonForm(prisma, { ...form, lineManagerId: person("pcPenhallow") }, sergeant.id)).rejects.toMatchObject({
      errors: { lineManagerId: expect.stringContaining("reports to this person") },
    });
    const inspector = await record("ashDutyInspector");
    await expect(checkPersonForm(prisma, { ...formFor(inspector), lineManagerId: person("pcPenhallow") }, inspector.id)).rejects.toBeInstanceOf(ChangeRejected);
    await expect(checkPersonForm(prisma, { ...form, lineManagerId: sergeant.id }, sergeant.id)).rejects.toMatchObject({
      errors: { lineManagerId: "A person cannot be their own line manager" },
    });
    await expect(checkPersonForm(prisma, { ...form, lineManagerId: null, lineManagerEmail: sergeant.workEmail }, sergeant.id)).rejects.toMatchObject({
      errors: { lineManagerEmail: "A person cannot be their own line manager" },
    });
    // Someone above is fine, and is found by email too.
    const superintendent = await record("ashSupt");
    const data = await checkPersonForm(prisma, { ...form, lineManagerId: null, lineManagerEmail: superintendent.workEmail }, sergeant.id);
    expect(data.lineManagerId).toBe(superintendent.id);
  });

  it("refuses a used email, a unit or a line manager of another force, and an unknown grade", async () => {
    const constable = await record("pcPenhallow");
    const sergeant = await record("ashSergeant");
    const form = formFor(constable);
    await expect(checkPersonForm(prisma, { ...form, workEmail: sergeant.workEmail }, constable.id)).rejects.toMatchObject({
      errors: { workEmail: "That email address is already used" },
    });
    await expect(
      checkPersonForm(prisma, { ...form, unitId: seed.ids.units.wvCentral!, lineManagerId: person("wvCommander") }, constable.id),
    ).rejects.toMatchObject({ errors: { unitId: expect.any(String), lineManagerId: expect.stringContaining("own force") } });
    await expect(checkPersonForm(prisma, { ...form, employeeType: "STAFF", rank: null, staffGradeCode: "PS-Z" }, constable.id)).rejects.toMatchObject({
      errors: { staffGradeCode: expect.any(String) },
    });
    // The same form for the person themselves (their own email) passes, with the level derived from the rank.
    const data = await checkPersonForm(prisma, form, constable.id);
    expect(data).toMatchObject({ workEmail: constable.workEmail, level: 1, rank: "CONSTABLE", staffGradeCode: null });
  });

  it("derives a staff member's level from their grade", async () => {
    const constable = await record("pcPenhallow");
    const data = await checkPersonForm(prisma, { ...formFor(constable), employeeType: "STAFF", rank: null, staffGradeCode: "PS-F" }, constable.id);
    expect(data).toMatchObject({ rank: null, staffGradeCode: "PS-F", level: 4, collarNumber: constable.collarNumber });
  });

  it("adds a person with roles, without a credential", async () => {
    const id = "0f5e1d2c-3b4a-4958-8776-655443322110";
    const form = formFor(
      {
        firstName: "Sam",
        lastName: "Newcombe",
        preferredName: null,
        pronouns: "they/them",
        workEmail: "sam.newcombe@northshire.police.invalid",
        employeeType: "OFFICER",
        rank: "SERGEANT",
        staffGradeCode: null,
        collarNumber: null,
        forceId: seed.ids.forces.northshire!,
        unitId: seed.ids.units.ashbridge!,
        lineManagerId: person("ashDutyInspector"),
        active: true,
      },
      ["DA_CHAMPION"],
    );
    await prisma.$transaction(async (tx) => createPerson(tx, id, await checkPersonForm(tx, form, null), form.roles, person("admin")));
    const created = await findPersonRecord(prisma, { id });
    expect(created).toMatchObject({ level: 2, credential: null, roles: [{ role: "DA_CHAMPION" }], version: 1 });
    // A second person with the same email is refused with a field error and nothing is written.
    await expect(
      prisma.$transaction(async (tx) => createPerson(tx, "1f5e1d2c-3b4a-4958-8776-655443322110", await checkPersonForm(tx, form, null), [], person("admin"))),
    ).rejects.toMatchObject({ errors: { workEmail: "That email address is already used" } });
  });

  it("updates a person and their roles only from the version shown, and writes nothing otherwise", async () => {
    const before = await record("pcMistryOake");
    const form = { ...formFor(before), pronouns: "they/them (changed)" };
    const data = await checkPersonForm(prisma, form, before.id);
    expect(changedPersonFields(before, form)).toEqual(["pronouns"]);
    await prisma.$transaction((tx) => updatePerson(tx, before.id, before.version, data, { add: ["WELFARE"], remove: [] }, person("admin")));
    const after = await record("pcMistryOake");
    expect(after).toMatchObject({ pronouns: "they/them (changed)", version: before.version + 1, roles: [{ role: "WELFARE" }] });

    // A second save from the same (now stale) page is refused, roles included.
    await expect(
      prisma.$transaction((tx) =>
        updatePerson(tx, before.id, before.version, { ...data, pronouns: "stale" }, { add: ["PSD_OFFICER"], remove: ["WELFARE"] }, person("admin")),
      ),
    ).rejects.toMatchObject({ errors: { form: STALE_PERSON_MESSAGE } });
    expect(await record("pcMistryOake")).toMatchObject({ pronouns: "they/them (changed)", roles: [{ role: "WELFARE" }] });

    // A clash on the email discovered only by the database rolls back the role change made before it.
    const clash = await record("pcDuxbury");
    await expect(
      prisma.$transaction((tx) =>
        updatePerson(tx, after.id, after.version, { ...data, workEmail: clash.workEmail }, { add: [], remove: ["WELFARE"] }, person("admin")),
      ),
    ).rejects.toMatchObject({ errors: { workEmail: "That email address is already used" } });
    expect(await record("pcMistryOake")).toMatchObject({ version: after.version, roles: [{ role: "WELFARE" }] });
  });

  it("ends every session of a person who is deactivated", async () => {
    const target = await record("kelStaff");
    const now = Date.now();
    await prisma.session.create({
      data: {
        id: "s-kelstaff",
        secretHash: Buffer.alloc(32),
        personId: target.id,
        idleExpiresAt: new Date(now + 60_000),
        absoluteExpiresAt: new Date(now + 60_000),
      },
    });
    const data = await checkPersonForm(prisma, { ...formFor(target), active: false }, target.id);
    const result = await prisma.$transaction((tx) => updatePerson(tx, target.id, target.version, data, { add: [], remove: [] }, person("admin")));
    expect(result.sessionsEnded).toBe(1);
    expect(await prisma.session.count({ where: { personId: target.id } })).toBe(0);
    expect((await record("kelStaff")).active).toBe(false);
  });

  // Administrators no longer set passwords: the person's own set-up link does, once (account-setup.server.test.ts).
  it("unlocks a locked account", async () => {
    const target = await record("wvConstable");
    expect(target.credential).toBeNull();
    await prisma.credential.create({ data: { personId: target.id, passwordHash: "$argon2id$first" } });

    const now = new Date();
    await prisma.credential.update({ where: { personId: target.id }, data: { lockedUntil: new Date(now.getTime() + 600_000), lastFailedAt: now } });
    expect(await countLockedAccounts(prisma, {}, now)).toBe(1);
    expect((await listSignInProblems(prisma, {}, now, new Date(now.getTime() - 3_600_000))).map((row) => row.personId)).toEqual([target.id]);
    await prisma.$transaction((tx) => unlockCredential(tx, {}, target.id, now));
    expect(await countLockedAccounts(prisma, {}, now)).toBe(0);
    await expect(prisma.$transaction((tx) => unlockCredential(tx, {}, target.id, now))).rejects.toBeInstanceOf(ChangeRejected);
  });

  it("reads the form's choices through the guard, and audits a refused role change", async () => {
    const context = contextFor("admin", ["ADMINISTRATOR"]);
    const auditedBefore = await prisma.auditEvent.count();
    const options = await loadPersonFormOptions(context, person("admin"));
    expect(options.managers?.some((choice) => choice.id === person("admin"))).toBe(false);
    expect(options.forces[0]?.isHome).toBe(true);
    expect(options.staffGrades.length).toBeGreaterThan(0);
    expect(await prisma.auditEvent.count()).toBe(auditedBefore + 1);

    await expect(refuseRoleChange(context, person("admin"), { action: "create", role: "PSD_OFFICER" })).rejects.toMatchObject({ status: 403 });
    const last = await prisma.auditEvent.findFirst({ orderBy: { id: "desc" } });
    expect(last).toMatchObject({
      action: "role.change",
      outcome: "REFUSED",
      subjectType: "RoleAssignment",
      subjectId: person("admin"),
      actorId: person("admin"),
    });
  });
});
