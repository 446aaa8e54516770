// Experiment: verify the audit chain inside PostgreSQL (sha256() and to_json()), timing each part.
import pg from "pg";
import { applyMigrations } from "../../scripts/db/migrator.ts";
import { fillAuditTrail, settle } from "../lib/db.ts";
import { EARLIER_CONTENT_HASH_SQL } from "./earlier-content-hash.ts";
const url = process.env.BENCH_DATABASE_URL!;
if (process.argv.includes("--setup")) {
  // once
  await applyMigrations({ databaseUrl: url });
  await fillAuditTrail(url, 1_000_000);
  await settle(url);
}
const client = new pg.Client({ connectionString: url });
await client.connect();
if (process.argv.includes("--nojit")) await client.query("SET jit = off");
const content = EARLIER_CONTENT_HASH_SQL;
const queries: Record<string, string> = {
  rows: `SELECT min(s."seq") AS first FROM "audit_seal" s LEFT JOIN "audit_event" e ON e."id" = s."eventId"
    WHERE e."id" IS NULL OR ${content} <> e."contentHash"
       OR s."hash" <> encode(sha256(convert_to(s."prevHash" || ':' || s."seq" || ':' || e."contentHash", 'UTF8')), 'hex')`,
  adjacency: `SELECT min(s."seq") AS first FROM "audit_seal" s LEFT JOIN "audit_seal" p ON p."seq" = s."seq" - 1
    WHERE (p."seq" IS NULL AND s."seq" <> 1) OR s."prevHash" <> coalesce(p."hash", repeat('0', 64))`,
};
for (const [name, sql] of Object.entries(queries)) {
  if (process.argv.includes("--explain")) console.log((await client.query("EXPLAIN " + sql)).rows.map((r) => r["QUERY PLAN"]).join("\n"));
  for (let i = 0; i < 2; i++) {
    const t = performance.now();
    const r = await client.query(sql);
    console.log(name, r.rows[0], `${((performance.now() - t) / 1000).toFixed(2)} s`);
  }
}
const t = performance.now();
await Promise.all(
  Object.values(queries).map(async (sql) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(sql);
    await c.end();
  }),
);
console.log("both in parallel", `${((performance.now() - t) / 1000).toFixed(2)} s`);
await client.end();
