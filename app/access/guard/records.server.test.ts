import { expect, it } from "vitest";
import { defineAbilityFor } from "#policies/ability";
import { describeEachDatabase } from "../../../tests/support/database";
import { statusOf } from "../../../tests/support/responses";
import { accessScope, changeWithAudit, listAccessible, readAccessible, readPart, requireArea } from "./records.server";
import type { RequestContext } from "../request-context.server";

import { guardTestPeople } from "./guard-test-people";

describeEachDatabase("the access guard: reads, lists and areas", (use) => {
  const { ids, setUp, contextFor } = guardTestPeople(use);

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
});
