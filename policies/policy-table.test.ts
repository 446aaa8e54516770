import { subject } from "@casl/ability";
import { describe, expect, it } from "vitest";
import { accessScope } from "~/access/guard.server";
import { describeEachDatabase } from "../tests/support/database";
import { defineAbilityFor } from "./ability";
import { people, personRecords, policyTable, type PolicyRow } from "./policy-table";

function decide(row: PolicyRow): boolean {
  const ability = defineAbilityFor(people[row.who]);
  const { target } = row;
  switch (target.kind) {
    case "person":
      return ability.can(row.does, subject("Person", personRecords[target.of] as never), target.field);
    case "role-assignment":
      return ability.can(row.does, subject("RoleAssignment", { personId: people[target.of].id, role: "WELFARE" } as never));
    case "proposal":
      return ability.can(
        row.does,
        subject("PersonChangeProposal", { personId: people[target.about].id, proposedById: people[target.by].id, status: "PENDING" } as never),
      );
    case "session":
      return ability.can(row.does, subject("Session", { id: "a-session", personId: people[target.of].id } as never));
    case "any":
      return ability.can(row.does, target.subject);
  }
}

describe("the access policy table", () => {
  it.each(policyTable.map((row) => [`${row.who} ${row.does} ${row.what}: ${row.allowed ? "allowed" : "refused"} (${row.because})`, row] as const))(
    "%s",
    (_title, row) => {
      expect(decide(row)).toBe(row.allowed);
    },
  );

  it("refuses everything no rule grants (deny by default)", () => {
    const nobody = defineAbilityFor({ id: "00000000-0000-4000-8000-00000000000f", forceId: "f1", unitId: null, level: 1, roles: [] });
    for (const action of ["manage", "read", "list", "create", "update", "unlock"] as const) {
      for (const area of ["AuditEvent", "Credential", "RoleAssignment", "AdminArea", "SecurityOverview"] as const) {
        expect(nobody.can(action, area)).toBe(false);
      }
    }
  });
});

describeEachDatabase("the person rules filter the database exactly as they judge one record", (use) => {
  it("returns, for each persona, exactly the person records the table allows them to read", async () => {
    const { prisma } = use();
    const force = await prisma.force.create({ data: { name: "Policy Test Force (fictional)", shortName: "PTF", isHome: true } });
    const order: (keyof typeof people)[] = ["sergeant", "administrator", "constable", "colleague", "psdOfficer", "daChampion", "auditor"];
    for (const name of order) {
      await prisma.person.create({
        data: {
          id: people[name].id,
          forceId: force.id,
          firstName: name,
          lastName: "Fictional",
          workEmail: `${name}@policy-test.invalid`,
          employeeType: "OFFICER",
          rank: "CONSTABLE",
          level: 1,
          lineManagerId: personRecords[name].lineManagerId,
        },
      });
    }
    for (const who of Object.keys(people) as (keyof typeof people)[]) {
      const ability = defineAbilityFor(people[who]);
      const visible = await prisma.person.findMany({ where: accessScope(ability, "read", "Person"), select: { id: true } });
      const expected = Object.values(personRecords)
        .filter((record) => ability.can("read", subject("Person", record as never)))
        .map((record) => record.id);
      expect(visible.map((row) => row.id).sort(), who).toEqual(expected.sort());
      expect(visible.length, who).toBeGreaterThan(0);
    }
  });
});

describe("the readable copy of the table", () => {
  it("docs/access-policy.md matches the table the tests check", async () => {
    const { readFileSync } = await import("node:fs");
    const { renderPolicyTable } = await import("./render-table");
    expect(readFileSync(new URL("../docs/access-policy.md", import.meta.url), "utf8")).toBe(renderPolicyTable());
  });
});
