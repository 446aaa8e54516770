// audit:verify screens the chain in ranges, each on a connection of its own (on PGlite, in turn): a change in any range,
// or between two ranges, is still found and named at its own position, whatever the number of ranges.
import { beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../../tests/support/database";
import { deriveAuditKeys } from "./audit-key.server";
import { appendAudit } from "./audit.server";
import { screenAuditChain, verifyAuditChain } from "./audit-verify.server";

const keys = deriveAuditKeys("a test key for the ranges of audit:verify, 32+ chars");
const behindTheTriggers = (sql: string) =>
  `ALTER TABLE "audit_event" DISABLE TRIGGER USER; ALTER TABLE "audit_seal" DISABLE TRIGGER USER; ${sql}; ` +
  `ALTER TABLE "audit_event" ENABLE TRIGGER USER; ALTER TABLE "audit_seal" ENABLE TRIGGER USER;`;

describeEachDatabase("audit:verify over ranges of the chain", (use) => {
  const ROWS = 30;

  beforeAll(async () => {
    const { prisma, rawSql } = use();
    await rawSql(behindTheTriggers(`DELETE FROM "audit_seal"; DELETE FROM "audit_event"`));
    for (let i = 0; i < ROWS; i++) {
      await prisma.$transaction((tx) =>
        appendAudit(tx, { action: "test.event", outcome: "SUCCESS", subjectType: "Thing", subjectId: `t${i}`, details: { i } }, keys),
      );
    }
  });

  /** Runs `change` behind the triggers, checks the chain over 1 to 4 ranges, then puts the chain back as it was. */
  async function verifiedAfter(change: string, undo: string) {
    const { prisma, rawSql } = use();
    await rawSql(behindTheTriggers(change));
    try {
      return await Promise.all([1, 2, 3, 4].map(async (parallel) => ({ parallel, report: await verifyAuditChain(prisma, { keys, parallel }) })));
    } finally {
      await rawSql(behindTheTriggers(undo));
    }
  }

  it("passes the intact chain over any number of ranges, and counts every entry once", async () => {
    const { prisma } = use();
    for (const parallel of [1, 2, 3, 4, ROWS, ROWS + 5]) {
      expect(await verifyAuditChain(prisma, { keys, parallel })).toEqual({ ok: true, rowsChecked: ROWS });
    }
    expect(await screenAuditChain(prisma, 12n, 20n)).toEqual({ firstSuspect: null, entries: 9 });
  });

  it("names a row altered in the second of three ranges, as one range does", async () => {
    const { prisma } = use();
    const seal = await prisma.auditSeal.findUniqueOrThrow({ where: { seq: 15n } });
    const reports = await verifiedAfter(
      `UPDATE "audit_event" SET "subjectId" = 'someone else' WHERE "id" = ${seal.eventId}`,
      `UPDATE "audit_event" SET "subjectId" = 't14' WHERE "id" = ${seal.eventId}`,
    );
    for (const { report } of reports) {
      expect(report.ok).toBe(false);
      expect(report.problem).toMatchObject({ kind: "altered", seq: 15n, eventId: seal.eventId });
      expect(report.rowsChecked).toBe(14);
    }
  });

  it("names an entry removed at the end of a range, which only the next range's first link shows", async () => {
    const { prisma } = use();
    // Three ranges of 30 entries are 1–10, 11–20, 21–30: entry 20 is the last of the second.
    const seal = await prisma.auditSeal.findUniqueOrThrow({ where: { seq: 20n } });
    const reports = await verifiedAfter(
      `DELETE FROM "audit_seal" WHERE "seq" = 20`,
      `INSERT INTO "audit_seal" ("seq", "eventId", "prevHash", "hash") VALUES (20, ${seal.eventId}, '${seal.prevHash}', '${seal.hash}')`,
    );
    for (const { parallel, report } of reports) {
      expect({ parallel, problem: report.problem }).toMatchObject({ parallel, problem: { kind: "removed", seq: 20n } });
    }
  });

  it("names a seal pointed at another row in the last range", async () => {
    const { prisma } = use();
    const [seal, other] = await Promise.all([28n, 29n].map((seq) => prisma.auditSeal.findUniqueOrThrow({ where: { seq } })));
    const reports = await verifiedAfter(
      `DROP INDEX "audit_seal_eventId_key"; UPDATE "audit_seal" SET "eventId" = ${other!.eventId} WHERE "seq" = 28`,
      `UPDATE "audit_seal" SET "eventId" = ${seal!.eventId} WHERE "seq" = 28; CREATE UNIQUE INDEX "audit_seal_eventId_key" ON "audit_seal" ("eventId")`,
    );
    for (const { parallel, report } of reports) {
      expect({ parallel, seq: report.problem?.seq }).toEqual({ parallel, seq: 28n });
    }
    expect(await verifyAuditChain(prisma, { keys, parallel: 3 })).toEqual({ ok: true, rowsChecked: ROWS });
  });
});
