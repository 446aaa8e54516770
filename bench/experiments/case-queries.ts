// Experiment: the SQL behind the case pages, with EXPLAIN ANALYZE, on a database holding generated cases.
//   BENCH_DATABASE_URL=… npx tsx bench/experiments/case-queries.ts [--setup]
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../app/generated/prisma/client.ts";
import { defineAbilityFor } from "../../policies/ability.ts";
import { accessScope } from "../../app/access/guard.server.ts";
import { insertBenchCases } from "../lib/cases.ts";

const url = process.env.BENCH_DATABASE_URL!;
if (process.argv.includes("--setup")) {
  const t = performance.now();
  const result = await insertBenchCases(url, {
    cases: 10_000,
    entriesPerCase: 20,
    psdEmails: ["callum.ferrisby", "niamh.oakridge", "helena.brackenridge"].map((n) => `${n}@northshire.police.invalid`),
    reporterEmail: "alys.penhallow@northshire.police.invalid",
  });
  console.log(result, ((performance.now() - t) / 1000).toFixed(1), "s");
}
const queries: { sql: string; params: unknown[] }[] = [];
const pool = new pg.Pool({ connectionString: url });
const prisma = new PrismaClient({ adapter: new PrismaPg(pool), log: [{ emit: "event", level: "query" }] });
prisma.$on("query" as never, (event: { query: string; params: string }) => queries.push({ sql: event.query, params: JSON.parse(event.params) }));
const callum = await prisma.person.findFirstOrThrow({ where: { workEmail: "callum.ferrisby@northshire.police.invalid" }, include: { roles: true } });
const ability = defineAbilityFor({ ...callum, roles: callum.roles.map((r) => r.role) });
queries.length = 0;
await prisma.policeSuspectCase.findMany({
  where: accessScope(ability, "list", "PoliceSuspectCase"),
  orderBy: [{ reportedAt: "desc" }, { id: "asc" }],
  take: 51,
  select: { id: true, reference: true },
});
const sample = await pool.query(`SELECT "reference" FROM "police_suspect_case" ORDER BY "reportedAt" LIMIT 1 OFFSET 5000`);
await prisma.policeSuspectCase.findFirst({
  where: { AND: [accessScope(ability, "read", "PoliceSuspectCase"), { reference: sample.rows[0].reference }] },
  select: { id: true },
});
for (const q of queries) {
  let sql = q.sql;
  // inline parameters for EXPLAIN
  q.params.forEach((value, index) => {
    sql = sql.replace(new RegExp(`\\$${index + 1}(?!\\d)`, "g"), typeof value === "number" ? String(value) : `'${String(value).replace(/'/g, "''")}'`);
  });
  console.log("\n---", sql.slice(0, 1500));
  const plan = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`);
  console.log(plan.rows.map((r) => r["QUERY PLAN"]).join("\n"));
}
await prisma.$disconnect();
await pool.end();
