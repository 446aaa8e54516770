import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { loadDatabaseConfig } from "../../app/config/database.ts";

/** The database the command-line scripts work on: DATABASE_URL, or the embedded PGlite folder. */
export async function openMigrationTarget() {
  const config = loadDatabaseConfig(process.env);
  if (config.kind === "postgres") {
    return { target: { databaseUrl: config.url }, close: async () => {}, label: "PostgreSQL" };
  }
  mkdirSync(config.dataDir, { recursive: true });
  const pglite = new PGlite(config.dataDir);
  return { target: { pglite }, close: () => pglite.close(), label: `the embedded database (${config.dataDir})` };
}
