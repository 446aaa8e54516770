import { defineConfig, devices } from "@playwright/test";
import { startCommand } from "./scripts/start-command";
import { E2E } from "./tests/e2e/support/constants";
import { chromiumLaunchOptions as launchOptions } from "./tests/support/chromium";

// The end-to-end server runs with `npm start`'s node flags and environment (ADR 016), from TypeScript.
const start = startCommand(import.meta.dirname);

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  // One more try on CI only, for the browser's own stalls (ADR 026): a test that fails twice still fails the run, and
  // one that passes on its second try is listed as "flaky" in the CI output, to be read and mended.
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: E2E.baseUrl,
    trace: "retain-on-failure",
    launchOptions,
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], launchOptions } }],
  webServer: [
    {
      command: "npx tsx tests/e2e/support/mail-server.ts",
      url: `${E2E.mailApiUrl}/health`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `node ${start.nodeFlags.join(" ")} --import tsx tests/e2e/support/start-app.ts`,
      env: start.env,
      url: `${E2E.baseUrl}/favicon.ico`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
    },
  ],
});
