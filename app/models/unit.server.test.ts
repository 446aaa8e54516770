import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/db.server";
import { describeEachDatabase } from "../../tests/support/database";
import { makeForce, makePerson, makeUnit } from "../../tests/support/factories";
import { ChangeRejected } from "~/utils/forms";
import { checkUnitForm, createUnit, EditUnitFormSchema, findUnitRecord, listUnits, NewUnitFormSchema, STALE_UNIT_MESSAGE, updateUnit } from "./unit.server";

describe("unit forms", () => {
  it("needs a name, a kind and (when adding) a well-formed force id", () => {
    const result = NewUnitFormSchema.safeParse({ name: "  ", kind: "SQUAD", forceId: "../etc" });
    expect(new Set(result.error?.issues.map((issue) => issue.path[0]))).toEqual(new Set(["name", "kind", "forceId"]));
    expect(NewUnitFormSchema.safeParse({ name: " Roads Policing ", kind: "OCU", forceId: "6f1c2a4e-3b5d-4c7e-8f90-1a2b3c4d5e6f", commanderId: "" }).data).toMatchObject({
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
  let prisma: Db;
  // Two forces: the other force's unit is made first, so that "home force first" is the listing's doing.
  const ids = { forces: {} as Record<string, string>, units: {} as Record<string, string>, people: {} as Record<string, string> };
  const id = (kind: keyof typeof ids, key: string) => {
    const value = ids[kind][key];
    if (!value) throw new Error(`no ${kind} ${key}`);
    return value;
  };
  let opsCommanderEmail = "";

  beforeAll(async () => {
    prisma = use().prisma;
    ids.forces.westvale = (await makeForce(prisma, { name: "Westvale Police (fictional)", shortName: "Westvale", isHome: false })).id;
    ids.forces.northshire = (await makeForce(prisma, { name: "Northshire Constabulary (fictional)", shortName: "Northshire" })).id;
    ids.people.wvCommander = (await makePerson(prisma, { forceId: id("forces", "westvale"), rank: "CHIEF_SUPERINTENDENT" })).id;
    await makeUnit(prisma, { forceId: id("forces", "westvale"), name: "Westvale Central BCU", kind: "BCU", commanderId: id("people", "wvCommander") });
    const pellingham = await makePerson(prisma, { firstName: "Desmond", lastName: "Pellingham", rank: "CHIEF_SUPERINTENDENT" });
    ids.units.ashbridge = (await makeUnit(prisma, { name: "Ashbridge BCU", kind: "BCU", commanderId: pellingham.id })).id;
    const opsCommander = await makePerson(prisma, { rank: "CHIEF_SUPERINTENDENT" });
    ids.people.opsCommander = opsCommander.id;
    opsCommanderEmail = opsCommander.workEmail;
    await makeUnit(prisma, { name: "Operations OCU", kind: "OCU", commanderId: opsCommander.id });
  });

  it("lists units with their force and commander, home force first", async () => {
    const units = await listUnits(prisma, {});
    expect(units).toHaveLength(3);
    expect(units[0]?.force.name).toContain("Northshire");
    expect(units.find((unit) => unit.name === "Ashbridge BCU")?.commander?.lastName).toBe("Pellingham");
  });

  it("keeps unit names unique within a force, whatever the capitals, but not across forces", async () => {
    const northshire = id("forces", "northshire");
    const westvale = id("forces", "westvale");
    await expect(checkUnitForm(prisma, { name: "ashbridge bcu", kind: "BCU", commanderId: null, commanderEmail: null }, northshire, null)).rejects.toMatchObject({
      errors: { name: expect.stringContaining("already a unit") },
    });
    expect(await checkUnitForm(prisma, { name: "Ashbridge BCU", kind: "BCU", commanderId: null, commanderEmail: null }, westvale, null)).toMatchObject({ name: "Ashbridge BCU" });
    // A unit keeps its own name when it is saved again.
    expect(await checkUnitForm(prisma, { name: "Ashbridge BCU", kind: "BCU", commanderId: null, commanderEmail: null }, northshire, id("units", "ashbridge"))).toBeTruthy();
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
      { name: "Roads Policing", kind: "OCU", commanderId: null, commanderEmail: opsCommanderEmail },
      northshire,
      null,
    );
    expect(data.commanderId).toBe(id("people", "opsCommander"));
  });

  it("adds a unit, and changes it only from the version shown", async () => {
    const northshire = id("forces", "northshire");
    const unitId = "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d";
    await prisma.$transaction(async (tx) =>
      createUnit(tx, unitId, northshire, await checkUnitForm(tx, { name: "Roads Policing", kind: "OCU", commanderId: null, commanderEmail: null }, northshire, null)),
    );
    const created = await findUnitRecord(prisma, { id: unitId });
    expect(created).toMatchObject({ name: "Roads Policing", version: 1, commanderId: null });

    await prisma.$transaction((tx) => updateUnit(tx, unitId, 1, { name: "Roads and Armed Policing", kind: "OCU", commanderId: id("people", "opsCommander") }));
    await expect(prisma.$transaction((tx) => updateUnit(tx, unitId, 1, { name: "Stale", kind: "BCU", commanderId: null }))).rejects.toMatchObject({
      errors: { form: STALE_UNIT_MESSAGE },
    });
    expect(await findUnitRecord(prisma, { id: unitId })).toMatchObject({ name: "Roads and Armed Policing", version: 2 });

    // The database's own uniqueness is reported as a field error too (e.g. a race between two administrators).
    await expect(prisma.$transaction((tx) => updateUnit(tx, unitId, 2, { name: "Ashbridge BCU", kind: "BCU", commanderId: null }))).rejects.toBeInstanceOf(ChangeRejected);
  });
});
