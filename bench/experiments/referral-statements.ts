// What one report's referral chain costs, statement by statement (issue 4's ≤ 20 ms target): the statements the
// chain sends and their database time, for the intake step and the acceptance. `npx tsx bench/experiments/referral-statements.ts`
import { PrismaPg } from "@prisma/adapter-pg";
import { performance } from "node:perf_hooks";
import { PrismaClient } from "../../app/generated/prisma/client.ts";
import { DeclarationFormSchema } from "../../app/models/cases/declarations.server.ts";
import { createPoliceSuspectCase, IntakeFormSchema } from "../../app/models/cases/case.server.ts";
import { acknowledgeStep, startReferralChain } from "../../app/models/referrals/chain.server.ts";
import { seedDemoOrganisation } from "../../prisma/seed.ts";
import { applyMigrations } from "../../scripts/db/migrator.ts";
import { createBenchDatabase } from "../lib/db.ts";
import { measureReferrals } from "../lib/referrals.ts";

const database = await createBenchDatabase(process.env.BENCH_DATABASE_URL);
try {
  await applyMigrations({ databaseUrl: database.url });
  const seedClient = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
  await seedDemoOrganisation(seedClient);
  await seedClient.$disconnect();
  await measureReferrals(database.url, { people: 50_000, reports: 20, openSteps: 100 });

  const prisma = new PrismaClient({
    adapter: new PrismaPg({ connectionString: database.url, options: "-c jit=off" }),
    log: [{ emit: "event", level: "query" }],
  });
  const log: { query: string; ms: number }[] = [];
  let recording = false;
  prisma.$on("query", (e) => {
    if (recording) log.push({ query: e.query.replace(/\s+/g, " ").slice(0, 140), ms: e.duration });
  });
  const id = async (email: string) => (await prisma.person.findUniqueOrThrow({ where: { workEmail: email } })).id;
  const form = IntakeFormSchema.parse({
    reporting: "received",
    suspectKind: "directory",
    suspectPersonId: await id("kieran.duxbury@northshire.police.invalid"),
    victimKind: "public",
    victimName: "Bench Fictional-Person",
    childrenInvolved: "yes",
    immediateDanger: "no",
    account: "Fictional.",
    receivedHow: "IN_PERSON",
    receivedAt: "2026-11-20T10:30",
  });
  const timing = () => ({ now: new Date(), windows: { supervisingOfficer: 60, others: 240 }, employerUpdateDays: 28 });
  const reporter = await id("alys.penhallow@northshire.police.invalid");
  for (let i = 0; i < 6; i++) {
    const created = await prisma.$transaction((tx) => createPoliceSuspectCase(tx, { reporterId: reporter, form, timing: timing() }));
    recording = i === 5;
    const t0 = performance.now();
    await prisma.$transaction(async (tx) => {
      await startReferralChain(tx, created.id, timing());
      const step = await tx.referralStep.findFirstOrThrow({ where: { caseId: created.id, role: "SUPERVISING_OFFICER" }, orderBy: { createdAt: "desc" } });
      await acknowledgeStep(tx, step.id, step.recipientPersonId!, DeclarationFormSchema.parse({ hasConnection: "no" }), timing());
    });
    if (recording) console.log(`wall ${(performance.now() - t0).toFixed(1)} ms, ${log.length} statements, db ${log.reduce((a, b) => a + b.ms, 0)} ms`);
  }
  for (const entry of log) console.log(`${String(entry.ms).padStart(4)} ms  ${entry.query}`);
  await prisma.$disconnect();
} finally {
  await database.drop();
}
