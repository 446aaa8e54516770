// The consistency checker the bad-input generator ends with (tests/support/consistency.ts) finds what it is meant to:
// a case written as the intake writes it passes; a case without its audit row, a case missing a track and a mail
// without a recipient are each named.
import { expect, it } from "vitest";
import { submitReport } from "~/models/cases/intake.server";
import { fictionalIntake } from "../support/cases";
import { describeEachDatabase } from "../support/database";
import { makeCase } from "../support/factories";
import { testPeople } from "../support/people";
import { inconsistencies } from "../support/consistency";

describeEachDatabase("the consistency checker", (use) => {
  it("passes a report as the intake records it, and names each half-written record", async () => {
    const { prisma, rawSql } = use();
    const people = await testPeople(prisma, "Consistency Shire");
    await people.add("Psd", { roles: ["PSD_OFFICER"] });
    await people.add("Sergeant");
    await people.add("Suspect", { lineManager: "Sergeant" });
    await people.add("Reporter");
    await submitReport(await people.contextFor("Reporter"), fictionalIntake(people.ids.Suspect!));
    expect(await inconsistencies(prisma)).toEqual([]);

    // Written without the intake's audit row (the factory's shortcut): the trail does not know the case.
    const unaudited = await makeCase(prisma, people.ids.Reporter!, people.ids.Suspect!);
    const named = (found: Awaited<ReturnType<typeof inconsistencies>>) => Object.fromEntries(found.map((entry) => [entry.invariant, entry.ids]));
    expect(named(await inconsistencies(prisma))).toEqual({ "every case's creation is in the audit trail": [unaudited.id] });

    await rawSql(`DELETE FROM conduct_track WHERE "caseId" = '${unaudited.id}'`);
    await prisma.outboxMessage.create({ data: { toAddress: "", template: "t", subject: "Fictional", html: "<p>x</p>", text: "x" } });
    const found = named(await inconsistencies(prisma));
    expect(found["every case has its criminal and its conduct track"]).toEqual([unaudited.id]);
    expect(found["every mail in the outbox has a recipient, a subject and a body"]).toHaveLength(1);
  });
});
