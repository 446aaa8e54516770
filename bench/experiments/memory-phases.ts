// Experiment: the server's memory through the benchmark's load phases, under different node flags and environments.
//   BENCH_DATABASE_URL=… BUILD_DIR=build-perf npx tsx bench/experiments/memory-phases.ts "FLAGS|ENV=…" …
//   build-perf is the benchmark's flavour of the app (ADR 018): `BUILD_DIR=build-perf npm run build:bench`.
// Each argument is node flags, optionally followed by `|` and space-separated NAME=value environment settings, e.g.
// "--max-semi-space-size=8|MALLOC_ARENA_MAX=1". The database must hold the profile-pages.ts --setup --cases data.
// RATE (default 100) sets the paced phase's rate; SECONDS (default 20) each phase's length. The server's V8 heap and
// resident memory are sampled every 250 ms (bench/lib/memory-trace.cjs) and summarised per phase.
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { cannon, paced } from "../lib/load.ts";
import { signIn, startServer } from "../lib/server.ts";
import { startSmtpSink } from "../lib/smtp-sink.ts";
import { withClient } from "../lib/db.ts";

const url = process.env.BENCH_DATABASE_URL!;
const rate = Number(process.env.RATE ?? 100);
const seconds = Number(process.env.SECONDS ?? 20);
const PSD = "callum.ferrisby@northshire.police.invalid";
const UNLISTED = "jordan.mistry-oake@northshire.police.invalid";
const ADMIN = "ivo.brennand@northshire.police.invalid";
const traceScript = join(import.meta.dirname, "../lib/memory-trace.cjs");

const sample = await withClient(url, async (client) => {
  const { rows } = await client.query<{ reference: string }>(
    `SELECT c."reference" FROM "police_suspect_case" c JOIN "case_access" a ON a."caseId" = c."id" JOIN "person" p ON p."id" = a."personId" WHERE p."workEmail" = $1 LIMIT 1`,
    [PSD],
  );
  return rows[0]!.reference;
});

interface Sample {
  t: number;
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  newSpace: number;
  oldSpace: number;
  largeObject: number;
  code: number;
}
function readTrace(path: string): Sample[] {
  const [header, ...lines] = readFileSync(path, "utf8").trim().split("\n");
  const names = header!.split("\t");
  return lines.map((line) => {
    const v = Object.fromEntries(line.split("\t").map((x, i) => [names[i], Number(x)]));
    return {
      t: v.t!,
      rss: v.rss!,
      heapTotal: v.heapTotal!,
      heapUsed: v.heapUsed!,
      external: v.external!,
      newSpace: v.new!,
      oldSpace: v.old!,
      largeObject: v.large_object!,
      code: v.code!,
    };
  });
}
const describe = (s: Sample) =>
  `RSS ${s.rss.toFixed(0)} = V8 heap ${s.heapTotal.toFixed(0)} (new ${s.newSpace.toFixed(0)}, old ${s.oldSpace.toFixed(0)}, large ${s.largeObject.toFixed(0)}, code ${s.code.toFixed(0)}; used ${s.heapUsed.toFixed(0)}) + outside it ${(s.rss - s.heapTotal).toFixed(0)} (external ${s.external.toFixed(0)})`;

for (const argument of process.argv.slice(2)) {
  const [flagText = "", envText = ""] = argument.split("|");
  const env = Object.fromEntries(
    envText
      .split(/\s+/)
      .filter(Boolean)
      .map((pair) => pair.split("=", 2) as [string, string]),
  );
  const tracePath = join(tmpdir(), `portal-memory-trace-${process.pid}.tsv`);
  const sink = await startSmtpSink(3399);
  const server = await startServer({
    cwd: process.cwd(),
    port: 3396,
    databaseUrl: url,
    extraEnv: { BUILD_DIR: process.env.BUILD_DIR ?? "build-perf", SMTP_URL: sink.url, MEMORY_TRACE_FILE: tracePath, ...env },
    extraNodeFlags: [...flagText.split(/\s+/).filter(Boolean), "--require", traceScript],
  });
  const marks: [string, number][] = [];
  const mark = (label: string) => marks.push([label, server.memory().peakRssMiB]);
  const admin = await signIn(server, ADMIN, "Demo-Portal-2026!");
  const psd = await signIn(server, PSD, "Demo-Portal-2026!");
  const unlisted = await signIn(server, UNLISTED, "Demo-Portal-2026!");
  mark("started");
  const lines: string[] = [];
  const phases: [string, string, string, number | undefined][] = [
    ["bare", "/bench/bare", "", undefined],
    ["guarded", "/admin/people", admin, undefined],
    ["case list", "/records", psd, undefined],
    ["case allowed", `/records/${sample}`, psd, undefined],
    ["case refused", `/records/${sample}`, unlisted, 404],
  ];
  for (const [label, path, cookie, expectStatus] of phases) {
    const t = await cannon({ label, baseUrl: server.baseUrl, path, cookie: cookie || undefined, connections: 20, seconds, expectStatus });
    mark(`${label}, 20 connections`);
    const p = await paced({ label, baseUrl: server.baseUrl, path, cookie: cookie || undefined, rate, seconds, expectStatus });
    mark(`${label}, ${rate} req/s`);
    lines.push(
      `  ${label}: ${t.rps.toFixed(0)} req/s; paced p95 ${p.latency.p95.toFixed(1)} p99 ${p.latency.p99.toFixed(1)} ms (${p.errors + p.non2xx} failed)`,
    );
  }
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const memory = server.memory();
  await server.stop();
  await sink.stop();
  const trace = readTrace(tracePath);
  rmSync(tracePath, { force: true });
  const top = trace.reduce((a, b) => (b.rss > a.rss ? b : a));
  console.log(`${argument || "(npm start's flags)"}: peak RSS ${(memory.peakRssMiB * 1.048576).toFixed(0)} MB; mail received ${sink.received()}`);
  console.log(lines.join("\n"));
  console.log(`  peak by phase (MiB): ${marks.map(([label, peak]) => `${label} ${peak.toFixed(0)}`).join(" | ")}`);
  console.log(`  at the highest sample (MiB), t=${top.t}s: ${describe(top)}`);
  console.log(`  at the end: ${describe(trace.at(-1)!)}`);
}
process.exit(0);
