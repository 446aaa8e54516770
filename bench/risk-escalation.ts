// `npx tsx bench/risk-escalation.ts`: issue 17's scheduler measurement on its own, on a throwaway PostgreSQL database
// (BENCH_DATABASE_URL to use another). Prints the figures recorded in docs/benchmarks.md.
import { loadavg } from "node:os";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../app/generated/prisma/client.ts";
import { createPoliceSuspectCase, IntakeFormSchema } from "../app/models/cases/case.server.ts";
import { seedDemoOrganisation } from "../prisma/seed.ts";
import { applyMigrations } from "../scripts/db/migrator.ts";
import { createBenchDatabase } from "./lib/db.ts";
import { measureRiskItems } from "./lib/risk-items.ts";

const database = await createBenchDatabase(process.env.BENCH_DATABASE_URL);
try {
  await applyMigrations({ databaseUrl: database.url });
  const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
  await seedDemoOrganisation(client);
  // A few cases for the referral steps to hang on.
  const reporter = await client.person.findUniqueOrThrow({ where: { workEmail: "alys.penhallow@northshire.police.invalid" }, select: { id: true } });
  const suspect = await client.person.findUniqueOrThrow({ where: { workEmail: "kieran.duxbury@northshire.police.invalid" }, select: { id: true } });
  const form = IntakeFormSchema.parse({
    reporting: "received",
    suspectKind: "directory",
    suspectPersonId: suspect.id,
    victimKind: "public",
    victimName: "Bench Fictional-Person",
    childrenInvolved: "no",
    immediateDanger: "no",
    account: "Fictional benchmark account.",
    receivedHow: "IN_PERSON",
    receivedAt: "2026-11-20T10:30",
  });
  const timing = { now: new Date(), windows: { supervisingOfficer: 60, others: 240 }, employerUpdateDays: 28 };
  for (let i = 0; i < 20; i++) await client.$transaction((tx) => createPoliceSuspectCase(tx, { reporterId: reporter.id, form, timing }));
  await client.$disconnect();
  const before = loadavg();
  const result = await measureRiskItems(database.url, { openItems: 10_000, openSteps: 10_000 });
  console.log(JSON.stringify({ ...result, loadAverage: { before: before.map((n) => n.toFixed(2)), after: loadavg().map((n) => n.toFixed(2)) } }, null, 2));
} finally {
  await database.drop();
}
