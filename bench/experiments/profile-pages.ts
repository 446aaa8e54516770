// Experiment: CPU profile of the production build's request handler, in-process, for the bare and guarded pages.
//   BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/portal_perf npx tsx bench/experiments/profile-pages.ts [--setup] [--iterations=N] [--cases] [--profile]
//   It runs the build in BUILD_DIR (default build-perf), the benchmark's flavour: `BUILD_DIR=build-perf npm run build:bench`.
// --profile writes each page's CPU profile to PROFILE_DIR (default /tmp/perf, which must exist) and prints
// the top packages and functions by CPU.
// --setup migrates, seeds and adds 10,000 people (and, with --cases, 10,000 police-suspect cases) to that (existing,
// empty) database first. --cases measures the case pages too: PSD's list, a case allowed and refused.
import "../lib/production-env.ts";
import { pathToFileURL } from "node:url";
import { Session, type HeapProfiler } from "node:inspector/promises";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequestHandler, type ServerBuild } from "react-router";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../app/generated/prisma/client.ts";
import { seedDemoOrganisation } from "../../prisma/seed.ts";
import { applyMigrations } from "../../scripts/db/migrator.ts";
import { insertBenchPeople, withClient } from "../lib/db.ts";
import { insertBenchCases } from "../lib/cases.ts";
import { startSession } from "../../app/auth/sign-in.server.ts";
import { sessionCookieName } from "../../app/auth/cookie.server.ts";
import { setDatabase } from "../../app/db.server.ts";
import { openCountingDatabase } from "../lib/inprocess.ts";
// The header the Express server adds to every request (server/security.ts).
const serverHeaders = { "x-portal-client-address": "127.0.0.1" };

const url = process.env.BENCH_DATABASE_URL!;
const PSD_EMAIL = "callum.ferrisby@northshire.police.invalid";
const UNLISTED_EMAIL = "jordan.mistry-oake@northshire.police.invalid";
const args = process.argv.slice(2);
const iterations = Number(args.find((a) => a.startsWith("--iterations="))?.split("=")[1] ?? 400);
if (args.includes("--setup")) {
  // once
  await applyMigrations({ databaseUrl: url });
  const seed = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  await seedDemoOrganisation(seed);
  await seed.$disconnect();
  await insertBenchPeople(url, 10_000);
  if (args.includes("--cases")) {
    await insertBenchCases(url, { cases: 10_000, entriesPerCase: 20, psdEmails: [PSD_EMAIL], reporterEmail: "alys.penhallow@northshire.police.invalid" });
  }
}
process.env.BENCH_PAGES = "1";
const database = openCountingDatabase(url);
setDatabase(database);
const build = (await import(pathToFileURL(`${process.env.BUILD_DIR ?? "build-perf"}/server/index.js`).href)) as ServerBuild;
const handler = createRequestHandler(build, "production");

async function cookieFor(email: string) {
  const person = await database.prisma.person.findFirstOrThrow({ where: { workEmail: email } });
  const token = await database.prisma.$transaction((tx) => startSession(tx, person.id, "password", { ipAddress: "127.0.0.1", userAgent: "profile" }));
  return `${sessionCookieName()}=${token}`;
}
const adminCookie = await cookieFor("ivo.brennand@northshire.police.invalid");

/** CPU ticks per thread of this process, from /proc (Linux): which threads the CPU goes to (main, GC, compiler). */
function threadCpu() {
  const result = new Map<string, { name: string; ticks: number }>();
  for (const tid of readdirSync("/proc/self/task")) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      result.set(tid, { name, ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The thread ended between the listing and the read: nothing to count.
    }
  }
  return result;
}

async function call(path: string, cookie: string | undefined) {
  const response = await handler(new Request(`http://localhost${path}`, { headers: cookie ? { cookie, ...serverHeaders } : serverHeaders }));
  await response.arrayBuffer();
  return response.status;
}
const pages: [string, string | undefined][] = [
  ["/bench/bare", undefined],
  ["/admin/people", adminCookie],
];
if (args.includes("--cases")) {
  const sample = await withClient(url, async (client) => {
    const { rows } = await client.query<{ reference: string }>(
      `SELECT c."reference" FROM "police_suspect_case" c JOIN "case_access" a ON a."caseId" = c."id" JOIN "person" p ON p."id" = a."personId" WHERE p."workEmail" = $1 LIMIT 1`,
      [PSD_EMAIL],
    );
    return rows[0]!.reference;
  });
  const psdCookie = await cookieFor(PSD_EMAIL);
  pages.push(["/records", psdCookie], [`/records/${sample}`, psdCookie], [`/records/${sample}#refused`, await cookieFor(UNLISTED_EMAIL)]);
}
// --extra=/a,/b: more paths, requested without a session (e.g. /sign-in for the framework's floor).
for (const path of args
  .find((a) => a.startsWith("--extra="))
  ?.slice(8)
  .split(",") ?? [])
  pages.push([path, undefined]);
for (const [path, c] of pages) for (let i = 0; i < 50; i++) await call(path, c);
for (const [path, c] of pages) {
  database.reset();
  const status = await call(path, c);
  console.log(path, status, database.statements(), "statements");
  if (args.includes("--statements")) for (const [text, n] of database.byText()) console.log(`    ${n}x ${text}`);
  const threadsBefore = args.includes("--threads") ? threadCpu() : undefined;
  const cpu = process.cpuUsage();
  const t = performance.now();
  for (let i = 0; i < iterations; i++) await call(path, c);
  const used = process.cpuUsage(cpu);
  console.log(`  ${((used.user + used.system) / 1000 / iterations).toFixed(2)} ms CPU/req, ${((performance.now() - t) / iterations).toFixed(2)} ms wall/req`);
  if (threadsBefore) {
    const after = threadCpu();
    const byName = new Map<string, number>();
    for (const [tid, { name, ticks }] of after) byName.set(name, (byName.get(name) ?? 0) + ticks - (threadsBefore.get(tid)?.ticks ?? 0));
    const tick = 1000 / 100; // ms per clock tick (CLK_TCK = 100 on Linux)
    console.log(
      "   by thread: " +
        [...byName]
          .filter(([, v]) => v > 0)
          .sort((a, b) => b[1] - a[1])
          .map(([n, v]) => `${n} ${((v * tick) / iterations).toFixed(2)}`)
          .join(", "),
    );
  }
}
if (args.includes("--profile")) {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 100 });
  for (const [path, c] of pages) {
    await session.post("Profiler.start");
    for (let i = 0; i < iterations; i++) await call(path, c);
    const { profile } = await session.post("Profiler.stop");
    const name = path.replace(/\W+/g, "_");
    writeFileSync(`${process.env.PROFILE_DIR ?? "/tmp/perf"}/${name}.cpuprofile`, JSON.stringify(profile));
    // self time by function and by package
    const self = new Map<string, number>();
    const byPkg = new Map<string, number>();
    const dt = new Map<number, number>();
    profile.samples!.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas![i] ?? 0)));
    let total = 0;
    for (const node of profile.nodes) {
      const t = dt.get(node.id) ?? 0;
      total += t;
      const f = node.callFrame;
      const key = `${f.functionName || "(anon)"} ${f.url.replace(/.*node_modules\//, "nm/").replace(/.*\/work\/main\//, "")}:${f.lineNumber}`;
      self.set(key, (self.get(key) ?? 0) + t);
      const pkg = f.url.includes("node_modules/")
        ? f.url.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, "$1")
        : f.url
          ? f.url
              .replace(/.*\/work\/main\//, "")
              .split("/")
              .slice(0, 2)
              .join("/")
          : f.functionName;
      byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + t);
    }
    console.log(`\n== ${path}: ${(total / 1000 / iterations).toFixed(2)} ms sampled per request`);
    for (const [k, v] of [...byPkg].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
    console.log("  -- top functions");
    for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
  }
}
if (args.includes("--allocations")) {
  const session = new Session();
  session.connect();
  await session.post("HeapProfiler.enable");
  for (const [path, c] of pages) {
    await session.post("HeapProfiler.startSampling", {
      samplingInterval: 4096,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    } as never);
    for (let i = 0; i < iterations; i++) await call(path, c);
    const { profile } = await session.post("HeapProfiler.stopSampling");
    const byFn = new Map<string, number>();
    const byPkg = new Map<string, number>();
    let total = 0;
    const walk = (node: HeapProfiler.SamplingHeapProfileNode) => {
      const f = node.callFrame;
      const size = node.selfSize;
      total += size;
      const key = `${f.functionName || "(anon)"} ${f.url.replace(/.*node_modules\//, "nm/").replace(/.*\/work\/main\//, "")}:${f.lineNumber}`;
      byFn.set(key, (byFn.get(key) ?? 0) + size);
      const pkg = f.url.includes("node_modules/")
        ? f.url.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, "$1")
        : f.url
          ? f.url
              .replace(/.*\/work\/main\//, "")
              .split("/")
              .slice(0, 2)
              .join("/")
          : f.functionName;
      byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + size);
      for (const child of node.children) walk(child);
    };
    walk(profile.head);
    // sampled allocations still live at the end are a fraction of all; the proportions are what matter
    console.log(`\n== allocations ${path}: ${(total / 1024).toFixed(0)} KiB sampled live`);
    for (const [k, v] of [...byPkg].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
    for (const [k, v] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`  ${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
  }
}
await database.close();
process.exit(0);
