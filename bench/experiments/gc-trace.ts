// Experiment: GC pauses of the server under evenly paced load (node --trace-gc), to see what the latency tail is.
//   BENCH_DATABASE_URL=… BUILD_DIR=build-perf npx tsx bench/experiments/gc-trace.ts ["--require /tmp/perf/gcobs.cjs …"]
//   build-perf is the benchmark's flavour of the app (ADR 018): `BUILD_DIR=build-perf npm run build:bench`.
import { readFileSync, writeFileSync } from "node:fs";
import { cannon, paced } from "../lib/load.ts";
import { signIn, startServer } from "../lib/server.ts";
const url = process.env.BENCH_DATABASE_URL!;
// --trace-gc is not allowed in NODE_OPTIONS: a preload script records the pauses with a PerformanceObserver instead.
const flags = process.argv[2] ?? "--require /tmp/perf/gcobs.cjs";
const server = await startServer({
  cwd: process.cwd(),
  port: 3393,
  databaseUrl: url,
  extraEnv: { BUILD_DIR: process.env.BUILD_DIR ?? "build-perf", NODE_OPTIONS: flags },
});
const cookie = await signIn(server, "ivo.brennand@northshire.police.invalid", "Demo-Portal-2026!");
await cannon({ label: "warm", baseUrl: server.baseUrl, path: "/admin/people", cookie, connections: 10, seconds: 5 });
writeFileSync("/tmp/perf/gc.log", "");
const even = await paced({ label: "p", baseUrl: server.baseUrl, path: "/admin/people", cookie, rate: 100, seconds: 20 });
const log = readFileSync("/tmp/perf/gc.log", "utf8");
await server.stop();
const pauses = log
  .trim()
  .split("\n")
  .filter(Boolean)
  .map((line) => ({ kind: line.split(" ")[0]!, ms: Number(line.split(" ")[1]) }));
const byKind = new Map<string, number[]>();
for (const p of pauses) byKind.set(p.kind, [...(byKind.get(p.kind) ?? []), p.ms]);
console.log(
  `paced p50 ${even.latency.p50.toFixed(1)} p95 ${even.latency.p95.toFixed(1)} p99 ${even.latency.p99.toFixed(1)} max ${even.latency.max.toFixed(0)} ms`,
);
for (const [kind, list] of byKind) {
  const sorted = list.sort((a, b) => a - b);
  console.log(
    `${kind}: ${list.length} pauses in 20 s, total ${list.reduce((a, b) => a + b, 0).toFixed(0)} ms, median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, max ${sorted[sorted.length - 1]!.toFixed(1)} ms`,
  );
}
process.exit(0);
