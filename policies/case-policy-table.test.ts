import { subject } from "@casl/ability";
import { describe, expect, it } from "vitest";
import { accessScope } from "~/access/guard.server";
import { describeEachDatabase } from "../tests/support/database";
import { defineAbilityFor } from "./ability";
import {
  CASE_ACTIONS,
  caseA,
  caseB,
  caseC,
  caseD,
  caseE,
  casePeople,
  casePolicyTable,
  TABLE_NOW,
  type CasePersona,
  type CasePolicyRow,
} from "./case-policy-table";

type Scenario = typeof caseA | typeof caseB | typeof caseC | typeof caseD | typeof caseE;
const SCENARIOS = { A: caseA, B: caseB, C: caseC, D: caseD, E: caseE } as const;
const REFERENCES = { A: "BBBB-2222", B: "CCCC-3333", C: "DDDD-4444", D: "FFFF-5555", E: "GGGG-6666" } as const;
const scenarioOf = (row: CasePolicyRow): Scenario => SCENARIOS[row.case];
const personId = (who: CasePersona) => casePeople[who].id;
const abilityOf = (who: CasePersona) => defineAbilityFor({ ...casePeople[who], now: TABLE_NOW });

/** The case as the rules see one record: with its conflicts, access list and break-glass uses. */
function asRecord(scenario: Scenario) {
  return {
    id: scenario.id,
    reportedById: personId(scenario.reportedBy),
    suspectPersonId: personId(scenario.suspect),
    // The suspect's line chain as it is now: themselves and everyone above them (the database's LineChain rows).
    suspectPerson: { chain: [scenario.suspect, ...scenario.chain].map((who) => ({ ancestorId: personId(who) })) },
    conflicts: scenario.conflicts.map((conflict) => ({ personId: personId(conflict.who) })),
    access: scenario.access.map((entry) => ({
      personId: personId(entry.who),
      capacity: entry.capacity,
      declarationState: entry.declarationState,
      revokedAt: "revoked" in entry && entry.revoked ? new Date("2026-11-10T00:00:00Z") : null,
      expiresAt: "expiresAt" in entry ? (entry.expiresAt ?? null) : null,
    })),
    breakGlass: scenario.breakGlass.map((use) => ({ personId: personId(use.who), expiresAt: use.expiresAt })),
    interestedPersonId: scenario.interestedPerson ? personId(scenario.interestedPerson) : null,
    criminalOwnerId: scenario.criminalOwner ? personId(scenario.criminalOwner) : null,
    conductOwnerId: null,
    interestedAgreedAt: scenario.interestedPerson ? new Date("2026-11-21T00:00:00Z") : null,
  };
}

const rows = casePolicyTable.map((row) => [`${row.as} (case ${row.case}): ${row.allowed.join(", ") || "nothing"} (${row.because})`, row] as const);

describe("the police-suspect case policy table, record by record", () => {
  it.each(rows)("%s", (_title, row) => {
    const ability = abilityOf(row.who);
    const record = subject("PoliceSuspectCase", asRecord(scenarioOf(row)) as never);
    const allowed = CASE_ACTIONS.filter((action) => ability.can(action, record));
    expect(allowed).toEqual(CASE_ACTIONS.filter((action) => row.allowed.includes(action)));
  });

  it("covers every persona of the scenario", () => {
    const covered = new Set(casePolicyTable.map((row) => row.who));
    expect(Object.keys(casePeople).filter((who) => !covered.has(who as CasePersona))).toEqual([]);
  });
});

describeEachDatabase("the police-suspect case rules filter the database exactly as the table says", (use) => {
  it("gives each persona exactly the table's rights through the database filter, and 0 unexpected allows", async () => {
    const { prisma } = use();
    const force = await prisma.force.create({ data: { name: "Case Policy Test Force (fictional)", shortName: "CPT", isHome: true } });
    // The line management of cases A and D is in place at intake; case C's is made after it (below).
    const managers: Partial<Record<CasePersona, CasePersona>> = {
      suspect: "suspectsManager",
      suspectsManager: "suspectsChief",
      seniorSuspect: "npccOfficer",
      npccOfficer: "chiefOfficer",
      admittingEmployee: "admittersManager",
    };
    for (const who of Object.keys(casePeople) as CasePersona[]) {
      await prisma.person.create({
        data: {
          id: personId(who),
          forceId: force.id,
          firstName: who,
          lastName: "Fictional",
          workEmail: `${who.toLowerCase()}@case-policy-test.invalid`,
          employeeType: "OFFICER",
          rank: "CONSTABLE",
          level: casePeople[who].level,
        },
      });
    }
    for (const [who, manager] of Object.entries(managers)) {
      await prisma.person.update({ where: { id: personId(who as CasePersona) }, data: { lineManagerId: personId(manager) } });
    }
    for (const [key, scenario] of Object.entries(SCENARIOS)) {
      const record = asRecord(scenario);
      await prisma.policeSuspectCase.create({
        data: {
          id: scenario.id,
          reference: REFERENCES[key as keyof typeof REFERENCES],
          reportedById: record.reportedById,
          receivedHow: "IN_PERSON",
          receivedAt: TABLE_NOW,
          suspectPersonId: record.suspectPersonId,
          suspectForceId: force.id,
          victimKind: "EMPLOYEE",
          victimPersonId: personId(scenario.victim),
          childrenInvolved: false,
          interestedPersonId: record.interestedPersonId,
          criminalOwnerId: record.criminalOwnerId,
          interestedAgreedAt: record.interestedAgreedAt,
          immediateDanger: false,
          account: "Fictional account for the policy test.",
          conflicts: { create: scenario.conflicts.map((conflict) => ({ personId: personId(conflict.who), reason: conflict.reason })) },
          access: {
            create: record.access.map((entry) => ({
              personId: entry.personId,
              capacity: entry.capacity as never,
              declarationState: entry.declarationState as never,
              reason: "policy test",
              revokedAt: entry.revokedAt,
              expiresAt: entry.expiresAt,
            })),
          },
          breakGlass: {
            create: record.breakGlass.map((use) => ({
              personId: use.personId,
              reason: "policy test",
              startedAt: new Date("2026-11-20T00:00:00Z"),
              expiresAt: use.expiresAt,
            })),
          },
        },
      });
    }
    // The reorganisation after intake: written the way any change to a person is, nothing else is told.
    for (const [who, manager] of [
      ["reorgSuspect", "reorgManager"],
      ["reorgManager", "reorgPsdOfficer"],
      ["reorgPsdOfficer", "reorgNpccOfficer"],
    ] as const) {
      await prisma.person.update({ where: { id: personId(who) }, data: { lineManagerId: personId(manager) } });
    }
    const unexpected: string[] = [];
    for (const row of casePolicyTable) {
      const ability = abilityOf(row.who);
      const scenario = scenarioOf(row);
      for (const action of CASE_ACTIONS) {
        const visible = await prisma.policeSuspectCase.count({ where: { AND: [accessScope(ability, action, "PoliceSuspectCase"), { id: scenario.id }] } });
        const expected = row.allowed.includes(action);
        if (visible > 0 !== expected) unexpected.push(`${row.as} (case ${row.case}) ${action}: database says ${visible > 0 ? "allowed" : "refused"}`);
      }
    }
    expect(unexpected).toEqual([]);

    // The suspect and their chain, as it is now, find no trace of their cases in any list the portal draws from.
    for (const [who, visible] of [
      ["reorgManager", []],
      ["reorgPsdOfficer", [caseA.id, caseB.id, caseD.id, caseE.id]],
      ["reorgNpccOfficer", [caseA.id, caseB.id, caseD.id, caseE.id]],
      ["npccOfficer", [caseA.id, caseB.id, caseC.id, caseE.id]],
      ["chiefOfficer", []],
    ] as const) {
      const ability = abilityOf(who);
      const everything = await prisma.policeSuspectCase.findMany({
        where: { OR: CASE_ACTIONS.map((action) => accessScope(ability, action, "PoliceSuspectCase")) },
        select: { id: true },
      });
      expect(everything.map((row) => row.id).sort(), who).toEqual([...visible].sort());
    }
    for (const who of ["suspect", "suspectsManager", "psdOfficerWhoIsSuspect", "admittingEmployee", "admittersManager", "suspectsSupporter"] as const) {
      const ability = abilityOf(who);
      const everything = await prisma.policeSuspectCase.findMany({
        where: { OR: CASE_ACTIONS.map((action) => accessScope(ability, action, "PoliceSuspectCase")) },
        select: { id: true },
      });
      // As PSD oversight, and (the admitter's manager, a duty inspector) break-glass on the cases they are not conflicted on.
      const own =
        who === "psdOfficerWhoIsSuspect"
          ? [caseA.id, caseC.id, caseD.id, caseE.id]
          : who === "admittersManager"
            ? [caseA.id, caseB.id, caseC.id, caseD.id]
            : [];
      expect(everything.map((row) => row.id).sort(), who).toEqual(own);
    }
  });

  it("lets PSD review alerts about others on cases they are not conflicted on, never alerts about themselves", async () => {
    const { prisma } = use();
    const alertOn = async (caseId: string, who: CasePersona) =>
      (await prisma.accessAlert.create({ data: { caseId, personId: personId(who), kind: "UNLISTED_ATTEMPT", via: "page" }, select: { id: true } })).id;
    const aboutOther = await alertOn(caseA.id, "unlistedInspector");
    const aboutSelf = await alertOn(caseA.id, "psdOfficer");
    const onConflictedCase = await alertOn(caseB.id, "unlistedInspector");
    const reviewable = async (who: CasePersona) =>
      (await prisma.accessAlert.findMany({ where: accessScope(abilityOf(who), "review", "AccessAlert"), select: { id: true } })).map((row) => row.id).sort();
    expect(await reviewable("psdOfficer")).toEqual([aboutOther, onConflictedCase].sort());
    expect(await reviewable("psdOfficerWhoIsSuspect")).toEqual([aboutOther, aboutSelf].sort());
    expect(await reviewable("unlistedInspector")).toEqual([]);
    expect(await reviewable("suspect")).toEqual([]);
  });
});
