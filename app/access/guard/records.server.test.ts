import { describe, expect, it } from "vitest";
import { defineAbilityFor } from "#policies/ability";
import type { Role } from "~/generated/prisma/enums";
import { describeEachDatabase } from "../../../tests/support/database";
import { statusOf } from "../../../tests/support/responses";
import {
  accessScope,
  changeAccessible,
  changeDecidedInTransaction,
  changeWithAudit,
  createAccessible,
  listAccessible,
  readAccessible,
  readPart,
  requireAllowed,
  requireArea,
} from "./records.server";
import type { RequestContext } from "../request-context.server";

describeEachDatabase("the access guard", (use) => {
  const ids: Record<string, string> = {};

  async function setUp() {
    if (ids.manager) return;
    const { prisma } = use();
    const force = await prisma.force.create({ data: { name: "Guard Test Force (fictional)", shortName: "GTF", isHome: true } });
    const make = (key: string, extra: { lineManagerId?: string; roles?: Role[] } = {}) =>
      prisma.person.create({
        data: {
          forceId: force.id,
          firstName: key,
          lastName: "Fictional",
          workEmail: `${key}@guard-test.invalid`,
          employeeType: "OFFICER",
          rank: "CONSTABLE",
          level: 1,
          lineManagerId: extra.lineManagerId,
          roles: { create: (extra.roles ?? []).map((role) => ({ role })) },
        },
      });
    ids.force = force.id;
    ids.manager = (await make("manager")).id;
    ids.report = (await make("report", { lineManagerId: ids.manager })).id;
    ids.stranger = (await make("stranger")).id;
    ids.admin = (await make("admin", { roles: ["ADMINISTRATOR"] })).id;
  }

  async function contextFor(key: string): Promise<RequestContext> {
    const { prisma } = use();
    const person = await prisma.person.findUniqueOrThrow({ where: { id: ids[key] }, include: { roles: true, _count: { select: { reports: true } } } });
    const actor = { ...person, roles: person.roles.map((r) => r.role), reportCount: person._count.reports, displayName: person.firstName };
    return { actor, ability: defineAbilityFor(actor), sessionId: "test", client: { ipAddress: "198.51.100.7", userAgent: "vitest" }, prisma };
  }

  const readPerson = (context: RequestContext, id: string) =>
    readAccessible(context, {
      model: "Person",
      id,
      find: (tx, where) => tx.person.findFirst({ where }),
      exists: async (tx, candidate) => (await tx.person.count({ where: { id: candidate } })) > 0,
    });

  it("lets a manager read their report, and audits the decision as allowed", async () => {
    await setUp();
    const context = await contextFor("manager");
    const person = await readPerson(context, ids.report!);
    expect(person.id).toBe(ids.report);
    const audit = await use().prisma.auditEvent.findFirst({ orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ action: "access.read", subjectId: ids.report, outcome: "ALLOWED", actorId: ids.manager, ipAddress: "198.51.100.7" });
  });

  it("answers 'not found' for a record outside the person's scope, exactly as for one that does not exist, and audits both", async () => {
    await setUp();
    const context = await contextFor("report");
    expect(await statusOf(readPerson(context, ids.stranger!))).toBe(404);
    const refused = await use().prisma.auditEvent.findFirst({ orderBy: { id: "desc" } });
    expect(refused).toMatchObject({ subjectId: ids.stranger, outcome: "REFUSED", actorId: ids.report });

    const missing = "00000000-0000-4000-8000-0000000000aa";
    expect(await statusOf(readPerson(context, missing))).toBe(404);
    const notFound = await use().prisma.auditEvent.findFirst({ orderBy: { id: "desc" } });
    expect(notFound).toMatchObject({ subjectId: missing, outcome: "FAILURE", reason: "no such record" });
  });

  it("lists only what the scope allows: a manager's list holds their report, never the stranger", async () => {
    await setUp();
    const rows = await listAccessible(await contextFor("manager"), "Person", (tx, scope) => tx.person.findMany({ where: scope, select: { id: true } }));
    expect(rows.map((row) => row.id)).toEqual([ids.report]);
    const audit = await use().prisma.auditEvent.findFirst({ orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ action: "access.list", outcome: "ALLOWED", details: '{"count":1}' });
  });

  it("gives nothing from the database to someone no rule allows at all (never every row)", async () => {
    await setUp();
    const { prisma } = use();
    const constable = defineAbilityFor({ id: ids.report!, forceId: "f", unitId: null, level: 1, roles: [] });
    expect(await prisma.person.count()).toBeGreaterThan(0);
    // A constable has no rule for the audit trail or for anyone's roles: the filter must match no row.
    expect(await prisma.auditEvent.count({ where: accessScope(constable, "read", "AuditEvent") })).toBe(0);
    expect(await prisma.roleAssignment.count({ where: accessScope(constable, "update", "RoleAssignment") })).toBe(0);
    expect(await prisma.person.count({ where: accessScope(constable, "unlock", "Person") })).toBe(0);
    expect(await prisma.auditEvent.count()).toBeGreaterThan(0);
  });

  it("refuses an area without a rule (403) and records the refusal", async () => {
    await setUp();
    const before = await use().prisma.auditEvent.count();
    expect(await statusOf(requireArea(await contextFor("stranger"), "AdminArea"))).toBe(403);
    expect(await use().prisma.auditEvent.count()).toBe(before + 1);
    expect(await statusOf(requireArea(await contextFor("admin"), "AdminArea"))).toBe(200);
  });

  it("makes an allowed change and its audit row together, and makes neither when refused", async () => {
    await setUp();
    const { prisma } = use();
    const own = await contextFor("report");
    await changeWithAudit(
      own,
      { action: "update", model: "Person", record: { id: ids.report }, subjectId: ids.report, fields: ["pronouns"] },
      (tx) => tx.person.update({ where: { id: ids.report }, data: { pronouns: "they/them" } }),
      { action: "person.update_own_details" },
    );
    expect((await prisma.person.findUniqueOrThrow({ where: { id: ids.report } })).pronouns).toBe("they/them");
    expect(await prisma.auditEvent.findFirst({ orderBy: { id: "desc" } })).toMatchObject({ action: "person.update_own_details", outcome: "SUCCESS" });

    const status = await statusOf(
      changeWithAudit(
        own,
        { action: "update", model: "Person", record: { id: ids.report }, subjectId: ids.report, fields: ["rank"] },
        (tx) => tx.person.update({ where: { id: ids.report }, data: { rank: "SUPERINTENDENT" } }),
        { action: "person.update" },
      ),
    );
    expect(status).toBe(403);
    expect((await prisma.person.findUniqueOrThrow({ where: { id: ids.report } })).rank).toBe("CONSTABLE");
    expect(await prisma.auditEvent.findFirst({ orderBy: { id: "desc" } })).toMatchObject({ action: "person.update", outcome: "REFUSED" });
  });

  it("leaves no audit row when the change itself fails", async () => {
    await setUp();
    const { prisma } = use();
    const before = await prisma.auditEvent.count();
    const attempt = changeWithAudit(
      await contextFor("admin"),
      { action: "update", model: "Person", record: { id: ids.stranger }, subjectId: ids.stranger, fields: ["workEmail"] },
      (tx) => tx.person.update({ where: { id: ids.stranger }, data: { workEmail: "manager@guard-test.invalid" } }),
      { action: "person.update" },
    );
    await expect(attempt).rejects.toThrow();
    expect(await prisma.auditEvent.count()).toBe(before);
  });

  const latestAudit = () => use().prisma.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });

  it("records with a read what the reader says of it: its own action, details either way, and what was shown when allowed", async () => {
    await setUp();
    const read = async (key: string, id: string) =>
      readAccessible(await contextFor(key), {
        model: "Person",
        id,
        auditAction: "access.read.profile",
        find: (tx, where) => tx.person.findFirst({ where, select: { id: true, pronouns: true } }),
        exists: async (tx, candidate) => (await tx.person.count({ where: { id: candidate } })) > 0,
        details: { via: "guard test" },
        shown: (person) => ({ pronounsShown: person.pronouns !== null }),
      });
    await read("manager", ids.report!);
    expect(await latestAudit()).toMatchObject({ action: "access.read.profile", outcome: "ALLOWED", details: '{"pronounsShown":true,"via":"guard test"}' });
    expect(await statusOf(read("stranger", ids.report!))).toBe(404);
    expect(await latestAudit()).toMatchObject({ action: "access.read.profile", outcome: "REFUSED", actorId: ids.stranger, details: '{"via":"guard test"}' });
  });

  it("reads a part with a rule of its own inside the decision's transaction, only where that rule reaches, with no audit row of its own", async () => {
    await setUp();
    const { prisma } = use();
    const context = await contextFor("manager");
    const before = await prisma.auditEvent.count();
    const parts = await readAccessible(context, {
      model: "Person",
      id: ids.report!,
      find: async (tx, where) => {
        const person = await tx.person.findFirst({ where, select: { id: true } });
        if (!person) return null;
        const part = (action: "refer" | "update") =>
          readPart(context, tx, {
            model: "Person",
            id: person.id,
            action,
            find: (inTx, partWhere) => inTx.person.findFirst({ where: partWhere, select: { workEmail: true } }),
          });
        return { refer: await part("refer"), update: await part("update") };
      },
      exists: async () => true,
    });
    // A manager may suggest support for their report (refer) but not change their record (update).
    expect(parts.refer?.workEmail).toBe("report@guard-test.invalid");
    expect(parts.update).toBeNull();
    expect(await prisma.auditEvent.count()).toBe(before + 1);
  });

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
