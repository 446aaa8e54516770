// Which databases the suite runs against, and the PostgreSQL server's admin connection (kept apart from database.ts,
// which needs a test file's context, so that the global setup can read them too).
export type DatabaseKind = "pglite" | "postgres";

/** Which databases the suite runs against: both unless TEST_DATABASES narrows it (e.g. "pglite"). */
export const databaseKinds: DatabaseKind[] = (process.env.TEST_DATABASES ?? "pglite,postgres")
  .split(",")
  .map((kind) => kind.trim())
  .filter((kind): kind is DatabaseKind => kind === "pglite" || kind === "postgres");

export const postgresAdminUrl = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
