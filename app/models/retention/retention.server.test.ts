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
import { recordBreakGlass } from "~/access/guard.server";
import { caseAccessLog } from "~/models/cases/access-log.server";
import { runRetention } from "./job.server";
import { placeLegalHold, type PlaceHoldForm } from "./legal-hold.server";
import { decideLift, proposeLift } from "./lift-hold.server";
import { retentionPreview } from "./preview.server";

const BREAK_GLASS_REASON = "Fictional: a child at risk needs the safe contact now.";

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
    // Emergency access to the case that falls due: its reason is case content, which must go with the case.
    const coordinator = await contextForPerson(prisma, (await makePerson(prisma, { firstName: "coordinator", roles: ["DA_COORDINATOR"] })).id);
    await prisma.$transaction((tx) => recordBreakGlass(coordinator, tx, records.caseDue!, BREAK_GLASS_REASON, 4));
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
    // The break-glass's audit row names its record; the access log shows the reason, read from that record.
    const glass = await prisma.auditEvent.findFirstOrThrow({ where: { action: "case.breakGlass", subjectId: records.caseDue } });
    const breakGlass = await prisma.breakGlassAccess.findFirstOrThrow({ where: { caseId: records.caseDue } });
    expect(glass.reason).toBeNull();
    expect(JSON.parse(glass.details!)).toMatchObject({ breakGlassId: breakGlass.id });
    expect((await caseAccessLog(prisma, records.caseDue!)).find((row) => row.action === "case.breakGlass")?.reason).toBe(BREAK_GLASS_REASON);
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
    // The reason went with the case: no record and no audit row holds it.
    expect(await prisma.breakGlassAccess.count({ where: { caseId: records.caseDue } })).toBe(0);
    expect(await prisma.quietRead.count({ where: { caseId: records.caseDue } })).toBe(0);
    const anywhere = { OR: [{ reason: { contains: "child at risk" } }, { details: { contains: "child at risk" } }] };
    expect(await prisma.auditEvent.count({ where: anywhere })).toBe(0);
    // A second instance's run at the same time finds nothing left to do.
    expect(await runRetention(prisma, at)).toEqual({ SUPPORT_DRAFT: 0, SUPPORT_REQUEST: 0, POLICE_SUSPECT_CASE: 0 });
  });

  it("disposes of a held record once the hold is lifted by two PSD officers; never by one alone nor the conflicted", async () => {
    const { prisma } = use();
    const caseHold = await prisma.legalHold.findFirstOrThrow({ where: { caseId: records.caseHeld } });
    const [psd, psd2] = [await contextForPerson(prisma, ids.psd!), await contextForPerson(prisma, ids.psd2!)];
    expect(await statusOf(proposeLift(await contextForPerson(prisma, ids.manager!), caseHold.id, "Fictional.", at))).toBe(404);
    expect(await statusOf(proposeLift(await contextForPerson(prisma, ids.admin!), caseHold.id, "Fictional.", at))).toBe(404);
    // Nothing to confirm before a lift is proposed.
    expect(await statusOf(decideLift(psd, caseHold.id, "confirm", at))).toBe(404);
    const mailBefore = await prisma.outboxMessage.count();
    await proposeLift(psd2, caseHold.id, "Fictional: claim settled.", at);
    expect(await prisma.outboxMessage.count()).toBeGreaterThan(mailBefore);
    // Proposed is not lifted: the hold still stands, and its proposer cannot confirm it, nor can the conflicted.
    expect(await runRetention(prisma, addDays(at, 1))).toEqual({ SUPPORT_DRAFT: 0, SUPPORT_REQUEST: 0, POLICE_SUSPECT_CASE: 0 });
    expect(await statusOf(decideLift(psd2, caseHold.id, "confirm", at))).toBe(404);
    expect(await statusOf(decideLift(await contextForPerson(prisma, ids.manager!), caseHold.id, "confirm", at))).toBe(404);
    // Refused by the second officer: still in force; proposed again and confirmed by the other officer: lifted.
    await decideLift(psd, caseHold.id, "refuse", at);
    expect(await prisma.legalHold.findUniqueOrThrow({ where: { id: caseHold.id } })).toMatchObject({ liftProposedById: null, liftedAt: null });
    await proposeLift(psd2, caseHold.id, "Fictional: claim settled.", at);
    await decideLift(psd, caseHold.id, "confirm", at);
    expect(await prisma.legalHold.findUniqueOrThrow({ where: { id: caseHold.id } })).toMatchObject({ liftedById: ids.psd, liftProposedById: ids.psd2 });
    const steps = await prisma.auditEvent.findMany({
      where: { subjectId: caseHold.id, action: { startsWith: "legal_hold.lift" }, outcome: "SUCCESS" },
      orderBy: { id: "asc" },
      select: { action: true },
    });
    expect(steps.map((row) => row.action)).toEqual(["legal_hold.lift.propose", "legal_hold.lift.refuse", "legal_hold.lift.propose", "legal_hold.lift"]);
    const refusals = await prisma.auditEvent.findMany({ where: { action: { startsWith: "legal_hold.lift" }, outcome: { in: ["REFUSED", "FAILURE"] } } });
    expect(refusals.map((row) => row.actorId).sort()).toEqual([ids.manager, ids.admin, ids.psd, ids.psd2, ids.manager].sort());
    expect(await runRetention(prisma, addDays(at, 1))).toEqual({ SUPPORT_DRAFT: 0, SUPPORT_REQUEST: 0, POLICE_SUSPECT_CASE: 1 });
    expect(await prisma.policeSuspectCase.count()).toBe(0);
    expect((await verifyAuditChain(prisma)).ok).toBe(true);
  });
});
