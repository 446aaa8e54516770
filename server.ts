// The portal's HTTP server: security headers, cross-site request checks, limits and graceful shutdown around
// React Router, plus the mail worker. `npm start` runs it in production mode; `npm run dev` with Vite's dev server.
import { createRequestHandler } from "@react-router/express";
import { RouterContextProvider, type ServerBuild } from "react-router";
import compression from "compression";
import express from "express";
import { resolve } from "node:path";
import cluster from "node:cluster";
import { pathToFileURL } from "node:url";
import { buildFlavour } from "./app/config/build-flavour";
import { env } from "./app/config/env.server";
import { refuseUnsafeDeployment } from "./app/config/deployment-check.server";
import { mailDelivery } from "./app/config/mail-delivery.server";
import { getDatabase } from "./app/db.server";
import { createTransport } from "./app/utils/mail.server";
import { kickOutbox, startOutboxWorker } from "./app/utils/outbox.server";
import { startReferralScheduler } from "./app/models/referrals/scheduler.server";
import { startRetentionScheduler } from "./app/models/retention/job.server";
import { purgeExpiredDrafts } from "./app/models/support-request/request.server";
import { chainTiming, referralNow } from "./app/models/referrals/timing.server";
import { startReminderScheduler } from "./app/models/manager-guide/conversation-reminders.server";
import { startSmtpCatcher } from "./app/utils/smtp-catcher.server";
import { auditCheckpointDir, startAuditCheckpointScheduler } from "./app/utils/audit-checkpoint.server";
import { auditKeys } from "./app/utils/audit-key.server";
import { mfaKeys } from "./app/auth/second-factor/mfa-key.server";
import { appLogger } from "./app/utils/logger.server";
import type { RequestLogNotes } from "./app/load-context";
import { requestLogger, requestLogNotes } from "./server/request-log";
import { sendPlainPage } from "./server/plain-page";
import { answerClientErrors } from "./server/client-errors";
import { DatabaseRateLimitStore } from "./server/rate-limit-store";
import { BODY_LIMIT_BYTES, withLimitedBody } from "./server/body-limit";
import { healthRoutes, migrationNames } from "./server/health";
import { bodyLimit, rateLimit, recordClientAddress, rejectMalformedUrls, sameOriginOnly, securityHeaders } from "./server/security";

const config = env();
const production = config.NODE_ENV === "production";
const buildDir = config.BUILD_DIR;
const log = appLogger();

/**
 * The router context each request starts with: the CSP nonce of its response and the notes for its log line. The keys
 * are taken from the app build (entry.server exports them), because this file is bundled apart from the app and a
 * context key is matched by identity.
 */
function loadContext(build: ServerBuild, cspNonce: string, logNotes: RequestLogNotes): RouterContextProvider {
  const { cspNonceContext, requestLogContext } = build.entry.module as unknown as typeof import("./app/entry.server");
  const context = new RouterContextProvider();
  context.set(cspNonceContext, cspNonce);
  context.set(requestLogContext, logNotes);
  return context;
}

async function main() {
  // A deployment with unsafe settings stops here, naming every one of them (ADR 032).
  refuseUnsafeDeployment(buildFlavour, config);
  // Without SMTP_URL only the demo build has somewhere to put mail; any other build stops here (ADR 018).
  const mail = mailDelivery(buildFlavour, config.SMTP_URL);
  // The deployment build stops here without its audit key or checkpoint directory, or with the demo key (ADR 022).
  const keys = auditKeys();
  const checkpointDir = auditCheckpointDir();
  // …and without the key that encrypts second-factor secrets (ADR 029).
  mfaKeys();
  const database = getDatabase();
  await database.prisma.$queryRaw`SELECT 1`;

  const catcher = mail === "demo catcher" ? await startSmtpCatcher({ port: config.SMTP_CATCHER_PORT }) : null;
  const smtpUrl = config.SMTP_URL ?? `smtp://127.0.0.1:${catcher!.port}`;
  const worker = startOutboxWorker({ prisma: database.prisma, transport: createTransport(smtpUrl), intervalMs: config.OUTBOX_POLL_MS, logger: log });
  if (config.PORTAL_TEST_CLOCK === "on") log.warn("PORTAL_TEST_CLOCK is on: tests may move the referral scheduler's clock. Never use this in a deployment.");
  const referrals = startReferralScheduler({
    prisma: database.prisma,
    intervalMs: config.REFERRAL_SCAN_MS,
    timing: () => chainTiming(),
    onActed: kickOutbox,
    logger: log,
  });
  const reminders = startReminderScheduler({
    prisma: database.prisma,
    daysBefore: config.CONVERSATION_REMINDER_DAYS_BEFORE,
    intervalMs: config.REMINDER_POLL_MS,
    logger: log,
  });
  // Support drafts past their date are deleted here, on a timer, never by a page (a GET changes nothing: ADR 007).
  const purgeDrafts = () => void purgeExpiredDrafts(database).catch((error: unknown) => log.error({ err: error }, "support drafts: purge failed"));
  const draftPurge = setInterval(purgeDrafts, config.REMINDER_POLL_MS);
  draftPurge.unref();
  purgeDrafts();

  // The retention schedule (ADR 037): at start and daily, on the referral scheduler's clock (which e2e tests can move).
  const retention = startRetentionScheduler({ prisma: database.prisma, now: () => referralNow(), logger: log });

  const checkpoints = startAuditCheckpointScheduler({
    prisma: database.prisma,
    dir: checkpointDir,
    intervalMs: config.AUDIT_CHECKPOINT_MINUTES * 60_000,
    logger: log,
  });
  if (keys.demo) log.warn("AUDIT_HMAC_KEY is not set: the audit trail is keyed with the public demo key. Never use this in a deployment.");

  const vite = production ? undefined : await import("vite").then((v) => v.createServer({ server: { middlewareMode: true } }));

  let stopping = false;
  const app = express();
  app.disable("x-powered-by");
  // First of all: a probe is never logged, limited or given a session, and answers in a word (ADR 032).
  app.use(
    healthRoutes({
      db: () => database.prisma,
      expectedMigrations: migrationNames(resolve("prisma/migrations")),
      mailWorkerActiveAt: () => worker.lastActiveAt(),
      mailWorkerMaxAgeMs: Math.max(5 * 60_000, 5 * config.OUTBOX_POLL_MS),
      auditAnchor: () => checkpoints.lastRun(),
      auditAnchorMaxAgeMs: 2 * config.AUDIT_CHECKPOINT_MINUTES * 60_000 + 5 * 60_000,
      stopping: () => stopping,
    }),
  );
  // A hop count, never `true`: otherwise every address in a forged X-Forwarded-For would be believed.
  app.set("trust proxy", config.TRUST_PROXY);
  // First, so that every request gets its line, including those the checks below refuse.
  app.use(requestLogger(log));
  app.use(securityHeaders({ secure: config.PORTAL_BASE_URL.startsWith("https:"), quickExitUrl: config.QUICK_EXIT_URL, hotReload: !production }));
  app.use(recordClientAddress);
  app.use(rejectMalformedUrls);
  app.use(compression());
  app.use(bodyLimit(BODY_LIMIT_BYTES));
  app.use(sameOriginOnly(() => [new URL(config.PORTAL_BASE_URL).origin]));
  // Counted in the database, so the limit holds across every server process (ADR 027).
  const signInLimitStore = new DatabaseRateLimitStore(database.prisma, {
    prefix: "signin-rate:",
    onPurgeError: (error) => log.error({ err: error }, "rate limit: purging ended windows failed"),
  });
  app.use(
    rateLimit({
      windowMs: 15 * 60_000,
      max: config.SIGNIN_RATE_LIMIT,
      paths: ["/sign-in", "/sign-in/code", "/sign-in/sso", "/sign-in/sso/callback"],
      store: signInLimitStore,
    }),
  );

  if (vite) {
    app.use(vite.middlewares);
  } else {
    app.use("/assets", express.static(`${buildDir}/client/assets`, { immutable: true, maxAge: "1y" }));
    // Files at the root (favicon, quick-exit.js) all have an extension; pages never do, so they skip the disk lookup.
    const rootFiles = express.static(`${buildDir}/client`, { maxAge: "1h", index: false });
    app.use((req, res, next) => (/\.[A-Za-z0-9]+$/.test(req.path) ? rootFiles(req, res, next) : next()));
  }

  const build = vite
    ? () => vite.ssrLoadModule("virtual:react-router/server-build") as Promise<ServerBuild>
    : ((await import(pathToFileURL(resolve(buildDir, "server/index.js")).href)) as ServerBuild);

  app.all(
    "*",
    withLimitedBody(
      createRequestHandler({
        build,
        mode: config.NODE_ENV,
        getLoadContext: async (req, res) =>
          loadContext(typeof build === "function" ? await build() : build, res.locals.cspNonce as string, requestLogNotes(req, res)),
      }),
    ),
  );

  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    // The request's own log line reports the error, by kind only.
    res.err = error instanceof Error ? error : new Error("unknown error");
    if (!res.headersSent) sendPlainPage(res, 500, "Something went wrong", "The portal could not finish that. Nothing was saved. Try again in a moment.");
  });

  const server = app.listen(config.PORT, () => {
    if (cluster.isWorker) return;
    log.info(`Staff Support Portal listening on http://localhost:${config.PORT} (${production ? "production" : "development"}, ${buildFlavour} build)`);
    if (catcher) log.info(`Demo: no SMTP_URL set, so mail goes to the local catcher on port ${catcher.port}; see /dev/mailbox.`);
  });
  server.keepAliveTimeout = 65_000;
  answerClientErrors(server);

  // SIGTERM: take no new connection, finish the requests under way and the workers' claimed batches, close the
  // database, exit 0; after SHUTDOWN_TIMEOUT_MS, exit 1 whatever is left (ADR 032).
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal} received: finishing open requests, then stopping.`);
    const forceExit = setTimeout(() => {
      log.error(`shutdown: not finished within ${config.SHUTDOWN_TIMEOUT_MS} ms; stopping anyway.`);
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    forceExit.unref();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Keep-alive connections are closed as soon as they are idle: at once, or when their answer has gone.
    server.closeIdleConnections();
    const idleSweep = setInterval(() => server.closeIdleConnections(), 100);
    clearInterval(draftPurge);
    await Promise.all([closed, referrals.stop(), reminders.stop(), retention.stop(), checkpoints.stop(), worker.stop()]);
    clearInterval(idleSweep);
    signInLimitStore.shutdown();
    await catcher?.stop();
    await vite?.close();
    await database.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

/**
 * WEB_CONCURRENCY > 1 runs that many server processes sharing the port (PostgreSQL only: the embedded database has one
 * owner). The primary only supervises; in the demo without SMTP_URL it runs the mail catcher the workers send to.
 */
async function supervise(workers: number) {
  refuseUnsafeDeployment(buildFlavour, config);
  if (!config.DATABASE_URL) throw new Error("WEB_CONCURRENCY above 1 needs DATABASE_URL: the embedded database can have only one owner.");
  const mail = mailDelivery(buildFlavour, config.SMTP_URL);
  auditKeys();
  auditCheckpointDir();
  mfaKeys();
  const catcher = mail === "demo catcher" ? await startSmtpCatcher({ port: config.SMTP_CATCHER_PORT }) : null;
  const env = catcher ? { SMTP_URL: `smtp://127.0.0.1:${catcher.port}` } : {};
  let stopping = false;
  const fork = () => cluster.fork(env);
  for (let i = 0; i < workers; i++) fork();
  log.info(`Staff Support Portal: ${workers} server processes on http://localhost:${config.PORT} (production)`);
  let failedToStop = false;
  cluster.on("exit", (worker, code) => {
    if (stopping) {
      failedToStop ||= code !== 0;
      return;
    }
    log.error({ workerPid: worker.process.pid, exitCode: code }, "a server process stopped; starting another");
    fork();
  });
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    // Each process has SHUTDOWN_TIMEOUT_MS of its own; a second more, and the supervisor gives up too.
    setTimeout(() => process.exit(1), config.SHUTDOWN_TIMEOUT_MS + 1000).unref();
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    await new Promise<void>((resolve) => {
      const check = () => (Object.keys(cluster.workers ?? {}).length === 0 ? resolve() : setTimeout(check, 100));
      check();
    });
    await catcher?.stop();
    process.exit(failedToStop ? 1 : 0);
  };
  process.on("SIGTERM", () => void shutdown());
  process.on("SIGINT", () => void shutdown());
}

const processes = production && cluster.isPrimary ? config.WEB_CONCURRENCY : 1;
(processes > 1 ? supervise(processes) : main()).catch((error) => {
  // Not through the logger: a portal that cannot start tells its operator why in full (a setting, a service it cannot
  // reach), and no request has brought anyone's data in yet.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
