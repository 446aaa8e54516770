// Migrated, empty databases made once per Vitest run (tests/support/global-setup.ts) and copied for each test file:
// a PGlite data directory as a tarball, and a PostgreSQL template database. A fresh PGlite runs initdb, about three
// times the cost of loading a copy; a PostgreSQL copy skips the schema engine. Every file still gets its own database,
// migrated by the real migrations, only not once per file.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { applyMigrations } from "../../scripts/db/migrator";

export interface DatabaseTemplates {
  /** A tarball of a migrated PGlite data directory (`PGlite.dumpDataDir`), to load with `loadDataDir`. */
  pgliteDump?: string;
  /** A migrated PostgreSQL database nobody connects to, for `CREATE DATABASE … TEMPLATE`. */
  postgresTemplate?: string;
}

export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** Runs `sql` on a connection of its own to `url`, closed afterwards. */
export async function runSql(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Makes the templates for the kinds asked for; `remove` deletes them again. */
export async function makeDatabaseTemplates(
  kinds: readonly string[],
  adminUrl: string,
): Promise<{ templates: DatabaseTemplates; remove: () => Promise<void> }> {
  const templates: DatabaseTemplates = {};
  const removals: Array<() => Promise<void>> = [];
  const remove = async () => {
    for (const removal of removals.reverse()) await removal();
  };
  try {
    if (kinds.includes("pglite")) {
      const folder = mkdtempSync(join(tmpdir(), "portal-test-template-"));
      removals.push(async () => rmSync(folder, { recursive: true, force: true }));
      const pglite = new PGlite();
      try {
        await applyMigrations({ pglite });
        const dump = await pglite.dumpDataDir("none");
        templates.pgliteDump = join(folder, "migrated.tar");
        writeFileSync(templates.pgliteDump, Buffer.from(await dump.arrayBuffer()));
      } finally {
        await pglite.close();
      }
    }
    if (kinds.includes("postgres")) {
      const name = `portal_test_template_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
      await runSql(adminUrl, `CREATE DATABASE "${name}"`);
      removals.push(() => runSql(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      await applyMigrations({ databaseUrl: withDatabaseName(adminUrl, name) });
      templates.postgresTemplate = name;
    }
  } catch (error) {
    await remove();
    throw error;
  }
  return { templates, remove };
}
