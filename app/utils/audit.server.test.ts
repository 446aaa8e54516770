import { describe, expect, it } from "vitest";
import { describeEachDatabase } from "../../tests/support/database";
import { appendAudit, canonicalJson } from "./audit.server";
import { verifyAuditChain } from "./audit-verify.server";

describe("canonicalJson", () => {
  it("gives the same text whatever the key order", () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: 2 }, b: 1 }));
  });
});

describeEachDatabase("audit trail", (use) => {
  async function writeRows(count: number) {
    const { prisma } = use();
    for (let i = 0; i < count; i++) {
      await prisma.$transaction((tx) =>
        appendAudit(tx, { action: "test.event", outcome: "SUCCESS", subjectType: "Thing", subjectId: `t${i}`, details: { i } }),
      );
    }
  }

  it("chains rows so that verification passes on an untouched trail", async () => {
    await writeRows(5);
    const report = await verifyAuditChain(use().prisma);
    expect(report).toEqual({ ok: true, rowsChecked: 5 });
  });

  it("keeps one unbroken chain when many transactions write at once", async () => {
    const { prisma } = use();
    const before = await prisma.auditEvent.count();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        prisma.$transaction((tx) => appendAudit(tx, { action: "test.concurrent", outcome: "SUCCESS", details: { i } })),
      ),
    );
    expect(await prisma.auditEvent.count()).toBe(before + 20);
    expect((await verifyAuditChain(prisma)).ok).toBe(true);
  });

  it("is refused UPDATE, DELETE and TRUNCATE by the database itself", async () => {
    const { prisma, rawSql } = use();
    await expect(prisma.auditEvent.updateMany({ data: { reason: "changed" } })).rejects.toThrow(/append-only/);
    await expect(prisma.auditEvent.deleteMany({})).rejects.toThrow(/append-only/);
    await expect(rawSql(`DELETE FROM "audit_event" WHERE "seq" = 1`)).rejects.toThrow(/append-only/);
    await expect(rawSql(`TRUNCATE "audit_event"`)).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(prisma)).ok).toBe(true);
  });

  it("does not keep an audit row for a change that rolled back", async () => {
    const { prisma } = use();
    const before = await prisma.auditEvent.count();
    await expect(
      prisma.$transaction(async (tx) => {
        await appendAudit(tx, { action: "test.rolled_back", outcome: "SUCCESS" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await prisma.auditEvent.count()).toBe(before);
  });

  it("reports the first row altered behind the application's back", async () => {
    const { prisma, rawSql } = use();
    await rawSql(`
      ALTER TABLE "audit_event" DISABLE TRIGGER audit_event_append_only;
      UPDATE "audit_event" SET "outcome" = 'REFUSED' WHERE "seq" = 3;
      ALTER TABLE "audit_event" ENABLE TRIGGER audit_event_append_only;`);
    const report = await verifyAuditChain(prisma);
    expect(report.ok).toBe(false);
    expect(report.problem).toMatchObject({ kind: "altered", seq: 3n });
    expect(report.rowsChecked).toBe(2);
  });
});

describeEachDatabase("audit trail tampering by deletion and insertion", (use) => {
  it("reports a deleted row as removed", async () => {
    const { prisma, rawSql } = use();
    for (let i = 0; i < 4; i++) {
      await prisma.$transaction((tx) => appendAudit(tx, { action: "test.event", outcome: "SUCCESS" }));
    }
    await rawSql(`
      ALTER TABLE "audit_event" DISABLE TRIGGER audit_event_append_only;
      DELETE FROM "audit_event" WHERE "seq" = 2;
      ALTER TABLE "audit_event" ENABLE TRIGGER audit_event_append_only;`);
    expect((await verifyAuditChain(prisma)).problem).toMatchObject({ kind: "removed", seq: 2n });
  });

  it("reports a row inserted out of order, even with a well-formed hash of its own", async () => {
    const { prisma, rawSql } = use();
    // Renumber the tail and forge a row in the gap: its hash covers its own content but not the chain.
    await rawSql(`
      ALTER TABLE "audit_event" DISABLE TRIGGER audit_event_append_only;
      DELETE FROM "audit_event";
      ALTER TABLE "audit_event" ENABLE TRIGGER audit_event_append_only;`);
    for (let i = 0; i < 3; i++) {
      await prisma.$transaction((tx) => appendAudit(tx, { action: "test.event", outcome: "SUCCESS" }));
    }
    const third = await prisma.auditEvent.findUniqueOrThrow({ where: { seq: 3n } });
    await rawSql(`
      INSERT INTO "audit_event" ("seq","occurredAt","action","outcome","prevHash","hash")
      VALUES (4, now(), 'forged.event', 'SUCCESS', '${"f".repeat(64)}', '${third.hash}');`);
    expect((await verifyAuditChain(prisma)).problem).toMatchObject({ kind: "out-of-order", seq: 4n });
  });
});
