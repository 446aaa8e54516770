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

// The production server exactly as `npm start` runs it: compiled by `npm run build`.
await import(pathToFileURL(resolve(process.env.BUILD_DIR || "build", "server.js")).href);
