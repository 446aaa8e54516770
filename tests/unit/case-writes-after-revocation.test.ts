// Case writes decide, act and audit in one transaction: an officer whose access is withdrawn after their page loaded
// and before they post gets "not found", the case is unchanged, and PSD sees the attempt. Each write is shown to work
// for the same officer first, so that the refusal is the revocation's doing. The receipt of a report is its reporter's alone.
// The access-log export outlives its decision's transaction: each page is read only while the right still holds.
import type { ActionFunctionArgs } from "react-router";
import { expect, it } from "vitest";
import { startSession } from "~/auth/sign-in.server";
import { setDatabase } from "~/db.server";
import { exportedAccessLogPages } from "~/models/cases/access-log.server";
import { recordDeclaration } from "~/models/cases/declarations.server";
import { createPoliceSuspectCase } from "~/models/cases/case.server";
import { appendAudit } from "~/utils/audit.server";
import { action as caseAction } from "~/routes/records.$reference._index";
import { action as accessAction } from "~/routes/records.$reference.access";
import { action as criminalAction } from "~/routes/records.$reference.criminal";
import { loader as receiptLoader } from "~/routes/records.submitted.$reference";
import { seedDemoOrganisation, type SeedSummary } from "../../prisma/seed";
import { fictionalIntake } from "../support/cases";
import { describeEachDatabase } from "../support/database";
import { contextForPerson } from "../support/people";
import { routerArgs } from "../support/router";
import { sessionCookieName } from "~/auth/cookie.server";

type Action = (args: ActionFunctionArgs) => Promise<unknown>;

describeEachDatabase("case pages through the case guard: writes after access is withdrawn, and the receipt", (use) => {
  let seed: SeedSummary;
  const person = (key: string) => seed.ids.people[key]!;

  async function setUp() {
    const database = use();
    setDatabase(database);
    seed ??= await seedDemoOrganisation(database.prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    const form = fictionalIntake(person("pcDuxbury"), { childrenInvolved: "no" });
    const created = await database.prisma.$transaction((tx) => createPoliceSuspectCase(tx, { reporterId: person("pcPenhallow"), form }));
    // The PSD officer on the list declares no connection, so every PSD write is theirs to make.
    await database.prisma.$transaction((tx) => recordDeclaration(tx, created.id, person("psdInspector"), { hasConnection: "no", connections: [] }));
    const entry = await database.prisma.caseAccess.create({
      data: {
        caseId: created.id,
        personId: person("kelStaff"),
        capacity: "CRIMINAL_INVESTIGATOR",
        reason: "Fictional: the tests",
        grantedById: person("psdHead"),
      },
    });
    const token = await database.prisma.$transaction((tx) =>
      startSession(tx, person("psdInspector"), "password", { ipAddress: "198.51.100.7", userAgent: "vitest" }),
    );
    return { ...created, kelStaffEntry: entry.id, cookie: `${sessionCookieName()}=${token}` };
  }

  /** Posts the form to the action as the browser would; the HTTP status it answers (a redirect is a success). */
  async function post(action: Action, path: string, reference: string, cookie: string, fields: Record<string, string>): Promise<number> {
    const request = new Request(`http://localhost/records/${reference}${path}`, { method: "POST", headers: { cookie }, body: new URLSearchParams(fields) });
    try {
      await action(await routerArgs(request, { reference }));
      return 200;
    } catch (thrown) {
      if (thrown instanceof Response) return thrown.status;
      throw thrown;
    }
  }

  async function withdrawPsdAccess(caseId: string) {
    await use().prisma.caseAccess.updateMany({
      where: { caseId, personId: person("psdInspector") },
      data: { revokedAt: new Date(), revokedById: person("psdHead") },
    });
  }

  async function expectRefusalSeen(caseId: string, auditAction: string) {
    const { prisma } = use();
    const refusal = await prisma.auditEvent.findFirstOrThrow({
      where: { actorId: person("psdInspector"), subjectId: caseId, action: auditAction },
      orderBy: { id: "desc" },
    });
    expect(refusal).toMatchObject({ outcome: "REFUSED", reason: "not on the access list" });
    const alert = await prisma.accessAlert.findFirstOrThrow({ where: { auditEventId: refusal.id } });
    expect(alert).toMatchObject({ kind: "UNLISTED_ATTEMPT", caseId, personId: person("psdInspector") });
  }

  const successes = async (caseId: string, auditAction: string) =>
    use().prisma.auditEvent.count({ where: { actorId: person("psdInspector"), subjectId: caseId, action: auditAction, outcome: "SUCCESS" } });

  it("closing a case", async () => {
    const { prisma } = use();
    const allowed = await setUp();
    expect(await post(caseAction, "", allowed.reference, allowed.cookie, { intent: "close" })).toBe(302);
    expect((await prisma.policeSuspectCase.findUniqueOrThrow({ where: { id: allowed.id } })).status).toBe("CLOSED");

    const withdrawn = await setUp();
    await withdrawPsdAccess(withdrawn.id);
    expect(await post(caseAction, "", withdrawn.reference, withdrawn.cookie, { intent: "close" })).toBe(404);
    expect((await prisma.policeSuspectCase.findUniqueOrThrow({ where: { id: withdrawn.id } })).status).toBe("OPEN");
    expect(await successes(withdrawn.id, "case.close")).toBe(0);
    await expectRefusalSeen(withdrawn.id, "case.close");
  });

  it("updating the criminal track", async () => {
    const { prisma } = use();
    const fields = { status: "CHARGED", crimeReference: "FICT/0001/26", version: "1" };
    const allowed = await setUp();
    expect(await post(criminalAction, "/criminal", allowed.reference, allowed.cookie, fields)).toBe(302);
    expect(await prisma.criminalTrack.findUniqueOrThrow({ where: { caseId: allowed.id } })).toMatchObject({ status: "CHARGED", version: 2 });

    const withdrawn = await setUp();
    await withdrawPsdAccess(withdrawn.id);
    expect(await post(criminalAction, "/criminal", withdrawn.reference, withdrawn.cookie, fields)).toBe(404);
    expect(await prisma.criminalTrack.findUniqueOrThrow({ where: { caseId: withdrawn.id } })).toMatchObject({ version: 1, crimeReference: null });
    await expectRefusalSeen(withdrawn.id, "case.criminalTrack.update");
  });

  it("ending someone's access, and giving someone access", async () => {
    const { prisma } = use();
    const allowed = await setUp();
    await prisma.policeSuspectCase.update({ where: { id: allowed.id }, data: { criminalOwnerId: person("psdInspector") } });
    expect(await post(accessAction, "/access", allowed.reference, allowed.cookie, { intent: "revoke", entryId: allowed.kelStaffEntry })).toBe(302);
    expect((await prisma.caseAccess.findUniqueOrThrow({ where: { id: allowed.kelStaffEntry } })).revokedAt).not.toBeNull();
    const grant = { intent: "grant", personId: person("kelStaff"), capacity: "CRIMINAL_INVESTIGATOR", reason: "Fictional: back on the case" };
    expect(await post(accessAction, "/access", allowed.reference, allowed.cookie, grant)).toBe(302);
    expect(await prisma.caseAccess.count({ where: { caseId: allowed.id, personId: person("kelStaff"), revokedAt: null } })).toBe(1);

    const withdrawn = await setUp();
    await prisma.policeSuspectCase.update({ where: { id: withdrawn.id }, data: { criminalOwnerId: person("psdInspector") } });
    await withdrawPsdAccess(withdrawn.id);
    const entriesBefore = await prisma.caseAccess.findMany({ where: { caseId: withdrawn.id }, orderBy: { id: "asc" } });
    expect(await post(accessAction, "/access", withdrawn.reference, withdrawn.cookie, { intent: "revoke", entryId: withdrawn.kelStaffEntry })).toBe(404);
    expect(await post(accessAction, "/access", withdrawn.reference, withdrawn.cookie, { ...grant, personId: person("psdInvestigator") })).toBe(404);
    expect(await prisma.caseAccess.findMany({ where: { caseId: withdrawn.id }, orderBy: { id: "asc" } })).toEqual(entriesBefore);
    await expectRefusalSeen(withdrawn.id, "case.access.revoke");
    await expectRefusalSeen(withdrawn.id, "case.access.grant");
  });

  it("the receipt of a report: its reporter sees what they submitted; anyone else, 'not found', audited and alerted", async () => {
    const { prisma } = use();
    const created = await setUp();
    const cookieOf = async (key: string) =>
      `${sessionCookieName()}=${await prisma.$transaction((tx) => startSession(tx, person(key), "password", { ipAddress: "198.51.100.7", userAgent: "vitest" }))}`;
    const open = async (cookie: string) => {
      const request = new Request(`http://localhost/records/submitted/${created.reference}`, { headers: { cookie } });
      return receiptLoader(await routerArgs(request, { reference: created.reference }));
    };
    const receipt = await open(await cookieOf("pcPenhallow"));
    expect(receipt).toMatchObject({ reference: created.reference, account: "Fictional account for the tests.", childrenInvolved: false });

    const alertsBefore = await prisma.accessAlert.count({ where: { caseId: created.id } });
    await expect(open(await cookieOf("pcMistryOake"))).rejects.toMatchObject({ status: 404 });
    const refusal = await prisma.auditEvent.findFirstOrThrow({ where: { actorId: person("pcMistryOake"), subjectId: created.id }, orderBy: { id: "desc" } });
    expect(refusal).toMatchObject({ action: "access.readSubmission", outcome: "REFUSED" });
    expect(await prisma.accessAlert.count({ where: { caseId: created.id } })).toBe(alertsBefore + 1);
  });

  it("the access-log export: each page is read only while the officer may still read the log; a withdrawal cuts the file off, audited", async () => {
    const { prisma } = use();
    const created = await setUp();
    const officer = await contextForPerson(prisma, person("psdInspector"));
    for (let n = 1; n <= 3; n++) {
      await appendAudit(prisma, {
        actorId: person("pcPenhallow"),
        action: "access.readSubmission",
        subjectType: "PoliceSuspectCase",
        subjectId: created.id,
        outcome: "ALLOWED",
      });
    }
    const rows = await prisma.auditEvent.count({ where: { subjectType: "PoliceSuspectCase", subjectId: created.id } });
    expect(rows).toBe(3);
    let read = 0;
    for await (const page of exportedAccessLogPages(officer, created.id, { pageSize: 1 })) read += page.length;
    expect(read).toBe(rows);

    const pages = exportedAccessLogPages(officer, created.id, { pageSize: 1 });
    expect((await pages.next()).value).toHaveLength(1);
    await withdrawPsdAccess(created.id);
    await expect(pages.next()).rejects.toThrow(/cut off/);
    const cut = await prisma.auditEvent.findFirstOrThrow({ where: { actorId: person("psdInspector"), subjectId: created.id }, orderBy: { id: "desc" } });
    expect(cut).toMatchObject({ action: "access.export", outcome: "REFUSED", reason: "access withdrawn during the export" });
  });
});
