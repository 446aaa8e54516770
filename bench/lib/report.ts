// Writes docs/benchmarks.md: the latest run in full, and one line per run in a history table that is kept.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { GuardCost, PageProfile, Part } from "./inprocess.ts";
import type { LoadResult } from "./load.ts";

export interface Machine {
  cores: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  postgres: string;
  os: string;
}

export interface Check {
  name: string;
  value: string;
  target: string;
  pass: boolean;
}

export interface BenchReport {
  date: string;
  durationSeconds: number;
  /** /proc/loadavg's first three figures when the run started. */
  loadAverageAtStart: string;
  /** Requests per second of a raw Node http server on this machine, as a yardstick. */
  rawNodeRps: number;
  machine: Machine;
  guardedPath: string;
  guardedPathNote?: string;
  people: number;
  auditRowsSmall: number;
  auditRowsLarge: number;
  auditFill: { smallSeconds: number; largeSeconds: number };
  bare: LoadResult;
  guarded: LoadResult;
  guardedLarge: LoadResult;
  /** Issue 3's case pages, when the run measured them. */
  referrals?: import("./referrals.ts").ReferralBenchResult;
  cases?: {
    data: { cases: number; accessEntries: number; sampleReference: string; seconds: number };
    runs: { key: string; label: string; throughput: LoadResult; paced: LoadResult }[];
    refusedAnswers: number;
    rows: { before: { alerts: number; outbox: number; refusals: number }; after: { alerts: number; outbox: number; refusals: number } };
  };
  ratio: number;
  rateSmall: LoadResult;
  rateLarge: LoadResult;
  pacedSmall: LoadResult;
  pacedLarge: LoadResult;
  guardCost: GuardCost;
  pages: PageProfile[];
  verify: { ok: boolean; rows: number; seconds: number; rowsPerSecond: number; problem?: string };
  /** The same with every row's tag recomputed (`-- --every-tag`); absent in results from before it was measured. */
  verifyEveryTag?: { ok: boolean; rows: number; seconds: number; rowsPerSecond: number; problem?: string };
  memory: { peakRssMB: number; sampledMaxRssMB: number; startRssMB: number; processes: number };
  /** WEB_CONCURRENCY the server ran with. */
  webConcurrency: number;
  checks: Check[];
  settings: { throughputSeconds: number; throughputConnections: number; throughputRounds: number; rateSeconds: number; rateConnections: number; rate: number };
}

const HISTORY_START = "<!-- history:start -->";
const LATEST_RUN_HEADING = "## Latest run";
const HISTORY_END = "<!-- history:end -->";
const HISTORY_HEADER = [
  "| date (UTC) | guarded / bare req/s | ratio | p95 / p99 at 100 req/s, 100k rows (ms; evenly paced, autocannon's bursts up to 17:52) | p95 at 1M rows (ms) | guard cost, wall (CPU) ms | verify rows/s | peak RSS (MB) | targets met | yardstick req/s (raw Node http; from 1 Dec 04:54) |",
  "|---|---|---|---|---|---|---|---|---|---|",
];

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : "n/a");
const ms2 = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : "n/a");
const int = (value: number) => Math.round(value).toLocaleString("en-GB");
const pct = (value: number) => `${(value * 100).toFixed(0)} %`;

function historyRow(report: BenchReport): string {
  const met = report.checks.filter((check) => check.pass).length;
  return `| ${report.date.slice(0, 16).replace("T", " ")}${report.webConcurrency > 1 ? ` (WEB_CONCURRENCY=${report.webConcurrency})` : ""} | ${int(report.guarded.rps)} / ${int(report.bare.rps)} | ${pct(report.ratio)} | ${ms(report.pacedSmall.latency.p95)} / ${ms(report.pacedSmall.latency.p99)} | ${ms(report.pacedLarge.latency.p95)} | ${ms2(report.guardCost.guardMeanMs)} (CPU ${ms2(report.guardCost.guardCpuMs)}) | ${int(report.verify.rowsPerSecond)} | ${int(report.memory.peakRssMB)} | ${met}/${report.checks.length} | ${int(report.rawNodeRps)} |`;
}

const cores = (value: number | undefined) => (value === undefined ? "n/a" : value.toFixed(2));

function loadRow(result: LoadResult): string {
  const mode = result.connections ? `${result.connections} conn.` : "paced";
  const cpu = result.cpu;
  const cpuCells = cpu
    ? `${cores(cpu.server)} | ${cores(cpu.postgres)} | ${cores(cpu.bench)} | ${cpu.other > 0.3 ? `**${cores(cpu.other)}**` : cores(cpu.other)}`
    : "n/a | n/a | n/a | n/a";
  const sessions = result.sessions;
  const sessionCells = sessions
    ? `${sessions.meanActive.toFixed(1)} / ${sessions.meanIdleInTransaction.toFixed(1)} / ${sessions.meanLockWaiting.toFixed(1)}`
    : "n/a";
  const failures = result.non2xx + result.errors;
  return `| ${result.label} | \`${result.path}\` | ${mode}, ${result.seconds} s | ${int(result.rps)} | ${int(result.requests)} | ${failures ? `**${failures}**` : "0"} | ${ms(result.latency.p50)} | ${ms(result.latency.p95)} | ${ms(result.latency.p99)} | ${ms(result.latency.max)} | ${cpuCells} | ${sessionCells} |`;
}

export function renderLatest(report: BenchReport, interpretation: string[]): string {
  const m = report.machine;
  const g = report.guardCost;
  const s = report.settings;
  const lines: string[] = [];
  lines.push(`${LATEST_RUN_HEADING}: ${report.date}`);
  lines.push("");
  lines.push(
    `Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGiB.toFixed(1)} GiB memory, ${m.os}, Node ${m.node}, PostgreSQL ${m.postgres}. ` +
      `The load generator, the server (WEB_CONCURRENCY=${report.webConcurrency}) and PostgreSQL share these cores. The whole run took ${Math.round(report.durationSeconds)} s.`,
  );
  lines.push("");
  lines.push(
    `Load average when the run started: ${report.loadAverageAtStart}. Yardstick: a raw Node \`http\` server answered ${int(report.rawNodeRps)} req/s with the same load generator ` +
      "(STACK.md measured ~26,000 req/s on this kind of machine: the lower this figure, the slower or busier the machine was).",
  );
  lines.push("");
  lines.push(
    `Data: the demo organisation and generated people, ${int(report.people)} people in all; audit trail of ${int(report.auditRowsSmall)} rows for the first ` +
      `measurements, then topped up to ${int(report.auditRowsLarge)} rows (generated in ${ms(report.auditFill.smallSeconds)} s and ${ms(report.auditFill.largeSeconds)} s).`,
  );
  if (report.guardedPathNote) {
    lines.push("");
    lines.push(`**Note:** ${report.guardedPathNote}`);
  }
  lines.push("");
  lines.push("### Targets");
  lines.push("");
  lines.push("| figure | measured | target | result |");
  lines.push("|---|---|---|---|");
  for (const check of report.checks) lines.push(`| ${check.name} | ${check.value} | ${check.target} | ${check.pass ? "PASS" : "**FAIL**"} |`);
  lines.push("");
  lines.push("### Load runs");
  lines.push("");
  lines.push(
    'Latencies in ms, computed from every 2xx response\'s own time. Requests per second count 2xx responses only; "failed" counts other answers and connection errors. ' +
      "CPU in cores (2 = the whole machine) used during the run by the server, the benchmark's PostgreSQL, the load generator and **other processes** on the machine (bold above 0.3: the run shared the machine and its figures are pessimistic). " +
      "DB connections: the server's connections on average running a statement / idle inside an open transaction (waiting for Node to send the next statement) / waiting for the audit chain's advisory lock, sampled from pg_stat_activity every 100 ms.",
  );
  lines.push("");
  lines.push(
    "| run | page | load | req/s | 2xx responses | failed | p50 | p95 | p99 | max | CPU server | CPU postgres | CPU load gen. | CPU other | DB connections: running / idle in tx / lock wait |",
  );
  lines.push("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const result of [report.bare, report.guarded, report.guardedLarge, report.rateSmall, report.rateLarge, report.pacedSmall, report.pacedLarge]) {
    lines.push(loadRow(result));
    for (const round of result.rounds ?? []) lines.push(loadRow({ ...round, label: `↳ ${round.label}` }));
  }
  lines.push("");
  if (report.cases) {
    const c = report.cases;
    lines.push("### Police-suspect cases (issue 3)");
    lines.push("");
    lines.push(
      `At ${int(report.auditRowsLarge)} audit rows: ${int(c.data.cases)} restricted cases, each with its suspect (conflicted), both tracks and ${int(c.data.accessEntries / c.data.cases)} access-list entries ` +
        `(${int(c.data.accessEntries)} in all; inserted in ${ms(c.data.seconds)} s). PSD's case list is \`/records\` as a PSD officer (the list scope leaves out only cases they are conflicted on, so all of them; 50 a page); ` +
        `the case page is one case as that officer (listed, declared) and as an officer on no list, whose every request is refused with 404 and writes, in its own transaction, the audit row, the alert and a content-free mail to each PSD officer. ` +
        `All generated cases are police-suspect cases, so all are restricted (the issue's "1 % restricted" assumes other kinds of case, which the portal does not have yet): the harsher case for the scope.`,
    );
    lines.push("");
    lines.push(
      "| run | page | load | req/s | good answers | failed | p50 | p95 | p99 | max | CPU server | CPU postgres | CPU load gen. | CPU other | DB connections: running / idle in tx / lock wait |",
    );
    lines.push("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (const run of c.runs) {
      lines.push(loadRow(run.throughput));
      lines.push(loadRow(run.paced));
    }
    lines.push("");
    lines.push(
      `Refused requests answered 404: ${int(c.refusedAnswers)} in the measured runs (plus the warm-up); new rows meanwhile: ${int(c.rows.after.refusals - c.rows.before.refusals)} refusals in the audit trail, ` +
        `${int(c.rows.after.alerts - c.rows.before.alerts)} alerts, ${int(c.rows.after.outbox - c.rows.before.outbox)} outbox mails.`,
    );
    lines.push("");
  }
  if (report.referrals) {
    const r = report.referrals;
    lines.push("### The referral chain (issue 4)");
    lines.push("");
    lines.push(
      `In process against PostgreSQL, with ${int(r.people)} people in the organisation (ranks mixed as in a force, about 5 % inspector or above). One report's chain: the supervising officer's step computed and written, ` +
        `then the steps for everyone else the supervising officer passes it to (${r.stepsPerReport} steps in all, with their history and mail), in one transaction: over ${int(r.reports)} reports p50 ${r.chainMs.p50.toFixed(1)} ms, ` +
        `p95 ${r.chainMs.p95.toFixed(1)} ms, p99 ${r.chainMs.p99.toFixed(1)} ms, max ${r.chainMs.max.toFixed(1)} ms. With the supervising officer's acknowledgement around the second half (their declaration, access grant and history), ` +
        `over another ${int(r.reports)} reports: p50 ${r.withAcknowledgementMs.p50.toFixed(1)} ms, p95 ${r.withAcknowledgementMs.p95.toFixed(1)} ms. The escalation scheduler's pass over ${int(r.openSteps)} open steps, none due: p50 ${r.scanMs.p50.toFixed(1)} ms, ` +
        `p95 ${r.scanMs.p95.toFixed(1)} ms (as the running scheduler passes: steps without a recipient are tried again only when organisation data has changed); a pass acting on ${r.actingPass.due} due steps (reminder, history, mail each): ${r.actingPass.ms.toFixed(0)} ms; a pass trying again all ${int(r.retryingPass.withoutRecipient)} steps without a recipient (as after an organisation change): ${r.retryingPass.ms.toFixed(0)} ms.`,
    );
    lines.push("");
  }
  lines.push("### The guard's own cost per request");
  lines.push("");
  lines.push(
    `Measured in the benchmark process against the same database while the server was idle, ${int(g.iterations)} iterations, one call at a time, the parts interleaved: ` +
      `the list alone as the bare page runs it (\`${g.listedWith}\`), and the same list through the real \`listAccessible\` (ability check, access scope, interactive transaction, audit row sealed at commit). ` +
      "Wall time includes waiting for PostgreSQL; CPU is what this Node process spent (the steadier figure on a shared machine).",
  );
  lines.push("");
  lines.push("| part | statements | CPU (ms) | wall mean | p50 | p95 | p99 |");
  lines.push("|---|---|---|---|---|---|---|");
  const partRow = (name: string, part: Part | undefined) =>
    part
      ? lines.push(
          `| ${name} | ${part.statements} | ${ms2(part.cpuMs)} | ${ms2(part.latency.mean)} | ${ms2(part.latency.p50)} | ${ms2(part.latency.p95)} | ${ms2(part.latency.p99)} |`,
        )
      : 0;
  partRow(`the list alone (50 people, \`${g.listedWith}\`, as \`/bench/bare\`)`, g.bareQuery);
  partRow("the same list through `listAccessible`", g.guardedQuery);
  lines.push(
    `| **guard's own cost** (difference) | ${g.guardedQuery.statements - g.bareQuery.statements} | **${ms2(g.guardCpuMs)}** | **${ms2(g.guardMeanMs)}** | ${ms2(g.guardMedianMs)} | | |`,
  );
  partRow("of which: policy (defineAbilityFor + can + accessScope), in memory", g.policy);
  partRow("of which: a transaction with only the audit row (`appendAudit`, sealed at commit)", g.auditWrite);
  partRow("for comparison: session + person + ability (`resolveRequestContext`, the root middleware, once per request)", g.sessionContext);
  lines.push("");
  if (g.cpu) lines.push(`Other processes on the machine used ${cores(g.cpu.other)} cores meanwhile.`, "");
  lines.push("### Statements per request");
  lines.push("");
  lines.push(
    "The production build's request handler run in the benchmark process (no HTTP, no Express), on a client that counts the statements it sends; times are the in-process service time, one request at a time.",
  );
  lines.push("");
  lines.push("| page | status | statements / request | CPU / request (ms) | in-process mean (ms) | p95 (ms) |");
  lines.push("|---|---|---|---|---|---|");
  for (const page of report.pages) {
    lines.push(
      `| \`${page.path}\` | ${page.status} | ${page.statementsPerRequest.toFixed(1)} | ${ms2(page.cpuMsPerRequest)} | ${ms2(page.inProcess.mean)} | ${ms2(page.inProcess.p95)} |`,
    );
  }
  for (const page of report.pages) {
    lines.push("");
    lines.push(`<details><summary>Statements of one request to <code>${page.path}</code></summary>`);
    lines.push("");
    lines.push("| × | statement (start) |");
    lines.push("|---|---|");
    for (const [text, count] of page.statements) lines.push(`| ${count} | \`${text.replace(/\|/g, "\\|").replace(/`/g, "'")}\` |`);
    lines.push("");
    lines.push("</details>");
  }
  lines.push("");
  lines.push("### Audit trail verification and memory");
  lines.push("");
  lines.push(
    `\`verifyAuditTrail\` on the database as \`npm run audit:verify\` opens it (the keyed chain against the key and the signed checkpoints, the latest taken after the top-up to 1,000,000 rows; tags read with \`pg\` itself): ${report.verify.ok ? "chain intact" : `**chain broken: ${report.verify.problem}**`}, ` +
      `${int(report.verify.rows)} rows in ${ms2(report.verify.seconds)} s = **${int(report.verify.rowsPerSecond)} rows/s** (yardstick ${int(report.rawNodeRps)} req/s)` +
      (report.verifyEveryTag
        ? `; with every row's tag recomputed (\`-- --every-tag\`) ${int(report.verifyEveryTag.rows)} rows in ${ms2(report.verifyEveryTag.seconds)} s = ${int(report.verifyEveryTag.rowsPerSecond)} rows/s.`
        : "."),
  );
  lines.push("");
  lines.push(
    (report.memory.processes > 1
      ? `Server's peak resident memory over the whole run (WEB_CONCURRENCY=${report.webConcurrency}: ${report.memory.processes} processes; the sum of their VmHWM, an upper bound): **${int(report.memory.peakRssMB)} MB** `
      : `Server's peak resident memory over the whole run (kernel's VmHWM of the server process): **${int(report.memory.peakRssMB)} MB** `) +
      `(highest VmRSS sampled every 200 ms: ${int(report.memory.sampledMaxRssMB)} MB; right after start and sign-in: ${int(report.memory.startRssMB)} MB).`,
  );
  lines.push("");
  lines.push("### Interpretation");
  lines.push("");
  for (const paragraph of interpretation) {
    lines.push(paragraph);
    lines.push("");
  }
  lines.push("### Method");
  lines.push("");
  lines.push(
    [
      "`npm run bench` (bench/run.ts) does all of this in one run:",
      "",
      "1. builds the benchmark's flavour of the app (the deployment's pages and the bare page, ADR 018) into `build-bench/` (`BUILD_DIR=build-bench npm run build:bench`: the React Router build and the compiled `server.js`, so that it never replaces `build/`; `--no-build` reuses it);",
      "2. creates a fresh PostgreSQL database (`portal_bench_<timestamp>`, or `BENCH_DATABASE_URL`), applies the migrations, seeds the demo organisation and adds 10,000 generated people (`Bench Person 00001`…, `@bench.police.invalid`) with one `INSERT … SELECT generate_series`;",
      "3. generates audit rows in Node (content hash by the portal's own `auditContentHash`) and inserts them 5,000 per `INSERT … SELECT FROM unnest(…)`; the database's commit-time trigger seals each one into the hash chain as it does for the portal's own rows; then `VACUUM ANALYZE` and `CHECKPOINT`, so that neither autovacuum nor a checkpoint falls into a measurement;",
      "4. starts the production server as `npm start` does (`NODE_ENV=production node` with `npm start`'s flags `build-bench/server.js`, mail to an SMTP server in the benchmark's process (SMTP_URL), as in production, `BENCH_PAGES=1`, `BUILD_DIR=build-bench`), signs in as the administrator through the real form and warms both pages up;",
      `5. throughput: autocannon, ${s.throughputConnections} connections × ${s.throughputSeconds} s, the bare page \`/bench/bare\` (the same 50 rows, no session, guard or audit) and the guarded page on the same server, taking turns, ${s.throughputRounds} rounds each; the ratio is of all rounds together, leaving out a round of both pages in which other processes took more than 0.3 cores when another round was undisturbed (every round is listed);`,
      `6. latency at a fixed rate: an open-loop generator sends one request every ${1000 / s.rate} ms for ${s.rateSeconds} s whatever the earlier ones are doing, and counts each latency from when the request was due (so a stalled server cannot hide its queue); the targets are read from this run. ` +
        `autocannon \`overallRate: ${s.rate}\` (${s.rateConnections} connections) runs too and is reported beside it: its rate limiter sends each connection's share of a second back to back at the start of the second, i.e. bursts of ${s.rateConnections} concurrent requests;`,
      "7. the guard's own cost and the statements per request in-process (see above);",
      "8. tops the audit trail up to 1,000,000 rows while the server keeps running, settles the database again, and repeats the guarded page's throughput and fixed-rate runs;",
      "9. verifies the whole chain with `verifyAuditTrail` (content, links, keyed tags after the latest checkpoint, every checkpoint) and reads the server's peak memory; stops the server and drops the database (`--keep` keeps it).",
      "",
      "Raw figures of each run are kept in `bench/results/` (not committed). `bench/experiments/` holds the experiments behind the choices (profiles of a request, verifier variants, V8 heap flags).",
    ].join("\n"),
  );
  lines.push("");
  return lines.join("\n");
}

export function writeReport(path: string, report: BenchReport, interpretation: string[]): void {
  const previous = existsSync(path) ? readFileSync(path, "utf8") : "";
  const comparison = comparisonSection(previous);
  const handWritten = handWrittenSections(previous);
  const start = previous.indexOf(HISTORY_START);
  const end = previous.indexOf(HISTORY_END);
  let rows: string[] = [];
  if (start >= 0 && end > start) {
    rows = previous
      .slice(start + HISTORY_START.length, end)
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line.startsWith("|") && !line.startsWith("|---") && !line.startsWith("| date"));
  }
  rows.push(historyRow(report));
  // Notes written by hand under the history table are kept.
  const notes = end >= 0 ? previous.slice(end + HISTORY_END.length).trim() : "";
  const content = [
    "# Benchmarks",
    "",
    "Written by `npm run bench` (bench/run.ts); the latest run replaces the section below and adds a line to the history. `npm run bench -- --compare` (bench/compare.ts) measures this revision against the last Remix 2 commit side by side and replaces only its own section.",
    "Targets (issue 2): guarded page ≥ 60 % of the bare page's throughput; at 100 req/s p95 ≤ 30 ms and p99 ≤ 60 ms; p95 at 1,000,000 audit rows within 1.2× of p95 at 100,000; `audit:verify` ≥ 200,000 rows/s; server's peak RSS ≤ 400 MB. (Issue 3) PSD's case list and a restricted case page, allowed and refused, with 10,000 cases, 200,000 access-list entries and 1,000,000 audit rows: ≥ 50 % of the bare page's throughput, p95 ≤ 30 ms and p99 ≤ 60 ms at 100 req/s, and every refused request writes its audit row and its alert's outbox row. (Issue 4) Computing the referral chain and writing its steps for one report with 50,000 people: p95 ≤ 20 ms; the escalation scheduler scans 10,000 open steps in ≤ 200 ms.",
    "",
    ...(comparison ? [comparison, ""] : []),
    ...(handWritten ? [handWritten, ""] : []),
    renderLatest(report, interpretation),
    "## History",
    "",
    HISTORY_START,
    ...HISTORY_HEADER,
    ...rows,
    HISTORY_END,
    "",
    ...(notes ? [notes, ""] : []),
  ].join("\n");
  writeFileSync(path, content);
}

// ---- The side-by-side comparison of two revisions (npm run bench -- --compare) ----

export interface ComparedSide {
  /** "Remix 2.17.5" or "React Router 7.18.7". */
  framework: string;
  revision: string;
  subject: string;
  committed: string;
  /** `npm start`'s environment and node flags in that revision. */
  startSettings: string;
  buildCommand: string;
  /** VmHWM of the server process over the whole run, the highest VmRSS sampled, and VmRSS after start and sign-in. */
  memory: { peakRssMB: number; sampledMaxRssMB: number; startRssMB: number };
}

export interface ComparedSlot {
  round: number;
  side: "old" | "new";
  throughput: LoadResult;
  paced: LoadResult;
  /** CPU the other (idle) server used meanwhile, in cores; it is part of "other" in the CPU figures. */
  partnerCores: number;
  /** The side's outbox over its two runs of the turn: mail queued, mail sent, and what was left unsent at the end. */
  mail?: OutboxTurn;
}

export interface OutboxTurn {
  queued: number;
  sent: number;
  unsentAfter: number;
}

export interface ComparedPage {
  key: string;
  label: string;
  path: string;
  persona: string;
  /** What both sides answered before the measurement (they must agree). */
  answer: { status: number; rows: number; title: string; bytes: { old: number; new: number } };
  old: { throughput: LoadResult; paced: LoadResult };
  new: { throughput: LoadResult; paced: LoadResult };
  slots: ComparedSlot[];
  throughputRatio: number;
  p95Ratio: number;
  pacedP95Ratio: number;
  pass: boolean;
}

export interface ComparisonReport {
  date: string;
  durationSeconds: number;
  command: string;
  quick: boolean;
  loadAverageAtStart: string;
  loadAverageAtEnd: string;
  rawNodeRps: number;
  machine: Machine;
  settings: {
    rounds: number;
    throughputSeconds: number;
    throughputConnections: number;
    pacedSeconds: number;
    rate: number;
    warmupSeconds: number;
    people: number;
    auditRows: number;
    cases: number;
    accessEntries: number;
  };
  targets: { throughputRatio: number; p95Ratio: number };
  sides: { old: ComparedSide; new: ComparedSide };
  /** Settings one side's server or build gets that the other's does not. */
  differences: string[];
  pages: ComparedPage[];
}

const COMPARISON_START = "<!-- side-by-side:start -->";
const COMPARISON_END = "<!-- side-by-side:end -->";

/** The side-by-side section of an existing docs/benchmarks.md, markers included. */
function comparisonSection(previous: string): string | undefined {
  const start = previous.indexOf(COMPARISON_START);
  const end = previous.indexOf(COMPARISON_END);
  return start >= 0 && end > start ? previous.slice(start, end + COMPARISON_END.length) : undefined;
}

/** The sections written by hand between the side-by-side section and the latest run (experiments, profiles). */
function handWrittenSections(previous: string): string | undefined {
  const end = previous.indexOf(COMPARISON_END);
  const latest = previous.indexOf(LATEST_RUN_HEADING);
  if (end < 0 || latest < end) return undefined;
  return previous.slice(end + COMPARISON_END.length, latest).trim() || undefined;
}

const ratio = (value: number) => (Number.isFinite(value) ? `×${value.toFixed(2)}` : "n/a");
const bold = (text: string, when: boolean) => (when ? `**${text}**` : text);
const short = (sha: string) => sha.slice(0, 7);

/** Whether a paced run kept up with the offered rate (otherwise its latencies are queueing time). */
export function sustainedRate(result: LoadResult, rate: number): boolean {
  return result.errors + result.non2xx === 0 && result.rps >= rate * 0.95;
}

/** Two rounds of a page, old-new-new-old: the new side's figures over the old side's. */
export interface PairRatio {
  rounds: [number, number];
  throughput: number;
  p95: number;
}

/**
 * The rounds two by two. A server that has just had a turn answers faster in its next than one that sat idle while the
 * other side had two (docs/benchmarks.md: rounds alternate by up to 40 % with the side that went first in them), so one
 * round flatters whichever side went first; two rounds (old, new, new, old) give each side one turn of each kind, and
 * the machine's drift over the run weighs on them alike. An odd last round has no partner and is left out.
 */
export function pairRatios(page: Pick<ComparedPage, "slots">): PairRatio[] {
  const rounds = [...new Set(page.slots.map((slot) => slot.round))].sort((a, b) => a - b);
  const pairs: PairRatio[] = [];
  for (let index = 0; index + 1 < rounds.length; index += 2) {
    const pair: [number, number] = [rounds[index]!, rounds[index + 1]!];
    const turns = (side: "old" | "new") => page.slots.filter((slot) => slot.side === side && pair.includes(slot.round)).map((slot) => slot.throughput);
    const before = turns("old");
    const after = turns("new");
    if (before.length !== 2 || after.length !== 2) continue;
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    pairs.push({
      rounds: pair,
      throughput: mean(after.map((turn) => turn.rps)) / mean(before.map((turn) => turn.rps)),
      p95: mean(after.map((turn) => turn.latency.p95)) / mean(before.map((turn) => turn.latency.p95)),
    });
  }
  return pairs;
}

function pairsTable(report: ComparisonReport): string[] {
  const pairsOf = report.pages.map((page) => ({ page, pairs: pairRatios(page) }));
  const columns = pairsOf[0]?.pairs.map((pair) => `rounds ${pair.rounds[0]}–${pair.rounds[1]}`) ?? [];
  if (columns.length < 2) return [];
  const lines = [
    "Two rounds at a time (old, new, new, old: each side has one turn straight after its own and one after an idle spell), the new side's throughput over the old side's and its p95 under throughput over the old side's:",
    "",
    `| page | ${columns.join(" | ")} | pairs at ≥ ${pct(report.targets.throughputRatio)} |`,
    `|---|${columns.map(() => "---|").join("")}---|`,
  ];
  for (const { page, pairs } of pairsOf) {
    const met = pairs.filter((pair) => pair.throughput >= report.targets.throughputRatio).length;
    lines.push(
      `| ${page.label} | ${pairs.map((pair) => `${bold(pct(pair.throughput), pair.throughput < report.targets.throughputRatio)}, ${ratio(pair.p95)}`).join(" | ")} | ${met} of ${pairs.length} |`,
    );
  }
  lines.push("");
  return lines;
}

export function renderComparison(report: ComparisonReport, notes: string[]): string {
  const m = report.machine;
  const s = report.settings;
  const { old, new: current } = report.sides;
  const lines: string[] = [COMPARISON_START, "## React Router 7 against Remix 2, side by side", ""];
  lines.push(
    `Run of ${report.date} (${Math.round(report.durationSeconds)} s${report.quick ? "; **--quick: a try of the harness, not figures**" : ""}), written by \`${report.command}\`. ` +
      `Targets (issue 12): on each page the new revision's throughput is at least ${pct(report.targets.throughputRatio)} of the old one's, and its p95 at most ${ratio(report.targets.p95Ratio)} the old one's (both the p95 under throughput and the p95 at a paced ${s.rate} req/s).`,
  );
  lines.push("");
  lines.push(
    `Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGiB.toFixed(1)} GiB memory, ${m.os}, Node ${m.node}, PostgreSQL ${m.postgres}. ` +
      `Load average ${report.loadAverageAtStart} when the run started and ${report.loadAverageAtEnd} when it ended. Yardstick: a raw Node \`http\` server answered ${int(report.rawNodeRps)} req/s with the same load generator.`,
  );
  lines.push("");
  lines.push("| side | revision | framework | build | `npm start` settings | peak RSS (VmHWM) | highest RSS sampled | RSS after start and sign-in |");
  lines.push("|---|---|---|---|---|---|---|---|");
  for (const [name, side] of [
    ["old", old],
    ["new", current],
  ] as const) {
    lines.push(
      `| ${name} | \`${short(side.revision)}\` (${side.committed.slice(0, 16).replace("T", " ")}): ${side.subject.length > 90 ? `${side.subject.slice(0, 90)}…` : side.subject} | ${side.framework} | \`${side.buildCommand}\` | \`${side.startSettings}\` | ${int(side.memory.peakRssMB)} MB | ${int(side.memory.sampledMaxRssMB)} MB | ${int(side.memory.startRssMB)} MB |`,
    );
  }
  lines.push("");
  lines.push(
    report.differences.length === 0
      ? "Both servers ran with the same settings."
      : `Settings one side has and the other does not: ${report.differences.join("; ")}.`,
  );
  lines.push("");
  lines.push(
    `Data, a database for each side, made alike (each migrated by its own revision and filled by its own copy of the same generators, \`bench/lib/fill-side.ts\`): ${int(s.people)} people (the new side's count; the demo organisations differ by a few), ${int(s.auditRows)} audit rows, ${int(s.cases)} restricted cases with ${int(s.accessEntries)} access-list entries. ` +
      `Per page: both servers warmed up (${s.warmupSeconds} s each), then ${s.rounds} rounds taking turns (old, new, new, old, …); in each turn autocannon with ${s.throughputConnections} connections for ${s.throughputSeconds} s, then an evenly paced ${s.rate} req/s for ${s.pacedSeconds} s. ` +
      "Figures are of all rounds of a side together; req/s counts good answers (2xx; 404 for the refused page).",
  );
  lines.push("");
  lines.push(
    `| page | answer (both) | old req/s | new req/s | new / old | old p95 | new p95 | new / old | old p95 at ${s.rate} req/s | new p95 at ${s.rate} req/s | new / old | result |`,
  );
  lines.push("|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const page of report.pages) {
    const t = report.targets;
    const queueing = (result: LoadResult) => (sustainedRate(result, s.rate) ? "" : ` (${int(result.rps)} req/s: queueing)`);
    lines.push(
      `| ${page.label} \`${page.path}\` | ${page.answer.status}${page.answer.rows ? `, ${page.answer.rows} rows` : ""} | ${int(page.old.throughput.rps)} | ${int(page.new.throughput.rps)} | ${bold(pct(page.throughputRatio), page.throughputRatio < t.throughputRatio)} | ` +
        `${ms(page.old.throughput.latency.p95)} | ${ms(page.new.throughput.latency.p95)} | ${bold(ratio(page.p95Ratio), page.p95Ratio > t.p95Ratio)} | ` +
        `${ms(page.old.paced.latency.p95)}${queueing(page.old.paced)} | ${ms(page.new.paced.latency.p95)}${queueing(page.new.paced)} | ${bold(ratio(page.pacedP95Ratio), page.pacedP95Ratio > t.p95Ratio)} | ${page.pass ? "PASS" : "**FAIL**"} |`,
    );
  }
  lines.push("");
  lines.push(...pairsTable(report));
  for (const note of notes) lines.push(note, "");
  lines.push("<details><summary>Every turn, in the order run</summary>");
  lines.push("");
  lines.push(
    "Latencies in ms. CPU in cores: the measured server, PostgreSQL, the load generator, the idle server of the other side, and everything else on the machine (bold above 0.3).",
  );
  lines.push("");
  lines.push(
    "| page | round | side | req/s | p50 | p95 | p99 | failed | paced req/s | paced p95 | paced p99 | paced failed | CPU server | CPU postgres | CPU load gen. | CPU idle other server | CPU other |",
  );
  lines.push("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const page of report.pages) {
    for (const slot of page.slots) {
      const t = slot.throughput;
      const p = slot.paced;
      const cpu = t.cpu;
      const other = cpu ? Math.max(0, cpu.other - slot.partnerCores) : undefined;
      lines.push(
        `| ${page.label} | ${slot.round} | ${slot.side} | ${int(t.rps)} | ${ms(t.latency.p50)} | ${ms(t.latency.p95)} | ${ms(t.latency.p99)} | ${t.non2xx + t.errors} | ${int(p.rps)} | ${ms(p.latency.p95)} | ${ms(p.latency.p99)} | ${p.non2xx + p.errors} | ` +
          `${cores(cpu?.server)} | ${cores(cpu?.postgres)} | ${cores(cpu?.bench)} | ${cores(slot.partnerCores)} | ${other === undefined ? "n/a" : bold(cores(other), other > 0.3)} |`,
      );
    }
  }
  lines.push("");
  lines.push("</details>");
  lines.push("");
  lines.push(
    "How: `npm run bench -- --compare` (default revision fa865e0, the last Remix 2 commit; `--compare=<rev>` for another; `--quick` for a short try; `--no-build` reuses this revision's `build-bench/`). " +
      "The old revision is a `git worktree` under the system's temporary directory with its own `npm install` (its postinstall applies its patches) and its own `BUILD_DIR=build-bench npm run build`, reused by later runs; " +
      "its server is its own compiled `build-bench/server.js` run from that directory, as its own `npm start` runs it. Both servers stay up for the whole run on different ports, each against its own database on the same PostgreSQL server, and only one is loaded at a time. " +
      "The pages must answer alike on both sides (status, table rows and page title are checked before measuring). Raw figures: `bench/results/compare-*.json` (not committed).",
  );
  lines.push(COMPARISON_END);
  return lines.join("\n");
}

/** Writes the side-by-side section into docs/benchmarks.md, keeping everything else in it. */
export function writeComparison(path: string, report: ComparisonReport, notes: string[]): void {
  const previous = existsSync(path) ? readFileSync(path, "utf8") : "# Benchmarks\n";
  const section = renderComparison(report, notes);
  const existing = comparisonSection(previous);
  let content: string;
  if (existing) content = previous.replace(existing, () => section);
  else {
    const latest = previous.indexOf(LATEST_RUN_HEADING);
    content = latest >= 0 ? `${previous.slice(0, latest)}${section}\n\n${previous.slice(latest)}` : `${previous.trimEnd()}\n\n${section}\n`;
  }
  writeFileSync(path, content);
}
