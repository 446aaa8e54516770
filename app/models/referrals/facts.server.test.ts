// Which holder of a role a referral goes to first must not depend on an install's random ids; and the facts, read in one
// statement, name the chains as they are now and never a conflicted person.
import { expect, it } from "vitest";
import { createPoliceSuspectCase } from "~/models/cases/case.server";
import { fictionalIntake } from "../../../tests/support/cases";
import { describeEachDatabase } from "../../../tests/support/database";
import { seedDemoOrganisation } from "../../../prisma/seed";
import { CASE_FOR_CHAIN_SELECT, loadChainFacts, supervisorCandidates } from "./facts.server";
import { recipientFor, stepsAtReport, stepsOnAcceptance } from "./rules";

const T0 = new Date("2026-11-20T11:00:00Z");
const timing = { now: T0, windows: { supervisingOfficer: 60, others: 240 }, employerUpdateDays: 28 };

describeEachDatabase("the order of a role's holders", (use) => {
  it("is by when they were given the role, then by surname, first name and work email: never by their ids", async () => {
    const { prisma } = use();
    const seed = await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    const person = (key: string) => seed.ids.people[key]!;
    const { id } = await prisma.$transaction((tx) =>
      createPoliceSuspectCase(tx, { reporterId: person("pcPenhallow"), form: fictionalIntake(person("pcDuxbury")), timing }),
    );
    const created = await prisma.policeSuspectCase.findUniqueOrThrow({
      where: { id },
      select: CASE_FOR_CHAIN_SELECT,
    });
    const coordinators = [person("daCoordinatorOfficer"), person("daCoordinatorStaff")].sort();
    const [lowerId, higherId] = coordinators as [string, string];
    const sameMoment = new Date("2026-01-05T09:00:00Z");
    await prisma.roleAssignment.updateMany({ where: { role: "DA_COORDINATOR", personId: { in: coordinators } }, data: { grantedAt: sameMoment } });
    // The holder whose id sorts last has the surname that sorts first.
    await prisma.person.update({ where: { id: higherId }, data: { lastName: "Abbot-Fictional" } });
    await prisma.person.update({ where: { id: lowerId }, data: { lastName: "Zennor-Fictional" } });
    const facts = await prisma.$transaction((tx) => loadChainFacts(tx, created));
    expect(facts.daCoordinators).toEqual([higherId, lowerId]);

    // Given the role earlier comes first, whatever the name.
    await prisma.roleAssignment.updateMany({ where: { role: "DA_COORDINATOR", personId: lowerId }, data: { grantedAt: new Date("2025-06-01T09:00:00Z") } });
    expect((await prisma.$transaction((tx) => loadChainFacts(tx, created))).daCoordinators).toEqual([lowerId, higherId]);
  });
});

// The facts are one statement (line chains from `line_chain`, supervisors, contacts and the people told of missing
// data): checked here against the organisation walked by hand, before and after a reorganisation.
describeEachDatabase("the chain's facts in one statement", (use) => {
  it("read the chains as they are now, and never offer a conflicted person as supervisor or tell them of missing data", async () => {
    const { prisma } = use();
    const seed = await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    const person = (key: string) => seed.ids.people[key]!;
    const { id } = await prisma.$transaction((tx) =>
      createPoliceSuspectCase(tx, { reporterId: person("pcPenhallow"), form: fictionalIntake(person("pcDuxbury")), timing }),
    );
    const record = await prisma.policeSuspectCase.findUniqueOrThrow({ where: { id }, select: CASE_FOR_CHAIN_SELECT });
    const people = await prisma.person.findMany({ select: { id: true, lineManagerId: true, unitId: true, workEmail: true } });
    const byId = new Map(people.map((p) => [p.id, p]));
    // The line chain walked by hand, from `from` upwards (itself included).
    const walk = (from: string | null | undefined): string[] => (from ? [from, ...walk(byId.get(from)?.lineManagerId)] : []);
    const factsNow = () => prisma.$transaction((tx) => loadChainFacts(tx, record));

    const facts = await factsNow();
    expect([...facts.excluded].sort()).toEqual(walk(person("pcDuxbury")).sort());
    const suspectUnit = await prisma.unit.findUniqueOrThrow({ where: { id: byId.get(person("pcDuxbury"))!.unitId! } });
    expect(facts.suspectCommanders).toEqual(walk(suspectUnit.commanderId));
    // The intake's own query of the supervisors agrees with the facts' (the chosen one first).
    const defaults = await prisma.$transaction((tx) => supervisorCandidates(tx, record.reportedById, facts.excluded));
    const chosen = record.supervisingOfficerId;
    expect(facts.supervisors).toEqual(chosen ? [chosen, ...defaults.filter((s) => s !== chosen)] : defaults);
    expect(facts.supervisors[0]).toBe(person("kelDutyInspector"));
    expect(facts.supervisors.filter((s) => facts.excluded.has(s))).toEqual([]);
    // Whoever a first send chooses, and every role holder and area commander, has their contact details with them.
    const chosenNow = [...stepsAtReport(facts), ...stepsOnAcceptance(facts)].flatMap((step) =>
      step.recipient.kind === "person" ? [step.recipient.personId] : [],
    );
    expect(chosenNow.length).toBeGreaterThan(3);
    for (const named of [...chosenNow, ...facts.areaCommanders, ...facts.psd, ...facts.daCoordinators, ...facts.npccOfficers]) {
      expect(facts.contacts.get(named)?.workEmail, named).toBe(byId.get(named)!.workEmail);
    }
    const told = new Map(facts.missingDataRecipients.map((r) => [r.id, r.link]));
    expect(told.get(person("admin"))).toBe("/admin");
    expect(told.get(person("psdInvestigator"))).toBe("/oversight");
    expect(told.get(person("psdHead"))).toBe("/oversight");

    // The suspect moves under a PSD officer, and the duty inspector is recorded as conflicted: both leave every list.
    await prisma.person.update({ where: { id: person("pcDuxbury") }, data: { lineManagerId: person("psdInvestigator") } });
    await prisma.caseConflict.create({ data: { caseId: id, personId: person("kelDutyInspector"), reason: "Fictional: recorded at intake" } });
    try {
      const after = await factsNow();
      const chainNow = walk(person("psdInvestigator"));
      for (const conflicted of [person("pcDuxbury"), person("kelDutyInspector"), ...chainNow]) expect(after.excluded.has(conflicted), conflicted).toBe(true);
      // The one chosen at intake stays first on the list (the rules skip them); nobody else conflicted is offered.
      const offered = chosen ? after.supervisors.filter((s) => s !== chosen) : after.supervisors;
      expect(offered).not.toContain(person("kelDutyInspector"));
      expect(offered.filter((s) => after.excluded.has(s))).toEqual([]);
      const supervisor = stepsAtReport(after)[0]!.recipient as { kind: string; personId: string };
      expect(supervisor.kind).toBe("person");
      expect(supervisor.personId).not.toBe(person("kelDutyInspector"));
      expect(after.excluded.has(supervisor.personId)).toBe(false);
      const toldAfter = after.missingDataRecipients.map((r) => r.id);
      expect(toldAfter).not.toContain(person("psdInvestigator"));
      expect(toldAfter).not.toContain(person("psdHead"));
      expect(toldAfter).toContain(person("admin"));
      expect(recipientFor("PROFESSIONAL_STANDARDS", after).recipient).not.toMatchObject({ personId: person("psdInvestigator") });
    } finally {
      await prisma.caseConflict.delete({ where: { caseId_personId: { caseId: id, personId: person("kelDutyInspector") } } });
      await prisma.person.update({ where: { id: person("pcDuxbury") }, data: { lineManagerId: byId.get(person("pcDuxbury"))!.lineManagerId } });
    }
  });
});
