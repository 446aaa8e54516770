// npm run db:migrate            apply pending migrations to DATABASE_URL, or to the embedded database in ./data
// npm run db:migrate:create -- name   write a new migration from changes to prisma/schema.prisma
// npm run db:migrate:status     show whether the database is behind the migrations folder
import { applyMigrations, createMigration, migrationStatus } from "./migrator.ts";
import { openMigrationTarget } from "./target.ts";

const [command, name] = process.argv.slice(2);

async function main() {
  if (command === "create") {
    const dir = await createMigration(name ?? "migration");
    console.log(dir ? `Created ${dir}/migration.sql` : "The schema and the migrations are in sync: nothing to create.");
    return;
  }
  const { target, close, label } = await openMigrationTarget();
  try {
    if (command === "status") {
      console.log(JSON.stringify(await migrationStatus(target), null, 2));
    } else {
      const applied = await applyMigrations(target);
      console.log(applied.length ? `Applied to ${label}: ${applied.join(", ")}` : `${label} is up to date.`);
    }
  } finally {
    await close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
