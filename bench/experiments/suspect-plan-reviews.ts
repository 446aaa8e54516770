// Experiment: the oversight dashboard's overdue suspect-plan reviews (issue 17), on 10,000 restricted cases with a
// decision on each of the plan's 7 items (70,000 rows, a tenth of the cases with an overdue review) and 200,000
// access-list entries. Times the query as PSD's dashboard runs it, through the guard's scope.
//   BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/<a database of your own> npx tsx bench/experiments/suspect-plan-reviews.ts
// The database is migrated and filled on the first run (it must be empty then); later runs only measure.
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../app/generated/prisma/client.ts";
import { defineAbilityFor } from "../../policies/ability.ts";
import { overdueSuspectReviews } from "../../app/models/cases/suspect-plan.server.ts";
import type { RequestContext } from "../../app/access/request-context.server.ts";
import { seedDemoOrganisation } from "../../prisma/seed.ts";
import { applyMigrations } from "../../scripts/db/migrator.ts";
import { insertBenchPeople, withClient } from "../lib/db.ts";
import { insertBenchCases } from "../lib/cases.ts";
import { loadAverage, PSD_EMAILS, REPORTER_EMAIL } from "../lib/setup.ts";

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error("Set BENCH_DATABASE_URL to a database of your own");
const pool = new pg.Pool({ connectionString: url });
const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });

await applyMigrations({ databaseUrl: url });
if ((await prisma.person.count()) === 0) {
  const started = performance.now();
  await seedDemoOrganisation(prisma);
  await insertBenchPeople(url, 10_000);
  await insertBenchCases(url, { cases: 10_000, entriesPerCase: 20, psdEmails: PSD_EMAILS, reporterEmail: REPORTER_EMAIL });
  await withClient(url, (client) =>
    client.query(
      `WITH numbered AS (SELECT "id", row_number() OVER (ORDER BY "reportedAt") AS n FROM "police_suspect_case"),
            owner AS (SELECT "id" FROM "person" WHERE "workEmail" = $1)
       INSERT INTO "suspect_duty_decision" ("id", "caseId", "kind", "sequence", "decision", "rationale", "ownerId", "reviewDue", "decidedById")
       SELECT gen_random_uuid(), c."id", k.kind::"suspect_duty_kind", 1, 'x', 'Generated benchmark rationale (fictional).', (SELECT "id" FROM owner),
              (CASE WHEN c.n % 10 = 0 AND k.kind = 'VETTING_REVIEW' THEN current_date - 3 ELSE current_date + 30 END), (SELECT "id" FROM owner)
       FROM numbered c CROSS JOIN unnest(enum_range(NULL::"suspect_duty_kind")::text[]) AS k(kind)`,
      [PSD_EMAILS[0]],
    ),
  );
  await withClient(url, (client) => client.query("VACUUM ANALYZE"));
  console.log(`filled in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const psd = await prisma.person.findFirstOrThrow({ where: { workEmail: PSD_EMAILS[0] }, include: { roles: true } });
const actor = { ...psd, roles: psd.roles.map((r) => r.role) };
const context = { actor, ability: defineAbilityFor(actor), prisma } as unknown as RequestContext;
const times: number[] = [];
let found = 0;
for (let run = 0; run < 30; run++) {
  const started = performance.now();
  found = (await prisma.$transaction((tx) => overdueSuspectReviews(tx, context))).length;
  if (run >= 5) times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
console.log(
  JSON.stringify({
    decisions: await prisma.suspectDutyDecision.count(),
    casesWithOverdueReview: found,
    runs: times.length,
    p50ms: at(0.5),
    p95ms: at(0.95),
    load: loadAverage(),
  }),
);
await prisma.$disconnect();
