// `npx tsx bench/referrals.ts`: issue 4's measurements on their own (a minute), on a throwaway PostgreSQL database.
// `npm run bench` runs the same measurement as part of the whole benchmark and records it in docs/benchmarks.md.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../app/generated/prisma/client.ts";
import { seedDemoOrganisation } from "../prisma/seed.ts";
import { applyMigrations } from "../scripts/db/migrator.ts";
import { createBenchDatabase } from "./lib/db.ts";
import { measureReferrals } from "./lib/referrals.ts";

const database = await createBenchDatabase(process.env.BENCH_DATABASE_URL);
try {
  await applyMigrations({ databaseUrl: database.url });
  const seedClient = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
  await seedDemoOrganisation(seedClient);
  await seedClient.$disconnect();
  const result = await measureReferrals(database.url, { people: 50_000, reports: 200, openSteps: 10_000 });
  console.log(JSON.stringify(result, null, 2));
} finally {
  await database.drop();
}
