// What a load balancer asks (issue 16, ADR 032). /healthz: the process answers. /readyz: it can do its work — the
// database answers and has every migration this code expects, the mail (outbox) worker has run recently, and the
// audit trail's checkpointing last anchored its head. Both answer in a word, with no version, count, name or error, set
// no cookie and write nothing (no session, no audit row); they are mounted before every other check of the server,
// so the sign-in limit never counts them.
import { readdirSync } from "node:fs";
import { Router, type Response } from "express";
import type { DbTx } from "../app/db.server";

export interface ReadinessSources {
  db: () => DbTx;
  /** The migration folders this code was built with (prisma/migrations). */
  expectedMigrations: readonly string[];
  /** When the mail worker last started or finished a run; it must be within `mailWorkerMaxAgeMs`. */
  mailWorkerActiveAt: () => number | undefined;
  mailWorkerMaxAgeMs: number;
  /** The audit checkpoint scheduler's last run; it must have anchored the head within `auditAnchorMaxAgeMs`. */
  auditAnchor: () => { anchored: boolean; at: number } | undefined;
  auditAnchorMaxAgeMs: number;
  /** True once the server has been told to stop: the load balancer should send nothing more. */
  stopping: () => boolean;
  /** How long the database may take to answer before the answer is "not ready". */
  timeoutMs?: number;
  now?: () => number;
}

/** The migration folders under `dir` (names only); none when the folder is not there. */
export function migrationNames(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && /^\d{14}_/.test(entry.name))
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}

async function databaseReady(db: DbTx, expected: readonly string[]): Promise<boolean> {
  const rows = await db.$queryRaw<{ migration_name: string; finished: boolean }[]>`
    SELECT "migration_name", ("finished_at" IS NOT NULL AND "rolled_back_at" IS NULL) AS "finished" FROM "_prisma_migrations"`;
  // A migration that started and failed leaves a row without finished_at: the schema is half-changed.
  if (rows.some((row) => !row.finished && !rows.some((other) => other.finished && other.migration_name === row.migration_name))) return false;
  const applied = new Set(rows.filter((row) => row.finished).map((row) => row.migration_name));
  return expected.every((name) => applied.has(name));
}

/** Whether the server can do its work now. Never throws: anything that fails or takes too long is "not ready". */
export async function isReady(sources: ReadinessSources): Promise<boolean> {
  const now = (sources.now ?? Date.now)();
  if (sources.stopping()) return false;
  const mail = sources.mailWorkerActiveAt();
  if (mail === undefined || now - mail > sources.mailWorkerMaxAgeMs) return false;
  const anchor = sources.auditAnchor();
  if (!anchor?.anchored || now - anchor.at > sources.auditAnchorMaxAgeMs) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), sources.timeoutMs ?? 3000);
  });
  try {
    return await Promise.race([databaseReady(sources.db(), sources.expectedMigrations).catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function answer(res: Response, status: number, word: string) {
  res.status(status).set({ "Cache-Control": "no-store", "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" }).send(word);
}

/** GET (and HEAD) /healthz and /readyz. */
export function healthRoutes(sources: ReadinessSources): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => answer(res, 200, "ok"));
  router.get("/readyz", (_req, res, next) => {
    isReady(sources).then((ready) => (ready ? answer(res, 200, "ready") : answer(res, 503, "not ready")), next);
  });
  return router;
}
