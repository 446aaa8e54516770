// The monitoring figures at scale (issue 18): `npx tsx bench/figures.ts [--cases=10000] [--audit-rows=1000000] [--runs=40]
// [--keep]`. With --keep the database is left in place after the run, and a later run with --keep reuses it unfilled.
// Fills a PostgreSQL database of its own (figures_bench) with the demo organisation, two years of fictional history
// scaled to about `cases` police-suspect cases (with their referral steps, tracks, alerts and support requests) and
// `audit-rows` audit rows, then times what the figures page's loader does (monitoringFigures: the guard, the reads,
// suppression and the audit row of the view) in process, and prints p50 and p95 with the machine's load.
import "./lib/production-env.ts";
import { loadavg } from "node:os";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../app/generated/prisma/client.ts";
import { monitoringFigures } from "../app/models/figures/figures.server.ts";
import { seedDemoOrganisation } from "../prisma/seed.ts";
import { seedDemoHistory } from "../prisma/seed-history.ts";
import { HOME_FORCE, UNITS } from "../prisma/seed-data.ts";
import { applyMigrations } from "../scripts/db/migrator.ts";
import { contextForPerson } from "../tests/support/people.ts";
import { fillAuditTrail } from "./lib/db.ts";

const option = (name: string, fallback: number) => Number(process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const cases = option("cases", 10_000);
const auditRows = option("audit-rows", 1_000_000);
const runs = option("runs", 40);
const keep = process.argv.includes("--keep");
const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const NAME = "figures_bench";
const url = ADMIN_URL.replace(/\/[^/]*$/, `/${NAME}`);

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]!;

async function exists(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return (await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [NAME])).rowCount === 1;
  } finally {
    await client.end();
  }
}

const reuse = keep && (await exists());
if (!reuse) {
  await admin(`DROP DATABASE IF EXISTS "${NAME}" WITH (FORCE)`);
  await admin(`CREATE DATABASE "${NAME}"`);
  await applyMigrations({ databaseUrl: url });
}
const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
try {
  const areas = (
    await prisma.unit.findMany({ where: { force: { isHome: true }, kind: { in: ["BCU", "OCU"] } }, select: { id: true }, orderBy: { name: "asc" } })
  ).map((unit) => unit.id);
  if (reuse) console.log(`Reusing ${NAME} as it was filled.`);
  else {
    const fillStarted = performance.now();
    const summary = await seedDemoOrganisation(prisma);
    const units = UNITS.filter((unit) => unit.force === HOME_FORCE.key && (unit.kind === "BCU" || unit.kind === "OCU")).map(
      (unit) => summary.ids.units[unit.key]!,
    );
    areas.splice(0, areas.length, ...units);
    const history = await seedDemoHistory(prisma, { forceId: summary.ids.forces[HOME_FORCE.key]!, units }, { casesPerDay: cases / 725 });
    await fillAuditTrail(url, auditRows);
    await admin(`VACUUM ANALYZE`);
    console.log(
      `Filled in ${((performance.now() - fillStarted) / 1000).toFixed(0)} s: ${history.cases} cases, ${history.supportRequests} support requests, ${history.alerts} alerts, ${auditRows} audit rows.`,
    );
  }

  const head = await prisma.person.findFirstOrThrow({ where: { roles: { some: { role: "HEAD_OF_PSD" } } } });
  const context = await contextForPerson(prisma, head.id);
  const year = new Date().getUTCFullYear();
  for (let i = 0; i < 3; i++) await monitoringFigures(context, { year, area: "all" });
  const times: number[] = [];
  const loadBefore = loadavg();
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await monitoringFigures(context, { year: i % 2 === 0 ? year : year - 1, area: i % 3 === 0 ? areas[0]! : "all" });
    times.push(performance.now() - started);
  }
  const loadAfter = loadavg();
  console.log(
    `monitoringFigures, ${runs} runs: p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms; ` +
      `load average before ${loadBefore.map((n) => n.toFixed(2)).join(" ")}, after ${loadAfter.map((n) => n.toFixed(2)).join(" ")}`,
  );
} finally {
  await prisma.$disconnect();
  if (!keep) await admin(`DROP DATABASE IF EXISTS "${NAME}" WITH (FORCE)`);
}
