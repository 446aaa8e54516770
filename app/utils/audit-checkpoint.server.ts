// Signed checkpoints of the audit trail (ADR 022): the head of the chain (position, hash, time), signed with a key
// derived from AUDIT_HMAC_KEY, written as a file to a directory outside the database and mailed to the home force's
// PSD mailbox. Someone who can rewrite the database cannot rewrite these, so a trail cut short or recomputed no longer
// matches them.
import { createHmac } from "node:crypto";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { buildFlavour, type BuildFlavour } from "~/config/build-flavour";
import { env } from "~/config/env.server";
import type { Db, DbTx } from "~/db.server";
import { appendAudit } from "~/utils/audit.server";
import { auditKeys, sameHex, type AuditKeys } from "~/utils/audit-key.server";
import { verifyAuditChain, type AuditChainProblem, type AuditChainReport } from "~/utils/audit-verify.server";
import { appLogger, type EventLogger } from "~/utils/logger.server";
import { kickOutbox, queueMail } from "~/utils/outbox.server";
import { auditCheckpoint } from "#emails/index";

/** What a checkpoint file holds (JSON). */
export interface AuditCheckpointFile {
  version: 1;
  seq: string;
  hash: string;
  at: string;
  signature: string;
}

export interface VerifiedCheckpoint {
  seq: bigint;
  hash: string;
  at: string;
  file: string;
}

const FILE_NAME = /^audit-checkpoint-\d+\.json$/;

/** The directory for this build: AUDIT_CHECKPOINT_DIR, which the deployment build requires; elsewhere beside the embedded database, or ./data. */
export function resolveCheckpointDir(
  flavour: BuildFlavour,
  environment: { AUDIT_CHECKPOINT_DIR?: string | undefined; DATABASE_URL?: string | undefined; PGLITE_DIR?: string | undefined; NODE_ENV?: string | undefined },
): string {
  const configured = environment.AUDIT_CHECKPOINT_DIR?.trim();
  if (configured) return resolve(configured);
  if (flavour === "deployment" && environment.NODE_ENV !== "test") {
    throw new Error(
      "The portal cannot start: AUDIT_CHECKPOINT_DIR is not set. The deployment build writes signed checkpoints of its audit trail to a directory " +
        "outside the database (ideally storage the database's administrators cannot change): set AUDIT_CHECKPOINT_DIR.",
    );
  }
  // Tests get a directory of their own, never the demo's checkpoints of another database.
  if (environment.NODE_ENV === "test") return join(tmpdir(), `portal-test-audit-checkpoints-${process.pid}`);
  if (environment.DATABASE_URL?.trim()) return resolve("data/audit-checkpoints");
  return resolve(dirname(resolve(environment.PGLITE_DIR?.trim() || "data/pglite")), "audit-checkpoints");
}

function signingText(seq: string, hash: string, at: string): string {
  return `audit-checkpoint:v1:${seq}:${hash}:${at}`;
}

export function signCheckpoint(keys: AuditKeys, seq: bigint, hash: string, at: string): string {
  return createHmac("sha256", keys.checkpoint)
    .update(signingText(seq.toString(), hash, at))
    .digest("hex");
}

/** Every checkpoint file in `dir`: those whose signature the key confirms, and those it does not (forged or altered). */
export async function readCheckpoints(dir: string, keys: AuditKeys): Promise<{ valid: VerifiedCheckpoint[]; forged: { file: string; seq: bigint }[] }> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => FILE_NAME.test(name)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { valid: [], forged: [] };
    throw error;
  }
  const valid: VerifiedCheckpoint[] = [];
  const forged: { file: string; seq: bigint }[] = [];
  for (const name of names) {
    const file = join(dir, name);
    let parsed: Partial<AuditCheckpointFile> | null = null;
    try {
      parsed = JSON.parse(await readFile(file, "utf8")) as Partial<AuditCheckpointFile>;
    } catch {
      parsed = null;
    }
    const { seq, hash, at, signature } = parsed ?? {};
    const wellFormed = typeof seq === "string" && /^\d{1,19}$/.test(seq) && typeof hash === "string" && typeof at === "string" && typeof signature === "string";
    if (wellFormed && sameHex(signCheckpoint(keys, BigInt(seq), hash, at), signature)) {
      valid.push({ seq: BigInt(seq), hash, at, file });
    } else {
      forged.push({ file, seq: wellFormed ? BigInt(seq) : 0n });
    }
  }
  return { valid, forged };
}

/** This build's checkpoint directory, from the environment. */
export function auditCheckpointDir(): string {
  return resolveCheckpointDir(buildFlavour, env());
}

/** What `npm run audit:verify` and the security page run: the chain against the key and every checkpoint in `dir`. */
export async function verifyAuditTrail(
  db: DbTx,
  options: { dir?: string; keys?: AuditKeys; everyTag?: boolean } = {},
): Promise<AuditChainReport & { checkpoints: number }> {
  const keys = options.keys ?? auditKeys();
  const { valid, forged } = await readCheckpoints(options.dir ?? auditCheckpointDir(), keys);
  const report = await verifyAuditChain(db, { keys, checkpoints: valid, forgedCheckpoints: forged, everyTag: options.everyTag });
  return { ...report, checkpoints: valid.length };
}

export type CheckpointResult =
  | { outcome: "written"; checkpoint: VerifiedCheckpoint; signature: string }
  | { outcome: "unchanged"; checkpoint: VerifiedCheckpoint }
  | { outcome: "empty" }
  | { outcome: "refused"; problem: AuditChainProblem };

/**
 * Checks the chain since the latest checkpoint (against the key and every checkpoint in `dir`), then anchors its head:
 * a signed file in `dir`, a content-free mail to the home force's PSD mailbox, and an audit row. A broken chain is
 * never signed: the result names its first bad position instead.
 */
export async function createAuditCheckpoint(db: Db, options: { dir: string; keys?: AuditKeys; now?: Date }): Promise<CheckpointResult> {
  const keys = options.keys ?? auditKeys();
  const { valid, forged } = await readCheckpoints(options.dir, keys);
  const report = await verifyAuditChain(db, { keys, checkpoints: valid, forgedCheckpoints: forged, sinceCheckpoint: true });
  if (!report.ok) return { outcome: "refused", problem: report.problem! };
  // The head as it was checked: rows committed since are left for the next checkpoint.
  const [head] = await db.$queryRaw<{ seq: bigint; hash: string }[]>`
    SELECT "seq", "hash" FROM "audit_seal" WHERE "seq" = ${BigInt(report.rowsChecked)}`;
  if (!head) return { outcome: "empty" };
  const seq = BigInt(head.seq);
  const latest = valid.reduce<VerifiedCheckpoint | undefined>((a, b) => (a && a.seq >= b.seq ? a : b), undefined);
  if (latest && latest.seq >= seq) return { outcome: "unchanged", checkpoint: latest };

  const at = (options.now ?? new Date()).toISOString();
  const signature = signCheckpoint(keys, seq, head.hash, at);
  const content: AuditCheckpointFile = { version: 1, seq: seq.toString(), hash: head.hash, at, signature };
  const file = join(options.dir, `audit-checkpoint-${seq.toString().padStart(19, "0")}.json`);
  const written = await db.$transaction(async (tx) => {
    // Several server processes may checkpoint at once: one at a time, and only one of them for a given head.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7412002)`;
    const newest = (await readCheckpoints(options.dir, keys)).valid.reduce((max, checkpoint) => (checkpoint.seq > max ? checkpoint.seq : max), 0n);
    if (newest >= seq) return false;
    await mkdir(options.dir, { recursive: true });
    await writeFile(`${file}.tmp`, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o640 });
    await rename(`${file}.tmp`, file);
    const home = await tx.force.findFirst({ where: { isHome: true }, select: { psdContactEmail: true } });
    if (home?.psdContactEmail) await queueMail(tx, home.psdContactEmail, auditCheckpoint({ seq: seq.toString(), hash: head.hash, at, signature }));
    await appendAudit(
      tx,
      { action: "audit.checkpoint", outcome: "SUCCESS", details: { seq: seq.toString(), hash: head.hash, at, mailed: Boolean(home?.psdContactEmail) } },
      keys,
    );
    return true;
  });
  if (!written) return { outcome: "unchanged", checkpoint: latest ?? { seq, hash: head.hash, at, file } };
  kickOutbox();
  return { outcome: "written", checkpoint: { seq, hash: head.hash, at, file }, signature };
}

export interface AuditCheckpointScheduler {
  stop(): Promise<void>;
  /** The last run: whether it anchored the head (a checkpoint written or already there, or nothing to anchor), and when. */
  lastRun(): { anchored: boolean; at: number } | undefined;
}

/** Checkpoints at start and every `intervalMs` (runs never overlap); a chain that fails its check is logged as an error. */
export function startAuditCheckpointScheduler(options: {
  prisma: Db;
  dir: string;
  intervalMs: number;
  logger?: Pick<EventLogger, "error" | "info">;
}): AuditCheckpointScheduler {
  const { logger = appLogger() } = options;
  let stopped = false;
  let running: Promise<void> | undefined;
  let lastRun: { anchored: boolean; at: number } | undefined;
  const tick = () => {
    if (stopped || running) return;
    running = createAuditCheckpoint(options.prisma, { dir: options.dir })
      .then((result) => {
        lastRun = { anchored: result.outcome !== "refused", at: Date.now() };
        if (result.outcome === "written") logger.info({ seq: result.checkpoint.seq.toString() }, "audit: checkpoint written");
        if (result.outcome === "refused") logger.error({ seq: result.problem.seq.toString(), kind: result.problem.kind }, "audit: chain broken, no checkpoint");
      })
      .catch((error: unknown) => {
        lastRun = { anchored: false, at: Date.now() };
        logger.error({ err: error }, "audit: checkpoint failed");
      })
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
    lastRun: () => lastRun,
  };
}
