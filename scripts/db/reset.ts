// npm run db:reset: throws the database away (DATABASE_URL, or the embedded one in ./data), makes it again, applies
// every migration and seeds the fictional demo organisation. For development and demonstrations only: it refuses to
// run with NODE_ENV=production.
import { loadDatabaseConfig } from "../../app/config/database.ts";
import { resetDatabase } from "./reset-database.ts";

async function main() {
  if (process.env.NODE_ENV === "production") throw new Error("db:reset throws the database away: it does not run with NODE_ENV=production.");
  const config = loadDatabaseConfig(process.env);
  const label = config.kind === "postgres" ? "PostgreSQL (DATABASE_URL)" : `the embedded database (${config.dataDir})`;
  const { migrations, seeded } = await resetDatabase(config);
  console.log(`Reset ${label}: ${migrations.length} migrations applied, ${seeded.people} fictional people seeded. Accounts: docs/demo-accounts.md`);
}

main().catch((error) => {
  console.error(`Could not reset the database: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
