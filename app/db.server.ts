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

/**
 * How long a transaction waits for a connection before it fails, and how long it may then run. Prisma waits 2 s by
 * default. Under a surge, requests hold the pool's connections while they wait for the CPU, and a request that had
 * waited 2 s failed with a 500 (P2028): a refused attempt on a case was then neither answered "not found" nor audited
 * nor alerted to PSD. Waiting its turn keeps every answer and every audit row; 10 s is still inside what a person
 * waits for a page.
 */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 5_000 } as const;

/** The portal's database client on an adapter (PostgreSQL or PGlite): the server's, and the tests' too. */
export function createPrismaClient(adapter: NonNullable<ConstructorParameters<typeof PrismaClient>[0]["adapter"]>): PrismaClient {
  return new PrismaClient({ adapter, transactionOptions: TRANSACTION_OPTIONS });
}

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
    const prisma = createPrismaClient(adapter);
    registerBulkSource(prisma, { kind: "postgres", url: config.url });
    return { prisma, close: () => prisma.$disconnect() };
  }
  mkdirSync(config.dataDir, { recursive: true });
  const releaseOwnership = claimOwnership(config.dataDir);
  const pglite = new PGlite(config.dataDir);
  const prisma = createPrismaClient(new PrismaPGlite(pglite));
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
