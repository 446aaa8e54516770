import { beforeAll, expect, it } from "vitest";
import type { Db } from "~/db.server";
import { appendAudit } from "~/utils/audit.server";
import { describeEachDatabase } from "../../tests/support/database";
import { contextForPerson } from "../../tests/support/people";
import { statusOf } from "../../tests/support/responses";
import { seedDemoOrganisation, type SeedSummary } from "../../prisma/seed";
import { AUDIT_PAGE_SIZE, auditTrailPage, checkAuditChain, listAuditEvents } from "./audit-event.server";

describeEachDatabase("reading the audit trail", (use) => {
  let seed: SeedSummary;
  let prisma: Db;

  beforeAll(async () => {
    prisma = use().prisma;
    seed = await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    const admin = seed.ids.people.admin!;
    const constable = seed.ids.people.pcPenhallow!;
    for (let i = 0; i < 7; i++) {
      await prisma.$transaction((tx) =>
        appendAudit(tx, {
          actorId: i % 2 ? admin : null,
          action: i % 2 ? "access.read" : "auth.sign_in",
          subjectType: "Person",
          subjectId: constable,
          outcome: i % 3 ? "SUCCESS" : "FAILURE",
        }),
      );
    }
  });

  it("gives the newest first, with the names of the actor and of the person concerned", async () => {
    const rows = await listAuditEvents(prisma, {}, { take: 3 });
    expect(rows.map((row) => row.id)).toEqual([7n, 6n, 5n]);
    expect(rows[1]).toMatchObject({ actorName: "Ivo Brennand", subjectName: "Ally Penhallow" });
    expect(rows[0]).toMatchObject({ actorId: null, actorName: null, subjectName: "Ally Penhallow" });
  });

  it("pages backwards and forwards by sequence number, and filters", async () => {
    expect((await listAuditEvents(prisma, {}, { before: 5n, take: 2 })).map((row) => row.id)).toEqual([4n, 3n]);
    expect((await listAuditEvents(prisma, {}, { after: 2n, take: 2 })).map((row) => row.id)).toEqual([4n, 3n]);
    const signIns = await listAuditEvents(prisma, {}, { where: { action: { startsWith: "auth." }, outcome: "FAILURE" }, take: 50 });
    expect(signIns.map((row) => row.id)).toEqual([7n, 1n]);
  });

  it("stays within the caller's scope", async () => {
    expect(await listAuditEvents(prisma, { AND: [{ id: { in: [] } }] }, { take: 50 })).toEqual([]);
  });

  const lastAudit = (key: string) => prisma.auditEvent.findFirstOrThrow({ where: { actorId: seed.ids.people[key]! }, orderBy: { id: "desc" } });

  it("pages through the trail for the security overview, the read itself audited with its filters", async () => {
    const written: bigint[] = [];
    for (let i = 0; i < AUDIT_PAGE_SIZE + 5; i++) {
      written.push(await prisma.$transaction((tx) => appendAudit(tx, { action: "test.paging", outcome: "SUCCESS" })));
    }
    const newestFirst = [...written].reverse();
    const admin = await contextForPerson(prisma, seed.ids.people.admin!);
    const query = { actionPrefix: "test.paging", outcome: "SUCCESS" };

    const first = await auditTrailPage(admin, query);
    expect(first.events.map((event) => event.id)).toEqual(newestFirst.slice(0, AUDIT_PAGE_SIZE));
    expect(first).toMatchObject({ newer: null, older: newestFirst[AUDIT_PAGE_SIZE - 1] });
    expect(await lastAudit("admin")).toMatchObject({ action: "access.list", subjectType: "AuditEvent", outcome: "ALLOWED" });
    expect(JSON.parse((await lastAudit("admin")).details!)).toEqual({ count: AUDIT_PAGE_SIZE + 1, filters: { action: "test.paging", outcome: "SUCCESS" } });

    const second = await auditTrailPage(admin, { ...query, before: first.older! });
    expect(second.events.map((event) => event.id)).toEqual(newestFirst.slice(AUDIT_PAGE_SIZE));
    expect(second).toMatchObject({ newer: newestFirst[AUDIT_PAGE_SIZE], older: null });
    expect(JSON.parse((await lastAudit("admin")).details!)).toMatchObject({ before: first.older!.toString() });

    const back = await auditTrailPage(admin, { ...query, after: second.newer! });
    expect(back.events.map((event) => event.id)).toEqual(first.events.map((event) => event.id));
    expect(back).toMatchObject({ newer: null, older: first.older });
  });

  it("records each check of the chain with what it found, and refuses the check (403, audited) to someone who may not read the trail", async () => {
    const psd = await contextForPerson(prisma, seed.ids.people.psdInspector!);
    const check = await checkAuditChain(psd);
    expect(check).toMatchObject({ ok: true, problem: null });
    expect(check.rowsChecked).toBeGreaterThan(AUDIT_PAGE_SIZE);
    expect(await lastAudit("psdInspector")).toMatchObject({
      action: "audit.verify",
      outcome: "SUCCESS",
      details: JSON.stringify({ ok: true, rowsChecked: check.rowsChecked }),
    });

    expect(await statusOf(checkAuditChain(await contextForPerson(prisma, seed.ids.people.pcPenhallow!)))).toBe(403);
    expect(await lastAudit("pcPenhallow")).toMatchObject({ action: "audit.verify", outcome: "REFUSED" });
  });
});
