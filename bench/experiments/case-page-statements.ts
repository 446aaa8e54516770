// Experiment: the statements one request to a case page sends (named, as the server names them: ADR 015), with their
// total time, in-process against a database holding generated cases (see case-queries.ts --setup).
//   BENCH_DATABASE_URL=… BUILD_DIR=build-perf npx tsx bench/experiments/case-page-statements.ts [path…]
//   BENCH_AS=<work email> requests as someone else than PSD's officer (e.g. an unlisted officer, for the refused page).
//   BENCH_REQUESTS=<n> requests measured per path (100); BENCH_ALLOCATIONS=1 also sums what they allocate, by function.
//   build-perf is the benchmark's flavour of the app (ADR 018): `BUILD_DIR=build-perf npm run build:bench`.
import "../lib/production-env.ts";
import { pathToFileURL } from "node:url";
import { Session } from "node:inspector";
import { promisify } from "node:util";
import pg from "pg";
import { createRequestHandler, type ServerBuild } from "react-router";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../app/generated/prisma/client.ts";
import { setDatabase } from "../../app/db.server.ts";
import { preparedStatementNames } from "../../app/db/prepared-statements.server.ts";
import { startSession } from "../../app/auth/sign-in.server.ts";
import { sessionCookieName } from "../../app/auth/cookie.server.ts";
import { frameKey } from "../lib/profile-summary.ts";

const url = process.env.BENCH_DATABASE_URL!;

/**
 * BENCH_ALLOCATIONS=1: V8's sampling heap profiler over the measured requests, counting what the garbage collector
 * has already taken back too (what a request allocates, not only what it keeps), summed by the allocating function.
 */
async function startAllocationSampling() {
  const session = new Session();
  session.connect();
  const post = promisify(session.post.bind(session)) as (method: string, params?: object) => Promise<unknown>;
  await post("HeapProfiler.startSampling", { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  return {
    async stop(requests: number) {
      const { profile } = (await post("HeapProfiler.stopSampling")) as { profile: { head: SamplingNode } };
      const bySite = new Map<string, number>();
      let total = 0;
      // A built-in (no file) is named with the function that called it: "join" alone says nothing.
      const walk = (node: SamplingNode, caller: string) => {
        const size = node.selfSize;
        total += size;
        const site = node.callFrame.url ? frameKey(node.callFrame) : `${frameKey(node.callFrame)} < ${caller}`;
        bySite.set(site, (bySite.get(site) ?? 0) + size);
        node.children.forEach((child) => walk(child, frameKey(node.callFrame)));
      };
      walk(profile.head, "");
      session.disconnect();
      const kb = (bytes: number) => (bytes / 1024 / requests).toFixed(1).padStart(7);
      return [
        `  allocated: ${kb(total)} KiB a request (sampled)`,
        ...[...bySite]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 30)
          .map(([site, size]) => `  ${kb(size)} KiB  ${site}`),
      ].join("\n");
    },
  };
}
interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SamplingNode[];
}
const pool = new pg.Pool({ connectionString: url, max: 10, options: "-c jit=off" });
const timings = new Map<string, { count: number; ms: number }>();
let record = false;
pool.on("connect", (client) => {
  const original = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const first = args[0];
    const text = typeof first === "string" ? first : ((first as { text?: string } | undefined)?.text ?? "?");
    const key = text.replace(/\s+/g, " ").trim().slice(0, 160);
    const started = performance.now();
    const measuring = record;
    const done = () => {
      if (!measuring) return;
      const entry = timings.get(key) ?? { count: 0, ms: 0 };
      entry.count++;
      entry.ms += performance.now() - started;
      timings.set(key, entry);
    };
    // The pool's own query() (a statement outside a transaction) passes a callback and gets no promise back.
    const last = args.length - 1;
    if (typeof args[last] === "function") {
      const callback = args[last] as (...results: unknown[]) => void;
      args[last] = (...results: unknown[]) => {
        done();
        callback(...results);
      };
    }
    const result = original(...args);
    if (result && typeof (result as Promise<unknown>).then === "function") (result as Promise<unknown>).finally(done);
    return result;
  };
});
const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { statementNameGenerator: preparedStatementNames() }) });
setDatabase({ prisma, close: () => prisma.$disconnect() });
const build = (await import(pathToFileURL(`${process.env.BUILD_DIR ?? "build-perf"}/server/index.js`).href)) as ServerBuild;
const handler = createRequestHandler(build, "production");
const requester = await prisma.person.findFirstOrThrow({ where: { workEmail: process.env.BENCH_AS ?? "callum.ferrisby@northshire.police.invalid" } });
const token = await prisma.$transaction((tx) => startSession(tx, requester.id, "password", { ipAddress: "127.0.0.1", userAgent: "experiment" }));
const reference = (await pool.query(`SELECT "reference" FROM "police_suspect_case" ORDER BY "reportedAt" LIMIT 1 OFFSET 5000`)).rows[0].reference as string;
const paths = process.argv.slice(2).length ? process.argv.slice(2).map((p) => p.replace("REF", reference)) : [`/records/${reference}`, "/records"];
for (const path of paths) {
  const call = async () => {
    const response = await handler(
      new Request(`http://localhost${path}`, { headers: { cookie: `${sessionCookieName()}=${token}`, "x-portal-client-address": "127.0.0.1" } }),
    );
    await response.arrayBuffer();
    return response.status;
  };
  for (let i = 0; i < 20; i++) await call();
  timings.clear();
  record = true;
  const n = Number(process.env.BENCH_REQUESTS ?? 100);
  const allocations = process.env.BENCH_ALLOCATIONS ? await startAllocationSampling() : undefined;
  const t = performance.now();
  const cpu = process.cpuUsage();
  let status = 0;
  for (let i = 0; i < n; i++) status = await call();
  const used = process.cpuUsage(cpu);
  if (allocations) console.log(await allocations.stop(n));
  record = false;
  await new Promise((r) => setTimeout(r, 50));
  console.log(
    `\n${path}: HTTP ${status}, ${((performance.now() - t) / n).toFixed(2)} ms/request wall, ${((used.user + used.system) / 1000 / n).toFixed(2)} ms CPU`,
  );
  for (const [text, { count, ms }] of [...timings].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) {
    console.log(`  ${(count / n).toFixed(1)}× ${(ms / count).toFixed(2)} ms  ${text}`);
  }
}
await prisma.$disconnect();
process.exit(0);
