// In-process measurements of two revisions side by side in one run, each side in its own directory (its own code and
// node_modules) against its own database made by its own revision, taking turns old, new, new, old, … (one child
// process per turn), so that a machine whose speed drifts weighs on both sides alike.
//
//   --measure=case-guard      issue 14: "a case page's guard must still cost no more than 1.2× today's in-process
//                             figure, even though the live conflict check now runs on every request": openCase for a
//                             listed PSD officer and for an unlisted officer (refused: audit row, alert, mail), the
//                             session it needs, and the case's row alone as the database's yardstick
//                             (bench/lib/case-guard-side.ts; data: bench/lib/fill-side.ts, then line managers)
//   --measure=referral-chain  issue 4: computing and writing one report's referral chain with 50,000 people
//                             (bench/lib/referral-side.ts, bench/lib/referral-chain-timing.ts)
//
//   npx tsx bench/experiments/in-process-sides.ts --measure=… [--compare=<old rev>] [--new=<rev>] [--rounds=6]
//       [--iterations=300 (case-guard) | --reports=100 (referral-chain)] [--audit-rows=100000 (case-guard)]
//
// The old revision needs a worktree with its node_modules installed (as `npm run bench -- --compare` makes one, under
// the system's temporary directory: /tmp/portal-bench-rev-<sha12>); no build is needed. The new side is this working
// tree, or with --new=<rev> a worktree of that commit under the same directory, which borrows this tree's
// node_modules and generated client (its schema must be this tree's), so that editing here does not change a run.
// The side scripts are copied into the other worktrees first, so they may use only what both revisions have.
import { execFile, execFileSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { rawNodeThroughput } from "../lib/calibrate.ts";
import { createBenchDatabase, type BenchDatabase } from "../lib/db.ts";
import { loadAverage, PSD_EMAILS, REPORTER_EMAIL, UNLISTED_EMAIL } from "../lib/setup.ts";

const execFileAsync = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");
const args = process.argv.slice(2);
const option = (name: string) => args.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1];
const measureKind = option("measure");
if (measureKind !== "case-guard" && measureKind !== "referral-chain") throw new Error("--measure=case-guard or --measure=referral-chain");
const rounds = Number(option("rounds") ?? 6);
const log = (message: string) => console.log(`[sides ${new Date().toISOString().slice(11, 19)}] ${message}`);
const rev = (name: string, cwd = ROOT) => execFileSync("git", ["rev-parse", name], { cwd, encoding: "utf8" }).trim();

type SideKey = "old" | "new";
const oldSha = rev(`${option("compare") ?? "f978333"}^{commit}`);
const oldDir = join(tmpdir(), `portal-bench-rev-${oldSha.slice(0, 12)}`);
if (!existsSync(join(oldDir, "node_modules/.bin/tsx")))
  throw new Error(`${oldDir} has no install: git worktree add --detach ${oldDir} ${oldSha}, then npm install --no-audit --no-fund in it`);
const newRevision = option("new");
const newDir = newRevision ? borrowingWorktree(newRevision) : ROOT;
const dirs: Record<SideKey, string> = { old: oldDir, new: newDir };
const SIDE_FILES = ["bench/lib/fill-side.ts", "bench/lib/case-guard-side.ts", "bench/lib/referral-side.ts", "bench/lib/referral-chain-timing.ts"];
for (const dir of [oldDir, newDir]) if (dir !== ROOT) for (const file of SIDE_FILES) copyFileSync(join(ROOT, file), join(dir, file));

/** A worktree of `name` that uses this tree's node_modules and generated Prisma client. */
function borrowingWorktree(name: string): string {
  const at = rev(`${name}^{commit}`);
  const dir = join(tmpdir(), `portal-bench-rev-${at.slice(0, 12)}`);
  if (!existsSync(dir)) execFileSync("git", ["worktree", "add", "--detach", dir, at], { cwd: ROOT, stdio: "ignore" });
  if (readFileSync(join(dir, "prisma/schema.prisma"), "utf8") !== readFileSync(join(ROOT, "prisma/schema.prisma"), "utf8"))
    throw new Error(`--new=${name}: its schema differs from this tree's, so it cannot borrow this tree's generated client`);
  if (!existsSync(join(dir, "node_modules"))) symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  if (!existsSync(join(dir, "app/generated"))) cpSync(join(ROOT, "app/generated"), join(dir, "app/generated"), { recursive: true });
  return dir;
}

/** Runs a side script in that side's directory with its own tsx; returns the JSON of its last line. */
async function side<T>(key: SideKey, script: string, scriptArgs: string[]): Promise<T> {
  const { stdout } = await execFileAsync(join(dirs[key], "node_modules/.bin/tsx"), [script, ...scriptArgs], { cwd: dirs[key], maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as T;
}

/** What each side's round prints: per part, the mean CPU of its process per call and every call's wall time (ms). */
type Round = Record<string, { cpuMs: number; wall: number[] }>;

interface SidePlan {
  script: string;
  /** Fills and prepares the side's database; returns the settings of each round's "measure". */
  prepare: (key: SideKey, url: string) => Promise<Record<string, unknown>>;
}

const plans: Record<typeof measureKind, SidePlan> = {
  "case-guard": {
    script: "bench/lib/case-guard-side.ts",
    prepare: async (key, url) => {
      const fill = {
        people: 10_000,
        auditRows: Number(option("audit-rows") ?? 100_000),
        cases: 10_000,
        entriesPerCase: 20,
        psdEmails: PSD_EMAILS,
        reporterEmail: REPORTER_EMAIL,
      };
      const filled = await side<{ sampleReference: string }>(key, "bench/lib/fill-side.ts", [url, JSON.stringify(fill)]);
      log(`${key}: filled ${JSON.stringify(filled)}`);
      const sessions = await side<Record<string, string>>(key, "bench/lib/case-guard-side.ts", [
        url,
        "prepare",
        JSON.stringify({ psdEmail: PSD_EMAILS[0], unlistedEmail: UNLISTED_EMAIL }),
      ]);
      return { iterations: Number(option("iterations") ?? 300), reference: filled.sampleReference, ...sessions };
    },
  },
  "referral-chain": {
    script: "bench/lib/referral-side.ts",
    prepare: async (key, url) => {
      log(`${key}: ${JSON.stringify(await side(key, "bench/lib/referral-side.ts", [url, "prepare", JSON.stringify({ people: 50_000 })]))}`);
      return { reports: Number(option("reports") ?? 100) };
    },
  },
};
const plan = plans[measureKind];

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? NaN;
};
const median = (xs: number[]) => percentile(xs, 0.5);

const loadAtStart = loadAverage();
log(`${measureKind}: ${oldSha.slice(0, 7)} (old, ${oldDir}) against ${rev("HEAD", newDir).slice(0, 7)} (new, ${newDir}); load average ${loadAtStart}`);
let databases: Record<SideKey, BenchDatabase> | undefined;
try {
  databases = { old: await createBenchDatabase(undefined, "sold"), new: await createBenchDatabase(undefined, "snew") };
  const [oldSettings, newSettings] = await Promise.all([plan.prepare("old", databases.old.url), plan.prepare("new", databases.new.url)]);
  const settings = { old: oldSettings, new: newSettings };
  const yardstick = await rawNodeThroughput(3797, 5);
  log(`yardstick: a raw Node http server answers ${Math.round(yardstick)} req/s`);

  const results: { round: number; side: SideKey; load: string; figures: Round }[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const key of (round % 2 === 1 ? ["old", "new"] : ["new", "old"]) as SideKey[]) {
      const load = loadAverage();
      const figures = await side<Round>(key, plan.script, [databases[key].url, "measure", JSON.stringify(settings[key])]);
      results.push({ round, side: key, load, figures });
      const summary = Object.entries(figures).map(
        ([part, f]) => `${part} ${f.cpuMs.toFixed(2)} ms CPU, p50 ${median(f.wall).toFixed(2)}, p95 ${percentile(f.wall, 0.95).toFixed(2)}`,
      );
      log(`round ${round} ${key}: ${summary.join("; ")} (load ${load})`);
    }
  }
  const loadAtEnd = loadAverage();
  // Wall times of all rounds of a side pooled; CPU as the median of the rounds' means.
  const pooled = (key: SideKey, part: string) => results.filter((r) => r.side === key).flatMap((r) => r.figures[part]!.wall);
  const cpu = (key: SideKey, part: string) => median(results.filter((r) => r.side === key).map((r) => r.figures[part]!.cpuMs));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const f = (x: number) => x.toFixed(2);
  const lines = [
    `| part | old CPU ms | new CPU ms | new / old | old wall mean | new wall mean | new / old | old p50 | new p50 | old p95 | new p95 | new / old |`,
    `|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
    ...Object.keys(results[0]!.figures).map((part) => {
      const [o, n] = [pooled("old", part), pooled("new", part)];
      return `| ${part} | ${f(cpu("old", part))} | ${f(cpu("new", part))} | ${f(cpu("new", part) / cpu("old", part))} | ${f(mean(o))} | ${f(mean(n))} | ${f(mean(n) / mean(o))} | ${f(median(o))} | ${f(median(n))} | ${f(percentile(o, 0.95))} | ${f(percentile(n, 0.95))} | ${f(percentile(n, 0.95) / percentile(o, 0.95))} |`;
    }),
  ];
  console.log(
    `\n${measureKind}: ${oldSha.slice(0, 7)} (old) against ${rev("HEAD", newDir).slice(0, 7)} (new), ${rounds} rounds per side taking turns, ` +
      `${JSON.stringify(Object.fromEntries(Object.entries(settings.new).filter(([key]) => !key.endsWith("Token"))))}; load average ${loadAtStart} at the start, ${loadAtEnd} at the end; yardstick ${Math.round(yardstick)} req/s\n`,
  );
  console.log(lines.join("\n"));
  mkdirSync(join(ROOT, "bench/results"), { recursive: true });
  const out = join(ROOT, `bench/results/sides-${measureKind}-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(out, JSON.stringify({ measureKind, oldSha, newDir, newSha: rev("HEAD", newDir), rounds, loadAtStart, loadAtEnd, yardstick, results }, null, 2));
  log(`raw figures: ${out}`);
} finally {
  if (databases) await Promise.all([databases.old.drop(), databases.new.drop()]);
}
