// Experiment (issue 12): where the production server's CPU goes in its steady state, on two or more builds side by
// side under the same load, and what each costs per request over HTTP. Unlike server-profile.ts (--cpu-prof, which
// takes in start-up and the first minutes' background jobs), each server is profiled only while it is being loaded,
// after warm-up: SIGUSR2 starts and stops V8's profiler in it (bench/lib/profile-on-signal.mjs).
//
//   1. A database per side, made as `npm run bench -- --compare` makes them, and kept (so runs can be repeated):
//        tsx bench/experiments/steady-state.ts fill <revision directory> <database name> [--quick]
//        tsx bench/experiments/steady-state.ts clone <database name> <copy's name>
//   2. Servers side by side (each `--side=<name>,<directory>,<BUILD_DIR>,<database name>[,<node flag>…]`, the flags
//      added to `npm start`'s, e.g. `,--max-semi-space-size=64`), taking turns per page:
//        tsx bench/experiments/steady-state.ts run --side=old,/tmp/portal-bench-rev-…,build-bench,portal_rr_old \
//          --side=new,.,build-bench,portal_rr_new [--pages=bare,guarded,list,allowed,refused] [--rounds=3] [--seconds=10]
//          [--profile] [--idle=10] [--quiet-max=180] [--connections=20]
//      After start, each server's CPU with no load is counted until all are quiet (background jobs' first runs; at most
//      --quiet-max seconds); --idle then measures each one's CPU with no load after sign-in. Per turn: requests, the server's process CPU per request (from /proc), its
//      PostgreSQL backends' CPU per request, and with --profile where the server's busy time went.
import "../lib/production-env.ts";
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { DEMO_PASSWORD } from "../../prisma/seed-data.ts";
import { cpuSince, cpuSnapshot, processTreeCpuSeconds, setBenchDatabaseName, waitForServersQuiet } from "../lib/cpu.ts";
import { withClient } from "../lib/db.ts";
import { cannon } from "../lib/load.ts";
import { formatProfile, summariseProfile } from "../lib/profile-summary.ts";
import { signIn, startServer, type RunningServer } from "../lib/server.ts";
import { ADMIN_EMAIL, loadAverage, PSD_EMAILS, REPORTER_EMAIL, UNLISTED_EMAIL } from "../lib/setup.ts";
import { startSmtpSink } from "../lib/smtp-sink.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const ADMIN_URL = process.env.BENCH_ADMIN_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const FILL_SCRIPT = "bench/lib/fill-side.ts";
const PRELOAD = join(ROOT, "bench/lib/profile-on-signal.mjs");
const [mode, ...rest] = process.argv.slice(2);
const flags = rest.filter((arg) => arg.startsWith("--"));
const positional = rest.filter((arg) => !arg.startsWith("--"));
const option = (name: string) => flags.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const optionAll = (name: string) => flags.filter((arg) => arg.startsWith(`--${name}=`)).map((arg) => arg.slice(name.length + 3));
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

const admin = <T>(run: (client: pg.Client) => Promise<T>) => withClient(ADMIN_URL, run);

async function fill(dir: string, name: string, quick: boolean) {
  await admin((client) => client.query(`CREATE DATABASE "${name}"`));
  if (resolve(dir) !== ROOT) copyFileSync(join(ROOT, FILL_SCRIPT), join(dir, FILL_SCRIPT));
  const settings = {
    people: 10_000,
    auditRows: quick ? 200_000 : 1_000_000,
    cases: quick ? 2_000 : 10_000,
    entriesPerCase: 20,
    psdEmails: PSD_EMAILS,
    reporterEmail: REPORTER_EMAIL,
  };
  const { stdout } = await promisify(execFile)(join(dir, "node_modules/.bin/tsx"), [FILL_SCRIPT, databaseUrl(name), JSON.stringify(settings)], {
    cwd: dir,
    maxBuffer: 16 * 1024 * 1024,
  });
  console.log(stdout.trim().split("\n").at(-1));
}

interface Side {
  name: string;
  dir: string;
  buildDir: string;
  database: string;
  /** Node flags added to `npm start`'s. */
  nodeFlags: string[];
  profileDir: string;
  server?: RunningServer;
  cookies?: Record<"admin" | "psd" | "unlisted", string>;
  reference?: string;
}

async function referenceFor(database: string): Promise<string> {
  const { rows } = await withClient(databaseUrl(database), (client) =>
    client.query<{ reference: string }>(
      `SELECT c."reference" FROM "police_suspect_case" c JOIN "case_access" a ON a."caseId" = c."id" JOIN "person" p ON p."id" = a."personId"
       WHERE p."workEmail" = $1 ORDER BY c."reference" LIMIT 1`,
      [PSD_EMAILS[0]],
    ),
  );
  return rows[0]!.reference;
}

/** The side's server CPU (cores) over `seconds` with no load. */
async function idleCores(side: Side, seconds: number): Promise<number> {
  const before = processTreeCpuSeconds(side.server!.pid);
  await sleep(seconds * 1000);
  return (processTreeCpuSeconds(side.server!.pid) - before) / seconds;
}

async function stopProfile(side: Side, before: Set<string>): Promise<string> {
  process.kill(side.server!.pid, "SIGUSR2");
  for (let i = 0; i < 200; i++) {
    const file = readdirSync(side.profileDir).find((name) => name.endsWith(".cpuprofile") && !before.has(name));
    if (file) return join(side.profileDir, file);
    await sleep(100);
  }
  throw new Error(`${side.name}: no profile written in ${side.profileDir}`);
}

async function run() {
  const sides: Side[] = optionAll("side").map((spec) => {
    const [name, dir, buildDir, database, ...nodeFlags] = spec.split(",");
    if (!name || !dir || !buildDir || !database) throw new Error(`--side=<name>,<directory>,<BUILD_DIR>,<database name>[,<node flag>…], not ${spec}`);
    return { name, dir: resolve(dir), buildDir, database, nodeFlags, profileDir: mkdtempSync(join(tmpdir(), `portal-steady-${name}-`)) };
  });
  if (sides.length < 2) throw new Error("give at least two --side=…");
  const pages = (option("pages") ?? "bare,guarded,list,allowed,refused").split(",");
  const rounds = Number(option("rounds") ?? 3);
  const seconds = Number(option("seconds") ?? 10);
  const idle = Number(option("idle") ?? 0);
  const quietMax = Number(option("quiet-max") ?? 180);
  const profile = flags.includes("--profile");
  const basePort = Number(option("port") ?? 3600);
  console.log(`load average at start: ${loadAverage()}`);

  const sink = await startSmtpSink(basePort - 1);
  try {
    for (const [i, side] of sides.entries()) {
      // A directory of its own, empty, as each `npm run bench -- --compare` gives its servers.
      const checkpoints = mkdtempSync(join(tmpdir(), `portal-steady-checkpoints-${side.name}-`));
      side.server = await startServer({
        cwd: side.dir,
        port: basePort + i,
        databaseUrl: databaseUrl(side.database),
        name: `steady-${side.name}`,
        extraEnv: { BUILD_DIR: side.buildDir, SMTP_URL: sink.url, PROFILE_ON_SIGNAL_DIR: side.profileDir, AUDIT_CHECKPOINT_DIR: checkpoints },
        extraNodeFlags: [...side.nodeFlags, `--import=${PRELOAD}`],
      });
      side.reference = await referenceFor(side.database);
      console.log(
        `${side.name}: pid ${side.server.pid} on ${side.server.baseUrl} (${side.dir}, ${side.buildDir}, ${side.database}; log ${side.server.logPath})`,
      );
    }
    // What each server does by itself after it starts (its background jobs' first runs), until all are quiet.
    setBenchDatabaseName(...sides.map((side) => side.database));
    const startUp = await waitForServersQuiet(
      sides.map((side) => side.server!.pid),
      { maxSeconds: quietMax, onWindow: (line) => console.log(`  ${line}`) },
    );
    console.log(
      `after start, with no load: ${sides.map((side, i) => `${side.name} ${startUp.serverSeconds[i]!.toFixed(1)} CPU s`).join(", ")}, ` +
        `PostgreSQL ${startUp.postgresSeconds.toFixed(1)} CPU s, ${startUp.quiet ? "quiet" : "still not quiet"} after ${startUp.waitedSeconds.toFixed(0)} s`,
    );
    for (const side of sides) {
      side.cookies = {
        admin: await signIn(side.server!, ADMIN_EMAIL, DEMO_PASSWORD),
        psd: await signIn(side.server!, PSD_EMAILS[0]!, DEMO_PASSWORD),
        unlisted: await signIn(side.server!, UNLISTED_EMAIL, DEMO_PASSWORD),
      };
    }
    if (idle > 0) {
      const cores = await Promise.all(sides.map((side) => idleCores(side, idle)));
      console.log(`idle CPU over ${idle} s after sign-in, cores: ${sides.map((side, i) => `${side.name} ${cores[i]!.toFixed(3)}`).join(", ")}`);
    }

    const specOf = (side: Side, page: string) => {
      switch (page) {
        case "bare":
          return { path: "/bench/bare" };
        case "guarded":
          return { path: "/admin/people", cookie: side.cookies!.admin };
        case "list":
          return { path: "/records", cookie: side.cookies!.psd };
        case "allowed":
          return { path: `/records/${side.reference}`, cookie: side.cookies!.psd };
        case "refused":
          return { path: `/records/${side.reference}`, cookie: side.cookies!.unlisted, expectStatus: 404 };
        default:
          throw new Error(`unknown page ${page}`);
      }
    };

    for (const page of pages) {
      for (const side of sides) {
        await cannon({ ...specOf(side, page), label: `warm-up ${side.name}`, baseUrl: side.server!.baseUrl, connections: 10, seconds: 5 });
      }
      const totals = new Map<string, { requests: number; seconds: number; cpu: number; postgres: number; rps: number[] }>();
      for (let round = 1; round <= rounds; round++) {
        const order = round % 2 === 1 ? sides : [...sides].reverse();
        for (const side of order) {
          const pid = side.server!.pid;
          setBenchDatabaseName(side.database);
          const before = new Set(readdirSync(side.profileDir));
          if (profile) process.kill(pid, "SIGUSR2");
          const cpuBefore = processTreeCpuSeconds(pid);
          const snapshot = cpuSnapshot(pid);
          const at = performance.now();
          const result = await cannon({
            ...specOf(side, page),
            label: `${page} ${side.name} ${round}`,
            baseUrl: side.server!.baseUrl,
            connections: Number(option("connections") ?? 20),
            seconds,
          });
          const elapsed = (performance.now() - at) / 1000;
          const use = cpuSince(snapshot, pid);
          const cpu = processTreeCpuSeconds(pid) - cpuBefore;
          if (result.non2xx > 0 || result.errors > 0) throw new Error(`${page} on ${side.name}: ${result.non2xx} unexpected statuses, ${result.errors} errors`);
          const total = totals.get(side.name) ?? { requests: 0, seconds: 0, cpu: 0, postgres: 0, rps: [] };
          total.requests += result.requests;
          total.seconds += elapsed;
          total.cpu += cpu;
          total.postgres += use.postgres * elapsed;
          total.rps.push(result.rps);
          totals.set(side.name, total);
          console.log(
            `${page} round ${round} ${side.name}: ${result.rps.toFixed(0)} req/s, p95 ${result.latency.p95.toFixed(1)} ms, server ${((cpu / result.requests) * 1000).toFixed(2)} ms CPU/request ` +
              `(${(cpu / elapsed).toFixed(2)} cores), postgres ${((use.postgres * elapsed * 1000) / result.requests).toFixed(2)} ms/request, other ${use.other.toFixed(2)} cores`,
          );
          if (profile) {
            const file = await stopProfile(side, before);
            const summary = summariseProfile(file);
            console.log(`  profile ${file}: ${(summary.busyMicros / 1000 / result.requests).toFixed(2)} ms busy per request (sampled)`);
            for (const line of formatProfile(summary, result.requests, { packages: 14, functions: 16 })) console.log(`  ${line}`);
          }
        }
      }
      console.log(`== ${page}, all rounds:`);
      for (const side of sides) {
        const total = totals.get(side.name)!;
        console.log(
          `  ${side.name}: ${(total.requests / total.seconds).toFixed(0)} req/s (rounds ${total.rps.map((rps) => rps.toFixed(0)).join(", ")}), ` +
            `server ${((total.cpu / total.requests) * 1000).toFixed(2)} ms CPU/request, postgres ${((total.postgres / total.requests) * 1000).toFixed(2)} ms/request`,
        );
      }
    }
    for (const side of sides) console.log(`${side.name}: peak RSS ${side.server!.memory().peakRssMiB.toFixed(0)} MiB`);
    console.log(`load average at end: ${loadAverage()}`);
  } finally {
    for (const side of sides) await side.server?.stop().catch(() => {});
    await sink.stop();
  }
}

if (mode === "fill") {
  const [dir, name] = positional;
  if (!dir || !name || !existsSync(join(dir, "node_modules/.bin/tsx"))) throw new Error("fill <revision directory with node_modules> <database name>");
  await fill(dir, name, flags.includes("--quick"));
} else if (mode === "clone") {
  const [from, to] = positional;
  if (!from || !to) throw new Error("clone <database name> <copy's name>");
  await admin((client) => client.query(`CREATE DATABASE "${to}" TEMPLATE "${from}"`));
} else if (mode === "run") {
  await run();
} else {
  throw new Error("usage: steady-state.ts fill|clone|run … (see the top of the file)");
}
process.exit(0);
