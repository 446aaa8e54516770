// The bad-input generator (issue 16, docs/features/bad-input-generator.md): the demo build run as `npm start` runs it,
// on a seeded embedded database, sent BAD_INPUT_REQUESTS malformed requests (10,000 by default) as five personas over
// every route and every form. Then: no 5xx, no error line in the server's log, no stack trace or SQL in any answer,
// someone else's record answers as an absent one; the audit trail verifies and the database is consistent.
// A run is repeated exactly with BAD_INPUT_SEED=<the seed it printed>. BAD_INPUT_BUILD names a demo build made
// beforehand (while working on this file); normally it shares the suite's. BAD_INPUT_DATABASE=postgres runs it on a
// PostgreSQL database of its own (at TEST_POSTGRES_URL's server) instead of the embedded one.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseConfig } from "~/config/database";
import { openDatabase, type Db } from "~/db.server";
import { hashPassword } from "~/utils/password.server";
import { resolveAuditKeys } from "~/utils/audit-key.server";
import { verifyAuditTrail } from "~/utils/audit-checkpoint.server";
import { submitReport } from "~/models/cases/intake.server";
import { fictionalIntake } from "../support/cases";
import { makeSupportRequest } from "../support/factories";
import { contextForPerson } from "../support/people";
import { DEMO_PASSWORD } from "../../prisma/seed-data";
import { resetDatabase } from "../../scripts/db/reset-database";
import { postgresAdminUrl } from "../support/database";
import { sharedBuild, startBuiltServer, type BuiltServer } from "../support/built-app";
import { inconsistencies, INVARIANT_COUNT } from "../support/consistency";
import { runBadInput, type RunReport } from "../support/bad-input/run";
import { builtRouteTable } from "../support/bad-input/routes";
import { runSeed } from "../support/bad-input/values";

const BUDGET = Number(process.env.BAD_INPUT_REQUESTS ?? 10_000);
const seed = runSeed();
const checkpointDir = mkdtempSync(join(tmpdir(), "bad-input-checkpoints-"));

let database: { config: DatabaseConfig; serverEnv: Record<string, string>; remove: () => Promise<void> };
let server: BuiltServer;
let report: RunReport;

/** The CPU time a process has used so far (user and system), from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** A new database of the kind asked for, migrated and seeded with the demo organisation (as `npm run db:reset` does). */
async function freshDatabase(): Promise<typeof database> {
  let created: typeof database;
  if (process.env.BAD_INPUT_DATABASE === "postgres") {
    const url = new URL(postgresAdminUrl);
    url.pathname = `/badinput_${randomBytes(4).toString("hex")}`;
    const drop = async () => {
      const admin = new pg.Client({ connectionString: postgresAdminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${url.pathname.slice(1)}" WITH (FORCE)`);
      await admin.end();
    };
    created = { config: { kind: "postgres", url: url.toString() }, serverEnv: { DATABASE_URL: url.toString() }, remove: drop };
  } else {
    const parent = mkdtempSync(join(tmpdir(), "bad-input-"));
    const dataDir = join(parent, "pglite");
    created = { config: { kind: "pglite", dataDir }, serverEnv: { PGLITE_DIR: dataDir }, remove: async () => rmSync(parent, { recursive: true, force: true }) };
  }
  await resetDatabase(created.config, { passwordHash: await hashPassword(DEMO_PASSWORD) });
  return created;
}

/** Opens the database in this process, for `work` (the embedded one only while the server is not running). */
async function withDatabase<T>(work: (prisma: Db) => Promise<T>): Promise<T> {
  const open = openDatabase(database.config);
  try {
    return await work(open.prisma);
  } finally {
    await open.close();
  }
}

/** Records for the personas to find, and to find refused: two reports (one by the constable) and two support requests. */
async function addRecords(prisma: Db): Promise<void> {
  const person = async (email: string) => (await prisma.person.findUniqueOrThrow({ where: { workEmail: `${email}@northshire.police.invalid` } })).id;
  const suspect = await person("kieran.duxbury");
  for (const reporter of ["thomas.brightwater", "alys.penhallow"])
    await submitReport(await contextForPerson(prisma, await person(reporter)), fictionalIntake(suspect));
  const service = await prisma.supportService.findFirstOrThrow({ where: { active: true, queueRole: { not: null } } });
  for (const employee of ["alys.penhallow", "ffion.gwilliam"]) await makeSupportRequest(prisma, await person(employee), service.id);
}

beforeAll(async () => {
  const dir = process.env.BAD_INPUT_BUILD ?? (await sharedBuild("demo"));
  database = await freshDatabase();
  await withDatabase(addRecords);
  server = await startBuiltServer(dir, {
    ...database.serverEnv,
    LOG_LEVEL: "info",
    AUDIT_CHECKPOINT_DIR: checkpointDir,
    // The generator is one client sending thousands of sign-ins and bad codes: no limit or pause may stop it early.
    SIGNIN_RATE_LIMIT: "1000000",
    SIGNIN_LOCK_AFTER_FAILURES: "1000000",
    SIGNIN_FAILURE_FLOOR_MS: "0",
    SIGNIN_FAILURE_DELAY_MS: "0",
  });
  console.log(`bad-input generator: seed ${seed} (BAD_INPUT_SEED=${seed} repeats this run), ${BUDGET} requests on ${database.config.kind}`);
  const cpuBefore = { server: cpuSeconds(server.pid), tests: process.cpuUsage() };
  report = await runBadInput({ baseUrl: server.baseUrl, routes: builtRouteTable(dir), seed, budget: BUDGET, serverOutput: () => server.output() });
  const serverCpu = cpuSeconds(server.pid) - cpuBefore.server;
  const testsCpu = (process.cpuUsage(cpuBefore.tests).user + process.cpuUsage(cpuBefore.tests).system) / 1e6;
  await server.stop();
  console.log(
    `bad-input generator: CPU ${serverCpu.toFixed(1)} s in the server, ${testsCpu.toFixed(1)} s in the tests' process (crawl included); load average ${loadavg()
      .map((load) => load.toFixed(1))
      .join(" ")} on ${cpus().length} cores`,
  );
  const { requests, candidates, seconds, statuses, routesCovered, forms, resignIns, echoChecked, othersRecords } = report;
  console.log(
    `bad-input generator: ${requests} requests of ${candidates} planned in ${seconds.toFixed(1)} s (${Math.round(requests / seconds)}/s); ` +
      `${routesCovered} routes, ${forms} forms, ${echoChecked} refused forms checked for what was typed; ${othersRecords} of others' records; statuses ${JSON.stringify(statuses)}; ` +
      `signed in again ${JSON.stringify(resignIns)}`,
  );
  if (process.env.BAD_INPUT_VERBOSE) console.log(JSON.stringify(report.endedBy, null, 1));
}, 15 * 60_000);

afterAll(async () => {
  await server?.stop();
  await database?.remove();
});

describe("the bad-input generator", () => {
  it(`sends the requests asked for (BAD_INPUT_REQUESTS), over every route, as five personas`, () => {
    expect(report.requests).toBeGreaterThanOrEqual(Math.min(BUDGET, report.candidates));
    expect(report.routesCovered).toBeGreaterThan(60);
  });

  it("gets no 5xx, no stack trace or SQL, and someone else's record answers as an absent one", () => {
    expect(report.problems, `seed ${seed}`).toEqual([]);
  });

  it("leaves no error line in the server's log", () => {
    expect(report.errorLines, `seed ${seed}`).toEqual([]);
  });

  it("shows a refused form again with what was typed", () => {
    expect(report.echoChecked).toBeGreaterThanOrEqual(3);
  });

  it("leaves an audit trail that verifies and a consistent database", async () => {
    await withDatabase(async (prisma) => {
      const trail = await verifyAuditTrail(prisma, { dir: checkpointDir, keys: resolveAuditKeys("demo", {}) });
      expect(trail.problem ?? null).toBeNull();
      expect(trail.ok).toBe(true);
      expect(await inconsistencies(prisma), `${INVARIANT_COUNT} invariants`).toEqual([]);
      const written = {
        cases: await prisma.policeSuspectCase.count(),
        requests: await prisma.supportRequest.count(),
        mail: await prisma.outboxMessage.count(),
      };
      console.log(`bad-input generator: afterwards ${JSON.stringify(written)}, ${trail.rowsChecked} audit rows verified`);
      // The invariants had records to hold for: the run's own and those added before it.
      expect(written.cases).toBeGreaterThanOrEqual(2);
      expect(written.requests).toBeGreaterThanOrEqual(2);
    });
  });
});
