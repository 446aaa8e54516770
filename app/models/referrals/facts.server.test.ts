// Which holder of a role a referral goes to first must not depend on an install's random ids.
import { expect, it } from "vitest";
import { createPoliceSuspectCase } from "~/models/cases/case.server";
import { fictionalIntake } from "../../../tests/support/cases";
import { describeEachDatabase } from "../../../tests/support/database";
import { seedDemoOrganisation } from "../../../prisma/seed";
import { CASE_FOR_CHAIN_SELECT, loadChainFacts } from "./facts.server";

const T0 = new Date("2026-11-20T11:00:00Z");
const timing = { now: T0, windows: { supervisingOfficer: 60, others: 240 }, employerUpdateDays: 28 };

describeEachDatabase("the order of a role's holders", (use) => {
  it("is by when they were given the role, then by surname, first name and work email: never by their ids", async () => {
    const { prisma } = use();
    const seed = await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    const person = (key: string) => seed.ids.people[key]!;
    const { id } = await prisma.$transaction((tx) =>
      createPoliceSuspectCase(tx, { reporterId: person("pcPenhallow"), form: fictionalIntake(person("pcDuxbury")), timing }),
    );
    const created = await prisma.policeSuspectCase.findUniqueOrThrow({
      where: { id },
      select: CASE_FOR_CHAIN_SELECT,
    });
    const coordinators = [person("daCoordinatorOfficer"), person("daCoordinatorStaff")].sort();
    const [lowerId, higherId] = coordinators as [string, string];
    const sameMoment = new Date("2026-01-05T09:00:00Z");
    await prisma.roleAssignment.updateMany({ where: { role: "DA_COORDINATOR", personId: { in: coordinators } }, data: { grantedAt: sameMoment } });
    // The holder whose id sorts last has the surname that sorts first.
    await prisma.person.update({ where: { id: higherId }, data: { lastName: "Abbot-Fictional" } });
    await prisma.person.update({ where: { id: lowerId }, data: { lastName: "Zennor-Fictional" } });
    const facts = await prisma.$transaction((tx) => loadChainFacts(tx, created));
    expect(facts.daCoordinators).toEqual([higherId, lowerId]);

    // Given the role earlier comes first, whatever the name.
    await prisma.roleAssignment.updateMany({ where: { role: "DA_COORDINATOR", personId: lowerId }, data: { grantedAt: new Date("2025-06-01T09:00:00Z") } });
    expect((await prisma.$transaction((tx) => loadChainFacts(tx, created))).daCoordinators).toEqual([lowerId, higherId]);
  });
});
