// The list of records shows each person the referrals and notices waiting for them: a referral names the record it is
// about (by its reference, which reveals nothing), a notice names none, and nobody sees steps that are not theirs.
import { expect, it } from "vitest";
import { DeclarationFormSchema } from "~/models/cases/declarations.server";
import { createPoliceSuspectCase } from "~/models/cases/case.server";
import { casesPage } from "~/models/cases/list.server";
import { answerReferral, openReferral } from "~/models/referrals/referral-page.server";
import { seedDemoOrganisation } from "../../prisma/seed";
import { fictionalIntake } from "../support/cases";
import { describeEachDatabase } from "../support/database";
import { contextForPerson } from "../support/people";

describeEachDatabase("referrals on the list of records", (use) => {
  it("a referral with its record's reference, a notice without one, and nothing for anyone else", async () => {
    const { prisma } = use();
    const seed = await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    const person = (key: string) => seed.ids.people[key]!;
    const waitingFor = async (personId: string) => (await casesPage(await contextForPerson(prisma, personId), { page: 1 })).referrals;
    const report = await prisma.$transaction((tx) =>
      createPoliceSuspectCase(tx, { reporterId: person("pcPenhallow"), form: fictionalIntake(person("pcDuxbury")) }),
    );
    const { reference } = await prisma.policeSuspectCase.findUniqueOrThrow({ where: { id: report.id }, select: { reference: true } });
    const first = await prisma.referralStep.findFirstOrThrow({ where: { caseId: report.id, role: "SUPERVISING_OFFICER" } });

    expect(await waitingFor(first.recipientPersonId!)).toEqual([expect.objectContaining({ id: first.id, notice: false, reference })]);
    expect(await waitingFor(person("pcDuxbury"))).toEqual([]);
    expect(await waitingFor(person("pcPenhallow"))).toEqual([]);

    // Once the supervising officer has answered, stage two goes out. Ashbridge's area commander is in the suspect's
    // chain, so Kelsey's commander holds the local commander's referral; the suspect's commander's notice has nobody it
    // may go to in the demo organisation (every commander above the suspect is in his chain), so it is given to Kelsey's
    // commander here too, as a delivered notice.
    const recipient = await contextForPerson(prisma, first.recipientPersonId!);
    await openReferral(recipient, first.id);
    await answerReferral(recipient, first.id, DeclarationFormSchema.parse({ hasConnection: "no" }));
    const local = await prisma.referralStep.findFirstOrThrow({ where: { caseId: report.id, role: "LOCAL_COMMANDER" } });
    expect(local.recipientPersonId).toBe(person("kelCommander"));
    const notice = await prisma.referralStep.findFirstOrThrow({ where: { caseId: report.id, role: "SUSPECT_COMMANDER" } });
    await prisma.referralStep.update({ where: { id: notice.id }, data: { state: "DELIVERED", recipientPersonId: person("kelCommander"), sentAt: new Date() } });

    const commanders = await waitingFor(person("kelCommander"));
    expect(commanders).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: local.id, notice: false, reference }),
        expect.objectContaining({ id: notice.id, notice: true, reference: null }),
      ]),
    );
    expect(commanders.filter((step) => step.reference === reference)).toHaveLength(1);
    expect(await waitingFor(first.recipientPersonId!)).toEqual([]);
    expect(await waitingFor(person("pcDuxbury"))).toEqual([]);
  });
});
