import { defineConfig } from "vitest/config";
import { LIFTOFF_ONLY_FLAGS } from "./scripts/start-command";

export default defineConfig({
  resolve: {
    alias: {
      "~": new URL("./app", import.meta.url).pathname,
      "#policies": new URL("./policies", import.meta.url).pathname,
      "#emails": new URL("./emails", import.meta.url).pathname,
    },
  },
  test: {
    include: [
      "app/**/*.test.ts",
      "policies/**/*.test.ts",
      "emails/**/*.test.ts",
      "tests/unit/**/*.test.ts",
      "tests/robustness/**/*.test.ts",
      "scripts/**/*.test.ts",
      "server/**/*.test.ts",
    ],
    environment: "node",
    globalSetup: ["tests/support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 90_000,
    // Two cores: more workers only fight over the CPU and the embedded databases.
    maxWorkers: 2,
    // Each test file starts its own embedded PGlite, itself WebAssembly. Liftoff alone, as `npm start` runs the server
    // (ADR 016), starts it in about 60 % of the time: TurboFan's recompiling no longer takes the other core.
    execArgv: [...LIFTOFF_ONLY_FLAGS],
    // The portal's own logger stays quiet; tests of what is logged give theirs a level and a destination.
    env: { NODE_ENV: "test", LOG_LEVEL: "silent" },
  },
});
