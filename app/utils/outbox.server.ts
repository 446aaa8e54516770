// Mail goes through an outbox table: written in the same transaction as the event that causes it, delivered
// afterwards by a worker. Several server instances may run the worker at once; a message is claimed under a lease
// with FOR UPDATE SKIP LOCKED, so only one of them sends it.
import { randomInt } from "node:crypto";
import type { Db, DbTx } from "~/db.server";
import { OutboxStatus } from "~/generated/prisma/enums";
import { appendAudit } from "~/utils/audit.server";
import { appLogger, type EventLogger } from "~/utils/logger.server";
import { messageIdFor, type MailTransport } from "~/utils/mail.server";
import type { RenderedMail } from "#emails/index";

export const OUTBOX_DEFAULTS = {
  batchSize: 20,
  leaseMs: 5 * 60_000,
  giveUpAfterMs: 72 * 60 * 60_000,
  intervalMs: 2_000,
} as const;

/**
 * The worker's own transactions wait their turn for a connection longer than a request's (TRANSACTION_OPTIONS in
 * db.server.ts): under a surge, requests hold the pool's connections while they wait for the CPU, and a claim that gave
 * up left PSD's alert mail waiting for the load to pass. Nothing waits on the worker but its next run.
 */
const WORKER_TRANSACTION = { maxWait: 30_000, timeout: 15_000 } as const;

const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 10 * 60_000;
const MAX_ERROR_LENGTH = 500;

/** Where the outbox reports: the portal's logger, or a test's own. Lines carry the mail's row id, never its recipient. */
export type OutboxLogger = EventLogger;

/**
 * Mail whose body carries a secret (a one-time set-up link): once the mail is delivered, or given up on (after 72 hours,
 * when the link has expired too), its body is removed from the row so the table holds no usable link. The row's
 * recipient, template, subject and times stay for the record.
 */
const SECRET_BEARING_TEMPLATES: ReadonlySet<string> = new Set(["account-setup"]);
const SCRUBBED_BODY = "[removed after delivery: it held a one-time link]";

function scrubIfSecret(template: string): { html?: string; text?: string } {
  return SECRET_BEARING_TEMPLATES.has(template) ? { html: SCRUBBED_BODY, text: SCRUBBED_BODY } : {};
}

const EMAIL_ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

/**
 * Queues a mail. Call it inside the transaction that makes the change the mail is about, so the mail exists if and
 * only if the change committed. Call kickOutbox() after the commit for prompt delivery.
 */
export async function queueMail(tx: DbTx, to: string, mail: RenderedMail): Promise<{ id: string }> {
  if (to.length > 254 || !EMAIL_ADDRESS.test(to)) throw new Error("queueMail: the recipient is not a valid email address.");
  const now = new Date();
  const row = await tx.outboxMessage.create({
    data: {
      toAddress: to,
      template: mail.template,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      createdAt: now,
      nextAttemptAt: now,
    },
    select: { id: true },
  });
  return row;
}

/** Refuses (throws) an address queueMail would refuse, for callers that write outbox rows in their own statement. */
export function assertMailable(addresses: readonly string[]): void {
  for (const to of addresses) if (to.length > 254 || !EMAIL_ADDRESS.test(to)) throw new Error("outbox: a recipient is not a valid email address.");
}

/**
 * Queues several mails in one statement (same rules as queueMail), in the order given. Raw SQL on purpose: Prisma
 * compiles a `createMany` afresh on every call (its plan cache skips createMany), about 0.7 ms of CPU each time, and
 * every refused attempt on a case queues its alert mail here. The columns left out take their schema defaults.
 */
export async function queueMails(tx: DbTx, mails: readonly { to: string; mail: RenderedMail }[]): Promise<void> {
  if (mails.length === 0) return;
  assertMailable(mails.map(({ to }) => to));
  // Timestamps go in as UTC text cast to timestamp(3), the way Prisma stores DateTime, whatever the session time zone.
  const now = new Date().toISOString();
  const column = (pick: (entry: { to: string; mail: RenderedMail }) => string) => mails.map(pick);
  await tx.$executeRaw`
    INSERT INTO "outbox_message" ("id", "toAddress", "template", "subject", "html", "text", "nextAttemptAt", "createdAt")
    SELECT gen_random_uuid(), m."toAddress", m."template", m."subject", m."html", m."text", ${now}::timestamp(3), ${now}::timestamp(3)
    FROM unnest(
      ${column(({ to }) => to)}::text[], ${column(({ mail }) => mail.template)}::text[], ${column(({ mail }) => mail.subject)}::text[],
      ${column(({ mail }) => mail.html)}::text[], ${column(({ mail }) => mail.text)}::text[]
    ) WITH ORDINALITY AS m("toAddress", "template", "subject", "html", "text", "position")
    ORDER BY m."position"`;
}

export interface DeliverOptions {
  prisma: Db;
  transport: MailTransport;
  /** The clock, for tests; defaults to the current time. */
  now?: Date;
  batchSize?: number;
  /** How long a claim lasts; a message whose claim ran out (a worker died mid-send) is claimed again. */
  leaseMs?: number;
  /** After this long since queueing, a failing message is marked FAILED and audited instead of retried. */
  giveUpAfterMs?: number;
  logger?: OutboxLogger;
}

export interface DeliveryCounts {
  sent: number;
  retried: number;
  failed: number;
}

interface ClaimedMessage {
  id: string;
  toAddress: string;
  template: string;
  subject: string;
  html: string;
  text: string;
  attempts: number;
  createdAt: Date;
  queuedSeq: bigint;
}

/** 30 s, 1 min, 2 min, ... capped at 10 min, plus up to 10 % jitter so retries from many instances spread out. */
export function retryDelayMs(failedAttempts: number): number {
  const base = Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, failedAttempts - 1), MAX_RETRY_MS);
  return base + randomInt(0, Math.floor(base / 10) + 1);
}

/**
 * The error code and server reply on one line, for lastError and the audit trail: never the message, and addresses
 * a server may echo ("550 <name@force>: no such user") are blanked, as the audit trail is kept for good.
 */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return "unknown error";
  const code = (error as { code?: unknown }).code;
  const summary = `${typeof code === "string" ? `${code}: ` : ""}${error.message}`
    .replace(/[\r\n]+/g, " ")
    .replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, "[address]");
  return summary.slice(0, MAX_ERROR_LENGTH);
}

/**
 * Claims due messages (one short transaction, one claim at a time across every worker): each recipient's mail in the
 * order it was queued, and none while an earlier mail to the same recipient waits for a retry or is in another worker's
 * hands, so a recipient never gets a later mail before an earlier one. The lease time doubles as a fencing token: a
 * later claim always sets a later lease, so a worker only updates rows still carrying its own.
 */
async function claimDueMessages(prisma: Db, now: Date, leaseUntil: Date, batchSize: number): Promise<ClaimedMessage[]> {
  // Timestamps go in as UTC text cast to timestamp(3), the way Prisma stores DateTime, whatever the session time zone.
  const nowText = now.toISOString();
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7412003)`;
    return tx.$queryRaw<ClaimedMessage[]>`
      UPDATE "outbox_message"
      SET "status" = 'SENDING', "leaseExpiresAt" = ${leaseUntil.toISOString()}::timestamp(3)
      WHERE "id" IN (
        SELECT m."id" FROM "outbox_message" m
        WHERE ((m."status" = 'PENDING' AND m."nextAttemptAt" <= ${nowText}::timestamp(3))
           OR (m."status" = 'SENDING' AND m."leaseExpiresAt" < ${nowText}::timestamp(3)))
          -- An earlier mail to the same recipient holds this one back while it waits for a retry or is in a worker's
          -- hands. One probe per status, each a range of the (toAddress, status, queuedSeq) index: with the two
          -- statuses ORed in one probe, PostgreSQL walked every earlier mail to the address, all those already sent too.
          AND NOT EXISTS (
            SELECT 1 FROM "outbox_message" earlier
            WHERE earlier."toAddress" = m."toAddress" AND earlier."status" = 'PENDING' AND earlier."queuedSeq" < m."queuedSeq"
              AND earlier."nextAttemptAt" > ${nowText}::timestamp(3))
          AND NOT EXISTS (
            SELECT 1 FROM "outbox_message" earlier
            WHERE earlier."toAddress" = m."toAddress" AND earlier."status" = 'SENDING' AND earlier."queuedSeq" < m."queuedSeq"
              AND earlier."leaseExpiresAt" >= ${nowText}::timestamp(3))
        ORDER BY m."queuedSeq"
        LIMIT ${batchSize}
        FOR UPDATE OF m SKIP LOCKED
      )
      RETURNING "id", "toAddress", "template", "subject", "html", "text", "attempts", "createdAt", "queuedSeq"`;
  }, WORKER_TRANSACTION);
}

/**
 * A refusal no retry can change: the server's 5xx answer to the recipient or the message (an unknown mailbox, say).
 * A 5xx at connection or sign-in is the portal's own set-up, retried like any other failure until it is put right.
 */
function isPermanentRefusal(error: unknown): boolean {
  const { responseCode, command, code } = (error ?? {}) as { responseCode?: unknown; command?: unknown; code?: unknown };
  const permanent = typeof responseCode === "number" && responseCode >= 500 && responseCode < 600;
  return permanent && (code === "EENVELOPE" || command === "RCPT TO" || command === "DATA");
}

/**
 * Sends what is due: claims a batch, sends each message, and records the outcome. A failure is retried with
 * exponential backoff until `giveUpAfterMs` after queueing, then marked FAILED with an audit row.
 */
export async function deliverDueMail(options: DeliverOptions): Promise<DeliveryCounts> {
  const { prisma, transport, logger = appLogger() } = options;
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? OUTBOX_DEFAULTS.batchSize;
  const leaseMs = options.leaseMs ?? OUTBOX_DEFAULTS.leaseMs;
  const giveUpAfterMs = options.giveUpAfterMs ?? OUTBOX_DEFAULTS.giveUpAfterMs;
  const lease = new Date(now.getTime() + leaseMs);
  const counts: DeliveryCounts = { sent: 0, retried: 0, failed: 0 };

  const claimed = (await claimDueMessages(prisma, now, lease, batchSize)).sort((a, b) => (BigInt(a.queuedSeq) < BigInt(b.queuedSeq) ? -1 : 1));
  // Recipients whose mail failed in this run: their later mail waits (unsent, unclaimed) for the failed one.
  const held = new Set<string>();
  const claimStarted = performance.now();
  const ours = (id: string) => ({ id, status: OutboxStatus.SENDING, leaseExpiresAt: lease });

  for (const [index, message] of claimed.entries()) {
    // Never start a send this late in the lease: another worker could claim the message while it is in flight.
    if (performance.now() - claimStarted > leaseMs / 2) {
      const unsent = claimed.slice(index).map((m) => m.id);
      await prisma.outboxMessage.updateMany({
        where: { id: { in: unsent }, status: OutboxStatus.SENDING, leaseExpiresAt: lease },
        data: { status: OutboxStatus.PENDING, leaseExpiresAt: null },
      });
      break;
    }
    if (held.has(message.toAddress)) {
      await prisma.outboxMessage.updateMany({ where: ours(message.id), data: { status: OutboxStatus.PENDING, leaseExpiresAt: null } });
      continue;
    }
    try {
      await transport.sendMail({
        to: message.toAddress,
        subject: message.subject,
        html: message.html,
        text: message.text,
        messageId: messageIdFor(message.id),
        headers: { "Auto-Submitted": "auto-generated" },
      });
    } catch (error) {
      const attempts = message.attempts + 1;
      const lastError = describeFailure(error);
      const refused = isPermanentRefusal(error);
      if (refused || now.getTime() - message.createdAt.getTime() >= giveUpAfterMs) {
        const recorded = await prisma.$transaction(async (tx) => {
          const { count } = await tx.outboxMessage.updateMany({
            where: ours(message.id),
            data: { status: OutboxStatus.FAILED, attempts, lastError, leaseExpiresAt: null, ...scrubIfSecret(message.template) },
          });
          if (count === 1) {
            await appendAudit(tx, {
              action: "mail.failed",
              outcome: "FAILURE",
              subjectType: "OutboxMessage",
              subjectId: message.id,
              reason: refused ? `refused by the mail server after ${attempts} attempts` : `gave up after ${attempts} attempts`,
              details: { template: message.template, attempts, lastError },
            });
          }
          return count === 1;
        }, WORKER_TRANSACTION);
        if (recorded) {
          counts.failed++;
          logger.error({ mailId: message.id, attempts, err: error }, "outbox: gave up on a mail");
        } else {
          logger.info({ mailId: message.id }, "outbox: another worker claimed the mail while this one tried it");
        }
      } else {
        held.add(message.toAddress);
        const delay = retryDelayMs(attempts);
        const { count } = await prisma.outboxMessage.updateMany({
          where: ours(message.id),
          data: {
            status: OutboxStatus.PENDING,
            attempts,
            lastError,
            leaseExpiresAt: null,
            nextAttemptAt: new Date(now.getTime() + delay),
          },
        });
        if (count === 1) {
          counts.retried++;
          logger.warn({ mailId: message.id, attempts, err: error, retryInSeconds: Math.round(delay / 1000) }, "outbox: mail not sent; will retry");
        } else {
          logger.info({ mailId: message.id }, "outbox: another worker claimed the mail while this one tried it");
        }
      }
      continue;
    }
    // A send that outlasted its lease still happened: record it even if another worker has claimed the message
    // since, so that worker's outcome (fenced by its own lease) cannot put it back in the queue.
    await prisma.outboxMessage.updateMany({
      where: { id: message.id, status: { in: [OutboxStatus.SENDING, OutboxStatus.PENDING] } },
      data: { status: OutboxStatus.SENT, sentAt: now, leaseExpiresAt: null, lastError: null, ...scrubIfSecret(message.template) },
    });
    counts.sent++;
  }
  return counts;
}

export interface WorkerOptions {
  prisma: Db;
  transport: MailTransport;
  intervalMs?: number;
  batchSize?: number;
  leaseMs?: number;
  giveUpAfterMs?: number;
  logger?: OutboxLogger;
}

export interface OutboxWorker {
  /** Runs as soon as possible (after the current run, if one is under way). */
  kick(): void;
  /** Stops polling and waits for the run under way to finish. */
  stop(): Promise<void>;
  /** When a run last started or finished (ms since the epoch): /readyz checks the worker is alive (ADR 032). */
  lastActiveAt(): number | undefined;
}

// On globalThis because the Express server starts the worker but React Router actions (a separate module instance under
// Vite) call kickOutbox().
const registry = globalThis as unknown as { __portalOutboxWorkers?: Set<OutboxWorker> };
function workers(): Set<OutboxWorker> {
  registry.__portalOutboxWorkers ??= new Set();
  return registry.__portalOutboxWorkers;
}

/** Asks the running worker(s) to deliver now, e.g. right after a transaction that queued mail has committed. */
export function kickOutbox(): void {
  for (const worker of workers()) worker.kick();
}

/** Polls the outbox every `intervalMs`; runs never overlap, and a full batch is followed at once by the next. */
export function startOutboxWorker(options: WorkerOptions): OutboxWorker {
  const { intervalMs = OUTBOX_DEFAULTS.intervalMs, logger = appLogger(), ...deliverOptions } = options;
  const batchSize = options.batchSize ?? OUTBOX_DEFAULTS.batchSize;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let runAgain = false;
  let lastActiveAt: number | undefined;

  const schedule = (delayMs: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(run, delayMs);
  };

  function run() {
    timer = undefined;
    if (running) {
      runAgain = true;
      return;
    }
    lastActiveAt = Date.now();
    running = (async () => {
      try {
        const counts = await deliverDueMail({ ...deliverOptions, logger });
        if (counts.sent + counts.retried + counts.failed >= batchSize) runAgain = true;
      } catch (error) {
        logger.error({ err: error }, "outbox: delivery run failed");
      }
    })().finally(() => {
      running = undefined;
      lastActiveAt = Date.now();
      const delay = runAgain ? 0 : intervalMs;
      runAgain = false;
      schedule(delay);
    });
  }

  const worker: OutboxWorker = {
    kick() {
      if (stopped) return;
      if (running) runAgain = true;
      else schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      workers().delete(worker);
      await running;
    },
    lastActiveAt: () => lastActiveAt,
  };
  workers().add(worker);
  schedule(0);
  return worker;
}
