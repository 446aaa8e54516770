// Starts the built portal for the end-to-end suite: a fresh embedded database, migrated and seeded, and mail sent to
// the test SMTP server. Run by Playwright's webServer after `npm run test:e2e` has built the e2e flavour (ADR 018).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { E2E } from "./constants";

const dataDir = join(mkdtempSync(join(tmpdir(), "portal-e2e-")), "pglite");
Object.assign(process.env, {
  NODE_ENV: "production",
  PORT: String(E2E.port),
  PORTAL_BASE_URL: E2E.baseUrl,
  PGLITE_DIR: dataDir,
  SMTP_URL: `smtp://127.0.0.1:${E2E.smtpPort}`,
  SIGNIN_FAILURE_DELAY_MS: "50",
  OUTBOX_POLL_MS: "250",
  REMINDER_POLL_MS: "500",
  QUICK_EXIT_URL: E2E.quickExitUrl,
  // The referral chain's clock is the test's to move (POST /dev/clock); the scheduler looks often.
  PORTAL_TEST_CLOCK: "on",
  REFERRAL_SCAN_MS: "1000",
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
await import(pathToFileURL(resolve(buildDir, "server.js")).href);
