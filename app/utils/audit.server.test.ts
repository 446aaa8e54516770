import { describe, expect, it } from "vitest";
import { describeEachDatabase } from "../../tests/support/database";
import { appendAudit, auditSealHash, canonicalJson, GENESIS_HASH } from "./audit.server";
import { screenAuditChain, verifyAuditChain } from "./audit-verify.server";

// Behind the application's back, as a database superuser would: triggers and foreign keys switched off.
const asSuperuser = (sql: string) => `SET session_replication_role = replica; ${sql}; SET session_replication_role = origin;`;

describe("canonicalJson", () => {
  it("gives the same text whatever the key order", () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: 2 }, b: 1 }));
  });
});

describeEachDatabase("audit trail", (use) => {
  async function writeRows(count: number) {
    const { prisma } = use();
    const ids: bigint[] = [];
    for (let i = 0; i < count; i++) {
      ids.push(
        await prisma.$transaction((tx) =>
          appendAudit(tx, { action: "test.event", outcome: "SUCCESS", subjectType: "Thing", subjectId: `t${i}`, details: { i } }),
        ),
      );
    }
    return ids;
  }

  it("seals every committed row into the chain at commit, with the link the application computes too", async () => {
    const [first] = await writeRows(5);
    const seal = await use().prisma.auditSeal.findUniqueOrThrow({ where: { eventId: first! }, include: { event: true } });
    expect(seal.seq).toBe(1n);
    expect(seal.prevHash).toBe(GENESIS_HASH);
    expect(seal.hash).toBe(auditSealHash(GENESIS_HASH, 1n, seal.event.contentHash));
    expect(await verifyAuditChain(use().prisma)).toEqual({ ok: true, rowsChecked: 5 });
  });

  it("gives each row a nonce of its own, later rows a greater one, so the nonce index grows at its end (ADR 047)", async () => {
    const ids = await writeRows(20);
    const rows = await use().prisma.$queryRawUnsafe<{ id: bigint; nonce: string }[]>(
      `SELECT "id", "tagNonce"::text AS "nonce" FROM "audit_event" WHERE "id" = ANY($1::bigint[]) ORDER BY "id"`,
      ids.map(String),
    );
    const nonces = rows.map((row) => row.nonce);
    expect(new Set(nonces).size).toBe(20);
    expect(nonces).toEqual([...nonces].sort());
  });

  it("computes in the database exactly the hashes the application computes, whatever the text holds", async () => {
    const { prisma } = use();
    const before = await prisma.auditSeal.count();
    const awkward = [
      'quotes " and \\ backslashes',
      "control\u0001\u001f characters\b\f\n\r\t and DEL\u007f",
      "accents é, Welsh ŵ, CJK 漢字, emoji 🙂, separators \u2028\u2029",
      "",
    ];
    await prisma.$transaction(async (tx) => {
      for (const text of awkward) {
        await appendAudit(tx, {
          action: "test.awkward",
          outcome: "SUCCESS",
          reason: text,
          userAgent: text,
          subjectId: text,
          details: { text, n: 1.5, list: [null, true] },
        });
      }
      await appendAudit(tx, { action: "test.nulls", outcome: "FAILURE" });
    });
    expect(await screenAuditChain(prisma)).toEqual({ firstSuspect: null, entries: before + awkward.length + 1 });
    expect(await verifyAuditChain(prisma)).toEqual({ ok: true, rowsChecked: before + awkward.length + 1 });
  });

  it("records a refused address's junk id without its NUL characters, at most 200 characters of it", async () => {
    const { prisma } = use();
    const junk = await prisma.$transaction((tx) =>
      appendAudit(tx, { action: "test.event", outcome: "REFUSED", subjectType: "Thing", subjectId: "a\u0000b", reason: "why\u0000 not" }),
    );
    const long = await prisma.$transaction((tx) =>
      appendAudit(tx, { action: "test.event", outcome: "REFUSED", subjectType: "Thing", subjectId: "x".repeat(5000) }),
    );
    const rows = await prisma.auditEvent.findMany({ where: { id: { in: [junk, long] } }, orderBy: { id: "asc" } });
    expect(rows.map((row) => [row.subjectId?.length, row.reason])).toEqual([
      [2, "why not"],
      [200, null],
    ]);
    expect(rows[0]!.subjectId).toBe("ab");
    expect((await verifyAuditChain(prisma)).ok).toBe(true);
  });

  it("keeps one unbroken chain when many transactions write at once", async () => {
    const { prisma } = use();
    const before = await prisma.auditSeal.count();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        prisma.$transaction(async (tx) => {
          await appendAudit(tx, { action: "test.concurrent", outcome: "SUCCESS", details: { i } });
          await appendAudit(tx, { action: "test.concurrent.second", outcome: "SUCCESS", details: { i } });
        }),
      ),
    );
    expect(await prisma.auditSeal.count()).toBe(before + 40);
    expect(await verifyAuditChain(prisma)).toMatchObject({ ok: true, rowsChecked: before + 40 });
  });

  it("is refused UPDATE, DELETE and TRUNCATE by the database itself, on rows and on the chain", async () => {
    const { prisma, rawSql } = use();
    await expect(prisma.auditEvent.updateMany({ data: { reason: "changed" } })).rejects.toThrow(/append-only/);
    await expect(prisma.auditEvent.deleteMany({})).rejects.toThrow(/append-only/);
    await expect(rawSql(`DELETE FROM "audit_event" WHERE "id" = 1`)).rejects.toThrow(/append-only/);
    await expect(rawSql(`TRUNCATE "audit_event" CASCADE`)).rejects.toThrow(/append-only/);
    await expect(rawSql(`UPDATE "audit_seal" SET "hash" = 'x' WHERE "seq" = 1`)).rejects.toThrow(/append-only/);
    await expect(rawSql(`DELETE FROM "audit_seal"`)).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(prisma)).ok).toBe(true);
  });

  it("keeps no audit row, and no seal, for a change that rolled back", async () => {
    const { prisma } = use();
    const before = [await prisma.auditEvent.count(), await prisma.auditSeal.count()];
    await expect(
      prisma.$transaction(async (tx) => {
        await appendAudit(tx, { action: "test.rolled_back", outcome: "SUCCESS" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect([await prisma.auditEvent.count(), await prisma.auditSeal.count()]).toEqual(before);
    expect((await verifyAuditChain(prisma)).ok).toBe(true);
  });

  it("reports the first row altered behind the application's back", async () => {
    const { prisma, rawSql } = use();
    await rawSql(asSuperuser(`UPDATE "audit_event" SET "outcome" = 'REFUSED' WHERE "id" = 3`));
    const report = await verifyAuditChain(prisma);
    expect(report.ok).toBe(false);
    expect(report.problem).toMatchObject({ kind: "altered", eventId: 3n });
    expect(report.rowsChecked).toBe(2);
  });
});

describeEachDatabase("audit trail tampering by deletion and insertion", (use) => {
  async function freshRows(count: number) {
    const { prisma } = use();
    for (let i = 0; i < count; i++) await prisma.$transaction((tx) => appendAudit(tx, { action: "test.event", outcome: "SUCCESS", details: { i } }));
  }

  it("reports a deleted row as removed", async () => {
    const { prisma, rawSql } = use();
    await freshRows(4);
    await rawSql(asSuperuser(`DELETE FROM "audit_event" WHERE "id" = 2`));
    expect((await verifyAuditChain(prisma)).problem).toMatchObject({ kind: "removed", seq: 2n, eventId: 2n });
  });

  it("reports a row deleted together with its place in the chain as removed", async () => {
    const { prisma, rawSql } = use();
    await rawSql(asSuperuser(`DELETE FROM "audit_seal"; DELETE FROM "audit_event"`));
    await freshRows(4);
    const [third] = await prisma.auditSeal.findMany({ where: { seq: 3n } });
    await rawSql(asSuperuser(`DELETE FROM "audit_seal" WHERE "seq" = 3; DELETE FROM "audit_event" WHERE "id" = ${third!.eventId}`));
    expect((await verifyAuditChain(prisma)).problem).toMatchObject({ kind: "removed", seq: 3n });
  });

  it("reports a row slipped in without a seal, and a forged seal that does not link to the chain", async () => {
    const { prisma, rawSql } = use();
    await rawSql(asSuperuser(`DELETE FROM "audit_seal"; DELETE FROM "audit_event"`));
    await freshRows(3);
    await rawSql(
      asSuperuser(
        `INSERT INTO "audit_event" ("id","occurredAt","action","outcome","contentHash") VALUES (1000, now(), 'forged.event', 'SUCCESS', '${"a".repeat(64)}')`,
      ),
    );
    expect((await verifyAuditChain(prisma)).problem).toMatchObject({ kind: "out-of-order", eventId: 1000n });

    await rawSql(asSuperuser(`INSERT INTO "audit_seal" ("seq","eventId","prevHash","hash") VALUES (4, 1000, '${"f".repeat(64)}', '${"b".repeat(64)}')`));
    expect((await verifyAuditChain(prisma)).problem).toMatchObject({ kind: "out-of-order", seq: 4n, eventId: 1000n });
  });
});
