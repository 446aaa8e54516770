// Starts the built portal for the end-to-end suite: a fresh embedded database, migrated and seeded, and mail sent to
// the test SMTP server. Run by Playwright's webServer after `npm run test:e2e` has built the e2e flavour (ADR 018).
// The server runs in a process of its own, whose output is kept in E2E.serverLog for the log-leak check.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Readable } from "node:stream";
import { startCommand } from "../../../scripts/start-command";
import { E2E } from "./constants";

const dataDir = join(mkdtempSync(join(tmpdir(), "portal-e2e-")), "pglite");
Object.assign(process.env, {
  NODE_ENV: "production",
  PORT: String(E2E.port),
  PORTAL_BASE_URL: E2E.baseUrl,
  PGLITE_DIR: dataDir,
  SMTP_URL: `smtp://127.0.0.1:${E2E.smtpPort}`,
  SIGNIN_FAILURE_DELAY_MS: "50",
  SIGNIN_FAILURE_FLOOR_MS: "200",
  // Every spec signs in from this one address, several times a test.
  SIGNIN_RATE_LIMIT: "10000",
  OUTBOX_POLL_MS: "250",
  REMINDER_POLL_MS: "500",
  QUICK_EXIT_URL: E2E.quickExitUrl,
  // The referral chain's clock is the test's to move (POST /dev/clock); the scheduler looks often.
  PORTAL_TEST_CLOCK: "on",
  REFERRAL_SCAN_MS: "1000",
  // Single sign-on with the test identity provider that sso.spec.ts starts; password sign-in stays on for every other spec.
  SSO_ISSUER_URL: E2E.oidcIssuer,
  SSO_CLIENT_ID: E2E.oidcClient.clientId,
  SSO_CLIENT_SECRET: E2E.oidcClient.clientSecret,
  PASSWORD_SIGN_IN: "on",
  // The log-leak check needs every request's line, whatever the developer's own setting.
  LOG_LEVEL: "info",
});
delete process.env.DATABASE_URL;

const { openMigrationTarget } = await import("../../../scripts/db/target");
const { applyMigrations } = await import("../../../scripts/db/migrator");
const target = await openMigrationTarget();
await applyMigrations(target.target);
await target.close();

const { openDatabase } = await import("../../../app/db.server");
const { loadDatabaseConfig } = await import("../../../app/config/database");
const { seedDemoOrganisation } = await import("../../../prisma/seed");
const seeding = openDatabase(loadDatabaseConfig(process.env));
await seedDemoOrganisation(seeding.prisma);
await seeding.close();

// The production server exactly as `npm start` runs it, from the e2e build: the deployment's pages and the test clock.
const buildDir = process.env.BUILD_DIR || "build";
const build = (await import(pathToFileURL(resolve(buildDir, "server/index.js")).href)) as { routes: Record<string, unknown> };
if (!("routes/dev.clock" in build.routes)) {
  throw new Error(`${buildDir} is not the end-to-end suite's build (it has no test clock): build it with \`npm run build:e2e\`, or run \`npm run test:e2e\`.`);
}
const start = startCommand(resolve(import.meta.dirname, "../../.."));
mkdirSync(dirname(E2E.serverLog), { recursive: true });
const log = openSync(E2E.serverLog, "w");
// A fresh database: no demo account's TOTP step has been used yet.
rmSync(E2E.totpStepsFile, { force: true });
const server = spawn(process.execPath, [...start.nodeFlags, resolve(buildDir, "server.js")], {
  env: { ...process.env, ...start.env },
  stdio: ["ignore", "pipe", "pipe"],
});
console.log(`The portal's server log: ${E2E.serverLog}`);

/** Keeps all the server writes in the log file, and shows all but the request lines (one per request) here. */
function tee(from: Readable, to: NodeJS.WriteStream) {
  let partial = "";
  from.on("data", (chunk: Buffer) => {
    writeSync(log, chunk);
    const lines = (partial + chunk.toString("utf8")).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) if (!line.includes('"req":{')) to.write(`${line}\n`);
  });
}
tee(server.stdout, process.stdout);
tee(server.stderr, process.stderr);
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => server.kill(signal));
