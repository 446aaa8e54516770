import { resolve } from "node:path";

export type DatabaseConfig = { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string };

/** DATABASE_URL selects a PostgreSQL server; without it the portal uses the embedded PGlite database in ./data. */
export function loadDatabaseConfig(env: { DATABASE_URL?: string | undefined; PGLITE_DIR?: string | undefined }): DatabaseConfig {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new Error("DATABASE_URL must be a postgresql:// URL (or unset to use the embedded database).");
    }
    return { kind: "postgres", url };
  }
  return { kind: "pglite", dataDir: resolve(env.PGLITE_DIR?.trim() || "data/pglite") };
}
