import { subject } from "@casl/ability";
import { describe, expect, it } from "vitest";
import { accessScope } from "~/access/guard.server";
import { describeEachDatabase } from "../tests/support/database";
import { defineAbilityFor } from "./ability";
import {
  AFTER_OVERRIDE_EXPIRY,
  OVERRIDE_EXPIRES,
  SUPPORT_ACTIONS,
  supportPeople,
  supportPolicyTable,
  supportRequests,
  TABLE_NOW,
  supportLineManagers,
  type SupportPersona,
  type SupportPolicyRow,
  type SupportScenario,
} from "./support-policy-table";

const personId = (who: SupportPersona) => supportPeople[who].id;
const abilityOf = (who: SupportPersona, now = TABLE_NOW) => defineAbilityFor({ ...supportPeople[who], now });
const abilityFor = (row: SupportPolicyRow) => abilityOf(row.who, row.afterOverrideExpiry ? AFTER_OVERRIDE_EXPIRY : TABLE_NOW);
const WITHDRAWN_AT = new Date("2026-11-20T00:00:00Z");

/** The named colleague and everyone above them now: their conflict set on a request that names them. */
function lineChainOf(who: SupportPersona): SupportPersona[] {
  const chain: SupportPersona[] = [who];
  for (let above = supportLineManagers[who]; above; above = supportLineManagers[above]) chain.push(above);
  return chain;
}

/** The request as the rules see one record: with its consents and overrides. */
function asRecord(scenario: SupportScenario) {
  return {
    id: scenario.id,
    employeeId: personId(scenario.employee),
    status: scenario.status,
    consents: scenario.consents.map((consent) => ({
      queueRole: consent.role ?? null,
      personId: consent.person ? personId(consent.person) : null,
      shares: consent.shares,
      withdrawnAt: consent.withdrawn ? WITHDRAWN_AT : null,
    })),
    overrides: scenario.overrides.map((who) => ({ personId: personId(who), expiresAt: OVERRIDE_EXPIRES })),
    risks: [
      ...(scenario.highRisk ? [{ level: "HIGH", childConcern: false }] : []),
      ...(scenario.childConcern ? [{ level: "MEDIUM", childConcern: true }] : []),
    ],
    riskItems: scenario.escalatedItem ? [{ escalatedAt: TABLE_NOW, closedAt: null }] : [],
    abuserPersonId: scenario.abuser ? personId(scenario.abuser) : null,
    abuserPerson: scenario.abuser ? { chain: lineChainOf(scenario.abuser).map((who) => ({ ancestorId: personId(who) })) } : null,
    employee: { chain: lineChainOf(scenario.employee).map((who) => ({ ancestorId: personId(who) })) },
  };
}

const rows = supportPolicyTable.map(
  (row) => [`${row.as} (request ${row.request}${row.afterOverrideExpiry ? ", after expiry" : ""}): ${row.allowed.join(", ") || "nothing"}`, row] as const,
);

describe("the support policy table, record by record", () => {
  it.each(rows)("%s", (_title, row) => {
    const ability = abilityFor(row);
    const record = subject("SupportRequest", asRecord(supportRequests[row.request]) as never);
    const allowed = SUPPORT_ACTIONS.filter((action) => ability.can(action, record));
    expect(allowed).toEqual(SUPPORT_ACTIONS.filter((action) => row.allowed.includes(action)));
  });

  it("covers every persona and every request of the scenario", () => {
    const people = new Set(supportPolicyTable.map((row) => row.who));
    expect(Object.keys(supportPeople).filter((who) => !people.has(who as SupportPersona))).toEqual([]);
    const requests = new Set(supportPolicyTable.map((row) => row.request));
    expect(Object.keys(supportRequests).filter((key) => !requests.has(key as never))).toEqual([]);
  });

  it("lets everyone read the active directory, and only administrators keep it", () => {
    const entry = subject("SupportService", { id: "s1", active: true } as never);
    const hidden = subject("SupportService", { id: "s2", active: false } as never);
    for (const who of Object.keys(supportPeople) as SupportPersona[]) {
      const ability = abilityOf(who);
      expect(ability.can("read", entry), who).toBe(true);
      expect(ability.can("update", entry), who).toBe(who === "administrator");
      expect(ability.can("read", hidden), who).toBe(who === "administrator");
    }
  });
});

describeEachDatabase("the support rules filter the database exactly as the table says", (use) => {
  it("gives each persona exactly the table's rights through the database filter, and 0 unexpected allows", async () => {
    const { prisma } = use();
    const force = await prisma.force.create({ data: { name: "Support Policy Test Force (fictional)", shortName: "SPT", isHome: true } });
    for (const who of Object.keys(supportPeople) as SupportPersona[]) {
      await prisma.person.create({
        data: {
          id: personId(who),
          forceId: force.id,
          firstName: who,
          lastName: "Fictional",
          workEmail: `${who.toLowerCase()}@support-policy-test.invalid`,
          employeeType: "STAFF",
          level: supportPeople[who].level,
        },
      });
    }
    // Line management as it was when I was sent: the new manager takes over the colleague named on I further down.
    for (const [who, manager] of Object.entries(supportLineManagers) as [SupportPersona, SupportPersona][]) {
      if (who !== "reorganisedAbuser") await prisma.person.update({ where: { id: personId(who) }, data: { lineManagerId: personId(manager) } });
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
    for (const scenario of Object.values(supportRequests)) {
      const record = asRecord(scenario);
      await prisma.supportRequest.create({
        data: {
          id: scenario.id,
          employeeId: record.employeeId,
          serviceId: service.id,
          status: scenario.status,
          assignedToId: scenario.assignedTo ? personId(scenario.assignedTo) : null,
          abuserPersonId: record.abuserPersonId,
          consents: { create: record.consents.map((consent) => ({ ...consent, serviceId: consent.queueRole ? service.id : null, reason: "policy test" })) },
          overrides: {
            create: record.overrides.map((override) => ({
              personId: override.personId,
              ground: "HIGH_RISK_OF_HARM",
              reason: "policy test",
              tellEmployee: false,
              expiresAt: override.expiresAt,
            })),
          },
          risks: {
            create: record.risks.map((risk) => ({
              assessorId: personId("chosenSupporter"),
              answers: {},
              yesCount: 9,
              scoredLevel: risk.level as never,
              level: risk.level as never,
              childConcern: risk.childConcern,
            })),
          },
          riskItems: {
            create: record.riskItems.map((item) => ({ kind: "ACKNOWLEDGE" as const, remindAt: TABLE_NOW, dueAt: TABLE_NOW, escalatedAt: item.escalatedAt })),
          },
        },
      });
    }
    // Before the reorganisation the future manager works request I like anyone in the service; then the change is made
    // (as the administrators' approved change would write it) and the rows below are judged as the chain is now.
    const seesI = () =>
      prisma.supportRequest.count({
        where: { AND: [accessScope(abilityOf("newManagerAfterSending"), "read", "SupportRequest"), { id: supportRequests.I.id }] },
      });
    expect(await seesI()).toBe(1);
    await prisma.person.update({ where: { id: personId("reorganisedAbuser") }, data: { lineManagerId: personId("newManagerAfterSending") } });
    expect(await seesI()).toBe(0);

    const unexpected: string[] = [];
    for (const row of supportPolicyTable) {
      const ability = abilityFor(row);
      for (const action of SUPPORT_ACTIONS) {
        const visible = await prisma.supportRequest.count({
          where: { AND: [accessScope(ability, action, "SupportRequest"), { id: supportRequests[row.request].id }] },
        });
        if (visible > 0 !== row.allowed.includes(action))
          unexpected.push(`${row.as} (request ${row.request}) ${action}: database says ${visible > 0 ? "allowed" : "refused"}`);
      }
    }
    expect(unexpected).toEqual([]);

    // People without consent find no trace of any request in anything the portal draws from.
    for (const who of ["lineManager", "colleague", "administrator", "psdOfficer", "otherServiceSupporter", "formerSupporter"] as const) {
      const ability = abilityOf(who);
      const everything = await prisma.supportRequest.findMany({
        where: { OR: SUPPORT_ACTIONS.map((action) => accessScope(ability, action, "SupportRequest")) },
        select: { id: true },
      });
      expect(
        everything.map((row) => row.id),
        who,
      ).toEqual(who === "lineManager" ? [supportRequests.B.id] : []);
    }
  });
});
