import { defineConfig, devices } from "@playwright/test";
import { startCommand } from "./scripts/start-command";
import { E2E, E2E_STACKS, e2eStack } from "./tests/e2e/support/constants";
import { chromiumLaunchOptions as launchOptions } from "./tests/support/chromium";

// The end-to-end server runs with `npm start`'s node flags and environment (ADR 016), from TypeScript.
const start = startCommand(import.meta.dirname);

export default defineConfig({
  testDir: "tests/e2e",
  // One worker per stack (constants.ts): each has a portal of its own, and runs whole spec files one at a time.
  fullyParallel: false,
  workers: E2E_STACKS,
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
  projects: [
    { name: "chromium", testIgnore: /zz-log-leak\.spec\.ts/, teardown: "server logs", use: { ...devices["Desktop Chrome"], launchOptions } },
    // After every other test on every stack: what the servers wrote during the whole suite.
    { name: "server logs", testMatch: /zz-log-leak\.spec\.ts/, use: { ...devices["Desktop Chrome"], launchOptions } },
  ],
  // Each worker re-reads this file with its own TEST_PARALLEL_INDEX, so E2E.baseUrl above is its own stack's.
  webServer: Array.from({ length: E2E_STACKS }, (_, index) => e2eStack(index)).flatMap((stack) => [
    {
      command: "npx tsx tests/e2e/support/mail-server.ts",
      env: { E2E_STACK: String(stack.stack) },
      url: `${stack.mailApiUrl}/health`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `node ${start.nodeFlags.join(" ")} --import tsx tests/e2e/support/start-app.ts`,
      env: { ...start.env, E2E_STACK: String(stack.stack) },
      url: `${stack.baseUrl}/favicon.ico`,
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: "pipe",
    },
  ]),
});
