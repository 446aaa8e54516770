// Who may see and review a quiet read (policies/rules/quiet-reads.ts), as a table: each persona × each entry, on the
// entry as a record and through the database filter, on both databases, with 0 unexpected allows.
import { subject } from "@casl/ability";
import { describe, expect, it } from "vitest";
import { accessScope } from "~/access/guard.server";
import { describeEachDatabase } from "../tests/support/database";
import { defineAbilityFor } from "./ability";
import type { PolicyPerson } from "./subjects";

const id = (n: number) => `00000000-0000-4000-8000-0000000003${String(n).padStart(2, "0")}`;
const people = {
  psdOfficer: { id: id(1), forceId: "f1", unitId: "psd", level: 3, roles: ["PSD_OFFICER"] },
  psdColleague: { id: id(2), forceId: "f1", unitId: "psd", level: 3, roles: ["PSD_OFFICER"] },
  npccOfficer: { id: id(3), forceId: "f1", unitId: "cog", level: 7, roles: ["NPCC_OFFICER"] },
  conflictedNpccOfficer: { id: id(4), forceId: "f1", unitId: "cog", level: 7, roles: ["NPCC_OFFICER"] },
  overridingCoordinator: { id: id(5), forceId: "f1", unitId: "da", level: 2, roles: ["DA_COORDINATOR"] },
  employee: { id: id(6), forceId: "f1", unitId: "u1", level: 1, roles: [] },
  administrator: { id: id(7), forceId: "f1", unitId: "u2", level: 2, roles: ["ADMINISTRATOR"] },
  psdHead: { id: id(8), forceId: "f1", unitId: "psd", level: 5, roles: ["HEAD_OF_PSD"] },
  npccAbovePsd: { id: id(9), forceId: "f1", unitId: "cog", level: 7, roles: ["NPCC_OFFICER"] },
} satisfies Record<string, PolicyPerson>;
type Persona = keyof typeof people;
/** Line management: the PSD officer reports to the head of PSD, who reports to an NPCC officer. */
const LINE_MANAGER: Partial<Record<Persona, Persona>> = { psdOfficer: "psdHead", psdHead: "npccAbovePsd" };
/** A persona and everyone above them (the line chain, the persona at depth 0). */
function chainOf(who: Persona): Persona[] {
  const above = LINE_MANAGER[who];
  return [who, ...(above ? chainOf(above) : [])];
}
const CASE_ID = "00000000-0000-4000-8000-00000000d001";

interface Entry {
  id: string;
  kind: "SAFEGUARDING_OVERRIDE" | "BREAK_GLASS" | "PSD_READ";
  reviewer: "PSD" | "NPCC";
  reader: Persona;
  subject: Persona | null;
  onCase: boolean;
}
const entries: Record<string, Entry> = {
  silentOverride: { id: id(51), kind: "SAFEGUARDING_OVERRIDE", reviewer: "PSD", reader: "overridingCoordinator", subject: "employee", onCase: false },
  overrideOfPsdColleague: {
    id: id(52),
    kind: "SAFEGUARDING_OVERRIDE",
    reviewer: "PSD",
    reader: "overridingCoordinator",
    subject: "psdColleague",
    onCase: false,
  },
  breakGlass: { id: id(53), kind: "BREAK_GLASS", reviewer: "PSD", reader: "overridingCoordinator", subject: null, onCase: true },
  psdReadOfColleague: { id: id(54), kind: "PSD_READ", reviewer: "NPCC", reader: "psdOfficer", subject: "psdColleague", onCase: true },
  // Reads by reviewers themselves: never on their own list.
  readByPsdOfficer: { id: id(55), kind: "BREAK_GLASS", reviewer: "PSD", reader: "psdOfficer", subject: "employee", onCase: false },
  readByNpccOfficer: { id: id(56), kind: "SAFEGUARDING_OVERRIDE", reviewer: "NPCC", reader: "npccOfficer", subject: "employee", onCase: false },
};
type EntryKey = keyof typeof entries;
/** On the case: the PSD colleague (the suspect) and the conflicted NPCC officer (in the suspect's line chain, say). */
const CONFLICTED: Persona[] = ["psdColleague", "conflictedNpccOfficer"];

/** What each persona may list, read and review: nothing else. */
const table: Record<Persona, EntryKey[]> = {
  psdOfficer: ["silentOverride", "overrideOfPsdColleague", "breakGlass"],
  psdColleague: ["silentOverride", "readByPsdOfficer"], // not the override of them, not the case they are conflicted on
  npccOfficer: ["psdReadOfColleague"],
  conflictedNpccOfficer: ["readByNpccOfficer"], // conflicted on the case only
  psdHead: ["silentOverride", "overrideOfPsdColleague", "breakGlass"], // not the read by the PSD officer who reports to them
  npccAbovePsd: ["readByNpccOfficer"], // not the PSD officer's read: he is two levels below
  overridingCoordinator: [], // never their own reads
  employee: [],
  administrator: [],
};
const ACTIONS = ["list", "read", "review"] as const;
const abilityOf = (who: Persona) => defineAbilityFor(people[who]);

function asRecord(entry: Entry) {
  return {
    id: entry.id,
    kind: entry.kind,
    reviewer: entry.reviewer,
    readerId: people[entry.reader].id,
    reader: { chain: chainOf(entry.reader).map((who) => ({ ancestorId: people[who].id })) },
    subjectPersonId: entry.subject ? people[entry.subject].id : null,
    caseId: entry.onCase ? CASE_ID : null,
    case: entry.onCase ? { conflicts: CONFLICTED.map((who) => ({ personId: people[who].id })) } : null,
    outcome: null,
  };
}

describe("the quiet-read rules, entry by entry", () => {
  it.each(Object.keys(people) as Persona[])("%s", (who) => {
    const ability = abilityOf(who);
    for (const [key, entry] of Object.entries(entries))
      for (const action of ACTIONS)
        expect(ability.can(action, subject("QuietRead", asRecord(entry) as never)), `${who} ${action} ${key}`).toBe(table[who].includes(key as EntryKey));
  });
});

describeEachDatabase("the quiet-read rules filter the database exactly as the table says", (use) => {
  it("gives each persona exactly the table's entries through the database filter, and 0 unexpected allows", async () => {
    const { prisma } = use();
    const force = await prisma.force.create({ data: { name: "Quiet Read Policy Force (fictional)", shortName: "QRP", isHome: true } });
    const reporter = await prisma.person.create({
      data: {
        forceId: force.id,
        firstName: "Reporter",
        lastName: "Fictional",
        workEmail: "reporter@quiet-read-policy.invalid",
        employeeType: "STAFF",
        level: 1,
      },
    });
    await prisma.policeSuspectCase.create({
      data: {
        id: CASE_ID,
        reference: "QQQQ-2222",
        reportedById: reporter.id,
        receivedHow: "IN_PERSON",
        receivedAt: new Date(),
        suspectForceId: force.id,
        victimKind: "MEMBER_OF_PUBLIC",
        childrenInvolved: false,
        immediateDanger: false,
        account: "Fictional account for the policy test.",
        conflicts: { create: CONFLICTED.map((who) => ({ personId: people[who].id, reason: "line chain" })) },
      },
    });
    // The personas as people, managers first: the database keeps each one's line chain.
    const managersFirst = (Object.keys(people) as Persona[]).sort((a, b) => chainOf(a).length - chainOf(b).length);
    for (const who of managersFirst) {
      const manager = LINE_MANAGER[who];
      const email = `${who.toLowerCase()}@quiet-read-policy.invalid`;
      const placed = { forceId: force.id, level: people[who].level, lineManagerId: manager ? people[manager].id : null };
      await prisma.person.create({ data: { id: people[who].id, firstName: who, lastName: "Fictional", workEmail: email, employeeType: "STAFF", ...placed } });
    }
    for (const entry of Object.values(entries)) {
      const { case: _case, reader: _reader, ...row } = asRecord(entry);
      await prisma.quietRead.create({ data: { ...row, startedAt: new Date(), reason: "policy test" } });
    }
    const unexpected: string[] = [];
    for (const who of Object.keys(people) as Persona[]) {
      for (const action of ACTIONS) {
        const visible = await prisma.quietRead.findMany({ where: accessScope(abilityOf(who), action, "QuietRead"), select: { id: true } });
        const expected = table[who].map((key) => entries[key]!.id);
        const got = visible.map((row) => row.id);
        for (const rowId of got) if (!expected.includes(rowId)) unexpected.push(`${who} ${action}: allowed ${rowId}`);
        for (const rowId of expected) if (!got.includes(rowId)) unexpected.push(`${who} ${action}: refused ${rowId}`);
      }
    }
    expect(unexpected).toEqual([]);
  });
});
