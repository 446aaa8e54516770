import { expect, it } from "vitest";
import { describeEachDatabase } from "../../../tests/support/database";
import { seedDemoOrganisation } from "../../../prisma/seed";
import { organisationGaps } from "./organisation-check.server";

describeEachDatabase("the organisation data the referral chain needs", (use) => {
  it("names each gap from the organisation data alone, and none once it is put right", async () => {
    const { prisma } = use();
    await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    expect(await organisationGaps(prisma)).toEqual(['Only one person holds the role "CAIU supervisor": nobody can take a referral in their place.']);

    await prisma.force.updateMany({ where: { isHome: true }, data: { pccContactEmail: null } });
    await prisma.unit.updateMany({ where: { name: "Operations OCU" }, data: { commanderId: null } });
    await prisma.roleAssignment.deleteMany({ where: { role: "NPCC_OFFICER" } });
    expect(await organisationGaps(prisma)).toEqual(
      expect.arrayContaining([
        "The police and crime commissioner's mailbox is not set (Forces).",
        'Nobody holds the role "Nominated NPCC officer".',
        "Operations OCU has no commander (Units).",
      ]),
    );
  });
});
