// Test databases: every test file gets its own fresh, migrated database, on PGlite and on PostgreSQL.
import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterAll, beforeAll, describe } from "vitest";
import { registerBulkSource } from "~/db/bulk-reader.server";
import { openDatabase, type OpenDatabase } from "~/db.server";
import { PrismaClient } from "~/generated/prisma/client";
import { applyMigrations } from "../../scripts/db/migrator";

export type DatabaseKind = "pglite" | "postgres";

/** Which databases the suite runs against: both unless TEST_DATABASES narrows it (e.g. "pglite"). */
export const databaseKinds: DatabaseKind[] = (process.env.TEST_DATABASES ?? "pglite,postgres")
  .split(",")
  .map((kind) => kind.trim())
  .filter((kind): kind is DatabaseKind => kind === "pglite" || kind === "postgres");

export const postgresAdminUrl = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase extends OpenDatabase {
  kind: DatabaseKind;
  /** The connection string, for a server started against the same database (PostgreSQL only). */
  url?: string;
  /** Runs SQL as a superuser, behind the application's back (e.g. to tamper with the audit trail). */
  rawSql: (sql: string) => Promise<void>;
  /** A second, independent client on the same database (another "server instance"). */
  openAnotherClient: () => Promise<OpenDatabase>;
}

function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === "pglite") {
    const pglite = new PGlite();
    await applyMigrations({ pglite });
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
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
        const other = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
        return { prisma: other, close: () => other.$disconnect() };
      },
      close: async () => {
        await prisma.$disconnect();
        await pglite.close();
      },
    };
  }
  const name = `portal_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = withDatabaseName(postgresAdminUrl, name);
  await applyMigrations({ databaseUrl: url });
  const open = openDatabase({ kind: "postgres", url });
  return {
    kind,
    url,
    prisma: open.prisma,
    rawSql: async (sql) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    },
    openAnotherClient: async () => openDatabase({ kind: "postgres", url }),
    close: async () => {
      await open.close();
      const cleanup = new pg.Client({ connectionString: postgresAdminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await cleanup.end();
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
