// Test databases: every test file gets its own fresh, migrated database, on PGlite and on PostgreSQL.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterAll, beforeAll, describe, inject, vi } from "vitest";
import { env } from "~/config/env.server";
import { registerBulkSource } from "~/db/bulk-reader.server";
import { createPrismaClient, openDatabase, type OpenDatabase } from "~/db.server";
import { applyMigrations } from "../../scripts/db/migrator";
import { databaseKinds, postgresAdminUrl, type DatabaseKind } from "./database-kinds";
import { runSql, withDatabaseName } from "./database-templates";

export { databaseKinds, postgresAdminUrl, type DatabaseKind } from "./database-kinds";

export interface TestDatabase extends OpenDatabase {
  kind: DatabaseKind;
  /** The connection string, for a server started against the same database (PostgreSQL only). */
  url?: string;
  /** Runs SQL as a superuser, behind the application's back (e.g. to tamper with the audit trail). */
  rawSql: (sql: string) => Promise<void>;
  /** A second, independent client on the same database (another "server instance"). */
  openAnotherClient: () => Promise<OpenDatabase>;
}

/** A migrated PGlite: a copy of the run's template (global-setup.ts), or migrated here when there is none. */
async function migratedPGlite(): Promise<PGlite> {
  const dump = inject("databaseTemplates")?.pgliteDump;
  if (dump) return PGlite.create({ loadDataDir: new Blob([readFileSync(dump)]) });
  const pglite = new PGlite();
  await applyMigrations({ pglite });
  return pglite;
}

/** Creates a migrated PostgreSQL database by that name: a copy of the run's template, or migrated here. */
async function createMigratedPostgres(name: string): Promise<void> {
  const template = inject("databaseTemplates")?.postgresTemplate;
  await runSql(postgresAdminUrl, template ? `CREATE DATABASE "${name}" TEMPLATE "${template}"` : `CREATE DATABASE "${name}"`);
  if (!template) await applyMigrations({ databaseUrl: withDatabaseName(postgresAdminUrl, name) });
}

/**
 * Holds every connection the database's client has (PGlite has one; PostgreSQL a pool) in an open transaction for
 * `ms`, as requests do in a surge while they wait for the CPU. Resolves once all are held; `released` settles when
 * they have been let go.
 */
export async function holdEveryConnection(database: Pick<TestDatabase, "prisma" | "kind">, ms: number): Promise<{ released: Promise<unknown> }> {
  const connections = database.kind === "pglite" ? 1 : env().DATABASE_POOL_SIZE;
  let holding = 0;
  const held = Array.from({ length: connections }, () =>
    database.prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT 1`;
        holding++;
        await new Promise((resolve) => setTimeout(resolve, ms));
      },
      { maxWait: ms + 10_000, timeout: ms + 10_000 },
    ),
  );
  await vi.waitFor(
    () => {
      if (holding < connections) throw new Error(`${holding} of ${connections} connections held`);
    },
    { timeout: 5_000 },
  );
  return { released: Promise.allSettled(held) };
}

export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === "pglite") {
    const pglite = await migratedPGlite();
    const prisma = createPrismaClient(new PrismaPGlite(pglite));
    // As openDatabase does: audit:verify reads the trail with PGlite itself.
    registerBulkSource(prisma, { kind: "pglite", pglite });
    return {
      kind,
      prisma,
      rawSql: async (sql) => {
        await pglite.exec(sql);
      },
      // PGlite has one owner: another "instance" in the same process shares the same engine through a new client.
      openAnotherClient: async () => {
        const other = createPrismaClient(new PrismaPGlite(pglite));
        return { prisma: other, close: () => other.$disconnect() };
      },
      close: async () => {
        await prisma.$disconnect();
        await pglite.close();
      },
    };
  }
  const name = `portal_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  await createMigratedPostgres(name);
  const url = withDatabaseName(postgresAdminUrl, name);
  const open = openDatabase({ kind: "postgres", url });
  return {
    kind,
    url,
    prisma: open.prisma,
    rawSql: (sql) => runSql(url, sql),
    openAnotherClient: async () => openDatabase({ kind: "postgres", url }),
    close: async () => {
      await open.close();
      await runSql(postgresAdminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/**
 * Runs the same tests once per database kind, each with its own fresh database for the whole block.
 * `use()` returns the open database inside tests.
 */
export function describeEachDatabase(title: string, body: (use: () => TestDatabase) => void): void {
  for (const kind of databaseKinds) {
    describe(`${title} [${kind}]`, () => {
      let database: TestDatabase | undefined;
      beforeAll(async () => {
        database = await createTestDatabase(kind);
      }, 60_000);
      afterAll(async () => {
        await database?.close();
      });
      body(() => {
        if (!database) throw new Error("test database not ready");
        return database;
      });
    });
  }
}
