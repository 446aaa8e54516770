// The tag check over several ranges at once names the same first bad position as one pass in order would.
import { beforeEach, expect, it } from "vitest";
import { untaggedAuditInsert } from "../../tests/support/audit-rows";
import { describeEachDatabase } from "../../tests/support/database";
import { DEMO_AUDIT_KEY, deriveAuditKeys } from "./audit-key.server";
import { appendAudit } from "./audit.server";
import { checkTags } from "./audit-tags.server";

const keys = deriveAuditKeys(DEMO_AUDIT_KEY);
const behindTheTriggers = (sql: string) =>
  `ALTER TABLE "audit_event" DISABLE TRIGGER USER; ALTER TABLE "audit_seal" DISABLE TRIGGER USER; ${sql}; ` +
  `ALTER TABLE "audit_event" ENABLE TRIGGER USER; ALTER TABLE "audit_seal" ENABLE TRIGGER USER;`;

describeEachDatabase("the audit tag check over ranges", (use) => {
  beforeEach(async () => {
    await use().rawSql(behindTheTriggers(`DELETE FROM "audit_seal"; DELETE FROM "audit_event"`));
  });

  async function writeRows(count: number) {
    for (let i = 0; i < count; i++) {
      await use().prisma.$transaction((tx) => appendAudit(tx, { action: "test.event", outcome: "SUCCESS", subjectId: `t${i}` }, keys));
    }
  }

  /** Inserts a row with no tag, as the trail was before it was keyed; the trigger seals it as the next entry. */
  async function insertUntagged(subjectId: string) {
    await use().rawSql(untaggedAuditInsert(subjectId));
  }

  const spoilTagAt = (seq: number) =>
    use().rawSql(
      behindTheTriggers(`UPDATE "audit_event" SET "tag" = '${"cd".repeat(32)}' WHERE "id" = (SELECT "eventId" FROM "audit_seal" WHERE "seq" = ${seq})`),
    );

  it("names the lowest bad position over all ranges, whichever range finishes first", async () => {
    await writeRows(12);
    for (const parallel of [1, 2, 3, 5]) expect(await checkTags(use().prisma, keys, 0n, 12n, { parallel, pageSize: 2 })).toBeNull();
    await spoilTagAt(11);
    await spoilTagAt(6);
    for (const parallel of [1, 2, 3, 5]) {
      expect(await checkTags(use().prisma, keys, 0n, 12n, { parallel, pageSize: 2 })).toMatchObject({ kind: "altered", seq: 6n });
    }
    // Inside a transaction (a client the bulk reader does not know) the rows are read through Prisma, with the same result.
    expect(await use().prisma.$transaction((tx) => checkTags(tx, keys, 0n, 12n, { parallel: 2, pageSize: 2 }))).toMatchObject({ seq: 6n });
    // Rows up to a checkpoint are not re-tagged: only those after it.
    expect(await checkTags(use().prisma, keys, 6n, 12n, { parallel: 2, pageSize: 2 })).toMatchObject({ seq: 11n });
  });

  it("accepts untagged rows only before the first tagged one, even when they fall in a later range", async () => {
    await insertUntagged("old-1");
    await insertUntagged("old-2");
    await writeRows(6); // entries 3 to 8
    for (const parallel of [1, 2, 4]) expect(await checkTags(use().prisma, keys, 0n, 8n, { parallel, pageSize: 1 })).toBeNull();
    await insertUntagged("slipped-in"); // entry 9
    await writeRows(3); // 10 to 12
    for (const parallel of [1, 2, 4]) {
      expect(await checkTags(use().prisma, keys, 0n, 12n, { parallel, pageSize: 1 })).toMatchObject({ kind: "altered", seq: 9n });
    }
    // Starting after a tagged anchor, an untagged row in the first range is bad too.
    expect(await checkTags(use().prisma, keys, 5n, 12n, { parallel: 3, pageSize: 1 })).toMatchObject({ seq: 9n });
  });
});
