import { subject } from "@casl/ability";
import { describe, expect, it } from "vitest";
import { accessScope } from "~/access/guard.server";
import { describeEachDatabase } from "../tests/support/database";
import { defineAbilityFor } from "./ability";
import { CASE_AUDIT_SUBJECTS } from "./rules/police-suspect-cases";
import { SAFETY_ACTIONS, safetyMeasures, safetyPeople, safetyPolicyTable, type MeasureScenario, type SafetyPersona } from "./safety-plan-policy-table";
import { supportPeople, supportRequests } from "./support-policy-table";

const WITHDRAWN_AT = new Date("2026-11-20T00:00:00Z");
const abilityOf = (who: SafetyPersona) => defineAbilityFor(safetyPeople[who]);

/** The measure as the rules see one record: with its grants and the request (and that request's consents). */
function asRecord(measure: MeasureScenario) {
  const request = measure.request ? supportRequests[measure.request] : null;
  return {
    id: measure.id,
    employeeId: safetyPeople.employee.id,
    requestId: request?.id ?? null,
    agreedAt: measure.agreed ? new Date("2026-11-21T00:00:00Z") : null,
    grants: measure.grants.map((grant) => ({ personId: safetyPeople[grant.to].id, withdrawnAt: grant.withdrawn ? WITHDRAWN_AT : null })),
    request: request
      ? {
          id: request.id,
          employeeId: supportPeople[request.employee].id,
          status: request.status,
          consents: request.consents.map((consent) => ({
            queueRole: consent.role ?? null,
            personId: consent.person ? supportPeople[consent.person].id : null,
            withdrawnAt: consent.withdrawn ? WITHDRAWN_AT : null,
          })),
        }
      : null,
  };
}

const rows = safetyPolicyTable.map((row) => [`${row.as} (${row.measure}): ${row.allowed.join(", ") || "nothing"}`, row] as const);

describe("the safety-plan policy table, record by record", () => {
  it.each(rows)("%s", (_title, row) => {
    const ability = abilityOf(row.who);
    const record = subject("SafetyMeasure", asRecord(safetyMeasures[row.measure]) as never);
    expect(SAFETY_ACTIONS.filter((action) => ability.can(action, record))).toEqual(SAFETY_ACTIONS.filter((action) => row.allowed.includes(action)));
  });

  it("covers every persona and every measure of the scenario", () => {
    const people = new Set(safetyPolicyTable.map((row) => row.who));
    expect(Object.keys(safetyPeople).filter((who) => !people.has(who as SafetyPersona))).toEqual([]);
    const measures = new Set(safetyPolicyTable.map((row) => row.measure));
    expect(Object.keys(safetyMeasures).filter((key) => !measures.has(key as never))).toEqual([]);
  });

  it("keeps safety-plan audit rows out of the general audit trail", () => {
    expect(CASE_AUDIT_SUBJECTS).toContain("SafetyMeasure");
  });
});

describeEachDatabase("the safety-plan rules filter the database exactly as the table says", (use) => {
  it("gives each persona exactly the table's rights through the database filter, and 0 unexpected allows", async () => {
    const { prisma } = use();
    const force = await prisma.force.create({ data: { name: "Safety Plan Policy Test Force (fictional)", shortName: "SPP", isHome: true } });
    const everyone = { ...supportPeople, ...safetyPeople };
    for (const [who, person] of Object.entries(everyone)) {
      await prisma.person.create({
        data: {
          id: person.id,
          forceId: force.id,
          firstName: who,
          lastName: "Fictional",
          workEmail: `${who.toLowerCase()}@safety-policy-test.invalid`,
          employeeType: "STAFF",
          level: person.level,
        },
      });
    }
    const service = await prisma.supportService.create({
      data: {
        kind: "STAFF_IDVA",
        name: "Staff IDVA service",
        offers: "Fictional.",
        howToReach: "Fictional.",
        insideForce: false,
        queueRole: "STAFF_IDVA_LIAISON",
      },
    });
    for (const key of ["B", "C"] as const) {
      const request = supportRequests[key];
      await prisma.supportRequest.create({
        data: {
          id: request.id,
          employeeId: supportPeople[request.employee].id,
          serviceId: service.id,
          status: request.status,
          consents: {
            create: request.consents.map((consent) => ({
              queueRole: consent.role ?? null,
              serviceId: consent.role ? service.id : null,
              personId: consent.person ? supportPeople[consent.person].id : null,
              shares: consent.shares,
              withdrawnAt: consent.withdrawn ? WITHDRAWN_AT : null,
              reason: "policy test",
            })),
          },
        },
      });
    }
    for (const measure of Object.values(safetyMeasures)) {
      const record = asRecord(measure);
      await prisma.safetyMeasure.create({
        data: {
          id: measure.id,
          employeeId: record.employeeId,
          requestId: record.requestId,
          kind: "RECEPTION",
          instructions: "Fictional.",
          proposedById: record.employeeId,
          agreedAt: record.agreedAt,
          grants: { create: record.grants.map((grant) => ({ personId: grant.personId, withdrawnAt: grant.withdrawnAt })) },
        },
      });
    }
    const unexpected: string[] = [];
    for (const row of safetyPolicyTable) {
      const ability = abilityOf(row.who);
      for (const action of SAFETY_ACTIONS) {
        const visible = await prisma.safetyMeasure.count({
          where: { AND: [accessScope(ability, action, "SafetyMeasure"), { id: safetyMeasures[row.measure].id }] },
        });
        if (visible > 0 !== row.allowed.includes(action))
          unexpected.push(`${row.as} (${row.measure}) ${action}: database says ${visible > 0 ? "allowed" : "refused"}`);
      }
    }
    expect(unexpected).toEqual([]);

    // Everything each persona could reach by any action: exactly the measures the table gives them.
    const expected: Record<SafetyPersona, string[]> = {
      employee: Object.values(safetyMeasures).map((measure) => measure.id),
      lineManager: [safetyMeasures.M1.id],
      receptionColleague: [safetyMeasures.M2.id],
      colleague: [],
      administrator: [],
      psdOfficer: [],
      daCoordinatorWithOverride: [],
      chosenSupporter: [safetyMeasures.M1.id, safetyMeasures.M2.id, safetyMeasures.M4.id],
      otherServiceSupporter: [],
    };
    for (const who of Object.keys(safetyPeople) as SafetyPersona[]) {
      const ability = abilityOf(who);
      const reached = await prisma.safetyMeasure.findMany({
        where: { OR: SAFETY_ACTIONS.map((action) => accessScope(ability, action, "SafetyMeasure")) },
        select: { id: true },
        orderBy: { id: "asc" },
      });
      expect(
        reached.map((row) => row.id),
        who,
      ).toEqual([...expected[who]].sort());
    }
  });
});
