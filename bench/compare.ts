// npm run bench -- --compare[=<revision>]: this revision against another (by default fa865e0, the last Remix 2
// commit), side by side in one run on one machine. See the top of bench/run.ts for the command line.
//
// Both revisions' production servers run at once, on different ports, each against its own benchmark database
// (migrated by its own revision and filled with the same generated data: bench/lib/fill-side.ts); each page is
// measured on one server at a time, taking turns (old, new, new, old, …) so that a machine whose speed drifts during
// the run (other people's builds and tests) weighs on both sides alike.
import { execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { DEMO_PASSWORD } from "../prisma/seed-data.ts";
import { startCommand } from "../scripts/start-command.ts";
import { rawNodeThroughput } from "./lib/calibrate.ts";
import { processTreeCpuSeconds, setBenchDatabaseName, waitForServersQuiet } from "./lib/cpu.ts";
import { createBenchDatabase, postgresVersion, withClient, type BenchDatabase } from "./lib/db.ts";
import { assertWorking, cannon, measured, mergeRounds, paced, type LoadResult } from "./lib/load.ts";
import {
  sustainedRate,
  writeComparison,
  type ComparedPage,
  type ComparedSide,
  type ComparedSlot,
  type ComparisonReport,
  type OutboxTurn,
} from "./lib/report.ts";
import { installedVersion, prepareRevision } from "./lib/revision.ts";
import { signIn, startServer, type RunningServer } from "./lib/server.ts";
import { ADMIN_EMAIL, buildThisRevision, loadAverage, machine, PSD_EMAILS, REPORTER_EMAIL, UNLISTED_EMAIL } from "./lib/setup.ts";
import { startSmtpSink } from "./lib/smtp-sink.ts";

export const DEFAULT_COMPARE_REVISION = "fa865e0";
const TARGETS = { throughputRatio: 0.95, p95Ratio: 1.1 };

export interface CompareOptions {
  root: string;
  revision: string;
  buildDir: string;
  quick: boolean;
  build: boolean;
  port: number;
  /** Turns per side and page (default 4; 2 with --quick). */
  rounds?: number;
  /** The command line, for the report. */
  command: string;
  log: (message: string) => void;
}

type SideKey = "old" | "new";

const execFileAsync = promisify(execFile);
const FILL_SCRIPT = "bench/lib/fill-side.ts";

interface FillSettings {
  people: number;
  auditRows: number;
  cases: number;
  entriesPerCase: number;
  psdEmails: string[];
  reporterEmail: string;
}

/** What bench/lib/fill-side.ts prints. */
interface FilledSide {
  people: number;
  auditRows: number;
  cases: number;
  accessEntries: number;
  sampleReference: string;
}

interface Side {
  key: SideKey;
  dir: string;
  server: RunningServer;
  cookies: Record<Persona, string>;
}

type Persona = "admin" | "psd" | "unlisted";

interface PageSpec {
  key: string;
  label: string;
  /** As shown in the report. */
  path: string;
  /** Where each side has the page, when that differs (a case's reference is drawn afresh in each database). */
  sidePaths?: Record<SideKey, string>;
  persona?: Persona;
  personaLabel: string;
  expectStatus?: number;
}

interface Answer {
  status: number;
  rows: number;
  title: string;
  bytes: number;
}

async function answerOf(server: RunningServer, path: string, cookie?: string): Promise<Answer> {
  const response = await fetch(server.baseUrl + path, { redirect: "manual", headers: { "user-agent": "portal-bench/1", ...(cookie ? { cookie } : {}) } });
  const body = await response.text();
  const tbody = body.split("<tbody")[1]?.split("</tbody>")[0] ?? "";
  return {
    status: response.status,
    rows: (tbody.match(/<tr[\s>]/g) ?? []).length,
    title: body.match(/<title[^>]*>([^<]*)<\/title>/)?.[1]?.trim() ?? "",
    bytes: Buffer.byteLength(body),
  };
}

function pathOn(page: PageSpec, side: SideKey): string {
  return page.sidePaths?.[side] ?? page.path;
}

/** Fills one side's database by running bench/lib/fill-side.ts in that revision's directory, with its own tsx. */
async function fillSide(dir: string, url: string, settings: FillSettings): Promise<FilledSide> {
  const { stdout } = await execFileAsync(join(dir, "node_modules/.bin/tsx"), [FILL_SCRIPT, url, JSON.stringify(settings)], {
    cwd: dir,
    maxBuffer: 16 * 1024 * 1024,
  });
  const last = stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(last) as FilledSide;
}

/** Each migration's name and a hash of its SQL: whether the two revisions create the same database. */
function migrations(dir: string): string[] {
  const base = join(dir, "prisma/migrations");
  return readdirSync(base, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map(
      (entry) =>
        `${entry.name} ${createHash("sha256")
          .update(readFileSync(join(base, entry.name, "migration.sql")))
          .digest("hex")
          .slice(0, 12)}`,
    )
    .sort();
}

function startSettings(cwd: string): string {
  const start = startCommand(cwd);
  return [...Object.entries(start.env).map(([name, value]) => `${name}=${value}`), ...start.nodeFlags].join(" ") || "no flags";
}

/** What one side's `npm start` sets that the other's does not. */
function startDifferences(oldDir: string, newDir: string): string[] {
  const oldStart = startCommand(oldDir);
  const newStart = startCommand(newDir);
  const out: string[] = [];
  for (const name of new Set([...Object.keys(oldStart.env), ...Object.keys(newStart.env)])) {
    if (oldStart.env[name] !== newStart.env[name])
      out.push(`\`npm start\` sets ${name}=${oldStart.env[name] ?? "(unset)"} in the old revision, ${name}=${newStart.env[name] ?? "(unset)"} in the new one`);
  }
  for (const flag of oldStart.nodeFlags.filter((f) => !newStart.nodeFlags.includes(f)))
    out.push(`only the old revision's \`npm start\` gives node \`${flag}\``);
  for (const flag of newStart.nodeFlags.filter((f) => !oldStart.nodeFlags.includes(f)))
    out.push(`only the new revision's \`npm start\` gives node \`${flag}\``);
  return out;
}

const fmt = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : "n/a");

export async function compareRevisions(options: CompareOptions): Promise<number> {
  const { root, buildDir, quick, log } = options;
  const started = performance.now();
  const loadAverageAtStart = loadAverage();
  const settings = {
    rounds: options.rounds ?? (quick ? 2 : 4),
    throughputSeconds: quick ? 5 : 10,
    throughputConnections: 20,
    pacedSeconds: quick ? 5 : 10,
    rate: 100,
    warmupSeconds: quick ? 3 : 5,
    people: 10_000,
    auditRows: quick ? 200_000 : 1_000_000,
    cases: quick ? 2_000 : 10_000,
    entriesPerCase: 20,
  };
  if (!Number.isInteger(settings.rounds) || settings.rounds < 1) throw new Error(`--rounds must be a whole number of at least 1, not ${options.rounds}`);
  // On a shared machine it is seldom quiet: wait a little for it, and let the interleaving share out the rest.
  const quiet = { threshold: 0.3, maxSeconds: quick ? 2 : 4 };
  let databases: Record<SideKey, BenchDatabase> | undefined;
  const servers: RunningServer[] = [];
  let smtpSink: Awaited<ReturnType<typeof startSmtpSink>> | undefined;
  try {
    // The new side as it is when the run starts: its commit, and whether the working tree differs from it.
    const newHead = {
      sha: execGit(root, ["rev-parse", "HEAD"]),
      subject: execGit(root, ["show", "-s", "--format=%s", "HEAD"]),
      committed: execGit(root, ["show", "-s", "--format=%cI", "HEAD"]),
      // The benchmark's own commits change no page: name the last commit that changed anything else.
      lastOutsideBench: execGit(root, ["log", "-1", "--format=%h", "--", ".", ":(exclude)bench", ":(exclude)docs/benchmarks.md"]),
      dirty: execGit(root, ["status", "--porcelain", "--untracked-files=no"]) !== "",
    };

    // 1. The two builds.
    log(`side by side: ${options.revision} (old) against this revision (new), load average ${loadAverageAtStart}`);
    const old = prepareRevision(root, options.revision, buildDir, log);
    if (old.cached) log(`old: ${old.sha.slice(0, 7)} as built before`);
    else log(`old: ${old.sha.slice(0, 7)} installed and built in ${old.seconds.toFixed(0)} s`);
    let newBuildSeconds = 0;
    if (options.build) {
      log(`new: building (PORTAL_BUILD=bench BUILD_DIR=${buildDir} npm run build)…`);
      newBuildSeconds = buildThisRevision(root, buildDir);
      log(`new: built in ${newBuildSeconds.toFixed(0)} s`);
    }
    if (!existsSync(join(root, buildDir, "server.js"))) throw new Error(`${buildDir}/server.js is missing: run without --no-build`);
    // 2. A database for each side: migrated by that revision's own migrations and filled by its own generators (the
    // same code as of the old revision, bench/lib/fill-side.ts), both at once.
    if (process.env.BENCH_DATABASE_URL) throw new Error("--compare makes a database for each side and does not use BENCH_DATABASE_URL: unset it");
    const sameMigrations = migrations(old.dir).join("\n") === migrations(root).join("\n");
    databases = { old: await createBenchDatabase(undefined, "old"), new: await createBenchDatabase(undefined, "new") };
    const urls = { old: databases.old.url, new: databases.new.url };
    process.env.DATABASE_URL = urls.new;
    setBenchDatabaseName(...Object.values(urls).map((url) => new URL(url).pathname.slice(1)));
    log(
      `databases: ${urls.old} (old), ${urls.new} (new); each side's own migrations (${sameMigrations ? "the same on both sides" : "they differ"}), filling both…`,
    );
    copyFileSync(join(root, FILL_SCRIPT), join(old.dir, FILL_SCRIPT));
    const fill: FillSettings = {
      people: settings.people,
      auditRows: settings.auditRows,
      cases: settings.cases,
      entriesPerCase: settings.entriesPerCase,
      psdEmails: PSD_EMAILS,
      reporterEmail: REPORTER_EMAIL,
    };
    const [oldData, newData] = await Promise.all([fillSide(old.dir, urls.old, fill), fillSide(root, urls.new, fill)]);
    for (const key of ["auditRows", "cases", "accessEntries"] as const) {
      if (oldData[key] !== newData[key]) throw new Error(`the two databases differ in ${key}: old ${oldData[key]}, new ${newData[key]}`);
    }
    const sampleReference = { old: oldData.sampleReference, new: newData.sampleReference };
    log(
      `data: old ${oldData.people} people, new ${newData.people} (each revision's demo organisation and ${settings.people} generated); ` +
        `${newData.auditRows} audit rows, ${newData.cases} cases, ${newData.accessEntries} access-list entries on each side`,
    );

    const rawNodeRps = await rawNodeThroughput(options.port + 1, quick ? 3 : 5);
    log(`yardstick: a raw Node http server answers ${Math.round(rawNodeRps)} req/s here`);

    // 3. Both servers, each from its own directory with its own build and node_modules, as its own npm start runs it.
    smtpSink = await startSmtpSink(options.port + 2);
    const launched: { key: SideKey; dir: string; server: RunningServer }[] = [];
    for (const [key, dir, port] of [
      ["old", old.dir, options.port],
      ["new", root, options.port + 3],
    ] as const) {
      const server = await startServer({ cwd: dir, port, databaseUrl: urls[key], name: key, extraEnv: { BUILD_DIR: buildDir, SMTP_URL: smtpSink.url } });
      servers.push(server);
      launched.push({ key, dir, server });
    }
    // Nothing is measured (nor signed in) while a server is still busy with what it does by itself at start: the new
    // side's first audit checkpoint of the 1,000,000-row trail took 5-6 s of its CPU and 7 s of PostgreSQL's, for
    // 30-55 s, and overlapped the first page measured (docs/benchmarks.md, 2026-12-06, issue 12).
    const startUp = await waitForServersQuiet(
      launched.map((side) => side.server.pid),
      { maxSeconds: quick ? 120 : 300, onWindow: (line) => log(`  after start: ${line}`) },
    );
    log(
      `after start, with no load: ${launched.map((side, i) => `${side.key} ${startUp.serverSeconds[i]!.toFixed(1)} CPU s`).join(", ")}, ` +
        `PostgreSQL ${startUp.postgresSeconds.toFixed(1)} CPU s; ${startUp.quiet ? "quiet" : "still not quiet, measuring anyway"} after ${startUp.waitedSeconds.toFixed(0)} s`,
    );
    const sides: Side[] = [];
    for (const { key, dir, server } of launched) {
      const cookies = {
        admin: await signIn(server, ADMIN_EMAIL, DEMO_PASSWORD),
        psd: await signIn(server, PSD_EMAILS[0]!, DEMO_PASSWORD),
        unlisted: await signIn(server, UNLISTED_EMAIL, DEMO_PASSWORD),
      };
      sides.push({ key, dir, server, cookies });
      log(
        `${key}: server pid ${server.pid} on ${server.baseUrl}, RSS ${server.memory().currentRssMiB.toFixed(0)} MiB after start and sign-in (log: ${server.logPath})`,
      );
    }
    const startRss = Object.fromEntries(sides.map((side) => [side.key, (side.server.memory().currentRssMiB * 1024 * 1024) / 1e6])) as Record<SideKey, number>;
    const [oldSide, newSide] = sides as [Side, Side];

    const pages: PageSpec[] = [
      { key: "bare", label: "bare page", path: "/bench/bare", personaLabel: "no session" },
      { key: "guarded", label: "guarded people list", path: "/admin/people", persona: "admin", personaLabel: "the administrator" },
      { key: "list", label: "PSD's case list", path: "/records", persona: "psd", personaLabel: "a PSD officer" },
      {
        key: "allowed",
        label: "restricted case, allowed",
        path: "/records/<reference>",
        sidePaths: { old: `/records/${sampleReference.old}`, new: `/records/${sampleReference.new}` },
        persona: "psd",
        personaLabel: "a PSD officer on its list",
      },
      {
        key: "refused",
        label: "restricted case, refused",
        path: "/records/<reference>",
        sidePaths: { old: `/records/${sampleReference.old}`, new: `/records/${sampleReference.new}` },
        persona: "unlisted",
        personaLabel: "an officer on no list",
        expectStatus: 404,
      },
    ];

    // 4. Both sides must answer every page alike before anything is measured.
    const answers = new Map<string, { old: Answer; new: Answer }>();
    for (const page of pages) {
      const a = await answerOf(oldSide.server, pathOn(page, "old"), page.persona && oldSide.cookies[page.persona]);
      const b = await answerOf(newSide.server, pathOn(page, "new"), page.persona && newSide.cookies[page.persona]);
      log(
        `  ${page.label}: old HTTP ${a.status}, ${a.rows} rows, "${a.title}", ${a.bytes} bytes; new HTTP ${b.status}, ${b.rows} rows, "${b.title}", ${b.bytes} bytes`,
      );
      const expected = page.expectStatus ?? 200;
      if (a.status !== expected || b.status !== expected)
        throw new Error(`${page.label} (${page.path}) answered HTTP ${a.status} (old) and ${b.status} (new), not ${expected}`);
      if (a.rows !== b.rows || a.title !== b.title)
        throw new Error(`${page.label} answers differently: old ${a.rows} rows "${a.title}", new ${b.rows} rows "${b.title}"`);
      answers.set(page.key, { old: a, new: b });
    }

    // 5. Per page: warm both up, then take turns.
    const compared: ComparedPage[] = [];
    for (const page of pages) {
      log(`${page.label} (${page.path}, as ${page.personaLabel}): ${settings.rounds} rounds…`);
      const spec = (side: Side) => ({
        baseUrl: side.server.baseUrl,
        path: pathOn(page, side.key),
        cookie: page.persona && side.cookies[page.persona],
        expectStatus: page.expectStatus,
      });
      // A warm-up only has to run: on a crowded machine a short one may see no answer finish in time.
      for (const side of sides) {
        const warmUp = await cannon({ ...spec(side), label: `warm-up, ${side.key}`, connections: 10, seconds: settings.warmupSeconds });
        if (side.server.ended()) throw new Error(`the ${side.key} server is not running any more during the warm-up: it ${side.server.ended()}`);
        if (warmUp.non2xx > 0) throw new Error(`${page.label} answered the ${side.key} side's warm-up with ${warmUp.non2xx} unexpected statuses`);
      }
      const slots: ComparedSlot[] = [];
      for (let round = 1; round <= settings.rounds; round++) {
        for (const side of round % 2 === 1 ? [oldSide, newSide] : [newSide, oldSide]) {
          const partner = side === oldSide ? newSide : oldSide;
          let partnerCores = 0;
          const withPartner = async (run: () => Promise<LoadResult>) => {
            const before = processTreeCpuSeconds(partner.server.pid);
            const at = performance.now();
            const result = await run();
            partnerCores = (processTreeCpuSeconds(partner.server.pid) - before) / ((performance.now() - at) / 1000);
            return result;
          };
          const label = `${page.label}, ${side.key}, round ${round}`;
          const outboxBefore = await outboxCounts(urls[side.key]);
          const throughput = await measured(
            side.server.pid,
            urls[side.key],
            () => withPartner(() => cannon({ ...spec(side), label, connections: settings.throughputConnections, seconds: settings.throughputSeconds })),
            quiet,
          );
          check(side, throughput);
          const throughputPartner = partnerCores;
          const evenly = await measured(
            side.server.pid,
            urls[side.key],
            () =>
              withPartner(() => paced({ ...spec(side), label: `${label}, paced ${settings.rate} req/s`, rate: settings.rate, seconds: settings.pacedSeconds })),
            quiet,
          );
          // A paced run the server cannot keep up with drops requests past the generator's backlog: a figure, not a fault.
          checkAnswers(side, evenly);
          const mail = outboxTurn(outboxBefore, await outboxCounts(urls[side.key]));
          slots.push({ round, side: side.key, throughput, paced: evenly, partnerCores: throughputPartner, mail });
          log(
            `  round ${round} ${side.key}: ${fmt(throughput.rps)} req/s, p95 ${fmt(throughput.latency.p95, 1)} ms; paced ${fmt(evenly.rps)} req/s, p95 ${fmt(evenly.latency.p95, 1)} ms ` +
              `[CPU other ${fmt(throughput.cpu?.other ?? Number.NaN, 2)} incl. idle ${partner.key} server ${fmt(throughputPartner, 2)}]`,
          );
        }
      }
      const merged = (key: SideKey) => ({
        throughput: mergeTurns(
          `${page.label}, ${key}`,
          slots.filter((slot) => slot.side === key).map((slot) => slot.throughput),
        ),
        paced: mergeTurns(
          `${page.label}, ${key}, paced ${settings.rate} req/s`,
          slots.filter((slot) => slot.side === key).map((slot) => slot.paced),
        ),
      });
      const before = merged("old");
      const after = merged("new");
      const throughputRatio = after.throughput.rps / before.throughput.rps;
      const p95Ratio = after.throughput.latency.p95 / before.throughput.latency.p95;
      const pacedP95Ratio = after.paced.latency.p95 / before.paced.latency.p95;
      const answer = answers.get(page.key)!;
      compared.push({
        key: page.key,
        label: page.label,
        path: page.path,
        persona: page.personaLabel,
        answer: { status: answer.old.status, rows: answer.old.rows, title: answer.old.title, bytes: { old: answer.old.bytes, new: answer.new.bytes } },
        old: before,
        new: after,
        slots,
        throughputRatio,
        p95Ratio,
        pacedP95Ratio,
        pass: throughputRatio >= TARGETS.throughputRatio && p95Ratio <= TARGETS.p95Ratio && pacedP95Ratio <= TARGETS.p95Ratio,
      });
      log(
        `  ${page.label}: old ${fmt(before.throughput.rps)} req/s, new ${fmt(after.throughput.rps)} req/s (${fmt(throughputRatio * 100)} %); p95 ×${fmt(p95Ratio, 2)}; paced p95 ${fmt(before.paced.latency.p95, 1)} → ${fmt(after.paced.latency.p95, 1)} ms (×${fmt(pacedP95Ratio, 2)})`,
      );
    }

    // 6. Memory, then stop.
    const memory = Object.fromEntries(
      sides.map((side) => {
        const m = side.server.memory();
        return [
          side.key,
          { peakRssMB: (m.peakRssMiB * 1024 * 1024) / 1e6, sampledMaxRssMB: (m.sampledMaxRssMiB * 1024 * 1024) / 1e6, startRssMB: startRss[side.key] },
        ];
      }),
    ) as Record<SideKey, ComparedSide["memory"]>;
    for (const server of servers.splice(0)) await server.stop();

    const oldPatched = existsSync(join(old.dir, "patches"));
    const report: ComparisonReport = {
      date: new Date().toISOString(),
      durationSeconds: (performance.now() - started) / 1000,
      command: options.command,
      quick,
      loadAverageAtStart,
      loadAverageAtEnd: loadAverage(),
      rawNodeRps,
      machine: machine(await postgresVersion(urls.new)),
      settings: {
        rounds: settings.rounds,
        throughputSeconds: settings.throughputSeconds,
        throughputConnections: settings.throughputConnections,
        pacedSeconds: settings.pacedSeconds,
        rate: settings.rate,
        warmupSeconds: settings.warmupSeconds,
        people: newData.people,
        auditRows: newData.auditRows,
        cases: newData.cases,
        accessEntries: newData.accessEntries,
      },
      targets: TARGETS,
      sides: {
        old: {
          framework: installedVersion(old.dir, "@remix-run/server-runtime")
            ? `Remix ${installedVersion(old.dir, "@remix-run/server-runtime")}${oldPatched ? " with its patches/ (patch-package)" : ""}`
            : `React Router ${installedVersion(old.dir, "react-router") ?? "?"}`,
          revision: old.sha,
          subject: old.subject,
          committed: old.committed,
          startSettings: startSettings(old.dir),
          buildCommand: `PORTAL_BUILD=bench BUILD_DIR=${buildDir} npm run build`,
          memory: memory.old,
        },
        new: {
          framework: `React Router ${installedVersion(root, "react-router") ?? "?"}`,
          revision: newHead.sha,
          subject:
            newHead.lastOutsideBench === newHead.sha.slice(0, newHead.lastOutsideBench.length)
              ? newHead.subject
              : `outside bench/ as of ${newHead.lastOutsideBench}; ${newHead.subject}`,
          committed: newHead.committed,
          startSettings: startSettings(root),
          buildCommand: `PORTAL_BUILD=bench BUILD_DIR=${buildDir} npm run build`,
          memory: memory.new,
        },
      },
      differences: [
        ...(existsSync(join(old.dir, "app/config/build-flavour.ts"))
          ? []
          : [
              "both sides are built with PORTAL_BUILD=bench (the bench build flavour, the one with `/bench/bare`); the old revision has no build flavours, ignores it and has `/bench/bare` in every build",
            ]),
        ...startDifferences(old.dir, root),
        ...(newHead.dirty ? ["the new side's working tree had uncommitted changes"] : []),
      ],
      pages: compared,
    };
    const notes = comparisonNotes(report);
    mkdirSync(join(root, "bench/results"), { recursive: true });
    writeFileSync(
      join(root, `bench/results/compare-${report.date.replace(/[:.]/g, "-")}.json`),
      JSON.stringify(report, (key, value) => (key === "samples" ? undefined : value), 2),
    );
    if (quick) log("--quick: docs/benchmarks.md left as it is (quick runs are not figures)");
    else if (!old.sha.startsWith(DEFAULT_COMPARE_REVISION))
      log(
        `docs/benchmarks.md left as it is: its side-by-side section compares against ${DEFAULT_COMPARE_REVISION} (the figures are below and in bench/results/)`,
      );
    else {
      writeComparison(join(root, "docs/benchmarks.md"), report, notes);
      log("wrote the side-by-side section of docs/benchmarks.md");
    }

    console.log("\nSide by side (new against old)");
    for (const page of compared) {
      console.log(
        `  ${page.pass ? "PASS" : "FAIL"}  ${page.label}: ${fmt(page.old.throughput.rps)} → ${fmt(page.new.throughput.rps)} req/s (${fmt(page.throughputRatio * 100)} %, target ≥ 95 %); ` +
          `p95 ${fmt(page.old.throughput.latency.p95, 1)} → ${fmt(page.new.throughput.latency.p95, 1)} ms (×${fmt(page.p95Ratio, 2)}); ` +
          `paced p95 ${fmt(page.old.paced.latency.p95, 1)} → ${fmt(page.new.paced.latency.p95, 1)} ms (×${fmt(page.pacedP95Ratio, 2)}; target ≤ ×1.10)`,
      );
    }
    console.log(`  peak RSS: old ${fmt(memory.old.peakRssMB)} MB, new ${fmt(memory.new.peakRssMB)} MB`);
    for (const note of notes) console.log(`\n${note}`);
    return 0;
  } catch (error) {
    console.error(`\nThe side-by-side benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
    return 1;
  } finally {
    for (const server of servers) await server.stop().catch(() => {});
    await smtpSink?.stop().catch(() => {});
    for (const database of Object.values(databases ?? {})) {
      await database.drop().catch((error) => console.error(`could not drop the benchmark database: ${error}`));
    }
  }
}

function check(side: Side, result: LoadResult): void {
  const ended = side.server.ended();
  if (ended) throw new Error(`the ${side.key} server is not running any more during "${result.label}": it ${ended}`);
  assertWorking(result);
}

/**
 * Turns of one side as one result. A paced turn the server fell behind in lasts longer than its nominal seconds
 * (the generator waits for the requests still out), so the rate is over each turn's own duration.
 */
function mergeTurns(label: string, turns: LoadResult[]): LoadResult {
  const result = mergeRounds(label, turns);
  const seconds = turns.reduce((sum, turn) => sum + (turn.rps > 0 ? turn.requests / turn.rps : turn.seconds), 0);
  return { ...result, rps: result.requests / seconds };
}

function checkAnswers(side: Side, result: LoadResult): void {
  const ended = side.server.ended();
  if (ended) throw new Error(`the ${side.key} server is not running any more during "${result.label}": it ${ended}`);
  if (result.requests === 0 || result.non2xx > result.requests)
    throw new Error(`${result.label}: ${result.non2xx} unexpected statuses, ${result.requests} good answers`);
}

interface OutboxCounts {
  rows: number;
  sent: number;
  unsent: number;
}

/** The side's outbox as it stands: every row, those sent, and those still to send. Both revisions have this table. */
async function outboxCounts(url: string): Promise<OutboxCounts> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ rows: string; sent: string; unsent: string }>(
      `SELECT count(*)::text AS rows, count(*) FILTER (WHERE "status" = 'SENT')::text AS sent,
              count(*) FILTER (WHERE "status" IN ('PENDING', 'SENDING'))::text AS unsent
       FROM "outbox_message"`,
    );
    return { rows: Number(rows[0]!.rows), sent: Number(rows[0]!.sent), unsent: Number(rows[0]!.unsent) };
  });
}

function outboxTurn(before: OutboxCounts, after: OutboxCounts): OutboxTurn {
  return { queued: after.rows - before.rows, sent: after.sent - before.sent, unsentAfter: after.unsent };
}

/**
 * A page whose requests queue mail (the refused case: PSD's alerts) costs each side the sending too, whenever its mail
 * worker does it. A side that sends during its own turns pays for it there; one that lets its queue grow pays later,
 * outside the measurement. Says how much each side queued and sent during its turns.
 */
function mailNote(page: ComparedPage): string | null {
  const sum = (key: "old" | "new") => {
    const turns = page.slots.flatMap((slot) => (slot.side === key && slot.mail ? [slot.mail] : []));
    const last = turns.at(-1);
    return last
      ? {
          queued: turns.reduce((total, mail) => total + mail.queued, 0),
          sent: turns.reduce((total, mail) => total + mail.sent, 0),
          unsentAfter: last.unsentAfter,
        }
      : null;
  };
  const old = sum("old");
  const current = sum("new");
  if (!old || !current || old.queued + current.queued === 0) return null;
  const said = (key: string, m: OutboxTurn) =>
    `${key} queued ${m.queued.toLocaleString("en-GB")} and sent ${m.sent.toLocaleString("en-GB")} (${m.unsentAfter.toLocaleString("en-GB")} unsent after its last turn)`;
  return (
    `Mail during the ${page.label} turns (throughput and paced runs together): ${said("old", old)}; ${said("new", current)}. ` +
    "Each side's mail worker sends in the same process as its server: mail sent during a turn cost that turn CPU, mail left queued costs it later, outside the measurement."
  );
}

function execGit(cwd: string, args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8" }).trim();
}

/** The paragraphs under the table: the verdict, the memory, and how far to trust this run. */
export function comparisonNotes(report: ComparisonReport): string[] {
  const out: string[] = [];
  const { old, new: current } = report.sides;
  const failed = report.pages.filter((page) => !page.pass);
  out.push(
    failed.length === 0
      ? `Every page met both targets: the new revision's throughput was ${report.pages.map((page) => `${(page.throughputRatio * 100).toFixed(0)} %`).join(", ")} of the old one's (in the table's order).`
      : `Missed on ${failed.map((page) => `${page.label} (throughput ${(page.throughputRatio * 100).toFixed(0)} %, p95 ×${fmt(page.p95Ratio, 2)}, paced p95 ×${fmt(page.pacedP95Ratio, 2)})`).join("; ")}; ` +
          `met on ${
            report.pages
              .filter((page) => page.pass)
              .map((page) => page.label)
              .join(", ") || "no page"
          }.`,
  );
  const peakChange = current.memory.peakRssMB - old.memory.peakRssMB;
  out.push(
    `Peak RSS: the upgrade took the server's peak resident memory (VmHWM over the same pages and load) from ${old.memory.peakRssMB.toFixed(0)} MB with ${old.framework} to ${current.memory.peakRssMB.toFixed(0)} MB with ${current.framework} ` +
      `(${peakChange >= 0 ? "+" : ""}${peakChange.toFixed(0)} MB, ${peakChange >= 0 ? "+" : ""}${((peakChange / old.memory.peakRssMB) * 100).toFixed(0)} %); right after start and sign-in ${old.memory.startRssMB.toFixed(0)} → ${current.memory.startRssMB.toFixed(0)} MB. ` +
      (report.differences.some((difference) => difference.includes("`npm start`"))
        ? "Both servers served the same requests (each its own turns); their `npm start` settings differ only as listed above."
        : "Both servers served the same requests (each its own turns), and both had the same `npm start` flags (heap limit, Liftoff only, two malloc arenas)."),
  );
  const saturated = report.pages.flatMap((page) =>
    (["old", "new"] as const)
      .filter((key) => !sustainedRate(page[key].paced, report.settings.rate))
      .map((key) => `${page.label} (${key}, ${page[key].paced.rps.toFixed(0)} req/s)`),
  );
  if (saturated.length > 0) {
    out.push(
      `At a paced ${report.settings.rate} req/s some servers could not keep up on this machine: ${saturated.join(", ")}. There the paced p95 is the time requests waited in a queue that grew to the generator's cap of 200 outstanding requests, ` +
        "so it follows throughput more than latency; the p95 under throughput is the steadier comparison on such a machine.",
    );
  }
  for (const page of report.pages) {
    const note = mailNote(page);
    if (note) out.push(note);
  }
  const others = report.pages.flatMap((page) => page.slots.map((slot) => Math.max(0, (slot.throughput.cpu?.other ?? 0) - slot.partnerCores)));
  const meanOther = others.reduce((sum, value) => sum + value, 0) / Math.max(others.length, 1);
  const busyTurns = others.filter((value) => value > 0.3).length;
  // How far turns of the same page on the same side differed: the run's own measure of its noise.
  const spread = Math.max(
    ...report.pages.flatMap((page) =>
      (["old", "new"] as const).map((key) => {
        const rates = page.slots.filter((slot) => slot.side === key).map((slot) => slot.throughput.rps);
        return Math.max(...rates) / Math.max(Math.min(...rates), 1e-9);
      }),
    ),
  );
  out.push(
    `How far to trust this run: load average ${report.loadAverageAtStart} at the start and ${report.loadAverageAtEnd} at the end; other processes (not the two servers, PostgreSQL or the load generator) used on average ${meanOther.toFixed(2)} of the ${report.machine.cores} cores during the throughput turns, ` +
      `more than 0.3 in ${busyTurns} of ${others.length} turns. ` +
      (meanOther > 0.3 || busyTurns > others.length / 4
        ? `The machine was shared: taking turns shares the disturbance between the sides, but here two turns of the same page on the same server differed by up to ×${spread.toFixed(1)} in throughput, so a page's verdict can be the machine's rather than the code's; re-run \`npm run bench -- --compare\` on a quiet machine before drawing conclusions.`
        : "The machine was quiet enough for the figures to stand."),
  );
  return out;
}
