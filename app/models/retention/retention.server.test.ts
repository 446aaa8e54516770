import { addDays, addMonths } from "date-fns";
import { afterAll, beforeAll, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAuditCheckpoint, verifyAuditTrail } from "~/utils/audit-checkpoint.server";
import { verifyAuditChain } from "~/utils/audit-verify.server";
import { describeEachDatabase } from "../../../tests/support/database";
import { makeCase, makePerson, makeSupportRequest, makeSupportService } from "../../../tests/support/factories";
import { contextForPerson } from "../../../tests/support/people";
import { statusOf } from "../../../tests/support/responses";
import { runRetention } from "./job.server";
import { liftLegalHold, placeLegalHold, type PlaceHoldForm } from "./legal-hold.server";
import { retentionPreview } from "./preview.server";

describeEachDatabase("retention: the daily job, legal holds and the administrator's preview", (use) => {
  const ids: Record<string, string> = {};
  const records: Record<string, string> = {};
  const dir = mkdtempSync(join(tmpdir(), "retention-test-checkpoints-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const at = new Date();
  const sixYearsAgo = addDays(addMonths(at, -72), -1);
  const hold = (on: "case" | "person", target: string): PlaceHoldForm => ({
    intent: "place",
    on,
    target,
    reason: "Fictional: civil claim expected.",
    reviewDue: "2099-01-31",
  });

  beforeAll(async () => {
    const { prisma } = use();
    const service = await makeSupportService(prisma);
    for (const key of ["employee", "heldEmployee", "reporter", "manager", "admin", "psd", "psd2", "constable"]) {
      const roles = key === "admin" ? (["ADMINISTRATOR"] as const) : key.startsWith("psd") ? (["PSD_OFFICER"] as const) : [];
      ids[key] = (await makePerson(prisma, { firstName: key, roles: [...roles] })).id;
    }
    // The suspect's line manager holds a PSD role: conflicted on the case, so kept out of its hold and its alert.
    ids.suspect = (await makePerson(prisma, { firstName: "suspect", lineManagerId: ids.manager })).id;
    await prisma.roleAssignment.create({ data: { personId: ids.manager!, role: "PSD_OFFICER" } });
    const closed = async (employee: string, closedAt: Date) => {
      const { id } = await makeSupportRequest(prisma, ids[employee]!, service.id);
      await prisma.supportRequest.update({ where: { id }, data: { status: "CLOSED", closedAt } });
      return id;
    };
    records.due = await closed("employee", sixYearsAgo);
    records.recent = await closed("employee", addMonths(at, -12));
    records.heldByPerson = await closed("heldEmployee", sixYearsAgo);
    records.draft = (await makeSupportRequest(prisma, ids.employee!, service.id, { send: false })).id;
    await prisma.$executeRaw`UPDATE "support_request" SET "updatedAt" = ${addDays(at, -31)} WHERE "id" = ${records.draft}::uuid`;
    for (const key of ["caseDue", "caseHeld"]) {
      const created = await makeCase(prisma, ids.reporter!, ids.suspect!);
      await prisma.policeSuspectCase.update({ where: { id: created.id }, data: { status: "CLOSED", closedAt: addMonths(at, -121) } });
      records[key] = created.id;
      records[`${key}Reference`] = created.reference;
    }
  }, 60_000);

  it("places legal holds by PSD, audited and alerted content-free, and refuses the conflicted as if nothing were there", async () => {
    const { prisma } = use();
    const psd = await contextForPerson(prisma, ids.psd!);
    const mailBefore = await prisma.outboxMessage.count();
    await placeLegalHold(psd, hold("case", records.caseHeldReference!), at);
    await placeLegalHold(psd, hold("person", (await prisma.person.findUniqueOrThrow({ where: { id: ids.heldEmployee! } })).workEmail), at);
    const mail = await prisma.outboxMessage.findMany({ orderBy: { createdAt: "asc" }, skip: mailBefore });
    const psd2Email = (await prisma.person.findUniqueOrThrow({ where: { id: ids.psd2! } })).workEmail;
    const managerEmail = (await prisma.person.findUniqueOrThrow({ where: { id: ids.manager! } })).workEmail;
    expect(mail.filter((row) => row.toAddress === psd2Email)).toHaveLength(2);
    // The suspect's manager is told of the hold on the person's records, never of the one on the case.
    expect(mail.filter((row) => row.toAddress === managerEmail)).toHaveLength(1);
    const texts = mail.map((row) => `${row.subject} ${row.text} ${row.html}`).join();
    expect(texts).not.toContain("civil claim");
    expect(texts).not.toContain(records.caseHeldReference);
    const placed = await prisma.auditEvent.findMany({ where: { action: "legal_hold.place", outcome: "SUCCESS" } });
    expect(placed).toHaveLength(2);
    expect(placed.map((row) => row.details).join()).not.toContain("civil claim");

    // The suspect's manager (PSD) tries to hold the case; a constable tries at all: both "not found", both audited.
    const manager = await contextForPerson(prisma, ids.manager!);
    expect(await statusOf(placeLegalHold(manager, hold("case", records.caseDueReference!), at))).toBe(404);
    expect(await statusOf(placeLegalHold(await contextForPerson(prisma, ids.constable!), hold("case", records.caseDueReference!), at))).toBe(404);
    expect(await statusOf(placeLegalHold(psd, hold("case", "NO-SUCH-REF"), at))).toBe(404);
    const refused = await prisma.auditEvent.findMany({ where: { action: "legal_hold.place", outcome: { in: ["REFUSED", "FAILURE"] } } });
    expect(refused.map((row) => row.actorId).sort()).toEqual([ids.manager, ids.constable, ids.psd].sort());
    expect(await prisma.legalHold.count()).toBe(2);
  });

  it("shows an administrator what falls due in the next 30 days, as counts only, and nobody else", async () => {
    const { prisma } = use();
    const rows = await retentionPreview(await contextForPerson(prisma, ids.admin!), at);
    const byType = Object.fromEntries(rows.map((row) => [row.recordType, row]));
    expect(byType.SUPPORT_DRAFT).toMatchObject({ dueWithin: 1, heldBack: 0 });
    expect(byType.SUPPORT_REQUEST).toMatchObject({ dueWithin: 1, heldBack: 1 });
    expect(byType.POLICE_SUSPECT_CASE).toMatchObject({ dueWithin: 1, heldBack: 1 });
    expect(byType.AUDIT_EVENT).toMatchObject({ disposal: "KEEP", dueWithin: null });
    expect(JSON.stringify(rows)).not.toContain(records.due);
    for (const who of ["psd", "constable"]) {
      expect(await statusOf(retentionPreview(await contextForPerson(prisma, ids[who]!), at))).toBe(404);
    }
    expect(await prisma.auditEvent.count({ where: { action: "retention.preview", outcome: "REFUSED" } })).toBe(2);
  });

  it("disposes of what is due, leaving tombstones, never what a hold covers; the audit chain still verifies", async () => {
    const { prisma } = use();
    // A checkpoint anchors the trail as it was before the deletions: what npm run audit:verify checks against.
    expect((await createAuditCheckpoint(prisma, { dir })).outcome).toBe("written");
    const auditRows = await prisma.auditEvent.count();
    const counts = await runRetention(prisma, at);
    expect(counts).toEqual({ SUPPORT_DRAFT: 1, SUPPORT_REQUEST: 1, POLICE_SUSPECT_CASE: 1 });
    const left = await prisma.supportRequest.findMany({ select: { id: true } });
    expect(left.map((row) => row.id).sort()).toEqual([records.recent, records.heldByPerson].sort());
    expect(await prisma.supportConsent.count({ where: { requestId: records.due } })).toBe(0);
    expect((await prisma.policeSuspectCase.findMany({ select: { id: true } })).map((row) => row.id)).toEqual([records.caseHeld]);
    const tombstones = await prisma.retentionTombstone.findMany({ orderBy: { recordType: "asc" } });
    expect(tombstones.map((row) => [row.recordType, row.recordId])).toEqual([
      ["POLICE_SUSPECT_CASE", records.caseDue],
      ["SUPPORT_DRAFT", records.draft],
      ["SUPPORT_REQUEST", records.due],
    ]);
    const disposed = await prisma.auditEvent.findMany({ where: { action: "retention.dispose" } });
    expect(disposed).toHaveLength(3);
    // The trail keeps every row it had (they name records by id, never their content), and its chain is intact.
    expect(await prisma.auditEvent.count()).toBe(auditRows + 3);
    expect(disposed.map((row) => row.details).join()).not.toContain("Fictional");
    expect(await verifyAuditTrail(prisma, { dir })).toMatchObject({ ok: true, checkpoints: 1 });
    // A second instance's run at the same time finds nothing left to do.
    expect(await runRetention(prisma, at)).toEqual({ SUPPORT_DRAFT: 0, SUPPORT_REQUEST: 0, POLICE_SUSPECT_CASE: 0 });
  });

  it("disposes of a held record once the hold is lifted; only PSD not conflicted lifts it, audited and alerted", async () => {
    const { prisma } = use();
    const caseHold = await prisma.legalHold.findFirstOrThrow({ where: { caseId: records.caseHeld } });
    expect(await statusOf(liftLegalHold(await contextForPerson(prisma, ids.manager!), caseHold.id, "Fictional.", at))).toBe(404);
    expect(await statusOf(liftLegalHold(await contextForPerson(prisma, ids.admin!), caseHold.id, "Fictional.", at))).toBe(404);
    expect(await runRetention(prisma, addDays(at, 1))).toEqual({ SUPPORT_DRAFT: 0, SUPPORT_REQUEST: 0, POLICE_SUSPECT_CASE: 0 });
    const mailBefore = await prisma.outboxMessage.count();
    await liftLegalHold(await contextForPerson(prisma, ids.psd2!), caseHold.id, "Fictional: claim settled.", at);
    expect(await prisma.outboxMessage.count()).toBeGreaterThan(mailBefore);
    expect(await prisma.auditEvent.count({ where: { action: "legal_hold.lift", outcome: "SUCCESS" } })).toBe(1);
    expect(await runRetention(prisma, addDays(at, 1))).toEqual({ SUPPORT_DRAFT: 0, SUPPORT_REQUEST: 0, POLICE_SUSPECT_CASE: 1 });
    expect(await prisma.policeSuspectCase.count()).toBe(0);
    expect((await verifyAuditChain(prisma)).ok).toBe(true);
  });
});
