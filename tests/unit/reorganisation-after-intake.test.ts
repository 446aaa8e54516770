// Promise 1 of the threat model, from the insider's side: someone who becomes the suspect's manager after intake (a
// PSD officer, someone on the access list, the NPCC officer) loses the case at their next request, and PSD is told.
// The change is made the way the administrator's change is (updatePerson); nothing else is run after it.
import { expect, it } from "vitest";
import { casesPage, searchCaseByReference } from "~/models/cases/list.server";
import { oversightCounts } from "~/models/cases/oversight.server";
import { createPoliceSuspectCase } from "~/models/cases/case.server";
import { recordDeclaration, DeclarationFormSchema } from "~/models/cases/declarations.server";
import { updatePerson } from "~/models/people/person.server";
import { accessScope, caseScope, openCase, raiseAlert } from "~/access/guard.server";
import { acknowledgeStep } from "~/models/referrals/chain.server";
import { chainTiming } from "~/models/referrals/timing.server";
import { loadChainFacts, CASE_FOR_CHAIN_SELECT } from "~/models/referrals/facts.server";
import { recipientFor } from "~/models/referrals/rules";
import type { PrismaClient } from "~/generated/prisma/client";
import { describeEachDatabase } from "../support/database";
import { fictionalIntake } from "../support/cases";
import { contextForPerson } from "../support/people";
import { statusOf } from "../support/responses";
import { seedDemoOrganisation, type SeedSummary } from "../../prisma/seed";

const noConnection = DeclarationFormSchema.parse({ hasConnection: "no" });

describeEachDatabase("reorganisation after intake: the new manager loses the case at their next request", (use) => {
  let seed: SeedSummary;
  const person = (key: string) =>
    seed.ids.people[key] ??
    (() => {
      throw new Error(`no seed person ${key}`);
    })();
  const contextFor = (key: string) => contextForPerson(use().prisma, person(key));

  async function reportAgainst(prisma: PrismaClient, suspectKey: string) {
    return prisma.$transaction((tx) => createPoliceSuspectCase(tx, { reporterId: person("pcPenhallow"), form: fictionalIntake(person(suspectKey)) }));
  }

  /** The administrator's change of line manager: the person's own record, with only the manager changed. */
  async function makeLineManager(prisma: PrismaClient, personKey: string, managerKey: string) {
    const { id, version, createdAt: _c, updatedAt: _u, ...data } = await prisma.person.findUniqueOrThrow({ where: { id: person(personKey) } });
    await prisma.$transaction((tx) => updatePerson(tx, id, version, { ...data, lineManagerId: person(managerKey) }, { add: [], remove: [] }, person("admin")));
  }

  async function sees(prisma: PrismaClient, key: string, caseId: string) {
    const context = await contextFor(key);
    const listed = (await casesPage(context, { page: 1 })).cases.some((row) => row.id === caseId);
    const counted = await prisma.$transaction(async (tx) => {
      const figures = await oversightCounts(tx, caseScope(context, "list"), accessScope(context.ability, "list", "AccessAlert"));
      return figures.counts.open ?? 0;
    });
    return { listed, counted };
  }

  const mailTo = async (prisma: PrismaClient, key: string, since: Date) => {
    const address = (await prisma.person.findUniqueOrThrow({ where: { id: person(key) } })).workEmail;
    return prisma.outboxMessage.count({ where: { toAddress: address, createdAt: { gte: since } } });
  };

  it("a PSD officer made the suspect's line manager: 404, gone from lists and counts, no alert mail, PSD told their access lapsed", async () => {
    const { prisma } = use();
    seed = await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    const created = await reportAgainst(prisma, "pcDuxbury");
    await prisma.$transaction((tx) => recordDeclaration(tx, created.id, person("psdInspector"), noConnection));
    const before = await openCase(await contextFor("psdInspector"), created.reference);
    expect(before.stance.kind).toBe("read");
    expect((await sees(prisma, "psdInspector", created.id)).listed).toBe(true);
    const countedBefore = (await sees(prisma, "psdInspector", created.id)).counted;

    const changedAt = new Date();
    await makeLineManager(prisma, "pcDuxbury", "psdInspector");
    const lapseMails = { psdInvestigator: await mailTo(prisma, "psdInvestigator", changedAt), psdInspector: await mailTo(prisma, "psdInspector", changedAt) };

    // Next request: exactly as a case that does not exist, audited as refused and alerted like any other attempt.
    expect(await statusOf(openCase(await contextFor("psdInspector"), created.reference))).toBe(404);
    const refused = await prisma.auditEvent.findFirstOrThrow({ where: { actorId: person("psdInspector"), subjectId: created.id }, orderBy: { id: "desc" } });
    expect([refused.action, refused.outcome]).toEqual(["access.read", "REFUSED"]);
    expect(await prisma.accessAlert.count({ where: { caseId: created.id, personId: person("psdInspector"), kind: "UNLISTED_ATTEMPT" } })).toBe(1);
    expect(await searchCaseByReference(await contextFor("psdInspector"), created.reference)).not.toBe("open");
    const after = await sees(prisma, "psdInspector", created.id);
    expect(after.listed).toBe(false);
    expect(after.counted).toBe(countedBefore - 1);

    // PSD is told that their access lapsed, and so did their own manager's (the head of PSD is now above the suspect
    // too): an alert each, and content-free mail to the PSD officer who is not conflicted, none to them.
    const lapsed = await prisma.accessAlert.findMany({ where: { caseId: created.id, kind: "ACCESS_LAPSED" } });
    expect(lapsed.map((alert) => alert.personId).sort()).toEqual([person("psdInspector"), person("psdHead")].sort());
    expect(lapseMails).toEqual({ psdInvestigator: 2, psdInspector: 0 });
    expect(await mailTo(prisma, "psdInspector", changedAt)).toBe(0);
    expect(await mailTo(prisma, "psdHead", changedAt)).toBe(0);
    const lapseMail = await prisma.outboxMessage.findMany({ where: { createdAt: { gte: changedAt } } });
    for (const message of lapseMail) expect(`${message.subject} ${message.text}`).not.toMatch(new RegExp(`${created.reference}|Duxbury|Ferrisby`, "i"));
    // Their colleagues see the lapse in their alerts; they themselves do not.
    const niamh = await contextFor("psdInvestigator");
    expect(await prisma.accessAlert.count({ where: { AND: [accessScope(niamh.ability, "list", "AccessAlert"), { kind: "ACCESS_LAPSED" }] } })).toBe(2);
    const callum = await contextFor("psdInspector");
    expect(await prisma.accessAlert.count({ where: { AND: [accessScope(callum.ability, "list", "AccessAlert"), { caseId: created.id }] } })).toBe(0);

    // No alert mail about the case reaches them any more.
    const later = new Date();
    await prisma.$transaction(async (tx) => {
      const auditEventId = (await tx.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } })).id;
      await raiseAlert(tx, { caseId: created.id, personId: person("pcMistryOake"), kind: "UNLISTED_ATTEMPT", via: "page", auditEventId });
    });
    expect(await mailTo(prisma, "psdInspector", later)).toBe(0);
    expect(await mailTo(prisma, "psdHead", later)).toBe(0);
    expect(await mailTo(prisma, "psdInvestigator", later)).toBe(1);

    // Moving away again does not restore the access: having managed the suspect is a recorded conflict.
    await makeLineManager(prisma, "pcDuxbury", "ashSergeant");
    expect(await statusOf(openCase(await contextFor("psdInspector"), created.reference))).toBe(404);
  });

  it("someone on the access list made the suspect's manager's manager: 404 at once, PSD told", async () => {
    const { prisma } = use();
    const created = await reportAgainst(prisma, "pcMistryOake");
    const step = await prisma.referralStep.findFirstOrThrow({ where: { caseId: created.id, role: "SUPERVISING_OFFICER" } });
    const supervisor = Object.entries(seed.ids.people).find(([, id]) => id === step.recipientPersonId)![0];
    await prisma.$transaction((tx) => acknowledgeStep(tx, step.id, step.recipientPersonId!, noConnection, chainTiming()));
    expect((await openCase(await contextFor(supervisor), created.reference)).stance.kind).toBe("read");

    // The suspect's sergeant now reports to the supervising officer: the suspect's chain holds them from now on.
    const suspect = await prisma.person.findUniqueOrThrow({ where: { id: person("pcMistryOake") }, select: { lineManagerId: true } });
    const sergeantKey = Object.entries(seed.ids.people).find(([, id]) => id === suspect.lineManagerId)![0];
    await makeLineManager(prisma, sergeantKey, supervisor);

    expect(await statusOf(openCase(await contextFor(supervisor), created.reference))).toBe(404);
    expect(await prisma.accessAlert.count({ where: { caseId: created.id, personId: person(supervisor), kind: "ACCESS_LAPSED" } })).toBe(1);
    // Everyone else on the list keeps their access.
    await prisma.$transaction((tx) => recordDeclaration(tx, created.id, person("psdHead"), noConnection));
    expect((await openCase(await contextFor("psdHead"), created.reference)).stance.kind).toBe("read");
  });

  it("the NPCC officer made the suspect's line manager: the case leaves their oversight, and PSD is told", async () => {
    const { prisma } = use();
    const created = await reportAgainst(prisma, "pcDuxbury");
    expect((await sees(prisma, "acc", created.id)).listed).toBe(true);
    await makeLineManager(prisma, "pcDuxbury", "acc");
    expect((await sees(prisma, "acc", created.id)).listed).toBe(false);
    expect(await statusOf(openCase(await contextFor("acc"), created.reference))).toBe(404);
    expect(await prisma.accessAlert.count({ where: { caseId: created.id, personId: person("acc"), kind: "ACCESS_LAPSED" } })).toBe(1);
  });

  it("a senior suspect whose manager is the NPCC officer is protected from them and from the chief officer; the chain goes to the PCC", async () => {
    const { prisma } = use();
    // The Ashbridge commander (a chief superintendent) reports to the NPCC officer, who reports up to the chief constable.
    await makeLineManager(prisma, "ashCommander", "acc");
    const created = await reportAgainst(prisma, "ashCommander");
    const conflicts = new Set((await prisma.caseConflict.findMany({ where: { caseId: created.id } })).map((row) => row.personId));
    for (const key of ["acc", "dcc", "cc"]) expect(conflicts.has(person(key)), key).toBe(true);
    for (const key of ["acc", "cc"]) {
      expect(await statusOf(openCase(await contextFor(key), created.reference)), key).toBe(404);
      expect((await sees(prisma, key, created.id)).listed, key).toBe(false);
    }
    // The NPCC officer and the chief officer are both conflicted: the police and crime commissioner receives it.
    const record = await prisma.policeSuspectCase.findUniqueOrThrow({ where: { id: created.id }, select: CASE_FOR_CHAIN_SELECT });
    const facts = await prisma.$transaction((tx) => loadChainFacts(tx, record, { supervisors: false }));
    const npccStep = recipientFor("NPCC_OFFICER", facts);
    expect(npccStep.recipient).toEqual({ kind: "mailbox", address: expect.stringContaining("@") });
    expect(npccStep.substitution).toMatch(/police and crime commissioner/);
  });
});
