// Runs once before a Vitest run's test files: gives the run an id, so that builds shared between its files
// (built-app.ts `sharedBuild`) are made once per run and never taken from an earlier one.
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    testRunId: string;
  }
}

export default function setup(project: TestProject): void {
  project.provide("testRunId", `${process.pid}-${Date.now()}`);
}
