import { describe, expect, it } from "vitest";
import { describeEachDatabase } from "../../../tests/support/database";
import { statusOf } from "../../../tests/support/responses";
import { changeAccessible, changeDecidedInTransaction, changeWithAudit, createAccessible, requireAllowed } from "./records.server";
import type { RequestContext } from "../request-context.server";

import { guardTestPeople } from "./guard-test-people";

describeEachDatabase("the access guard: changes and creations", (use) => {
  const { ids, setUp, contextFor } = guardTestPeople(use);
  const latestAudit = () => use().prisma.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });

  describe("changing one record in scope", () => {
    const setPronouns = (key: string, id: string, pronouns: string, knownThrough?: "read") =>
      contextFor(key).then((context) =>
        changeAccessible(
          context,
          {
            model: "Person",
            id,
            action: "refer",
            knownThrough,
            find: (tx, where) => tx.person.findFirst({ where, select: { id: true, pronouns: true } }),
            exists: async (tx, candidate) => (await tx.person.count({ where: { id: candidate } })) > 0,
          },
          async (tx, person) => {
            await tx.person.update({ where: { id: person.id }, data: { pronouns } });
            return { before: person.pronouns, after: pronouns };
          },
          { action: "person.pronouns", details: (done) => done },
        ),
      );
    const pronounsOf = async (id: string) => (await use().prisma.person.findUniqueOrThrow({ where: { id } })).pronouns;

    it("changes it and writes the audit row with details computed by the change", async () => {
      await setUp();
      await use().prisma.person.update({ where: { id: ids.report }, data: { pronouns: "they/them" } });
      await setPronouns("manager", ids.report!, "she/her");
      expect(await pronounsOf(ids.report!)).toBe("she/her");
      expect(await latestAudit()).toMatchObject({
        action: "person.pronouns",
        subjectId: ids.report,
        outcome: "SUCCESS",
        details: '{"after":"she/her","before":"they/them"}',
      });
    });

    it("refuses with 'not found' once the right is withdrawn before the change's transaction, changes nothing, and audits the refusal", async () => {
      await setUp();
      const { prisma } = use();
      const other = await prisma.person.create({
        data: {
          forceId: ids.force!,
          firstName: "moved",
          lastName: "Fictional",
          workEmail: "moved@guard-test.invalid",
          employeeType: "OFFICER",
          rank: "CONSTABLE",
          level: 1,
          lineManagerId: ids.manager,
        },
      });
      await setPronouns("manager", other.id, "he/him");
      // The report moves to another line manager: committed between the manager's page load and their post.
      await prisma.person.update({ where: { id: other.id }, data: { lineManagerId: ids.admin } });
      expect(await statusOf(setPronouns("manager", other.id, "xe/xem"))).toBe(404);
      expect(await pronounsOf(other.id)).toBe("he/him");
      expect(await latestAudit()).toMatchObject({
        action: "person.pronouns",
        subjectId: other.id,
        actorId: ids.manager,
        outcome: "REFUSED",
        reason: "outside access scope",
      });
    });

    it("answers 403 to someone who knows the record (through `knownThrough`) but may not do this, and 'not found' without it, or for no such record", async () => {
      await setUp();
      expect(await statusOf(setPronouns("report", ids.report!, "xe/xem", "read"))).toBe(403);
      expect(await latestAudit()).toMatchObject({ action: "person.pronouns", outcome: "REFUSED", reason: "no rule allows it" });
      expect(await statusOf(setPronouns("report", ids.report!, "xe/xem"))).toBe(404);
      expect(await statusOf(setPronouns("stranger", ids.report!, "xe/xem", "read"))).toBe(404);
      const missing = "00000000-0000-4000-8000-0000000000ab";
      expect(await statusOf(setPronouns("manager", missing, "xe/xem", "read"))).toBe(404);
      expect(await latestAudit()).toMatchObject({ subjectId: missing, outcome: "FAILURE", reason: "no such record" });
      expect(await pronounsOf(ids.report!)).toBe("she/her");
    });
  });

  it("audits a created record under the id the change gave it, with details computed by the change; refused, creates nothing", async () => {
    await setUp();
    const { prisma } = use();
    const createUnit = async (key: string, name: string) =>
      changeWithAudit(
        await contextFor(key),
        { action: "create", model: "Unit", subjectId: (unit: { id: string }) => unit.id },
        (tx) => tx.unit.create({ data: { forceId: ids.force!, name, kind: "DEPARTMENT" }, select: { id: true, name: true } }),
        { action: "unit.create", details: (unit) => ({ name: unit.name }) },
      );
    const unit = await createUnit("admin", "Guard Test Unit (fictional)");
    expect(await latestAudit()).toMatchObject({
      action: "unit.create",
      subjectType: "Unit",
      subjectId: unit.id,
      outcome: "SUCCESS",
      details: '{"name":"Guard Test Unit (fictional)"}',
    });
    expect(await statusOf(createUnit("stranger", "Refused Unit (fictional)"))).toBe(403);
    expect(await latestAudit()).toMatchObject({ action: "unit.create", subjectId: null, outcome: "REFUSED" });
    expect(await prisma.unit.count({ where: { name: "Refused Unit (fictional)" } })).toBe(0);
  });

  it("creates a record only within the creator's scope: outside it nothing is written, the refusal is audited, and it is 'not found'", async () => {
    await setUp();
    const { prisma } = use();
    const manager = await contextFor("manager");
    const lastAudit = () => prisma.auditEvent.findFirst({ orderBy: { id: "desc" } });
    const written: string[] = [];
    const recordConversation = (employeeId: string | null) =>
      createAccessible(
        manager,
        {
          model: "ConversationRecord",
          // null: what the record needs (here, whom it is about) is out of the person's reach.
          create: async (tx) => {
            if (!employeeId) return null;
            const row = await tx.conversationRecord.create({
              data: {
                employeeId,
                managerId: ids.manager!,
                heldOn: new Date("2027-01-04"),
                pointsCovered: [],
                supportOffered: "Fictional",
                agreed: "Fictional",
              },
              select: { id: true },
            });
            written.push(row.id);
            return row;
          },
          find: (tx, where) => tx.conversationRecord.findFirst({ where, select: { id: true } }),
        },
        { action: "conversation.record", details: { purpose: "guard test" } },
      );

    const forTheirReport = await recordConversation(ids.report!);
    expect(await prisma.conversationRecord.count({ where: { id: forTheirReport.id } })).toBe(1);
    expect(await lastAudit()).toMatchObject({ action: "conversation.record", subjectId: forTheirReport.id, outcome: "SUCCESS", actorId: ids.manager });

    // The stranger does not report to them: the row is written, found outside the scope and undone with its transaction.
    const before = await prisma.conversationRecord.count();
    expect(await statusOf(recordConversation(ids.stranger!))).toBe(404);
    expect(written).toHaveLength(2);
    expect(await prisma.conversationRecord.count()).toBe(before);
    expect(await lastAudit()).toMatchObject({
      action: "conversation.record",
      subjectId: null,
      outcome: "REFUSED",
      reason: "outside access scope",
      actorId: ids.manager,
    });

    // The create answers null: refused the same way, nothing written.
    const audits = await prisma.auditEvent.count();
    expect(await statusOf(recordConversation(null))).toBe(404);
    expect(await prisma.conversationRecord.count()).toBe(before);
    expect(await prisma.auditEvent.count()).toBe(audits + 1);
    expect(await lastAudit()).toMatchObject({ action: "conversation.record", outcome: "REFUSED", details: '{"purpose":"guard test"}' });
  });

  it("records in the audit row what an allowed change did, and changes nothing outside the scope", async () => {
    await setUp();
    const { prisma } = use();
    const own = await contextFor("report");
    const lastAudit = () => prisma.auditEvent.findFirst({ orderBy: { id: "desc" } });
    const setPronouns = (id: string, pronouns: string) =>
      changeAccessible(
        own,
        {
          model: "Person",
          id,
          action: "update",
          find: (tx, where) => tx.person.findFirst({ where, select: { pronouns: true } }),
          exists: async (tx, candidate) => (await tx.person.count({ where: { id: candidate } })) > 0,
        },
        async (tx, person) => {
          await tx.person.update({ where: { id }, data: { pronouns } });
          return { pronouns, hadPronouns: person.pronouns !== null };
        },
        { action: "person.update_own_details", details: (done) => ({ hadPronouns: done.hadPronouns }) },
      ).then((done) => done.pronouns);
    await prisma.person.update({ where: { id: ids.report }, data: { pronouns: null } });
    expect(await setPronouns(ids.report!, "she/her")).toBe("she/her");
    expect((await prisma.person.findUniqueOrThrow({ where: { id: ids.report } })).pronouns).toBe("she/her");
    expect(await lastAudit()).toMatchObject({
      action: "person.update_own_details",
      subjectId: ids.report,
      outcome: "SUCCESS",
      details: '{"hadPronouns":false}',
    });

    const stranger = await prisma.person.findUniqueOrThrow({ where: { id: ids.stranger } });
    expect(await statusOf(setPronouns(ids.stranger!, "he/him"))).toBe(404);
    expect(await prisma.person.findUniqueOrThrow({ where: { id: ids.stranger } })).toEqual(stranger);
    expect(await lastAudit()).toMatchObject({
      action: "person.update_own_details",
      subjectId: ids.stranger,
      outcome: "REFUSED",
      reason: "outside access scope",
    });
  });

  it("decides a change on rows read in its own transaction: a relationship ended after the context was built is seen", async () => {
    await setUp();
    const { prisma } = use();
    const manager = await contextFor("manager");
    const referTo = (context: RequestContext, personId: string, pronouns: string) =>
      changeDecidedInTransaction(context, {
        action: "refer",
        model: "Person",
        load: (tx) => tx.person.findUnique({ where: { id: personId }, select: { id: true, lineManagerId: true, active: true } }),
        change: (tx) => tx.person.update({ where: { id: personId }, data: { pronouns }, select: { id: true } }),
        audit: { action: "test.refer", subjectId: (changed) => changed.id, refusedBecause: "not their direct report" },
      });
    const lastAudit = () => prisma.auditEvent.findFirst({ orderBy: { id: "desc" } });

    await referTo(manager, ids.report!, "she/her");
    expect((await prisma.person.findUniqueOrThrow({ where: { id: ids.report } })).pronouns).toBe("she/her");
    expect(await lastAudit()).toMatchObject({ action: "test.refer", subjectType: "Person", subjectId: ids.report, outcome: "SUCCESS", actorId: ids.manager });

    expect(await statusOf(referTo(manager, ids.stranger!, "he/him"))).toBe(404);
    expect(await lastAudit()).toMatchObject({ action: "test.refer", subjectId: null, outcome: "REFUSED", reason: "not their direct report" });
    expect(await statusOf(referTo(manager, "00000000-0000-4000-8000-00000000dead", "he/him"))).toBe(404);
    expect(await lastAudit()).toMatchObject({ action: "test.refer", outcome: "FAILURE", reason: "no such record" });

    // The manager's context was built while the report was theirs; the move is committed before the change is tried.
    await prisma.person.update({ where: { id: ids.report }, data: { lineManagerId: ids.admin } });
    try {
      expect(await statusOf(referTo(manager, ids.report!, "they/them"))).toBe(404);
      expect((await prisma.person.findUniqueOrThrow({ where: { id: ids.report } })).pronouns).toBe("she/her");
      expect(await lastAudit()).toMatchObject({ action: "test.refer", outcome: "REFUSED" });
    } finally {
      await prisma.person.update({ where: { id: ids.report }, data: { lineManagerId: ids.manager, pronouns: "they/them" } });
    }
  });

  it("refuses what no rule allows on a record (403), and records the refusal", async () => {
    await setUp();
    const { prisma } = use();
    const own = await contextFor("report");
    expect(await statusOf(requireAllowed(own, { action: "export", model: "IncidentEntry", record: { personId: ids.report } }, "incident.export"))).toBe(200);
    const before = await prisma.auditEvent.count();
    expect(await statusOf(requireAllowed(own, { action: "export", model: "IncidentEntry", record: { personId: ids.stranger } }, "incident.export"))).toBe(403);
    expect(await prisma.auditEvent.count()).toBe(before + 1);
    expect(await prisma.auditEvent.findFirst({ orderBy: { id: "desc" } })).toMatchObject({
      action: "incident.export",
      outcome: "REFUSED",
      actorId: ids.report,
    });
  });
});
