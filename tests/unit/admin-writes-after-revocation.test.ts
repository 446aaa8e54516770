// Administration writes are decided for the person as they are when they post: an administrator whose role is
// removed after the page loaded and before they post is refused (403, as the whole area is closed to them), nothing
// changes, and the refusal is audited. Each write is shown to work for the same administrator first. Through the
// routes, as the browser posts them, so that the test holds whichever domain functions the pages use.
import { expect, it } from "vitest";
import { setDatabase } from "~/db.server";
import { action as personAction, loader as personLoader } from "~/routes/admin.people.$personId";
import { action as unitAction, loader as unitLoader } from "~/routes/admin.units.$unitId";
import { action as newUnitAction } from "~/routes/admin.units.new";
import { seedDemoOrganisation, type SeedSummary } from "../../prisma/seed";
import { describeEachDatabase } from "../support/database";
import { loadPage, postForm, sessionCookie } from "../support/requests";

describeEachDatabase("administration writes after the administrator's role was removed", (use) => {
  let seed: SeedSummary;
  const person = (key: string) => seed.ids.people[key]!;

  async function setUp() {
    const database = use();
    setDatabase(database);
    seed ??= await seedDemoOrganisation(database.prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    await database.prisma.roleAssignment.createMany({ data: [{ personId: person("admin"), role: "ADMINISTRATOR" }], skipDuplicates: true });
    return sessionCookie(database.prisma, person("admin"));
  }

  /** Another administrator removes the role, as the people page would commit it. */
  async function removeAdministratorRole() {
    await use().prisma.roleAssignment.deleteMany({ where: { personId: person("admin"), role: "ADMINISTRATOR" } });
  }

  async function expectRefusalAudited(since: bigint) {
    const refusals = await use().prisma.auditEvent.findMany({ where: { actorId: person("admin"), id: { gt: since }, outcome: "REFUSED" } });
    expect(refusals.map((row) => [row.action, row.subjectType])).toContainEqual(["access.read", "AdminArea"]);
  }

  const lastAuditId = async () => (await use().prisma.auditEvent.findFirst({ orderBy: { id: "desc" }, select: { id: true } }))?.id ?? 0n;

  it("changing a unit, and adding one", async () => {
    const { prisma } = use();
    const cookie = await setUp();
    const unitId = seed.ids.units.kelmoor!;
    const path = `/admin/units/${unitId}`;
    const rename = async (name: string) => {
      const page = await loadPage(unitLoader, path, cookie, { unitId });
      return { ...page.values, name, version: String(page.unit.version) };
    };
    expect(await postForm(unitAction, path, cookie, await rename("Kelmoor and Dale BCU (fictional rename)"), { unitId })).toMatchObject({ status: 302 });
    const newUnit = { name: "Fictional Marine Unit", kind: "DEPARTMENT", forceId: seed.ids.forces.northshire! };
    expect(await postForm(newUnitAction, "/admin/units/new", cookie, newUnit)).toMatchObject({ status: 302 });

    const loaded = await rename("Kelmoor BCU (renamed after the role was removed)");
    const before = await prisma.unit.findUniqueOrThrow({ where: { id: unitId } });
    const units = await prisma.unit.count();
    const since = await lastAuditId();
    await removeAdministratorRole();
    expect(await postForm(unitAction, path, cookie, loaded, { unitId })).toMatchObject({ status: 403 });
    expect(await postForm(newUnitAction, "/admin/units/new", cookie, { ...newUnit, name: "Fictional Mounted Unit" })).toMatchObject({ status: 403 });
    expect(await prisma.unit.findUniqueOrThrow({ where: { id: unitId } })).toEqual(before);
    expect(await prisma.unit.count()).toBe(units);
    expect(
      await prisma.auditEvent.count({
        where: { actorId: person("admin"), id: { gt: since }, action: { in: ["unit.update", "unit.create"] }, outcome: "SUCCESS" },
      }),
    ).toBe(0);
    await expectRefusalAudited(since);
  });

  it("deactivating someone's account", async () => {
    const { prisma } = use();
    const cookie = await setUp();
    const deactivate = async (personId: string) => {
      const page = await loadPage(personLoader, `/admin/people/${personId}`, cookie, { personId });
      const { active: _active, ...values } = page.values;
      return { ...values, version: String(page.version) };
    };
    const firstId = person("pcsoCrowhurst");
    expect(await postForm(personAction, `/admin/people/${firstId}`, cookie, await deactivate(firstId), { personId: firstId })).toMatchObject({ status: 302 });
    expect((await prisma.person.findUniqueOrThrow({ where: { id: firstId } })).active).toBe(false);

    const secondId = person("callHandler");
    const loaded = await deactivate(secondId);
    const before = await prisma.person.findUniqueOrThrow({ where: { id: secondId } });
    const since = await lastAuditId();
    await removeAdministratorRole();
    expect(await postForm(personAction, `/admin/people/${secondId}`, cookie, loaded, { personId: secondId })).toMatchObject({ status: 403 });
    expect(await prisma.person.findUniqueOrThrow({ where: { id: secondId } })).toEqual({ ...before, active: true });
    expect(await prisma.auditEvent.count({ where: { actorId: person("admin"), id: { gt: since }, action: "person.update", outcome: "SUCCESS" } })).toBe(0);
    await expectRefusalAudited(since);
  });
});
