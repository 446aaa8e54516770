// Load generation: autocannon for throughput and its fixed-rate mode, plus an evenly paced open-loop generator.
// Latency percentiles are computed here from every response's own time (autocannon reports no p95, and in
// fixed-rate mode it "corrects" its histogram with an expected interval of ceil(1/rate) = 1 ms, which skews it).
import { Worker } from "node:worker_threads";
import autocannon from "autocannon";
import { cpuSince, cpuSnapshot, waitForQuiet, type CpuUse } from "./cpu.ts";
import { sampleSessions, type SessionSample } from "./db.ts";

export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface LoadResult {
  label: string;
  path: string;
  connections: number;
  seconds: number;
  /** Responses with status 2xx per second over the whole run. */
  rps: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latency: LatencySummary;
  /** CPU used during the run, in cores, by the server, PostgreSQL, the load generator and everything else. */
  cpu?: CpuUse;
  /** Seconds waited beforehand for the rest of the machine to calm down. */
  quietWaitSeconds?: number;
  /** What the server's database connections were doing during the run (sampled from pg_stat_activity). */
  sessions?: SessionSample;
  /** Every 2xx latency (for merging rounds; left out of the saved results). */
  samples?: number[];
  /** The runs this one was merged from. */
  rounds?: Omit<LoadResult, "samples" | "rounds">[];
}

/** Several rounds of the same run as one: requests over total time, latencies of all samples, CPU averaged. */
export function mergeRounds(label: string, results: LoadResult[]): LoadResult {
  if (results.length === 1) return { ...results[0]!, label };
  const seconds = results.reduce((sum, r) => sum + r.seconds, 0);
  const requests = results.reduce((sum, r) => sum + r.requests, 0);
  const mean = (pick: (r: LoadResult) => number | undefined) => results.reduce((sum, r) => sum + (pick(r) ?? 0), 0) / results.length;
  return {
    label,
    path: results[0]!.path,
    connections: results[0]!.connections,
    seconds,
    rps: requests / seconds,
    requests,
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    timeouts: results.reduce((sum, r) => sum + r.timeouts, 0),
    latency: summarise(results.flatMap((r) => r.samples ?? [])),
    cpu: results.every((r) => r.cpu)
      ? {
          total: mean((r) => r.cpu?.total),
          server: mean((r) => r.cpu?.server),
          postgres: mean((r) => r.cpu?.postgres),
          bench: mean((r) => r.cpu?.bench),
          other: mean((r) => r.cpu?.other),
        }
      : undefined,
    quietWaitSeconds: results.reduce((sum, r) => sum + (r.quietWaitSeconds ?? 0), 0),
    sessions: results.every((r) => r.sessions)
      ? {
          samples: results.reduce((sum, r) => sum + r.sessions!.samples, 0),
          meanLockWaiting: mean((r) => r.sessions?.meanLockWaiting),
          maxLockWaiting: Math.max(...results.map((r) => r.sessions!.maxLockWaiting)),
          meanIdleInTransaction: mean((r) => r.sessions?.meanIdleInTransaction),
          meanActive: mean((r) => r.sessions?.meanActive),
        }
      : undefined,
    rounds: results.map(({ samples: _samples, rounds: _rounds, ...rest }) => rest),
  };
}

/**
 * Runs one measurement after waiting (bounded) for other processes on the machine to go quiet, and records the
 * CPU each party used during it.
 */
export async function measured(
  serverPid: number | undefined,
  databaseUrl: string,
  run: () => Promise<LoadResult>,
  quiet = { threshold: 0.3, maxSeconds: 20 },
): Promise<LoadResult> {
  const wait = await waitForQuiet(serverPid, quiet);
  const sampler = sampleSessions(databaseUrl);
  const snapshot = cpuSnapshot(serverPid);
  try {
    const result = await run();
    return { ...result, cpu: cpuSince(snapshot, serverPid), quietWaitSeconds: wait.waitedSeconds, sessions: await sampler.stop() };
  } finally {
    await sampler.stop();
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function summarise(samples: number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(sorted.length, 1);
  return {
    count: sorted.length,
    mean,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

export interface CannonOptions {
  label: string;
  baseUrl: string;
  path: string;
  cookie?: string;
  connections: number;
  seconds: number;
  overallRate?: number;
  /** The status a good answer has (default: any 2xx). A refused page's good answer is 404. */
  expectStatus?: number;
}

const isExpected = (statusCode: number, expectStatus?: number) => (expectStatus ? statusCode === expectStatus : statusCode >= 200 && statusCode < 300);

/** One autocannon run; throws if the page answered anything but 2xx or connections failed. */
export async function cannon(options: CannonOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const instance = autocannon({
    url: options.baseUrl + options.path,
    connections: options.connections,
    duration: options.seconds,
    overallRate: options.overallRate,
    timeout: 10,
    headers: {
      "user-agent": "portal-bench/1 (autocannon)",
      ...(options.cookie ? { cookie: options.cookie } : {}),
    },
  });
  let unexpected = 0;
  instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (isExpected(statusCode, options.expectStatus)) latencies.push(responseTime);
    else unexpected++;
  });
  const result = await instance;
  const ok = latencies.length;
  return {
    label: options.label,
    path: options.path,
    connections: options.connections,
    seconds: options.seconds,
    rps: ok / options.seconds,
    requests: ok,
    non2xx: unexpected,
    errors: result.errors,
    timeouts: result.timeouts,
    latency: summarise(latencies),
    samples: latencies,
  };
}

/**
 * An open-loop generator: one request every 1000/rate ms on a keep-alive agent, whatever the previous ones are
 * doing. Latency counts from the moment a request was due, so a stalled server cannot hide its queue.
 * When the server falls more than `maxBacklog` requests behind, requests that fall due are not sent and count as
 * errors (the server cannot sustain the rate; waiting for an ever-growing queue would only make the run longer).
 * It runs in a worker thread (paced-worker.mjs), away from this process's garbage collections.
 */
export async function paced(options: {
  label: string;
  baseUrl: string;
  path: string;
  cookie?: string;
  rate: number;
  seconds: number;
  maxBacklog?: number;
  expectStatus?: number;
}): Promise<LoadResult & { latestSendMs: number }> {
  const worker = new Worker(new URL("./paced-worker.mjs", import.meta.url), {
    workerData: {
      baseUrl: options.baseUrl,
      path: options.path,
      cookie: options.cookie,
      rate: options.rate,
      seconds: options.seconds,
      maxBacklog: options.maxBacklog ?? 200,
      expectStatus: options.expectStatus,
    },
  });
  const outcome = await new Promise<{ latencies: number[]; non2xx: number; errors: number; elapsedSeconds: number; latestSendMs: number }>(
    (resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`the paced load generator stopped (exit code ${code})`)));
    },
  );
  await worker.terminate();
  return {
    label: options.label,
    path: options.path,
    connections: 0,
    seconds: options.seconds,
    rps: outcome.latencies.length / outcome.elapsedSeconds,
    requests: outcome.latencies.length,
    non2xx: outcome.non2xx,
    errors: outcome.errors,
    timeouts: 0,
    latency: summarise(outcome.latencies),
    samples: outcome.latencies,
    latestSendMs: outcome.latestSendMs,
  };
}

/**
 * Throws when the page is plainly not working (no good answers, or fewer than half). Occasional failures under
 * overload are figures, not a broken benchmark: they are reported and fail the latency targets instead.
 */
export function assertWorking(result: LoadResult): void {
  const bad = result.non2xx + result.errors;
  if (result.requests === 0 || bad > result.requests) {
    throw new Error(
      `${result.label}: ${result.non2xx} non-2xx responses, ${result.errors} errors, ${result.requests} good responses — the page is not answering properly`,
    );
  }
}
