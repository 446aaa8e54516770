// Backup, more writes, restore, verify: the restored trail names exactly the entries lost since the backup (those a
// checkpoint anchored), the loss can be accepted and recorded, and the check passes again. On the embedded database
// through npm run backup/restore's own functions, on PostgreSQL through pg_dump -Fc and pg_restore as the runbook says.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "~/db.server";
import { PrismaClient } from "~/generated/prisma/client";
import { ownerLockPath } from "~/db/pglite-owner.server";
import { createAuditCheckpoint, verifyAuditTrail } from "~/utils/audit-checkpoint.server";
import { deriveAuditKeys } from "~/utils/audit-key.server";
import { acceptRestoredTrail } from "~/utils/audit-restore.server";
import { appendAudit } from "~/utils/audit.server";
import { createTestDatabase, databaseKinds, postgresAdminUrl } from "../../tests/support/database";
import { backupEmbeddedDatabase, restoreEmbeddedDatabase } from "./backup";
import { applyMigrations } from "./migrator";

const keys = deriveAuditKeys("backup-test audit key, fictional and long enough");

async function writeAuditRows(prisma: Db, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await prisma.$transaction((tx) => appendAudit(tx, { action: "test.event", outcome: "SUCCESS", subjectType: "Thing", subjectId: `t${i}` }, keys));
  }
}

async function checkpoint(prisma: Db, dir: string): Promise<bigint> {
  const result = await createAuditCheckpoint(prisma, { dir, keys });
  if (result.outcome !== "written") throw new Error(`no checkpoint: ${result.outcome}`);
  return result.checkpoint.seq;
}

/** After the restore: the loss named exactly, accepted and recorded, then an intact trail. */
async function expectLossNamedThenAccepted(prisma: Db, dir: string, backupHead: bigint, lastCheckpoint: bigint) {
  const report = await verifyAuditTrail(prisma, { dir, keys });
  expect(report.ok).toBe(false);
  expect(report.problem).toMatchObject({ kind: "removed", seq: backupHead + 1n });
  expect(report.problem!.message).toContain(
    `entries ${backupHead + 1n} to ${lastCheckpoint} of the chain (${lastCheckpoint - backupHead} entries) were removed`,
  );

  const accepted = await acceptRestoredTrail(prisma, { dir, keys });
  expect(accepted).toMatchObject({ outcome: "accepted", lostFrom: backupHead + 1n, lostTo: lastCheckpoint, moved: 1 });
  const recorded = await prisma.auditEvent.findFirstOrThrow({ where: { action: "audit.restore-accepted" } });
  expect(JSON.parse(String(recorded.details))).toMatchObject({ lostFrom: String(backupHead + 1n), lostTo: String(lastCheckpoint) });
  expect(await verifyAuditTrail(prisma, { dir, keys })).toMatchObject({ ok: true });
  // The chain can be anchored again.
  expect((await createAuditCheckpoint(prisma, { dir, keys })).outcome).toBe("written");
}

describe("backup and restore of the embedded database", () => {
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((child) => child.kill()));

  it("restores a backup, names the entries written after it, and refuses to work on a database in use", async () => {
    const root = mkdtempSync(join(tmpdir(), "portal-backup-"));
    const dataDir = join(root, "pglite");
    const checkpoints = join(root, "checkpoints");
    const file = join(root, "backups", "first.tar.gz");
    // Migrated and first written through one engine (each start of PGlite on a folder costs seconds).
    const setup = new PGlite(dataDir);
    await applyMigrations({ pglite: setup });
    const setupClient = new PrismaClient({ adapter: new PrismaPGlite(setup) });
    await writeAuditRows(setupClient, 5);
    await checkpoint(setupClient, checkpoints);
    await writeAuditRows(setupClient, 3);
    await setupClient.$disconnect();
    await setup.close();

    const backup = await backupEmbeddedDatabase({ dataDir, file });
    expect(backup.auditHead).toBe(9n); // 5 rows, the checkpoint's own row, 3 rows
    await expect(backupEmbeddedDatabase({ dataDir, file })).rejects.toThrow(/already exists: a backup never replaces another/);

    let database = openDatabase({ kind: "pglite", dataDir });
    await writeAuditRows(database.prisma, 4);
    const lastCheckpoint = await checkpoint(database.prisma, checkpoints);
    expect(lastCheckpoint).toBe(13n);
    await database.close();

    // Another process holding the database (its lock names a live process): both commands refuse, and change nothing.
    const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    children.push(holder);
    writeFileSync(ownerLockPath(dataDir), `${holder.pid}\n`);
    await expect(backupEmbeddedDatabase({ dataDir, file: join(root, "second.tar.gz") })).rejects.toThrow(`in use by process ${holder.pid}`);
    await expect(restoreEmbeddedDatabase({ dataDir, file, replace: true })).rejects.toThrow(`in use by process ${holder.pid}`);
    expect(existsSync(join(root, "second.tar.gz"))).toBe(false);
    holder.kill("SIGKILL");
    await new Promise((resolve) => holder.once("exit", resolve));

    // The holder died: its lock no longer counts. A database there is only replaced when asked, and kept aside.
    await expect(restoreEmbeddedDatabase({ dataDir, file })).rejects.toThrow(/already holds a database.*--replace/);
    const restored = await restoreEmbeddedDatabase({ dataDir, file, replace: true });
    expect(restored.auditHead).toBe(9n);
    expect(restored.previousMovedTo).not.toBeNull();
    expect(readdirSync(restored.previousMovedTo!)).toContain("PG_VERSION");

    database = openDatabase({ kind: "pglite", dataDir });
    try {
      await expectLossNamedThenAccepted(database.prisma, checkpoints, 9n, lastCheckpoint);
    } finally {
      await database.close();
    }
  }, 150_000);
});

describe.runIf(databaseKinds.includes("postgres"))("backup and restore of PostgreSQL with pg_dump and pg_restore", () => {
  it("restores a pg_dump -Fc backup into a new database, and names the entries written after it", async () => {
    const root = mkdtempSync(join(tmpdir(), "portal-pg-backup-"));
    const checkpoints = join(root, "checkpoints");
    const file = join(root, "portal.dump");
    const source = await createTestDatabase("postgres");
    const restoredName = `${new URL(source.url!).pathname.slice(1)}_restored`;
    const restoredUrl = Object.assign(new URL(source.url!), { pathname: `/${restoredName}` }).toString();
    const admin = new pg.Client({ connectionString: postgresAdminUrl });
    await admin.connect();
    try {
      await writeAuditRows(source.prisma, 5);
      await checkpoint(source.prisma, checkpoints);
      await writeAuditRows(source.prisma, 3);
      execFileSync("pg_dump", ["--format=custom", `--file=${file}`, source.url!]);
      await writeAuditRows(source.prisma, 4);
      const lastCheckpoint = await checkpoint(source.prisma, checkpoints);

      await admin.query(`CREATE DATABASE "${restoredName}"`);
      execFileSync("pg_restore", ["--exit-on-error", "--single-transaction", "--no-owner", `--dbname=${restoredUrl}`, file]);
      const restored = openDatabase({ kind: "postgres", url: restoredUrl });
      try {
        await expectLossNamedThenAccepted(restored.prisma, checkpoints, 9n, lastCheckpoint);
      } finally {
        await restored.close();
      }
    } finally {
      await source.close();
      await admin.query(`DROP DATABASE IF EXISTS "${restoredName}" WITH (FORCE)`);
      await admin.end();
    }
  }, 60_000);
});
