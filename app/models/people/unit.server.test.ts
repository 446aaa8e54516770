import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/db.server";
import { describeEachDatabase } from "../../../tests/support/database";
import { seedDemoOrganisation, type SeedSummary } from "../../../prisma/seed";
import { ChangeRejected } from "~/utils/forms";
import { contextForPerson } from "../../../tests/support/people";
import { statusOf } from "../../../tests/support/responses";
import { adminOverview } from "./admin-overview.server";
import { addUnit } from "./unit-changes.server";
import {
  checkUnitForm,
  createUnit,
  EditUnitFormSchema,
  findUnitRecord,
  listUnits,
  NewUnitFormSchema,
  newUnitFormOptions,
  STALE_UNIT_MESSAGE,
  updateUnit,
} from "./unit.server";

describe("unit forms", () => {
  it("needs a name, a kind and (when adding) a well-formed force id", () => {
    const result = NewUnitFormSchema.safeParse({ name: "  ", kind: "SQUAD", forceId: "../etc" });
    expect(new Set(result.error?.issues.map((issue) => issue.path[0]))).toEqual(new Set(["name", "kind", "forceId"]));
    expect(
      NewUnitFormSchema.safeParse({ name: " Roads Policing ", kind: "OCU", forceId: "6f1c2a4e-3b5d-4c7e-8f90-1a2b3c4d5e6f", commanderId: "" }).data,
    ).toMatchObject({
      name: "Roads Policing",
      commanderId: null,
    });
  });

  it("refuses a malformed commander id and needs the version when changing", () => {
    expect(EditUnitFormSchema.safeParse({ name: "A", kind: "BCU", commanderId: "1 OR 1=1", version: "1" }).error?.issues[0]?.path).toEqual(["commanderId"]);
    expect(EditUnitFormSchema.safeParse({ name: "A", kind: "BCU" }).error?.issues[0]?.path).toEqual(["version"]);
  });
});

describeEachDatabase("units in the database", (use) => {
  let seed: SeedSummary;
  let prisma: Db;
  const id = (kind: "units" | "people" | "forces", key: string) => {
    const value = seed.ids[kind][key];
    if (!value) throw new Error(`no seed ${kind} ${key}`);
    return value;
  };

  beforeAll(async () => {
    prisma = use().prisma;
    seed = await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
  });

  it("lists units with their force and commander, home force first", async () => {
    const units = await listUnits(prisma, {});
    expect(units).toHaveLength(seed.units);
    expect(units[0]?.force.name).toContain("Northshire");
    expect(units.find((unit) => unit.name === "Ashbridge BCU")?.commander?.lastName).toBe("Pellingham");
  });

  it("keeps unit names unique within a force, whatever the capitals, but not across forces", async () => {
    const northshire = id("forces", "northshire");
    const westvale = id("forces", "westvale");
    await expect(
      checkUnitForm(prisma, { name: "ashbridge bcu", kind: "BCU", commanderId: null, commanderEmail: null }, northshire, null),
    ).rejects.toMatchObject({
      errors: { name: expect.stringContaining("already a unit") },
    });
    expect(await checkUnitForm(prisma, { name: "Ashbridge BCU", kind: "BCU", commanderId: null, commanderEmail: null }, westvale, null)).toMatchObject({
      name: "Ashbridge BCU",
    });
    // A unit keeps its own name when it is saved again.
    expect(
      await checkUnitForm(prisma, { name: "Ashbridge BCU", kind: "BCU", commanderId: null, commanderEmail: null }, northshire, id("units", "ashbridge")),
    ).toBeTruthy();
  });

  it("needs a commander from the unit's own force, found by id or by email", async () => {
    const northshire = id("forces", "northshire");
    await expect(
      checkUnitForm(prisma, { name: "Roads Policing", kind: "OCU", commanderId: id("people", "wvCommander"), commanderEmail: null }, northshire, null),
    ).rejects.toMatchObject({ errors: { commanderId: expect.stringContaining("own force") } });
    await expect(
      checkUnitForm(prisma, { name: "Roads Policing", kind: "OCU", commanderId: null, commanderEmail: "nobody@northshire.police.invalid" }, northshire, null),
    ).rejects.toMatchObject({ errors: { commanderEmail: expect.any(String) } });
    await expect(
      checkUnitForm(prisma, { name: "Roads Policing", kind: "OCU", commanderId: null, commanderEmail: null }, "6f1c2a4e-3b5d-4c7e-8f90-1a2b3c4d5e6f", null),
    ).rejects.toMatchObject({ errors: { forceId: expect.any(String) } });
    const data = await checkUnitForm(
      prisma,
      { name: "Roads Policing", kind: "OCU", commanderId: null, commanderEmail: "gareth.linthwaite@northshire.police.invalid" },
      northshire,
      null,
    );
    expect(data.commanderId).toBe(id("people", "opsCommander"));
  });

  it("adds a unit, and changes it only from the version shown", async () => {
    const northshire = id("forces", "northshire");
    const unitId = "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d";
    await prisma.$transaction(async (tx) =>
      createUnit(
        tx,
        unitId,
        northshire,
        await checkUnitForm(tx, { name: "Roads Policing", kind: "OCU", commanderId: null, commanderEmail: null }, northshire, null),
      ),
    );
    const created = await findUnitRecord(prisma, { id: unitId });
    expect(created).toMatchObject({ name: "Roads Policing", version: 1, commanderId: null });

    await prisma.$transaction((tx) => updateUnit(tx, unitId, 1, { name: "Roads and Armed Policing", kind: "OCU", commanderId: id("people", "opsCommander") }));
    await expect(prisma.$transaction((tx) => updateUnit(tx, unitId, 1, { name: "Stale", kind: "BCU", commanderId: null }))).rejects.toMatchObject({
      errors: { form: STALE_UNIT_MESSAGE },
    });
    expect(await findUnitRecord(prisma, { id: unitId })).toMatchObject({ name: "Roads and Armed Policing", version: 2 });

    // The database's own uniqueness is reported as a field error too (e.g. a race between two administrators).
    await expect(prisma.$transaction((tx) => updateUnit(tx, unitId, 2, { name: "Ashbridge BCU", kind: "BCU", commanderId: null }))).rejects.toBeInstanceOf(
      ChangeRejected,
    );
  });

  const lastAudit = (key: string) => prisma.auditEvent.findFirstOrThrow({ where: { actorId: id("people", key) }, orderBy: { id: "desc" } });

  it("offers the administrator the forces (home first) and commanders through the guard, and adds a unit with its audit row", async () => {
    const admin = await contextForPerson(prisma, id("people", "admin"));
    const options = await newUnitFormOptions(admin);
    expect(options.forces).toHaveLength(seed.forces);
    expect(options.homeForceId).toBe(id("forces", "northshire"));
    expect(options.commanders?.map((choice) => choice.id)).toContain(id("people", "opsCommander"));
    const lists = await prisma.auditEvent.findMany({ where: { actorId: id("people", "admin"), action: "access.list" }, orderBy: { id: "desc" }, take: 2 });
    expect(lists.map((row) => row.subjectType).sort()).toEqual(["Force", "Person"]);

    const form = NewUnitFormSchema.parse({ name: "Marine Unit", kind: "OCU", forceId: id("forces", "northshire") });
    const { id: unitId } = await addUnit(admin, form);
    expect(await findUnitRecord(prisma, { id: unitId })).toMatchObject({ name: "Marine Unit", forceId: id("forces", "northshire") });
    expect(await lastAudit("admin")).toMatchObject({ action: "unit.create", subjectType: "Unit", subjectId: unitId, outcome: "SUCCESS" });

    // A name already taken: the administrator is told, and neither the unit nor an audit row is written.
    const before = { units: await prisma.unit.count(), audit: await prisma.auditEvent.count() };
    await expect(addUnit(admin, form)).rejects.toBeInstanceOf(ChangeRejected);
    expect({ units: await prisma.unit.count(), audit: await prisma.auditEvent.count() }).toEqual(before);
  });

  it("refuses a unit added by someone who is not an administrator (403, audited), writing nothing", async () => {
    const constable = await contextForPerson(prisma, id("people", "pcPenhallow"));
    const units = await prisma.unit.count();
    const form = NewUnitFormSchema.parse({ name: "Unofficial Unit", kind: "BCU", forceId: id("forces", "northshire") });
    expect(await statusOf(addUnit(constable, form))).toBe(403);
    expect(await prisma.unit.count()).toBe(units);
    expect(await lastAudit("pcPenhallow")).toMatchObject({ action: "unit.create", subjectType: "Unit", outcome: "REFUSED" });
  });

  it("counts for the administration page within the administrator's scope, with the gaps the referral chain would meet", async () => {
    await prisma.credential.update({ where: { personId: id("people", "pcMistryOake") }, data: { lockedUntil: new Date(Date.now() + 600_000) } });
    const overview = await adminOverview(await contextForPerson(prisma, id("people", "admin")));
    expect(overview).toMatchObject({ people: await prisma.person.count(), units: await prisma.unit.count(), forces: seed.forces, locked: 1 });
    expect(overview.gaps).toEqual(expect.any(Array));
    // A constable's scope holds no force and no one's sign-in credential.
    const constable = await adminOverview(await contextForPerson(prisma, id("people", "pcPenhallow")));
    expect(constable).toMatchObject({ forces: 0, locked: 0 });
    expect(constable.people).toBeLessThan(overview.people);
  });
});
