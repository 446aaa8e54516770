// npm run db:reset (issue 16): a database with changes in it comes back as a fresh one, migrated and seeded with the
// demo organisation, on PGlite and on PostgreSQL; an embedded database another process has open is left alone.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "~/db.server";
import { ownerLockPath } from "~/db/pglite-owner.server";
import type { DatabaseConfig } from "~/config/database";
import { HOME_FORCE } from "../../prisma/seed-data";
import { resetDatabase } from "./reset-database";
import { postgresAdminUrl } from "../../tests/support/database";

// A hash made once: argon2 at the demo's cost takes a while on a loaded machine, and the password is not what is tested.
const passwordHash = "$argon2id$v=19$m=19456,t=2,p=1$ZmljdGlvbmFsc2FsdA$0000000000000000000000000000000000000000000";

/** What a reset must give: every migration, the demo organisation, and none of what was there before. */
async function expectFresh(config: DatabaseConfig, marker: string) {
  const database = openDatabase(config);
  try {
    expect(await database.prisma.force.count({ where: { name: HOME_FORCE.name } })).toBe(1);
    expect(await database.prisma.force.count({ where: { name: marker } })).toBe(0);
  } finally {
    await database.close();
  }
}

async function addMarker(config: DatabaseConfig, marker: string) {
  const database = openDatabase(config);
  try {
    await database.prisma.force.create({ data: { name: marker, shortName: "MRK" } });
  } finally {
    await database.close();
  }
}

describe("npm run db:reset", () => {
  const parent = mkdtempSync(join(tmpdir(), "badinput-reset-"));
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it("makes the embedded database again, migrated and seeded, and leaves it alone while it is open elsewhere", async () => {
    const config: DatabaseConfig = { kind: "pglite", dataDir: join(parent, "pglite") };
    const first = await resetDatabase(config, { passwordHash });
    expect(first.migrations.length).toBeGreaterThan(10);
    expect(first.seeded.created).toBe(true);
    await addMarker(config, "Marker Force (fictional)");
    await resetDatabase(config, { passwordHash });
    await expectFresh(config, "Marker Force (fictional)");

    // Another live process holds it (the lock names this test's parent, which is alive): nothing is removed.
    writeFileSync(ownerLockPath(config.dataDir), `${process.ppid}\n`);
    try {
      await expect(resetDatabase(config, { passwordHash })).rejects.toThrow(/in use by process/);
    } finally {
      rmSync(ownerLockPath(config.dataDir), { force: true });
    }
    await expectFresh(config, "Marker Force (fictional)");
  }, 120_000);

  it("drops and recreates a PostgreSQL database, migrated and seeded", async () => {
    const name = `badinput_reset_${randomBytes(4).toString("hex")}`;
    const url = new URL(postgresAdminUrl);
    url.pathname = `/${name}`;
    const config: DatabaseConfig = { kind: "postgres", url: url.toString() };
    try {
      await resetDatabase(config, { passwordHash });
      await addMarker(config, "Marker Force (fictional)");
      await resetDatabase(config, { passwordHash });
      await expectFresh(config, "Marker Force (fictional)");
      await expect(resetDatabase({ kind: "postgres", url: postgresAdminUrl }, { passwordHash })).rejects.toThrow(/refusing to reset the "postgres" database/);
    } finally {
      const admin = new pg.Client({ connectionString: postgresAdminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  }, 120_000);
});
