// Runs once before a Vitest run's test files: gives the run an id, so that builds shared between its files
// (built-app.ts `sharedBuild`) are made once per run and never taken from an earlier one; and makes the migrated
// databases each test file's own database is copied from (database-templates.ts).
import type { TestProject } from "vitest/node";
import { makeDatabaseTemplates, type DatabaseTemplates } from "./database-templates";
import { databaseKinds, postgresAdminUrl } from "./database-kinds";

declare module "vitest" {
  export interface ProvidedContext {
    testRunId: string;
    databaseTemplates: DatabaseTemplates;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  project.provide("testRunId", `${process.pid}-${Date.now()}`);
  const { templates, remove } = await makeDatabaseTemplates(databaseKinds, postgresAdminUrl);
  project.provide("databaseTemplates", templates);
  return remove;
}
