// Experiment (not part of `npm run bench`): `npm run audit:verify` as a user runs it (its own process, a checkpoint at
// the head), from two copies of the code taking turns on one database: before (a checkout of an earlier commit with
// node_modules and app/generated beside it) and now (this tree). Each run prints its own rate, timed after the database
// is open (scripts/audit-verify.ts); the load average is printed beside each.
//
//   git archive <commit> | tar -x -C /tmp/verify-old; ln -s "$PWD/node_modules" /tmp/verify-old/; cp -r app/generated /tmp/verify-old/app/
//   npx tsx bench/experiments/verify-turns.ts /tmp/verify-old [rows, default 500000] [rounds, default 3]
//
// Uses BENCH_DATABASE_URL (filled up to `rows` if short) or a throwaway database, and the bench's audit key
// (AUDIT_HMAC_KEY or the demo key). Rounds alternate the order: before, now; now, before; …
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { applyMigrations } from "../../scripts/db/migrator.ts";
import { BENCH_AUDIT_KEYS, benchCheckpointDir, createBenchDatabase, fillAuditTrail, settle } from "../lib/db.ts";
import { timeAuditCheckpoint } from "../lib/inprocess.ts";

const run = promisify(execFile);

/** CPU seconds (user + system) of a process from /proc, or of its waited-for children with `children`. */
function cpuOf(pid: string | number, children = false): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const [user, system] = children ? [fields[13], fields[14]] : [fields[11], fields[12]];
  return (Number(user) + Number(system)) / 100;
}

/**
 * Samples every 20 ms the CPU of PostgreSQL's processes working for `database` (its backends, and the parallel workers
 * of those backends), keeping each process's last figure: what the server spent on the run, whatever else the machine
 * was doing. A process that ends between two samples loses at most its last 20 ms.
 */
function samplePostgres(database: string): () => number {
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  const ours = new Set<string>();
  const sample = () => {
    for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
      try {
        const command = readFileSync(`/proc/${pid}/cmdline`, "utf8");
        if (!command.startsWith("postgres:")) continue;
        const leader = /parallel worker for PID (\d+)/.exec(command)?.[1];
        if (command.includes(` ${database} `) || (leader && ours.has(leader))) ours.add(pid);
        const cpu = cpuOf(pid);
        if (!first.has(pid)) first.set(pid, cpu);
        last.set(pid, cpu);
      } catch {
        // ended meanwhile
      }
    }
  };
  sample();
  // Processes there before the run count from then; those started during it from zero.
  const before = new Map(first);
  const timer = setInterval(sample, 20);
  return () => {
    clearInterval(timer);
    sample();
    let total = 0;
    for (const pid of ours) total += (last.get(pid) ?? 0) - (before.get(pid) ?? 0);
    return total;
  };
}

const [beforeDir, rowsArg, roundsArg] = process.argv.slice(2);
if (!beforeDir) throw new Error("usage: verify-turns.ts <checkout of the earlier code> [rows] [rounds]");
const rows = Number(rowsArg ?? 500_000);
const rounds = Number(roundsArg ?? 3);
const trees = { before: resolve(beforeDir), now: resolve(".") };

const database = await createBenchDatabase(process.env.BENCH_DATABASE_URL);
try {
  await applyMigrations({ databaseUrl: database.url });
  const filled = await fillAuditTrail(database.url, rows);
  if (filled.inserted > 0) await settle(database.url);
  const checkpoint = await timeAuditCheckpoint(database.url);
  console.log(`checkpoint ${checkpoint.outcome} at entry ${checkpoint.seq}; key ${BENCH_AUDIT_KEYS.demo ? "the demo key" : "AUDIT_HMAC_KEY"}`);
  const env = { ...process.env, DATABASE_URL: database.url, AUDIT_CHECKPOINT_DIR: benchCheckpointDir() };
  const figures: Record<keyof typeof trees, number[]> = { before: [], now: [] };
  for (let round = 1; round <= rounds; round++) {
    const order: (keyof typeof trees)[] = round % 2 === 1 ? ["before", "now"] : ["now", "before"];
    for (const side of order) {
      const load = loadavg()[0]!.toFixed(2);
      const stop = samplePostgres(new URL(database.url).pathname.slice(1));
      const nodeCpu = cpuOf("self", true);
      const { stdout } = await run("npx", ["tsx", "scripts/audit-verify.ts"], { cwd: trees[side], env });
      const postgresCpu = stop();
      const childCpu = cpuOf("self", true) - nodeCpu;
      const match = /intact: (\d+) rows checked in ([\d.]+) s \((\d+) rows\/s\)/.exec(stdout);
      if (!match) throw new Error(`${side}: ${stdout}`);
      figures[side].push(Number(match[3]));
      console.log(
        `round ${round} ${side.padEnd(6)} ${match[1]} rows in ${match[2]} s = ${Number(match[3]).toLocaleString("en-GB")} rows/s; ` +
          `CPU: PostgreSQL ${postgresCpu.toFixed(2)} s, the script (tsx start included) ${childCpu.toFixed(2)} s (load average ${load})`,
      );
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  console.log(`median: before ${median(figures.before).toLocaleString("en-GB")} rows/s, now ${median(figures.now).toLocaleString("en-GB")} rows/s`);
  console.log(
    `load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(", ")}`,
  );
} finally {
  if (database.created) await database.drop();
}
