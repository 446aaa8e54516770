// The attacks of issue 14 on the audit trail, each performed for real by someone with the database's own rights (the
// portal's role, which owns the tables), and each caught by the keyed check and the signed checkpoints (ADR 022).
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { untaggedAuditInsert } from "../../tests/support/audit-rows";
import { describeEachDatabase } from "../../tests/support/database";
import { createAuditCheckpoint, readCheckpoints, resolveCheckpointDir, verifyAuditTrail } from "./audit-checkpoint.server";
import { DEMO_AUDIT_KEY, deriveAuditKeys, resolveAuditKeys } from "./audit-key.server";
import { appendAudit, auditContentHash, auditSealHash } from "./audit.server";

// What the attacker types: triggers off (they own the tables), the change, triggers back on.
const behindTheTriggers = (sql: string) =>
  `ALTER TABLE "audit_event" DISABLE TRIGGER USER; ALTER TABLE "audit_seal" DISABLE TRIGGER USER; ${sql}; ` +
  `ALTER TABLE "audit_event" ENABLE TRIGGER USER; ALTER TABLE "audit_seal" ENABLE TRIGGER USER;`;

describeEachDatabase("audit trail against someone with the database's rights", (use) => {
  let dir = "";

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "audit-checkpoints-"));
    await use().rawSql(behindTheTriggers(`DELETE FROM "audit_seal"; DELETE FROM "audit_event"; DELETE FROM "outbox_message"`));
  });

  async function writeRows(count: number, from = 0) {
    const { prisma } = use();
    for (let i = from; i < from + count; i++) {
      await prisma.$transaction((tx) =>
        appendAudit(tx, { action: "test.event", outcome: "SUCCESS", subjectType: "Thing", subjectId: `t${i}`, details: { i } }),
      );
    }
  }

  async function checkpoint() {
    const result = await createAuditCheckpoint(use().prisma, { dir });
    expect(result.outcome).toBe("written");
  }

  /** Recomputes every link from `seq` on with the unkeyed formula, as the database's own trigger would have. */
  async function resealFrom(seq: bigint) {
    const { prisma, rawSql } = use();
    const [before] = seq > 1n ? await prisma.auditSeal.findMany({ where: { seq: seq - 1n } }) : [];
    let previous = before?.hash ?? "0".repeat(64);
    const seals = await prisma.auditSeal.findMany({ where: { seq: { gte: seq } }, orderBy: { seq: "asc" }, include: { event: true } });
    const updates = seals.map((seal) => {
      const hash = auditSealHash(previous, seal.seq, seal.event.contentHash);
      const sql = `UPDATE "audit_seal" SET "prevHash" = '${previous}', "hash" = '${hash}' WHERE "seq" = ${seal.seq}`;
      previous = hash;
      return sql;
    });
    if (updates.length > 0) await rawSql(behindTheTriggers(updates.join("; ")));
  }

  async function eventAt(seq: bigint) {
    const seal = await use().prisma.auditSeal.findUniqueOrThrow({ where: { seq }, include: { event: true } });
    return seal.event;
  }

  it("passes a chain anchored by checkpoints, and mails each one to the PSD mailbox with nothing but its figures", async () => {
    const { prisma } = use();
    await prisma.force.upsert({
      where: { name: "Northshire Constabulary" },
      create: { name: "Northshire Constabulary", shortName: "Northshire", isHome: true, psdContactEmail: "psd@northshire.police.invalid" },
      update: {},
    });
    await writeRows(5);
    await checkpoint();
    await writeRows(3, 5);
    await checkpoint();
    await writeRows(2, 8);
    const report = await verifyAuditTrail(prisma, { dir });
    // 10 rows and the two checkpoints' own audit rows.
    expect(report).toMatchObject({ ok: true, rowsChecked: 12, checkpoints: 2 });
    expect(await verifyAuditTrail(prisma, { dir, everyTag: true })).toMatchObject({ ok: true, rowsChecked: 12 });

    const files = readdirSync(dir).sort();
    expect(files).toEqual(["audit-checkpoint-0000000000000000005.json", "audit-checkpoint-0000000000000000009.json"]);
    const second = JSON.parse(readFileSync(join(dir, files[1]!), "utf8")) as { seq: string; hash: string; signature: string };
    const mails = await prisma.outboxMessage.findMany({ where: { template: "audit-checkpoint" }, orderBy: { createdAt: "asc" } });
    expect(mails.map((mail) => mail.toAddress)).toEqual(["psd@northshire.police.invalid", "psd@northshire.police.invalid"]);
    expect(mails[1]!.text).toContain(`Position: 9. Hash: ${second.hash}. Signature: ${second.signature}.`);
    expect(mails[1]!.text).not.toContain("test.event");
    expect(await prisma.auditEvent.count({ where: { action: "audit.checkpoint" } })).toBe(2);
  });

  it("(1) notices the newest rows deleted with their seals, through the checkpoint, naming the first missing position", async () => {
    await writeRows(6);
    await checkpoint(); // anchors entry 6; its own audit row is entry 7
    await use().rawSql(
      behindTheTriggers(
        `DELETE FROM "audit_seal" WHERE "seq" >= 5; DELETE FROM "audit_event" e WHERE NOT EXISTS (SELECT 1 FROM "audit_seal" s WHERE s."eventId" = e."id")`,
      ),
    );
    // Without the checkpoint, what is left is a perfectly valid chain: that is the attack.
    expect((await verifyAuditTrail(use().prisma, { dir: mkdtempSync(join(tmpdir(), "no-checkpoints-")) })).ok).toBe(true);
    const report = await verifyAuditTrail(use().prisma, { dir });
    expect(report.ok).toBe(false);
    expect(report.problem).toMatchObject({ kind: "removed", seq: 5n });
    expect(report.problem!.message).toMatch(/entries 5 to 6 .* removed/);
    expect(report.rowsChecked).toBe(4);
  });

  it("(2) notices a row rewritten with its hashes recomputed by the unkeyed formula, by the key, at its position", async () => {
    const { prisma, rawSql } = use();
    await writeRows(4);
    await checkpoint(); // entry 5 is the checkpoint's row
    await writeRows(4, 4); // entries 6 to 9: after the latest checkpoint
    for (const seq of [7n, 3n]) {
      const event = await eventAt(seq);
      const forged = { ...event, outcome: "FAILURE" };
      await rawSql(behindTheTriggers(`UPDATE "audit_event" SET "outcome" = 'FAILURE', "contentHash" = '${auditContentHash(forged)}' WHERE "id" = ${event.id}`));
      await resealFrom(seq);
      const report = await verifyAuditTrail(prisma, { dir });
      expect(report.problem).toMatchObject({ kind: "altered", seq, eventId: event.id });
      expect(report.problem!.message).toMatch(/tag the audit key gives it/);
    }
  });

  it("(3) notices rows inserted with direct SQL, with made-up tags or copied from a genuine row", async () => {
    const { prisma, rawSql } = use();
    await writeRows(3);
    await checkpoint();
    // An ordinary INSERT with the triggers on: the database seals it into the chain as entry 5.
    const forged = {
      occurredAt: new Date(),
      actorId: null,
      action: "test.event",
      subjectType: "Thing",
      subjectId: "forged",
      outcome: "SUCCESS",
      reason: null,
      ipAddress: null,
      userAgent: null,
      details: null,
    };
    await rawSql(
      `INSERT INTO "audit_event" ("occurredAt", "action", "subjectType", "subjectId", "outcome", "contentHash", "tagNonce", "tag")
       VALUES ('${forged.occurredAt.toISOString()}', 'test.event', 'Thing', 'forged', 'SUCCESS', '${auditContentHash(forged)}', gen_random_uuid(), '${"ab".repeat(32)}')`,
    );
    const forgedId = (await eventAt(5n)).id;
    expect((await verifyAuditTrail(prisma, { dir })).problem).toMatchObject({ kind: "altered", seq: 5n, eventId: forgedId });

    // A copy of a genuine row carries a valid tag. The unique nonce refuses it, until the attacker drops the index.
    await rawSql(behindTheTriggers(`DELETE FROM "audit_seal" WHERE "seq" = 5; DELETE FROM "audit_event" WHERE "id" = ${forgedId}`));
    const copy = `INSERT INTO "audit_event" ("occurredAt", "actorId", "action", "subjectType", "subjectId", "outcome", "reason", "ipAddress", "userAgent", "details", "contentHash", "tagNonce", "tag")
       SELECT "occurredAt", "actorId", "action", "subjectType", "subjectId", "outcome", "reason", "ipAddress", "userAgent", "details", "contentHash", "tagNonce", "tag"
       FROM "audit_event" WHERE "subjectId" = 't1'`;
    await expect(rawSql(copy)).rejects.toThrow(/unique|duplicate/i);
    await rawSql(`DROP INDEX "audit_event_tagNonce_key"; ${copy}`);
    const copied = await eventAt(5n);
    expect(copied.subjectId).toBe("t1");
    expect((await verifyAuditTrail(prisma, { dir })).problem).toMatchObject({ kind: "out-of-order", seq: 5n, eventId: copied.id });
    await rawSql(behindTheTriggers(`DELETE FROM "audit_seal" WHERE "seq" = 5; DELETE FROM "audit_event" WHERE "id" = ${copied.id}`));
    await rawSql(`CREATE UNIQUE INDEX "audit_event_tagNonce_key" ON "audit_event"("tagNonce")`);
  });

  it("accepts untagged rows only as the trail from before it was keyed, never after a tagged row", async () => {
    const { prisma, rawSql } = use();
    const untagged = untaggedAuditInsert;
    await rawSql(`${untagged("old-1")}; ${untagged("old-2")}`);
    await writeRows(2);
    expect(await verifyAuditTrail(prisma, { dir })).toMatchObject({ ok: true, rowsChecked: 4 });
    await rawSql(untagged("slipped-in"));
    expect((await verifyAuditTrail(prisma, { dir })).problem).toMatchObject({ kind: "altered", seq: 5n });
  });

  it("(4) notices a change made with the triggers switched off and on again: a row removed and the chain renumbered, a row rewritten", async () => {
    const { prisma, rawSql } = use();
    await writeRows(6);
    await checkpoint(); // anchors entry 6
    await writeRows(2, 6);
    // Remove entry 3 and close the gap: every later entry moves up one place and is resealed with the unkeyed formula.
    // The move goes through negative positions: in one step, the primary key is checked row by row in whatever order
    // the rows lie on disk, and an entry could land on one not yet moved.
    const third = await eventAt(3n);
    await rawSql(
      behindTheTriggers(
        `DELETE FROM "audit_seal" WHERE "seq" = 3; DELETE FROM "audit_event" WHERE "id" = ${third.id}; ` +
          `UPDATE "audit_seal" SET "seq" = -"seq" WHERE "seq" > 3; UPDATE "audit_seal" SET "seq" = -"seq" - 1 WHERE "seq" < 0`,
      ),
    );
    await resealFrom(3n);
    expect((await verifyAuditTrail(prisma, { dir: mkdtempSync(join(tmpdir(), "no-checkpoints-")) })).ok).toBe(true);
    const report = await verifyAuditTrail(prisma, { dir });
    expect(report.problem).toMatchObject({ kind: "altered", seq: 1n });
    expect(report.problem!.message).toMatch(/between entries 1 and 6 was rewritten/);

    // With a second checkpoint taken before the change, the range narrows to the entries after it.
    await rawSql(behindTheTriggers(`DELETE FROM "audit_seal"; DELETE FROM "audit_event"`));
    dir = mkdtempSync(join(tmpdir(), "audit-checkpoints-"));
    await writeRows(3);
    await checkpoint(); // anchors 3, row 4
    await writeRows(3, 3); // 5 to 7
    await checkpoint(); // anchors 7, row 8
    const sixth = await eventAt(6n);
    const rewritten = { ...sixth, reason: "nothing to see" };
    await rawSql(
      behindTheTriggers(`UPDATE "audit_event" SET "reason" = 'nothing to see', "contentHash" = '${auditContentHash(rewritten)}' WHERE "id" = ${sixth.id}`),
    );
    await resealFrom(6n);
    expect((await verifyAuditTrail(prisma, { dir })).problem).toMatchObject({ kind: "altered", seq: 6n, eventId: sixth.id });
  });

  it("reports a checkpoint file whose signature is not the key's, and will not sign a broken chain", async () => {
    const { prisma, rawSql } = use();
    await writeRows(3);
    await checkpoint();
    const [file] = readdirSync(dir);
    const genuine = JSON.parse(readFileSync(join(dir, file!), "utf8")) as Record<string, string>;
    // The attacker moves the anchor to match a shortened chain, but cannot sign it.
    writeFileSync(join(dir, file!), JSON.stringify({ ...genuine, seq: "2" }));
    const report = await verifyAuditTrail(prisma, { dir });
    expect(report.problem).toMatchObject({ kind: "checkpoint", seq: 2n });
    expect(report.problem!.message).toContain(file);
    // Signed with another key (a demo install's, say): also refused.
    expect((await readCheckpoints(dir, deriveAuditKeys("another key of at least thirty-two characters"))).valid).toEqual([]);

    writeFileSync(join(dir, file!), JSON.stringify(genuine));
    await rawSql(behindTheTriggers(`UPDATE "audit_event" SET "outcome" = 'REFUSED' WHERE "id" = (SELECT "eventId" FROM "audit_seal" WHERE "seq" = 4)`));
    const refused = await createAuditCheckpoint(prisma, { dir });
    expect(refused).toMatchObject({ outcome: "refused", problem: { seq: 4n } });
    expect(readdirSync(dir)).toHaveLength(1);
  });
});

describe("the audit key and checkpoint directory", () => {
  it("stops the deployment build without a key, or with the demo key, and lets the other builds use the demo key", () => {
    expect(() => resolveAuditKeys("deployment", { NODE_ENV: "production" })).toThrow(/AUDIT_HMAC_KEY is not set/);
    expect(() => resolveAuditKeys("deployment", { NODE_ENV: "production", AUDIT_HMAC_KEY: DEMO_AUDIT_KEY })).toThrow(/public demo key/);
    expect(() => resolveAuditKeys("deployment", { NODE_ENV: "development", AUDIT_HMAC_KEY: DEMO_AUDIT_KEY })).toThrow(/public demo key/);
    expect(() => resolveAuditKeys("deployment", { NODE_ENV: "production", AUDIT_HMAC_KEY: "too short" })).toThrow(/at least 32/);
    expect(resolveAuditKeys("deployment", { NODE_ENV: "production", AUDIT_HMAC_KEY: "x".repeat(48) }).demo).toBe(false);
    for (const flavour of ["demo", "e2e", "bench"] as const) expect(resolveAuditKeys(flavour, { NODE_ENV: "production" }).demo).toBe(true);
  });

  it("stops the deployment build without AUDIT_CHECKPOINT_DIR; the demo keeps its checkpoints beside its database", () => {
    expect(() => resolveCheckpointDir("deployment", { NODE_ENV: "production", DATABASE_URL: "postgresql://db/portal" })).toThrow(
      /AUDIT_CHECKPOINT_DIR is not set/,
    );
    expect(resolveCheckpointDir("deployment", { NODE_ENV: "production", AUDIT_CHECKPOINT_DIR: "/srv/anchors" })).toBe("/srv/anchors");
    expect(resolveCheckpointDir("demo", { NODE_ENV: "production", PGLITE_DIR: "/tmp/x/pglite" })).toBe("/tmp/x/audit-checkpoints");
  });
});
