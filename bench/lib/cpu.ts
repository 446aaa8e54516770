// CPU accounting from /proc: during each measurement, how much CPU the server, PostgreSQL, the benchmark process
// (autocannon runs in it) and everything else on the machine used. On a shared 2-core machine "everything else"
// (other people's builds and tests) is what makes a run's figures unreliable, so the report shows it.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

let ticksPerSecond: number | undefined;
function hz(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

function machineBusyTicks(): number {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return user + nice + system + irq + softirq + steal;
}

/** The process and all its descendants (WEB_CONCURRENCY > 1 forks server processes). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // the process ended meanwhile
    }
  }
  const tree: number[] = [];
  const queue = [root];
  // Bounded by the number of processes on the machine.
  while (queue.length > 0 && tree.length < 10_000) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

function processTicks(pid: number | "self", withReapedChildren = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields 14 and 15 of proc(5) (utime, stime) are at 11 and 12 after the command name; 16 and 17 (cutime, cstime:
    // children that ended and were waited for) at 13 and 14.
    const own = Number(fields[11]) + Number(fields[12]);
    return withReapedChildren ? own + Number(fields[13]) + Number(fields[14]) : own;
  } catch {
    return 0;
  }
}

/** CPU seconds a process and its descendants have used so far. */
export function processTreeCpuSeconds(root: number): number {
  return processTree(root).reduce((sum, pid) => sum + processTicks(pid), 0) / hz();
}

let benchDatabases: string[] = [];
/** Backends of other databases (other people's tests) count as "other", not as the benchmark's PostgreSQL. */
export function setBenchDatabaseName(...names: string[]): void {
  benchDatabases = names;
}

function postgresTicks(): number {
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() !== "postgres") continue;
      // A backend's title is "postgres: [<cluster>: ]<user> <database> <client> <state>"; background processes
      // (checkpointer, walwriter…) have no database and count as the benchmark's.
      const title = readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ").trim();
      const name = title.match(/^postgres: (?:[^:]+: )?\S+ (\S+) (?:\S+\(\d+\)|\[local\])/)?.[1];
      if (benchDatabases.length > 0 && name && !benchDatabases.includes(name)) continue;
      // A backend that ends during a window (a pool closing an idle connection) takes its CPU time with it; the
      // postmaster, which waits for it, gains it as its children's time, so that is counted too.
      total += processTicks(Number(entry), name === undefined);
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

interface Snapshot {
  at: number;
  busy: number;
  server: number;
  postgres: number;
  bench: number;
}

/** CPU used during a window, in cores (1.0 = one core fully busy). */
export interface CpuUse {
  total: number;
  server: number;
  postgres: number;
  bench: number;
  /** Everything else on the machine. */
  other: number;
}

export function cpuSnapshot(serverPid: number | undefined): Snapshot {
  return {
    at: performance.now(),
    busy: machineBusyTicks(),
    server: serverPid ? processTree(serverPid).reduce((sum, pid) => sum + processTicks(pid), 0) : 0,
    postgres: postgresTicks(),
    bench: processTicks("self"),
  };
}

export function cpuSince(start: Snapshot, serverPid: number | undefined): CpuUse {
  const end = cpuSnapshot(serverPid);
  const seconds = (end.at - start.at) / 1000;
  const cores = (ticks: number) => ticks / hz() / Math.max(seconds, 1e-3);
  const total = cores(end.busy - start.busy);
  const server = cores(end.server - start.server);
  const postgres = cores(end.postgres - start.postgres);
  const bench = cores(end.bench - start.bench);
  return { total, server, postgres, bench, other: Math.max(0, total - server - postgres - bench) };
}

/**
 * Waits (at most `maxSeconds`) until the rest of the machine uses less than `threshold` cores over a 2-second
 * window. Returns the last window's figure and how long it waited.
 */
export async function waitForQuiet(
  serverPid: number | undefined,
  options: { threshold: number; maxSeconds: number },
): Promise<{ other: number; waitedSeconds: number }> {
  const started = performance.now();
  let other = Number.POSITIVE_INFINITY;
  for (let i = 0; i < Math.ceil(options.maxSeconds / 2) + 1; i++) {
    const snapshot = cpuSnapshot(serverPid);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    other = cpuSince(snapshot, serverPid).other;
    if (other < options.threshold) break;
    if ((performance.now() - started) / 1000 >= options.maxSeconds) break;
  }
  return { other, waitedSeconds: (performance.now() - started) / 1000 };
}

/** What servers did by themselves between their start and the first moment all were quiet (waitForServersQuiet). */
export interface StartUpWork {
  /** CPU seconds each server (its process tree) used meanwhile, in the order given. */
  serverSeconds: number[];
  /** CPU seconds of PostgreSQL's backends for the benchmark's databases (setBenchDatabaseName) and its own background processes. */
  postgresSeconds: number;
  waitedSeconds: number;
  /** False when `maxSeconds` passed first. */
  quiet: boolean;
}

/**
 * Waits until servers that were just started have finished what they do by themselves at start, before anything is
 * measured on them: three 2-second windows in a row in which no server used 0.05 cores and PostgreSQL 0.1 cores.
 * A new revision's background jobs may have first runs the other revision has no equivalent of (the audit
 * checkpoint's first pass over a 1,000,000-row trail, issue 12's note of 2026-12-06 in docs/benchmarks.md), and a
 * page measured meanwhile is measured against them. A job that waits for PostgreSQL uses no CPU of its own, hence
 * PostgreSQL's CPU in the criterion.
 */
export async function waitForServersQuiet(pids: number[], options: { maxSeconds: number; onWindow?: (line: string) => void }): Promise<StartUpWork> {
  const started = performance.now();
  const serverStart = pids.map((pid) => processTreeCpuSeconds(pid));
  const postgresStart = postgresTicks();
  let quiet = 0;
  while (quiet < 3 && (performance.now() - started) / 1000 < options.maxSeconds) {
    const before = pids.map((pid) => processTreeCpuSeconds(pid));
    const postgresBefore = postgresTicks();
    const at = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const seconds = (performance.now() - at) / 1000;
    const cores = pids.map((pid, i) => (processTreeCpuSeconds(pid) - before[i]!) / seconds);
    const postgres = (postgresTicks() - postgresBefore) / hz() / seconds;
    options.onWindow?.(
      `${((performance.now() - started) / 1000).toFixed(0)} s: servers ${cores.map((value) => value.toFixed(2)).join(", ")}, PostgreSQL ${postgres.toFixed(2)} cores`,
    );
    quiet = cores.every((value) => value < 0.05) && postgres < 0.1 ? quiet + 1 : 0;
  }
  return {
    serverSeconds: pids.map((pid, i) => processTreeCpuSeconds(pid) - serverStart[i]!),
    postgresSeconds: (postgresTicks() - postgresStart) / hz(),
    waitedSeconds: (performance.now() - started) / 1000,
    quiet: quiet >= 3,
  };
}
