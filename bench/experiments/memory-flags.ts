// Experiment: the server's throughput, evenly paced latency and peak RSS under different V8 flags.
//   BENCH_DATABASE_URL=… BUILD_DIR=build-perf npx tsx bench/experiments/memory-flags.ts "--max-old-space-size=128" "…"
//   build-perf is the benchmark's flavour of the app (ADR 018): `BUILD_DIR=build-perf npm run build:bench`.
// Each argument's flags come after `npm start`'s own, so they override them (e.g. another --max-old-space-size).
// PAGE=/records/ABCD-2345 EMAIL=… EXPECT=404 measure another page as another person (default: the people list).
import { cannon, paced } from "../lib/load.ts";
import { signIn, startServer } from "../lib/server.ts";
const url = process.env.BENCH_DATABASE_URL!;
const path = process.env.PAGE ?? "/admin/people";
const email = process.env.EMAIL ?? "ivo.brennand@northshire.police.invalid";
const expectStatus = process.env.EXPECT ? Number(process.env.EXPECT) : undefined;
for (const flags of process.argv.slice(2)) {
  const server = await startServer({
    cwd: process.cwd(),
    port: 3392,
    databaseUrl: url,
    extraEnv: { BUILD_DIR: process.env.BUILD_DIR ?? "build-perf" },
    extraNodeFlags: flags.split(/\s+/).filter(Boolean),
  });
  const cookie = await signIn(server, email, "Demo-Portal-2026!");
  await cannon({ label: "warm", baseUrl: server.baseUrl, path, cookie, connections: 10, seconds: 5, expectStatus });
  const throughput = await cannon({ label: "t", baseUrl: server.baseUrl, path, cookie, connections: 20, seconds: 20, expectStatus });
  const even = await paced({ label: "p", baseUrl: server.baseUrl, path, cookie, rate: 100, seconds: 20, expectStatus });
  const memory = server.memory();
  console.log(
    `${flags || "(none)"}: ${throughput.rps.toFixed(0)} req/s; paced p50 ${even.latency.p50.toFixed(1)} p95 ${even.latency.p95.toFixed(1)} p99 ${even.latency.p99.toFixed(1)} max ${even.latency.max.toFixed(0)} ms (${even.errors} err); peak RSS ${(memory.peakRssMiB * 1.048576).toFixed(0)} MB`,
  );
  await server.stop();
}
process.exit(0);
