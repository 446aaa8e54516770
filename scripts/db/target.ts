import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { loadDatabaseConfig } from "../../app/config/database.ts";
import { claimOwnership } from "../../app/db/pglite-owner.server.ts";

/** The database the command-line scripts work on: DATABASE_URL, or the embedded PGlite folder. */
export async function openMigrationTarget() {
  const config = loadDatabaseConfig(process.env);
  if (config.kind === "postgres") {
    return { target: { databaseUrl: config.url }, close: async () => {}, label: "PostgreSQL" };
  }
  mkdirSync(config.dataDir, { recursive: true });
  const releaseOwnership = claimOwnership(config.dataDir);
  const pglite = new PGlite(config.dataDir);
  const close = async () => {
    await pglite.close();
    releaseOwnership();
  };
  return { target: { pglite }, close, label: `the embedded database (${config.dataDir})` };
}
