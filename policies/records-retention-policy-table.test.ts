import { subject } from "@casl/ability";
import { describe, expect, it } from "vitest";
import { accessScope } from "~/access/guard.server";
import { describeEachDatabase } from "../tests/support/database";
import { defineAbilityFor } from "./ability";
import { RECORDS_ACTIONS, recordsPeople, recordsPolicyTable, recordsTargets, type RecordsPolicyRow } from "./records-retention-policy-table";

const decide = (row: RecordsPolicyRow) => {
  const ability = defineAbilityFor(recordsPeople[row.who]);
  const target = recordsTargets[row.target];
  return RECORDS_ACTIONS.filter((action) => ability.can(action, subject(target.model, { ...target.record } as never)));
};

describe("the records policy table (retention, legal holds, subject access, the audit export), record by record", () => {
  it.each(recordsPolicyTable.map((row) => [`${row.who} on ${recordsTargets[row.target].label}: ${row.allowed.join(", ") || "nothing"}`, row] as const))(
    "%s",
    (_title, row) => {
      expect(decide(row)).toEqual(RECORDS_ACTIONS.filter((action) => row.allowed.includes(action)));
    },
  );

  it("has a row for every persona on every record (so nothing else can be allowed unnoticed)", () => {
    for (const target of Object.keys(recordsTargets)) {
      const covered = recordsPolicyTable.filter((row) => row.target === target).map((row) => row.who);
      expect(covered.sort(), target).toEqual(Object.keys(recordsPeople).sort());
    }
  });
});

describeEachDatabase("the records rules filter the database exactly as the table says", (use) => {
  it("gives each persona exactly the table's legal holds and subject-access requests, and 0 unexpected allows", async () => {
    const { prisma } = use();
    const holds = [recordsTargets.caseHold, recordsTargets.holdOnPsdOfficer];
    for (const hold of holds) {
      await prisma.legalHold.create({
        data: { ...hold.record, reason: "Fictional.", reviewDue: new Date("2099-01-01"), placedById: recordsPeople.psdOfficer.id, placedAt: new Date() },
      });
    }
    for (const request of [recordsTargets.requestReceived, recordsTargets.requestAssembled, recordsTargets.requestAboutPsdOfficer]) {
      await prisma.subjectAccessRequest.create({
        data: { ...request.record, receivedAt: new Date(), dueAt: new Date(), recordedById: recordsPeople.headOfPsd.id },
      });
    }
    const unexpected: string[] = [];
    for (const row of recordsPolicyTable) {
      const target = recordsTargets[row.target];
      if (target.model !== "LegalHold" && target.model !== "SubjectAccessRequest") continue;
      const ability = defineAbilityFor(recordsPeople[row.who]);
      for (const action of RECORDS_ACTIONS) {
        const where = { AND: [accessScope(ability, action, target.model), { id: target.record.id }] };
        const found =
          target.model === "LegalHold"
            ? await prisma.legalHold.count({ where: where as never })
            : await prisma.subjectAccessRequest.count({ where: where as never });
        if (found > 0 !== row.allowed.includes(action)) unexpected.push(`${row.who} ${action} ${row.target}: ${found > 0 ? "allowed" : "refused"}`);
      }
    }
    expect(unexpected).toEqual([]);
  });
});
