// `npm run db:reset`'s work: the database thrown away and made again, migrated and seeded with the fictional demo
// organisation. The embedded database's folder is removed (only while nobody else has it open); a PostgreSQL database
// is dropped and created again on its server. Never for a database that holds real people or cases.
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { DatabaseConfig } from "../../app/config/database.ts";
import { claimOwnership } from "../../app/db/pglite-owner.server.ts";
import { openDatabase } from "../../app/db.server.ts";
import { PrismaClient } from "../../app/generated/prisma/client.ts";
import { seedDemoOrganisation, type SeedSummary } from "../../prisma/seed.ts";
import { applyMigrations } from "./migrator.ts";

export interface ResetResult {
  migrations: string[];
  seeded: SeedSummary;
}

async function resetEmbedded(dataDir: string, options: { passwordHash?: string }): Promise<ResetResult> {
  // Refused (naming the process) while the server or a script has the folder open: removing it then would corrupt both.
  const release = claimOwnership(dataDir);
  try {
    if (existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    const pglite = new PGlite(dataDir);
    try {
      const migrations = await applyMigrations({ pglite });
      const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
      const seeded = await seedDemoOrganisation(prisma, options);
      await prisma.$disconnect();
      return { migrations, seeded };
    } finally {
      await pglite.close();
    }
  } finally {
    release();
  }
}

async function resetPostgres(url: string, options: { passwordHash?: string }): Promise<ResetResult> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!name || name === "postgres" || name.startsWith("template"))
    throw new Error(`refusing to reset the "${name || "(none)"}" database: name one of your own in DATABASE_URL.`);
  const maintenance = new URL(url);
  maintenance.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: maintenance.toString() });
  await admin.connect();
  try {
    const quoted = `"${name.replaceAll('"', '""')}"`;
    // WITH (FORCE) ends the sessions still connected (a server left running), as the folder's removal would.
    await admin.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${quoted}`);
  } finally {
    await admin.end();
  }
  const migrations = await applyMigrations({ databaseUrl: url });
  const database = openDatabase({ kind: "postgres", url });
  try {
    return { migrations, seeded: await seedDemoOrganisation(database.prisma, options) };
  } finally {
    await database.close();
  }
}

/** Drops and recreates the database `config` names, applies every migration and seeds the demo organisation. */
export function resetDatabase(config: DatabaseConfig, options: { passwordHash?: string } = {}): Promise<ResetResult> {
  return config.kind === "postgres" ? resetPostgres(config.url, options) : resetEmbedded(config.dataDir, options);
}
