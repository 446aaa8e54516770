import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { loadDatabaseConfig, type DatabaseConfig } from "./config/database";
import { env } from "./config/env.server";
import { claimOwnership } from "./db/pglite-owner.server";
import { registerBulkSource } from "./db/bulk-reader.server";
import { preparedStatementNames } from "./db/prepared-statements.server";
import { PrismaClient } from "./generated/prisma/client";

export type Db = PrismaClient;
/** A Prisma client or the client inside an interactive transaction. */
export type DbTx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export interface OpenDatabase {
  prisma: PrismaClient;
  close: () => Promise<void>;
}

export function openDatabase(config: DatabaseConfig): OpenDatabase {
  if (config.kind === "postgres") {
    const adapter = new PrismaPg(
      {
        connectionString: config.url,
        max: env().DATABASE_POOL_SIZE,
        // The access scopes are EXISTS filters whose estimated cost is high though they run in milliseconds; PostgreSQL's
        // JIT would then spend ~100 ms compiling each such query. Short interactive queries gain nothing from JIT.
        options: "-c jit=off",
        // Kept open, with their prepared statements, between bursts of requests (ADR 015).
        idleTimeoutMillis: 300_000,
        // Idle connections never keep a finished script (seed, audit:verify) running.
        allowExitOnIdle: true,
      },
      { statementNameGenerator: preparedStatementNames() },
    );
    const prisma = new PrismaClient({ adapter });
    registerBulkSource(prisma, { kind: "postgres", url: config.url });
    return { prisma, close: () => prisma.$disconnect() };
  }
  mkdirSync(config.dataDir, { recursive: true });
  const releaseOwnership = claimOwnership(config.dataDir);
  const pglite = new PGlite(config.dataDir);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  registerBulkSource(prisma, { kind: "pglite", pglite });
  return {
    prisma,
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
      releaseOwnership();
    },
  };
}

// One client per process: PGlite must have a single owner, and dev-server reloads must not open a second one.
const globalForDb = globalThis as unknown as { __portalDb?: OpenDatabase };

export function getDatabase(): OpenDatabase {
  globalForDb.__portalDb ??= openDatabase(loadDatabaseConfig(env()));
  return globalForDb.__portalDb;
}

/** Lets the server (and tests) hand the process its database explicitly. */
export function setDatabase(db: OpenDatabase): void {
  globalForDb.__portalDb = db;
}

export function db(): PrismaClient {
  return getDatabase().prisma;
}
