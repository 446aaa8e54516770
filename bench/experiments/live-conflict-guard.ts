// Experiment (issue 14): the case page's guard statement (openCase's scoped findFirst for "open"), as Prisma sends it, with
// and without the live chain's NOT EXISTS, taking turns in one process; the database's planning + execution time of each.
//   npx tsx bench/experiments/live-conflict-guard.ts   (against portal_perf_conflicts: profile-pages.ts --setup --cases, and
//   bench people given line managers, see docs/benchmarks.md "Issue 14: live conflicts")
import pg from "pg";
const client = new pg.Client({ connectionString: process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/portal_perf_conflicts" });
await client.connect();
const q = (sql: string, params: unknown[]) => client.query(sql, params);
const who = async (email: string) => (await q(`SELECT id FROM person WHERE "workEmail" = $1`, [email])).rows[0].id as string;
const callum = await who("callum.ferrisby@northshire.police.invalid");
const jordan = await who("jordan.mistry-oake@northshire.police.invalid");
const ref = (await q(`SELECT c.reference FROM police_suspect_case c JOIN case_access a ON a."caseId" = c.id WHERE a."personId" = $1 LIMIT 1`, [callum])).rows[0]
  .reference;
const live = (alias: string, n: number) =>
  ` AND ("police_suspect_case"."suspectPersonId" IS NULL OR (NOT (EXISTS(SELECT 1 FROM "line_chain" AS "l${n}" WHERE "l${n}"."ancestorId" = $1 AND ("${alias}"."id") = ("l${n}"."personId"))) AND ("${alias}"."id" IS NOT NULL)))`;
const statement = (withLive: boolean) => `SELECT "police_suspect_case"."id" FROM "police_suspect_case"
  ${withLive ? `LEFT JOIN "person" AS "j1" ON ("j1"."id") = ("police_suspect_case"."suspectPersonId") LEFT JOIN "person" AS "j5" ON ("j5"."id") = ("police_suspect_case"."suspectPersonId")` : ""}
  WHERE (((NOT EXISTS(SELECT "t0"."caseId" FROM "case_conflict" AS "t0" WHERE ("t0"."personId" = $1 AND ("police_suspect_case"."id") = ("t0"."caseId")))${withLive ? live("j1", 1) : ""}
    AND EXISTS(SELECT 1 FROM "break_glass_access" AS "t3" WHERE ("t3"."personId" = $1 AND "t3"."expiresAt" > $2 AND ("police_suspect_case"."id") = ("t3"."caseId"))))
  OR (NOT EXISTS(SELECT "t4"."caseId" FROM "case_conflict" AS "t4" WHERE ("t4"."personId" = $1 AND ("police_suspect_case"."id") = ("t4"."caseId")))${withLive ? live("j5", 2) : ""}
    AND EXISTS(SELECT 1 FROM "case_access" AS "t7" WHERE ("t7"."personId" = $1 AND "t7"."revokedAt" IS NULL AND ("t7"."expiresAt" IS NULL OR "t7"."expiresAt" > $2) AND ("police_suspect_case"."id") = ("t7"."caseId")))))
  AND "police_suspect_case"."reference" = $3) LIMIT 1`;
const time = async (sql: string, person: string, n: number) => {
  const runs: number[] = [];
  for (let i = 0; i < n; i++) {
    const plan = (await q(`EXPLAIN (ANALYZE, TIMING OFF) ${sql}`, [person, new Date(), ref])).rows.map((r) => r["QUERY PLAN"] as string);
    const ms = (label: string) => Number(plan.find((line) => line.startsWith(label))!.replace(/[^\d.]/g, ""));
    runs.push(ms("Planning Time") + ms("Execution Time"));
  }
  return [...runs].sort((a, b) => a - b)[Math.floor(n / 2)]!;
};
const results: Record<string, number[]> = {};
for (let round = 0; round < 6; round++) {
  for (const withLive of round % 2 ? [true, false] : [false, true]) {
    for (const [name, person] of [
      ["allowed (PSD, listed)", callum],
      ["refused (unlisted)", jordan],
    ] as const) {
      const key = `${name} ${withLive ? "new" : "old"}`;
      (results[key] ??= []).push(await time(statement(withLive), person, 300));
    }
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [key, xs] of Object.entries(results))
  console.log(key.padEnd(32), "median of round medians, planning + execution ms", median(xs).toFixed(3), "rounds", xs.map((x) => x.toFixed(3)).join(" "));
await client.end();
