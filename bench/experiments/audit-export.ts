// npx tsx bench/experiments/audit-export.ts [rows]: the auditor's export of the whole trail (app/models/audit-export.
// server.ts) written to a file as a client would take it, with the process's peak memory while it runs, then the file
// checked offline (scripts/verify-audit-export.mjs, line by line), on a PostgreSQL database with a generated keyed trail
// and a checkpoint. BENCH_DATABASE_URL reuses a database (filled up to `rows`, kept), so the same trail can be exported
// by two versions of the portal: run this file from a checkout of the commit before the export streamed, too (its
// `body` was then a string, which is written as it is).
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { openDatabase } from "../../app/db.server.ts";
import { exportAuditTrail } from "../../app/models/audit-export.server.ts";
import { applyMigrations } from "../../scripts/db/migrator.ts";
import { verifyAuditExportFile } from "../../scripts/verify-audit-export.mjs";
import { contextForPerson } from "../../tests/support/people.ts";
import { makePerson } from "../../tests/support/factories.ts";
import { benchCheckpointDir, createBenchDatabase, fillAuditTrail } from "../lib/db.ts";
import { timeAuditCheckpoint } from "../lib/inprocess.ts";
import { loadAverage } from "../lib/setup.ts";

const rows = Number(process.argv[2] ?? 100_000);
const MB = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

/** Runs `work` while sampling the resident set every 10 ms: its peak, and the process's own peak (getrusage). */
async function peakMemory<T>(work: () => Promise<T>): Promise<{ result?: T; error?: unknown; before: number; peak: number; maxRss: number }> {
  globalThis.gc?.();
  const before = process.memoryUsage.rss();
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  try {
    return { result: await work(), before, peak, maxRss: process.resourceUsage().maxRSS * 1024 };
  } catch (error) {
    return { error, before, peak, maxRss: process.resourceUsage().maxRSS * 1024 };
  } finally {
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage.rss());
  }
}

const database = await createBenchDatabase(process.env.BENCH_DATABASE_URL);
const dir = mkdtempSync(join(tmpdir(), "portal-bench-export-"));
try {
  await applyMigrations({ databaseUrl: database.url });
  await fillAuditTrail(database.url, rows);
  console.log(`checkpoint: ${(await timeAuditCheckpoint(database.url)).outcome}; load average ${loadAverage()}`);
  const { prisma, close } = openDatabase({ kind: "postgres", url: database.url });
  try {
    // A person of its own each run, so that runs can share one database.
    const auditor = await makePerson(prisma, {
      firstName: "Auditor",
      workEmail: `auditor.${process.pid}.${Date.now()}@bench.test.invalid`,
      roles: ["AUDITOR"],
    });
    const context = await contextForPerson(prisma, auditor.id);
    const file = join(dir, "export.jsonl");
    console.log(`before the export: rss ${MB(process.memoryUsage.rss())}, peak so far (the fill) ${MB(process.resourceUsage().maxRSS * 1024)}`);
    let started = performance.now();
    const run = await peakMemory(async () => {
      const exported = await exportAuditTrail(context, {}, { checkpointDir: benchCheckpointDir() });
      const body: string | ReadableStream<Uint8Array> = exported.body;
      const source = typeof body === "string" ? Readable.from([body]) : Readable.fromWeb(body as unknown as NodeReadableStream<Uint8Array>);
      await pipeline(source, createWriteStream(file));
      return exported.entries;
    });
    const built = (performance.now() - started) / 1000;
    const memory = `rss ${MB(run.before)} before, sampled peak ${MB(run.peak)} (+${MB(run.peak - run.before)}), process peak ${MB(run.maxRss)}`;
    if (run.error !== undefined) {
      console.log(
        `export FAILED after ${built.toFixed(1)} s: ${run.error instanceof Error ? run.error.message : String(run.error)}; ${memory}; load average ${loadAverage()}`,
      );
    } else {
      const entries = run.result!;
      console.log(
        `export: ${entries.toLocaleString("en-GB")} entries, ${MB(statSync(file).size)} written in ${built.toFixed(1)} s ` +
          `(${Math.round(entries / built).toLocaleString("en-GB")} rows/s); ${memory}; load average ${loadAverage()}`,
      );
      started = performance.now();
      const report = await verifyAuditExportFile(file, {
        key: process.env.AUDIT_HMAC_KEY || "DEMO-ONLY audit key of the fictional Northshire Constabulary: not a secret",
      });
      const verified = (performance.now() - started) / 1000;
      console.log(
        `verified offline with the key, line by line, in ${verified.toFixed(1)} s: ${report.ok ? "intact" : `BROKEN ${JSON.stringify(report.problem)}`}; ` +
          `process peak now ${MB(process.resourceUsage().maxRSS * 1024)}`,
      );
    }
  } finally {
    await close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  await database.drop();
}
