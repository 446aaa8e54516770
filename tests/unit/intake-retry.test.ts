// The report form sent twice (issue 16, docs/benchmarks.md "Issue 16: faults"): a reporter told that the report failed,
// though it had been saved, tries again. The same submission (its one-time key) gives back the case it made, the
// repeat audited, and no second case; two copies at once make one case; another reporter's key is theirs alone.
import { expect, it } from "vitest";
import { submitReport, submissionKeyOf } from "~/models/cases/intake.server";
import { fictionalIntake } from "../support/cases";
import { describeEachDatabase } from "../support/database";
import { testPeople } from "../support/people";
import { inconsistencies } from "../support/consistency";

const KEY = "5d1e2f3a-4b5c-4d6e-8f70-1a2b3c4d5e6f";

describeEachDatabase("a report sent again", (use) => {
  it("finds the case its first sending made, and never makes a second one", async () => {
    const { prisma } = use();
    const people = await testPeople(prisma, "Retry Shire");
    await people.add("Psd", { roles: ["PSD_OFFICER"] });
    await people.add("Suspect");
    await people.add("Reporter");
    await people.add("Other");
    const reporter = await people.contextFor("Reporter");
    const form = fictionalIntake(people.ids.Suspect!);

    const first = await submitReport(reporter, form, KEY);
    const again = await submitReport(reporter, form, KEY);
    expect(again).toEqual(first);
    // Two copies at once (a double click without scripts): one case between them.
    const [one, two] = await Promise.all([
      submitReport(reporter, form, submissionKeyOf(KEY.replace("5d", "6d"))),
      submitReport(reporter, form, KEY.replace("5d", "6d")),
    ]);
    expect(one).toEqual(two);
    expect(await prisma.policeSuspectCase.count({ where: { reportedById: people.ids.Reporter } })).toBe(2);

    // The repeat is in the audit trail against the case it found; the creation only once.
    const rows = await prisma.auditEvent.findMany({ where: { subjectId: first.id, action: { startsWith: "case.create" } }, select: { action: true } });
    expect(rows.map((row) => row.action).sort()).toEqual(["case.create", "case.create.repeated"]);

    // Another reporter's submission with the same key is theirs: a case of their own.
    const other = await submitReport(await people.contextFor("Other"), form, KEY);
    expect(other.id).not.toBe(first.id);
    // A form without a well-formed key is sent as it always was: each sending a case.
    expect(submissionKeyOf("constructor")).toBeUndefined();
    expect(submissionKeyOf(null)).toBeUndefined();
    expect(await inconsistencies(prisma)).toEqual([]);
  });
});
