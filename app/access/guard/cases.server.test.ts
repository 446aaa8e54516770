import { expect, it, vi } from "vitest";
import { createTransport } from "~/utils/mail.server";
import { startOutboxWorker } from "~/utils/outbox.server";
import { caughtMessages, startSmtpCatcher } from "~/utils/smtp-catcher.server";
import { recordDeclaration, reviewDeclaration } from "~/models/cases/declarations.server";
import { ChangeRejected } from "~/utils/forms";
import { createPoliceSuspectCase, grantRefusal, type IntakeForm } from "~/models/cases/case.server";
import { describeEachDatabase, holdEveryConnection } from "../../../tests/support/database";
import { fictionalIntake } from "../../../tests/support/cases";
import { contextForPerson } from "../../../tests/support/people";
import { statusOf } from "../../../tests/support/responses";
import { seedDemoOrganisation, type SeedSummary } from "../../../prisma/seed";
import { searchCaseByReference } from "~/models/cases/list.server";
import { openReferral } from "~/models/referrals/referral-page.server";
import { openCase, raiseAlert, requireCaseAction } from "./cases.server";
import type { RequestContext } from "../request-context.server";

describeEachDatabase("police-suspect cases: intake, the restricted record and its alerts", (use) => {
  let seed: SeedSummary;
  const person = (key: string) => {
    const id = seed.ids.people[key];
    if (!id) throw new Error(`no seed person ${key}`);
    return id;
  };

  const contextFor = (key: string): Promise<RequestContext> => contextForPerson(use().prisma, person(key));

  const intake = (overrides: Partial<Record<keyof IntakeForm, string>> = {}) => fictionalIntake(person("pcDuxbury"), overrides);

  async function newCase(overrides: Partial<Record<keyof IntakeForm, string>> = {}) {
    const { prisma } = use();
    return prisma.$transaction((tx) => createPoliceSuspectCase(tx, { reporterId: person("pcPenhallow"), form: intake(overrides) }));
  }

  it("creates the case restricted from the first moment: conflicts, the access list and content-free mail, in one transaction", async () => {
    const { prisma } = use();
    seed = await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    const outboxBefore = await prisma.outboxMessage.count();
    const created = await newCase();
    expect(created.reference).toMatch(/^[B-Z2-9]{4}-[B-Z2-9]{4}$/);
    const record = await prisma.policeSuspectCase.findUniqueOrThrow({ where: { id: created.id }, include: { conflicts: true, access: true } });
    const conflicted = new Map(record.conflicts.map((conflict) => [conflict.personId, conflict.reason]));
    expect(conflicted.get(person("pcDuxbury"))).toBe("suspect");
    for (const key of ["ashSergeant", "ashDutyInspector", "ashChiefInspector", "ashSupt", "ashCommander"])
      expect(conflicted.get(person(key)), key).toBe("line chain");
    // The chain runs to the top of the force: no rank is exempt. The NPCC officer is not above this suspect.
    for (const key of ["dcc", "cc"]) expect(conflicted.get(person(key)), key).toBe("line chain");
    expect(conflicted.has(person("acc"))).toBe(false);
    // The supervising officer: the reporter's own chain is the suspect's, so the other duty inspector.
    expect(record.supervisingOfficerId).toBe(person("kelDutyInspector"));
    const listed = new Map(record.access.map((entry) => [entry.personId, entry.capacity]));
    expect(listed.get(person("psdInspector"))).toBe("PROFESSIONAL_STANDARDS");
    expect(listed.get(person("psdHead"))).toBe("PROFESSIONAL_STANDARDS");
    // The supervising officer is sent a referral; they reach the case only by acknowledging it (app/models/referrals).
    expect(listed.has(person("kelDutyInspector"))).toBe(false);
    const steps = await prisma.referralStep.findMany({ where: { caseId: created.id } });
    expect(steps.map((step) => [step.role, step.state, step.recipientPersonId])).toEqual([["SUPERVISING_OFFICER", "AWAITING", person("kelDutyInspector")]]);
    expect(record.access.every((entry) => entry.declarationState === "MISSING")).toBe(true);
    const mail = await prisma.outboxMessage.findMany({ orderBy: { createdAt: "asc" }, skip: outboxBefore });
    expect(mail.map((message) => message.toAddress).sort()).toEqual(
      ["callum.ferrisby", "helena.brackenridge", "niamh.oakridge", "rowena.quickfield", "sanjay.whitlock"].map((name) => `${name}@northshire.police.invalid`),
    );
    for (const message of mail)
      expect(`${message.subject} ${message.text} ${message.html}`).not.toMatch(new RegExp(`${created.reference}|Duxbury|Fictional|abuse`, "i"));
  });

  it("refuses a victim who is also the suspect, and a conflicted supervising officer, writing nothing", async () => {
    const { prisma } = use();
    const before = await prisma.policeSuspectCase.count();
    const victimIsSuspect = newCase({ victimKind: "employee", victimPersonId: person("pcDuxbury") });
    await expect(victimIsSuspect).rejects.toBeInstanceOf(ChangeRejected);
    await expect(victimIsSuspect).rejects.toMatchObject({ errors: { victimPersonId: "The victim and the suspect cannot be the same person" } });
    await expect(newCase({ supervisingOfficerId: person("ashDutyInspector") })).rejects.toMatchObject({
      errors: { supervisingOfficerId: expect.stringContaining("conflicted") },
    });
    await expect(newCase({ suspectPersonId: "00000000-0000-4000-8000-000000000999" })).rejects.toMatchObject({
      errors: { suspectPersonId: expect.stringContaining("could not be found") },
    });
    expect(await prisma.policeSuspectCase.count()).toBe(before);
  });

  it("answers 'not found' to the suspect, their manager and an unlisted officer, audits each attempt and alerts PSD in the same transaction", async () => {
    const { prisma } = use();
    const created = await newCase();
    for (const key of ["pcDuxbury", "ashSergeant", "pcMistryOake"]) {
      const context = await contextFor(key);
      const alertsBefore = await prisma.accessAlert.count();
      const mailBefore = await prisma.outboxMessage.count();
      expect(await statusOf(openCase(context, created.reference)), key).toBe(404);
      const audit = await prisma.auditEvent.findFirstOrThrow({ where: { actorId: person(key), subjectId: created.id }, orderBy: { id: "desc" } });
      expect(audit).toMatchObject({ action: "access.read", outcome: "REFUSED", reason: "not on the access list", ipAddress: "198.51.100.9" });
      const alert = await prisma.accessAlert.findFirstOrThrow({ where: { personId: person(key), caseId: created.id } });
      expect(alert).toMatchObject({ kind: "UNLISTED_ATTEMPT", via: "page", auditEventId: audit.id, outcome: null });
      expect(await prisma.accessAlert.count()).toBe(alertsBefore + 1);
      const mail = await prisma.outboxMessage.findMany({ skip: mailBefore, orderBy: { createdAt: "asc" } });
      expect(mail.map((message) => message.toAddress)).toContain("callum.ferrisby@northshire.police.invalid");
      expect(mail.map((message) => message.toAddress)).not.toContain("kieran.duxbury@northshire.police.invalid");
    }
    // A guessed reference that exists nowhere: the same answer, audited as a failure, no alert.
    const alertsBefore = await prisma.accessAlert.count();
    expect(await statusOf(openCase(await contextFor("pcMistryOake"), "BBBB-2222"))).toBe(404);
    expect(await prisma.accessAlert.count()).toBe(alertsBefore);
  });

  it("still answers 'not found', audited and alerted, when a surge holds every database connection longer than Prisma's usual 2 s wait", async () => {
    const { prisma } = use();
    const created = await newCase();
    const context = await contextFor("pcMistryOake");
    const alertsBefore = await prisma.accessAlert.count({ where: { caseId: created.id } });
    const { released } = await holdEveryConnection(use(), 3_000);

    const status = await statusOf(openCase(context, created.reference)).finally(() => released);

    expect(status).toBe(404);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { actorId: person("pcMistryOake"), subjectId: created.id }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ action: "access.read", outcome: "REFUSED", reason: "not on the access list" });
    expect(await prisma.accessAlert.count({ where: { caseId: created.id } })).toBe(alertsBefore + 1);
  });

  it("shows a listed person only the declaration form until they declare; a declared connection blocks them until PSD clears it", async () => {
    const { prisma } = use();
    const created = await newCase();
    await prisma.caseAccess.create({
      data: { caseId: created.id, personId: person("kelStaff"), capacity: "CRIMINAL_INVESTIGATOR", reason: "test", grantedById: person("psdInspector") },
    });
    const investigator = await contextFor("kelStaff");
    const first = await openCase(investigator, created.reference);
    expect(first.stance).toEqual({ kind: "declare" });
    expect(first.may.read).toBe(false);
    expect(first.details.account).toBe(""); // not even read from the database before the declaration

    await prisma.$transaction((tx) =>
      recordDeclaration(tx, created.id, person("kelStaff"), { hasConnection: "yes", connections: ["worked-together"], details: "Fictional: shared a course" }),
    );
    const blocked = await openCase(investigator, created.reference);
    expect(blocked.stance).toEqual({ kind: "blocked" });
    expect(blocked.may.read).toBe(false);

    const declaration = await prisma.conflictDeclaration.findFirstOrThrow({ where: { caseId: created.id, personId: person("kelStaff") } });
    // Nobody decides on their own declaration; a decision needs a rationale (schema) and happens once.
    await expect(
      prisma.$transaction((tx) =>
        reviewDeclaration(tx, created.id, person("kelStaff"), { declarationId: declaration.id, decision: "CLEARED", rationale: "x" }),
      ),
    ).rejects.toBeInstanceOf(ChangeRejected);
    await prisma.$transaction((tx) =>
      reviewDeclaration(tx, created.id, person("psdInspector"), {
        declarationId: declaration.id,
        decision: "CLEARED",
        rationale: "Fictional: no ongoing contact",
      }),
    );
    await expect(
      prisma.$transaction((tx) =>
        reviewDeclaration(tx, created.id, person("psdInvestigator"), { declarationId: declaration.id, decision: "REMOVED", rationale: "again" }),
      ),
    ).rejects.toBeInstanceOf(ChangeRejected);

    const cleared = await openCase(investigator, created.reference);
    expect(cleared.stance).toEqual({ kind: "read", basis: "access list" });
    expect(cleared.details.account).toBe("Fictional account for the tests.");
    expect(cleared.victimContact).toBe("Fictional: 01632 960001");

    // The case file cannot be edited behind the application's back either.
    await expect(prisma.conflictDeclaration.update({ where: { id: declaration.id }, data: { details: "changed" } })).rejects.toThrow(/case file/);
    await expect(prisma.declarationReview.deleteMany({})).rejects.toThrow(/case file/);
  });

  it("tells PSD once per break-glass window, and reads the window's times as the same instants in any time zone", async () => {
    const { prisma } = use();
    const created = await newCase();
    const zone = process.env.TZ;
    // Times are stored without a zone (UTC); read as local time somewhere west of UTC they would move by hours, and
    // a window that started ten minutes ago would seem not to have started: PSD would be alerted at every opening.
    process.env.TZ = "America/New_York";
    try {
      await prisma.breakGlassAccess.create({
        data: {
          caseId: created.id,
          personId: person("daCoordinatorStaff"),
          reason: "Fictional: a child at risk tonight",
          startedAt: new Date(Date.now() - 10 * 60_000),
          expiresAt: new Date(Date.now() + 4 * 3_600_000),
        },
      });
      const responder = await contextFor("daCoordinatorStaff");
      for (let opening = 0; opening < 2; opening++) {
        const opened = await openCase(responder, created.reference);
        expect(opened.stance).toEqual({ kind: "read", basis: "break-glass" });
        expect(opened.details.account).toBe("Fictional account for the tests.");
      }
      expect(await prisma.accessAlert.count({ where: { caseId: created.id, personId: person("daCoordinatorStaff"), kind: "MISSING_DECLARATION" } })).toBe(1);

      // A listed entry that ran out an hour ago gives nothing once the break-glass window has closed too.
      await prisma.breakGlassAccess.updateMany({
        where: { caseId: created.id, personId: person("daCoordinatorStaff") },
        data: { expiresAt: new Date(Date.now() - 60_000) },
      });
      await prisma.caseAccess.create({
        data: {
          caseId: created.id,
          personId: person("daCoordinatorStaff"),
          capacity: "CRIMINAL_INVESTIGATOR",
          reason: "test",
          declarationState: "NO_CONNECTION",
          expiresAt: new Date(Date.now() - 3_600_000),
        },
      });
      expect(await statusOf(openCase(responder, created.reference))).toBe(404);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("mails a break-glass alert to PSD and the NPCC officer, never to the person concerned or anyone conflicted on the case", async () => {
    const { prisma } = use();
    const created = await newCase();
    const email = async (key: string) => (await prisma.person.findUniqueOrThrow({ where: { id: person(key) }, select: { workEmail: true } })).workEmail;
    const psdOfficers = await prisma.person.findMany({
      where: { roles: { some: { role: { in: ["PSD_OFFICER", "HEAD_OF_PSD"] } } } },
      select: { id: true, workEmail: true },
    });
    const npcc = await prisma.person.findMany({ where: { roles: { some: { role: "NPCC_OFFICER" } } }, select: { workEmail: true } });
    expect(psdOfficers.length).toBeGreaterThanOrEqual(3);
    const [actor, conflicted, ...others] = psdOfficers;
    await prisma.caseConflict.create({ data: { caseId: created.id, personId: conflicted!.id, reason: "line chain" } });
    const mailBefore = await prisma.outboxMessage.count();
    const auditEventId = (await prisma.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" }, select: { id: true } })).id;
    await prisma.$transaction((tx) => raiseAlert(tx, { caseId: created.id, personId: actor!.id, kind: "BREAK_GLASS", via: "page", auditEventId }));
    const mail = await prisma.outboxMessage.findMany({ skip: mailBefore, orderBy: { createdAt: "asc" }, select: { toAddress: true, text: true } });
    const to = mail.map((message) => message.toAddress).sort();
    expect(to).toEqual([...others.map((officer) => officer.workEmail), ...npcc.map((officer) => officer.workEmail)].sort());
    expect(to).not.toContain(actor!.workEmail);
    expect(to).not.toContain(conflicted!.workEmail);
    expect(to).not.toContain(await email("pcDuxbury"));
    // Content-free: no reference, no names.
    for (const message of mail) expect(message.text).not.toContain(created.reference);
  });

  it("keeps the victim's contact details from a listed conduct investigator", async () => {
    const { prisma } = use();
    const created = await newCase();
    await prisma.caseAccess.create({
      data: { caseId: created.id, personId: person("kelStaff"), capacity: "CONDUCT_INVESTIGATOR", reason: "test", declarationState: "NO_CONNECTION" },
    });
    const opened = await openCase(await contextFor("kelStaff"), created.reference);
    expect(opened.stance.kind).toBe("read");
    expect(opened.may.readSafeguarding).toBe(false);
    expect(opened.victimContact).toBeNull();
  });

  it("refuses to put the suspect or their line chain on the access list, with the reason", async () => {
    const { prisma } = use();
    const created = await newCase();
    const record = { id: created.id, suspectPersonId: person("pcDuxbury") };
    expect(await grantRefusal(prisma, record, person("pcDuxbury"))).toMatch(/is the suspect/);
    expect(await grantRefusal(prisma, record, person("ashSergeant"))).toMatch(/line-management chain/);
    expect(await grantRefusal(prisma, record, person("kelStaff"))).toBeNull();
  });

  it("refuses a listed person an action beyond their rights with 403 and no alert, and an unlisted person with 404 and an alert", async () => {
    const { prisma } = use();
    const created = await newCase();
    await prisma.caseAccess.create({
      data: { caseId: created.id, personId: person("kelStaff"), capacity: "CRIMINAL_INVESTIGATOR", reason: "test", declarationState: "NO_CONNECTION" },
    });
    const alertsBefore = await prisma.accessAlert.count();
    expect(await statusOf(requireCaseAction(await contextFor("kelStaff"), created.reference, "manageAccess", "access.read.accessList"))).toBe(403);
    expect(await prisma.accessAlert.count()).toBe(alertsBefore);
    expect(await statusOf(requireCaseAction(await contextFor("pcMistryOake"), created.reference, "readAccessLog", "access.export", "export"))).toBe(404);
    expect(await prisma.accessAlert.findFirst({ where: { personId: person("pcMistryOake"), caseId: created.id } })).toMatchObject({ via: "export" });
  });

  it("wakes the mail worker when a case page, a search by reference or a referral's page alerts PSD, and not for a read that queues no mail", async () => {
    const { prisma } = use();
    const created = await newCase();
    await prisma.caseAccess.create({
      data: { caseId: created.id, personId: person("kelStaff"), capacity: "CONDUCT_INVESTIGATOR", reason: "test", declarationState: "NO_CONNECTION" },
    });
    const referral = await prisma.referralStep.findFirstOrThrow({ where: { caseId: created.id, recipientPersonId: person("kelDutyInspector") } });
    const catcher = await startSmtpCatcher({ port: 0 });
    // Polling every ten minutes: within the test, only a kick makes the worker run.
    const worker = startOutboxWorker({ prisma, transport: createTransport(`smtp://127.0.0.1:${catcher.port}`), intervalMs: 10 * 60_000 });
    const psdInbox = (await prisma.person.findUniqueOrThrow({ where: { id: person("psdHead") } })).workEmail;
    const caught = () => caughtMessages().filter((message) => message.to.includes(psdInbox)).length;
    /** Runs a read that queues no mail and checks the worker stayed asleep. */
    const staysAsleep = async (read: () => Promise<unknown>) => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const idleSince = worker.lastActiveAt();
      await read();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(worker.lastActiveAt()).toBe(idleSince);
    };
    /** Runs a refused attempt and checks PSD's alert mail goes out at once, woken by the attempt itself. */
    const mailsPsd = async (attempt: () => Promise<unknown>) => {
      const before = caught();
      await attempt();
      await vi.waitFor(() => expect(caught()).toBeGreaterThan(before), { timeout: 5_000 });
    };
    try {
      // The worker's first run delivers the mail the earlier intakes queued; then it waits.
      await vi.waitFor(async () => expect(await prisma.outboxMessage.count({ where: { status: { in: ["PENDING", "SENDING"] } } })).toBe(0), {
        timeout: 10_000,
      });
      await staysAsleep(async () => expect((await openCase(await contextFor("kelStaff"), created.reference)).stance.kind).toBe("read"));
      await staysAsleep(async () => expect(await searchCaseByReference(await contextFor("kelStaff"), created.reference)).toBe("open"));
      await staysAsleep(async () => expect((await openReferral(await contextFor("kelDutyInspector"), referral.id)).id).toBe(referral.id));

      await mailsPsd(async () => expect(await statusOf(openCase(await contextFor("pcMistryOake"), created.reference))).toBe(404));
      await mailsPsd(async () => expect(await searchCaseByReference(await contextFor("pcMistryOake"), created.reference)).toBe("none"));
      await mailsPsd(async () => expect(await statusOf(openReferral(await contextFor("pcMistryOake"), referral.id))).toBe(404));
    } finally {
      await worker.stop();
      await catcher.stop();
    }
  });
});
