// Experiment: a CPU profile of the production server itself (Express, compression, Remix, the portal) under
// autocannon load, page by page, against a database prepared by profile-pages.ts --setup --cases.
//   BENCH_DATABASE_URL=… BUILD_DIR=build-perf npx tsx bench/experiments/server-profile.ts [--seconds=15] [--port=3395]
//   build-perf is the benchmark's flavour of the app (ADR 018): `BUILD_DIR=build-perf npm run build:bench`.
// Each page gets its own server process, started with --cpu-prof; the profile is summarised by package and function.
import "../lib/production-env.ts";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { withClient } from "../lib/db.ts";
import { cannon } from "../lib/load.ts";
import { formatProfile, summariseProfile } from "../lib/profile-summary.ts";
import { signIn, startServer } from "../lib/server.ts";
import { DEMO_PASSWORD } from "../../prisma/seed-data.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const url = process.env.BENCH_DATABASE_URL!;
const args = process.argv.slice(2);
const option = (name: string) => args.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1];
const seconds = Number(option("seconds") ?? 15);
const port = Number(option("port") ?? 3395);
const PSD_EMAIL = "callum.ferrisby@northshire.police.invalid";
const UNLISTED_EMAIL = "jordan.mistry-oake@northshire.police.invalid";

const reference = await withClient(url, async (client) => {
  const { rows } = await client.query<{ reference: string }>(
    `SELECT c."reference" FROM "police_suspect_case" c JOIN "case_access" a ON a."caseId" = c."id" JOIN "person" p ON p."id" = a."personId" WHERE p."workEmail" = $1 LIMIT 1`,
    [PSD_EMAIL],
  );
  return rows[0]!.reference;
});

const pages: { label: string; path: string; email?: string; expectStatus?: number }[] = [
  { label: "bare", path: "/bench/bare" },
  { label: "admin-people", path: "/admin/people", email: "ivo.brennand@northshire.police.invalid" },
  { label: "case-list", path: "/records", email: PSD_EMAIL },
  { label: "case-allowed", path: `/records/${reference}`, email: PSD_EMAIL },
  { label: "case-refused", path: `/records/${reference}`, email: UNLISTED_EMAIL, expectStatus: 404 },
];
const only = option("pages")?.split(",");

for (const page of pages.filter((candidate) => !only || only.includes(candidate.label))) {
  const dir = `/tmp/perf/server-${page.label}`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const server = await startServer({
    cwd: ROOT,
    port,
    databaseUrl: url,
    extraEnv: { BUILD_DIR: process.env.BUILD_DIR ?? "build-perf" },
    extraNodeFlags: ["--cpu-prof", `--cpu-prof-dir=${dir}`, "--cpu-prof-interval=200"],
  });
  const cookie = page.email ? await signIn(server, page.email, DEMO_PASSWORD) : undefined;
  await cannon({ label: "warm-up", baseUrl: server.baseUrl, path: page.path, cookie, connections: 10, seconds: 3, expectStatus: page.expectStatus });
  const result = await cannon({
    label: page.label,
    baseUrl: server.baseUrl,
    path: page.path,
    cookie,
    connections: 20,
    seconds,
    expectStatus: page.expectStatus,
  });
  await server.stop();
  const file = readdirSync(dir).find((name) => name.endsWith(".cpuprofile"));
  if (!file) {
    console.log(`${page.label}: no profile written`);
    continue;
  }
  const summary = summariseProfile(join(dir, file));
  console.log(
    `\n== ${page.label}: ${result.rps.toFixed(0)} req/s, ${(summary.busyMicros / 1000 / Math.max(result.requests, 1)).toFixed(2)} ms busy CPU per request (sampled, not idle)`,
  );
  for (const line of formatProfile(summary, result.requests)) console.log(line);
}
process.exit(0);
