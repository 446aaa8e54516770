// The referral chain against the demo organisation, on PGlite and PostgreSQL: intake → supervising officer →
// everyone else; acknowledgement grants access; a declared conflict passes the step on; the scheduler reminds, then
// escalates, survives a restart and acts once with two instances; missing organisation data is never dropped.
import { expect, it } from "vitest";
import type { Db } from "~/db.server";
import { DeclarationFormSchema } from "~/models/cases/declarations.server";
import { createPoliceSuspectCase, type IntakeForm } from "~/models/cases/case.server";
import { fictionalIntake } from "../../../tests/support/cases";
import { describeEachDatabase } from "../../../tests/support/database";
import { seedDemoOrganisation, type SeedSummary } from "../../../prisma/seed";
import { acknowledgeStep, markFullyReferred, type ChainTiming } from "./chain.server";
import { runReferralScheduler, startReferralScheduler, type SchedulerMemory } from "./scheduler.server";
import { openReferral } from "./referral-page.server";
import { setDatabase } from "~/db.server";
import { contextForPerson } from "../../../tests/support/people";
import { statusOf } from "../../../tests/support/responses";

const T0 = new Date("2026-11-20T11:00:00Z");
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
const timing = (now: Date): ChainTiming => ({ now, windows: { supervisingOfficer: 60, others: 240 }, employerUpdateDays: 28 });
const noConnection = DeclarationFormSchema.parse({ hasConnection: "no" });
const connection = DeclarationFormSchema.parse({ hasConnection: "yes", connections: ["social"], details: "Fictional: we play in the same five-a-side team." });

describeEachDatabase("the referral chain", (use) => {
  let seed: SeedSummary;
  const person = (key: string) => {
    const id = seed.ids.people[key];
    if (!id) throw new Error(`no seed person ${key}`);
    return id;
  };

  const intake = (overrides: Partial<Record<keyof IntakeForm, string>> = {}) => fictionalIntake(person("pcDuxbury"), overrides);

  async function report(prisma: Db, overrides: Partial<Record<keyof IntakeForm, string>> = {}, reporter = "pcPenhallow") {
    return prisma.$transaction((tx) => createPoliceSuspectCase(tx, { reporterId: person(reporter), form: intake(overrides), timing: timing(T0) }));
  }

  async function stepsOf(prisma: Db, caseId: string) {
    return prisma.referralStep.findMany({ where: { caseId }, orderBy: [{ createdAt: "asc" }, { stage: "asc" }, { role: "asc" }] });
  }

  async function current(prisma: Db, caseId: string, role: string) {
    const steps = await prisma.referralStep.findMany({ where: { caseId, role: role as never, state: { not: "REPLACED" } } });
    expect(steps, role).toHaveLength(1);
    return steps[0]!;
  }

  async function mailTo(prisma: Db, key: string, since: Date = new Date(0)) {
    const address = (await prisma.person.findUniqueOrThrow({ where: { id: person(key) } })).workEmail;
    return prisma.outboxMessage.count({ where: { toAddress: address, createdAt: { gte: since } } });
  }

  it("refers the report to the supervising officer at once, and on acceptance to everyone the policy names, never the suspect's chain", async () => {
    const { prisma } = use();
    seed = await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    const created = await report(prisma);
    const first = await stepsOf(prisma, created.id);
    expect(first.map((step) => [step.role, step.state, step.recipientPersonId])).toEqual([["SUPERVISING_OFFICER", "AWAITING", person("kelDutyInspector")]]);
    expect(first[0]!.dueAt).toEqual(minutes(60));

    const supervisorStep = first[0]!;
    expect(await prisma.$transaction((tx) => acknowledgeStep(tx, supervisorStep.id, person("kelDutyInspector"), noConnection, timing(minutes(10))))).toBe(
      "acknowledged",
    );
    const access = await prisma.caseAccess.findFirstOrThrow({ where: { caseId: created.id, personId: person("kelDutyInspector") } });
    expect([access.capacity, access.declarationState]).toEqual(["SUPERVISING_OFFICER", "NO_CONNECTION"]);

    const chain = (await stepsOf(prisma, created.id)).filter((step) => step.stage === 2);
    const byRole = Object.fromEntries(chain.map((step) => [step.role, step.recipientPersonId]));
    expect(byRole).toEqual({
      // Ashbridge's commander is in the suspect's chain: the next area commander receives it.
      LOCAL_COMMANDER: person("kelCommander"),
      NPCC_OFFICER: person("acc"),
      DA_COORDINATOR: expect.any(String),
      CAIU_SUPERVISOR: person("caiuSupervisor"),
      PROFESSIONAL_STANDARDS: person("psdHead"),
      // The notice (no access, no content) goes to the first commander up from the suspect's unit who is not in the
      // suspect's line chain. Here every one is (Ashbridge's commander, the DCC, the chief constable: no rank is exempt,
      // ADR 024), so it goes to nobody and PSD sees the gap: telling someone above the suspect would tip the chain off.
      SUSPECT_COMMANDER: null,
    });
    expect([person("daCoordinatorOfficer"), person("daCoordinatorStaff")]).toContain(byRole.DA_COORDINATOR);
    const conflicted = new Set((await prisma.caseConflict.findMany({ where: { caseId: created.id } })).map((c) => c.personId));
    for (const step of chain) expect(conflicted.has(step.recipientPersonId!), step.role).toBe(false);
    expect(conflicted.has(person("ashCommander"))).toBe(true);
    expect(await mailTo(prisma, "ashCommander")).toBe(0);
    expect(chain.find((step) => step.role === "SUSPECT_COMMANDER")?.state).toBe("NO_RECIPIENT");
    const record = await prisma.policeSuspectCase.findUniqueOrThrow({ where: { id: created.id } });
    expect(record.chainStartedAt).toEqual(minutes(10));
    expect(record.fullyReferredAt).toBeNull();
    // The suspect is told nothing, ever.
    expect(await mailTo(prisma, "pcDuxbury")).toBe(0);

    // Everyone acknowledges: the moment the last one does is the case's full referral.
    const awaiting = chain.filter((step) => step.state === "AWAITING");
    for (const [index, step] of awaiting.entries()) {
      await prisma.$transaction((tx) => acknowledgeStep(tx, step.id, step.recipientPersonId!, noConnection, timing(minutes(20 + index))));
      const now = await prisma.policeSuspectCase.findUniqueOrThrow({ where: { id: created.id } });
      expect(now.fullyReferredAt).toEqual(index === awaiting.length - 1 ? minutes(20 + index) : null);
    }
    // PSD, already on the list from intake, now has its declaration recorded through the acknowledgement.
    const psdEntry = await prisma.caseAccess.findFirstOrThrow({ where: { caseId: created.id, personId: person("psdHead") } });
    expect(psdEntry.declarationState).toBe("NO_CONNECTION");
  });

  it("a notice with nobody it may go to does not hold up the full referral; a referral with nobody to receive it does", async () => {
    const { prisma } = use();
    const created = await report(prisma);
    const supervisorStep = await current(prisma, created.id, "SUPERVISING_OFFICER");
    await prisma.$transaction((tx) => acknowledgeStep(tx, supervisorStep.id, person("kelDutyInspector"), noConnection, timing(minutes(1))));
    // The suspect's commander's notice has nobody (every commander above Kieran is in his chain); the DA coordinator's
    // referral is made to have nobody too, as when the force has no coordinator who is not conflicted.
    expect((await current(prisma, created.id, "SUSPECT_COMMANDER")).state).toBe("NO_RECIPIENT");
    const daStep = await current(prisma, created.id, "DA_COORDINATOR");
    await prisma.referralStep.update({ where: { id: daStep.id }, data: { state: "NO_RECIPIENT", recipientPersonId: null, dueAt: null } });
    const others = (await stepsOf(prisma, created.id)).filter((step) => step.stage === 2 && step.state === "AWAITING");
    for (const step of others) {
      await prisma.$transaction((tx) => acknowledgeStep(tx, step.id, step.recipientPersonId!, noConnection, timing(minutes(5))));
    }
    const fullyReferredAt = async () => (await prisma.policeSuspectCase.findUniqueOrThrow({ where: { id: created.id } })).fullyReferredAt;
    expect(await fullyReferredAt()).toBeNull();
    await prisma.$transaction((tx) => markFullyReferred(tx, created.id, minutes(6)));
    expect(await fullyReferredAt()).toBeNull();

    // Once the referral reaches someone and is acknowledged, only the notice is left without anyone: the case is fully referred.
    await prisma.referralStep.update({ where: { id: daStep.id }, data: { state: "ACKNOWLEDGED", recipientPersonId: daStep.recipientPersonId } });
    await prisma.$transaction((tx) => markFullyReferred(tx, created.id, minutes(7)));
    expect(await fullyReferredAt()).toEqual(minutes(7));
  });

  it("a recipient who declares a connection is replaced by the next eligible holder; the declaration stays on the case file", async () => {
    const { prisma } = use();
    const created = await report(prisma);
    const supervisorStep = await current(prisma, created.id, "SUPERVISING_OFFICER");
    expect(await prisma.$transaction((tx) => acknowledgeStep(tx, supervisorStep.id, person("kelDutyInspector"), connection, timing(minutes(5))))).toBe(
      "replaced",
    );
    const replacement = await current(prisma, created.id, "SUPERVISING_OFFICER");
    expect(replacement.recipientPersonId).not.toBe(person("kelDutyInspector"));
    expect(replacement.replacesStepId).toBe(supervisorStep.id);
    expect(await prisma.caseAccess.count({ where: { caseId: created.id, personId: person("kelDutyInspector") } })).toBe(0);
    const declaration = await prisma.conflictDeclaration.findFirstOrThrow({ where: { caseId: created.id, personId: person("kelDutyInspector") } });
    expect(declaration.hasConnection).toBe(true);
    // Someone else answering, or answering twice, changes nothing.
    await expect(
      prisma.$transaction((tx) => acknowledgeStep(tx, replacement.id, person("kelDutyInspector"), noConnection, timing(minutes(6)))),
    ).rejects.toMatchObject({ errors: { form: expect.stringContaining("not addressed to you") } });
    await expect(
      prisma.$transaction((tx) => acknowledgeStep(tx, supervisorStep.id, person("kelDutyInspector"), noConnection, timing(minutes(6)))),
    ).rejects.toMatchObject({ errors: { form: expect.stringContaining("passed to someone else") } });
    const events = await prisma.referralEvent.findMany({ where: { caseId: created.id }, orderBy: { at: "asc" } });
    expect(events.map((e) => e.kind)).toEqual(["SENT", "CONFLICT_DECLARED", "SENT"]);
    await expect(use().rawSql(`UPDATE "referral_event" SET "note" = 'tampered' WHERE "caseId" = '${created.id}'`)).rejects.toThrow(/cannot be changed/);
  });

  it("someone who has come into the suspect's line chain since the referral was sent is passed over, and given nothing", async () => {
    const { prisma } = use();
    const created = await report(prisma);
    const step = await current(prisma, created.id, "SUPERVISING_OFFICER");
    expect(step.recipientPersonId).toBe(person("kelDutyInspector"));
    const suspect = await prisma.person.findUniqueOrThrow({ where: { id: person("pcDuxbury") } });
    await prisma.person.update({ where: { id: suspect.id }, data: { lineManagerId: person("kelDutyInspector") } });
    try {
      expect(await prisma.$transaction((tx) => acknowledgeStep(tx, step.id, person("kelDutyInspector"), noConnection, timing(minutes(3))))).toBe("replaced");
      const next = await current(prisma, created.id, "SUPERVISING_OFFICER");
      expect(next.recipientPersonId).not.toBe(person("kelDutyInspector"));
      expect(await prisma.caseAccess.count({ where: { caseId: created.id, personId: person("kelDutyInspector") } })).toBe(0);
    } finally {
      await prisma.person.update({ where: { id: suspect.id }, data: { lineManagerId: suspect.lineManagerId } });
    }
  });

  it("a recipient now in the suspect's line chain who opens the referral gets 'not found'; the scheduler, not the GET, passes it on", async () => {
    const database = use();
    const { prisma } = database;
    setDatabase(database);
    const created = await report(prisma);
    const step = await current(prisma, created.id, "SUPERVISING_OFFICER");
    const suspect = await prisma.person.findUniqueOrThrow({ where: { id: person("pcDuxbury") } });
    await prisma.person.update({ where: { id: suspect.id }, data: { lineManagerId: person("kelDutyInspector") } });
    try {
      const recipient = await contextForPerson(prisma, person("kelDutyInspector"));
      expect(await statusOf(openReferral(recipient, step.id))).toBe(404);
      // The GET changed nothing: the step still waits for them, and nothing was given to them.
      expect(await prisma.referralStep.findUniqueOrThrow({ where: { id: step.id } })).toMatchObject({
        state: "AWAITING",
        recipientPersonId: person("kelDutyInspector"),
      });
      const refusal = await prisma.auditEvent.findFirstOrThrow({
        where: { actorId: person("kelDutyInspector"), action: "referral.open" },
        orderBy: { id: "desc" },
      });
      expect(refusal.outcome).toBe("REFUSED");
      // More steps wait, older and for someone not conflicted, than a pass takes at once: the conflicted one is found anyway.
      await database.rawSql(
        `INSERT INTO "referral_step" ("id", "caseId", "stage", "role", "state", "recipientPersonId", "sentAt", "dueAt", "createdAt")
         SELECT gen_random_uuid(), '${created.id}', 2, 'DA_COORDINATOR', 'AWAITING', '${person("pcPenhallow")}', now(), now() + interval '10 years', '2020-01-01'::timestamp + n * interval '1 second'
         FROM generate_series(1, 150) AS n`,
      );
      // Every waiting step whose recipient is now above the suspect is passed on: this one, and those of this file's
      // earlier reports about the same suspect.
      expect((await runReferralScheduler(prisma, timing(minutes(2)))).handedOn).toBeGreaterThanOrEqual(1);
      expect(await prisma.referralStep.count({ where: { caseId: created.id, recipientPersonId: person("pcPenhallow"), state: "AWAITING" } })).toBe(150);
      const next = await current(prisma, created.id, "SUPERVISING_OFFICER");
      expect(next.recipientPersonId).not.toBe(person("kelDutyInspector"));
      expect(await prisma.caseAccess.count({ where: { caseId: created.id, personId: person("kelDutyInspector") } })).toBe(0);
      // Passed on once: a second pass finds nothing to do.
      expect(await runReferralScheduler(prisma, timing(minutes(3)))).toMatchObject({ handedOn: 0 });
    } finally {
      await prisma.referralStep.deleteMany({ where: { caseId: created.id, recipientPersonId: person("pcPenhallow") } });
      await prisma.person.update({ where: { id: suspect.id }, data: { lineManagerId: suspect.lineManagerId } });
    }
  });

  it("reminds an unacknowledged recipient, then escalates to the next eligible holder; across a restart, and once with two instances", async () => {
    const { prisma, openAnotherClient } = use();
    const created = await report(prisma);
    const step = await current(prisma, created.id, "SUPERVISING_OFFICER");
    const holder = step.recipientPersonId!;

    // Nothing is due before the window ends.
    expect(await runReferralScheduler(prisma, timing(minutes(59)))).toMatchObject({ reminded: 0, escalated: 0 });
    // A server instance runs and stops (a restart) having reminded once.
    const before = await prisma.outboxMessage.count({ where: { createdAt: { gte: T0 } } });
    const firstInstance = await openAnotherClient();
    const scheduler = startReferralScheduler({ prisma: firstInstance.prisma, intervalMs: 60_000, timing: () => timing(minutes(61)) });
    await expect.poll(async () => (await prisma.referralStep.findUniqueOrThrow({ where: { id: step.id } })).remindedAt).toEqual(minutes(61));
    await scheduler.stop();
    await firstInstance.close();
    const reminderMail = (await prisma.outboxMessage.count({ where: { createdAt: { gte: T0 } } })) - before;
    expect(reminderMail).toBeGreaterThanOrEqual(1);

    // After the restart, two instances run at the same moment: the reminder is not repeated and the escalation
    // happens exactly once.
    const second = await openAnotherClient();
    const third = await openAnotherClient();
    const [a, b] = await Promise.all([runReferralScheduler(second.prisma, timing(minutes(61))), runReferralScheduler(third.prisma, timing(minutes(61)))]);
    expect(a.reminded + b.reminded).toBe(0);
    const [c, d] = await Promise.all([runReferralScheduler(second.prisma, timing(minutes(122))), runReferralScheduler(third.prisma, timing(minutes(122)))]);
    await second.close();
    await third.close();
    const escalatedHere = await prisma.referralStep.count({ where: { caseId: created.id, role: "SUPERVISING_OFFICER", state: "REPLACED" } });
    expect(escalatedHere).toBe(1);
    expect(c.escalated + d.escalated).toBeGreaterThanOrEqual(1);
    const next = await current(prisma, created.id, "SUPERVISING_OFFICER");
    expect(next.recipientPersonId).not.toBe(holder);
    expect(next.state).toBe("AWAITING");
    const kinds = (await prisma.referralEvent.findMany({ where: { caseId: created.id }, orderBy: { at: "asc" } })).map((e) => e.kind);
    expect(kinds).toEqual(["SENT", "REMINDED", "ESCALATED", "SENT"]);
    // The old holder had one referral mail and one reminder, never more.
    const address = (await prisma.person.findUniqueOrThrow({ where: { id: holder } })).workEmail;
    expect(await prisma.outboxMessage.count({ where: { toAddress: address, createdAt: { gte: T0 } } })).toBeGreaterThanOrEqual(2);
  });

  it("never drops a step for missing organisation data: the chief officer as suspect with no PCC mailbox, then the mailbox configured", async () => {
    const { prisma } = use();
    await prisma.force.updateMany({ where: { isHome: true }, data: { pccContactEmail: null } });
    const psdMailBefore = await mailTo(prisma, "psdInspector");
    const adminMailBefore = await mailTo(prisma, "admin");
    const created = await report(prisma, { suspectPersonId: person("cc") }, "kelStaff");
    const pcc = await current(prisma, created.id, "POLICE_AND_CRIME_COMMISSIONER");
    expect(pcc.state).toBe("NO_RECIPIENT");
    expect(pcc.missing).toMatch(/commissioner's mailbox/);
    expect(await mailTo(prisma, "psdInspector")).toBeGreaterThan(psdMailBefore);
    expect(await mailTo(prisma, "admin")).toBeGreaterThan(adminMailBefore);
    expect(await mailTo(prisma, "cc")).toBe(0);

    // Still missing: the scheduler leaves it red and alerts nobody again. A running scheduler remembers the organisation
    // data it last tried with, and tries again only when that has changed (or ten minutes on): the change is noticed.
    const memory: SchedulerMemory = {};
    const adminMailAfter = await mailTo(prisma, "admin");
    expect(await runReferralScheduler(prisma, timing(minutes(1)), memory)).toMatchObject({ resolved: 0 });
    expect(await runReferralScheduler(prisma, timing(minutes(1.5)), memory)).toMatchObject({ resolved: 0 });
    expect(await mailTo(prisma, "admin")).toBe(adminMailAfter);

    await prisma.force.updateMany({ where: { isHome: true }, data: { pccContactEmail: "pcc-office@northshire-pcc.invalid" } });
    expect(await runReferralScheduler(prisma, timing(minutes(2)), memory)).toMatchObject({ resolved: 1 });
    const sent = await current(prisma, created.id, "POLICE_AND_CRIME_COMMISSIONER");
    expect([sent.state, sent.recipientMailbox]).toEqual(["DELIVERED", "pcc-office@northshire-pcc.invalid"]);
    const mail = await prisma.outboxMessage.findFirstOrThrow({ where: { toAddress: "pcc-office@northshire-pcc.invalid" } });
    expect(`${mail.subject} ${mail.text}`).not.toMatch(new RegExp(`${created.reference}|Fenwright|abuse|chief|suspect`, "i"));
  });

  it("an inter-force case reports to the employer force by mail and owes its PSD updates on a cadence until closed", async () => {
    const { prisma } = use();
    const westvale = await prisma.force.findFirstOrThrow({ where: { shortName: "Westvale" } });
    const created = await report(prisma, {
      suspectKind: "other-force",
      suspectPersonId: "",
      suspectName: "Fictional Westvale-Officer",
      suspectForceId: westvale.id,
      childrenInvolved: "no",
    });
    const supervisorStep = await current(prisma, created.id, "SUPERVISING_OFFICER");
    await prisma.$transaction((tx) => acknowledgeStep(tx, supervisorStep.id, supervisorStep.recipientPersonId!, noConnection, timing(minutes(1))));
    const employer = await current(prisma, created.id, "EMPLOYER_FORCE_NPCC");
    expect([employer.state, employer.recipientMailbox]).toEqual(["DELIVERED", westvale.npccContactEmail]);
    expect((await stepsOf(prisma, created.id)).some((step) => step.role === "SUSPECT_COMMANDER" || step.role === "CAIU_SUPERVISOR")).toBe(false);
    const record = await prisma.policeSuspectCase.findUniqueOrThrow({ where: { id: created.id } });
    expect(record.employerUpdateDueAt).toEqual(new Date(minutes(1).getTime() + 28 * 86_400_000));

    const due = new Date(record.employerUpdateDueAt!.getTime() + 60_000);
    expect((await runReferralScheduler(prisma, timing(due))).employerReminders).toBe(1);
    expect((await runReferralScheduler(prisma, timing(due))).employerReminders).toBe(0);
    await prisma.policeSuspectCase.update({ where: { id: created.id }, data: { closedAt: due, status: "CLOSED" } });
    expect((await runReferralScheduler(prisma, timing(new Date(due.getTime() + 60 * 86_400_000)))).employerReminders).toBe(0);
  });
});
