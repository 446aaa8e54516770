// PostgreSQL restarted (as a crash: every session cut, WAL replayed) in the middle of a burst of 200 case intakes: every
// intake is either wholly there (the case, its access list and conflicts, its referral steps, its audit rows, its mail)
// or wholly absent, and the same process carries on without being restarted. A cluster of the test's own: the shared
// server is never restarted.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type OpenDatabase } from "~/db.server";
import { submitReport } from "~/models/cases/intake.server";
import { verifyAuditTrail } from "~/utils/audit-checkpoint.server";
import { auditKeys } from "~/utils/audit-key.server";
import { applyMigrations } from "../../scripts/db/migrator";
import { seedDemoOrganisation } from "../../prisma/seed";
import { fictionalIntake } from "../support/cases";
import { databaseKinds } from "../support/database";
import { contextForPerson } from "../support/people";
import { startThrowawayPostgres, type ThrowawayPostgres } from "../support/throwaway-postgres";

const REQUESTS = 200;
const IN_FLIGHT = 8;
const RESTART_AFTER = 60;

interface Outcome {
  n: number;
  ok: boolean;
  startedAt: number;
  finishedAt: number;
  error?: string;
}

describe.runIf(databaseKinds.includes("postgres"))("faults: PostgreSQL restarted in the middle of a burst of intakes [postgres]", () => {
  let cluster: ThrowawayPostgres | undefined;
  let database: OpenDatabase | undefined;
  afterAll(async () => {
    await database?.close().catch(() => {});
    cluster?.destroy();
  });

  it("leaves every intake wholly committed or wholly absent, and the server carries on", async () => {
    cluster = await startThrowawayPostgres();
    const url = Object.assign(new URL(cluster.url), { pathname: "/portal" }).toString();
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE "portal"`);
    await admin.end();
    await applyMigrations({ databaseUrl: url });
    database = openDatabase({ kind: "postgres", url });
    const { prisma } = database;
    const seed = await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    const reporter = await contextForPerson(prisma, seed.ids.people.pcPenhallow!);
    const suspect = seed.ids.people.pcDuxbury!;
    const intake = (n: number) => fictionalIntake(suspect, { victimName: `Fictional Member-of-Public ${n}` });

    // What one intake writes, table by table, measured on a quiet database.
    const caseTables = (
      await prisma.$queryRaw<{ table: string }[]>`
        SELECT c.table_name AS "table" FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
        WHERE c.table_schema = 'public' AND c.column_name = 'caseId' AND t.table_type = 'BASE TABLE' ORDER BY 1`
    ).map((row) => row.table);
    /** Rows per case in every table that has a caseId, and its audit rows: one grouped query per table. */
    const footprints = async (): Promise<Map<string, Record<string, number>>> => {
      const all = new Map<string, Record<string, number>>();
      const add = (caseId: string, table: string, n: number) => all.set(caseId, { ...all.get(caseId), [table]: n });
      const cases = await prisma.policeSuspectCase.findMany({ select: { id: true } });
      for (const table of [...caseTables, "audit"]) for (const { id } of cases) add(id, table, 0);
      for (const table of caseTables) {
        const rows = await prisma.$queryRawUnsafe<{ caseId: string; n: number }[]>(
          `SELECT "caseId"::text AS "caseId", count(*)::int AS n FROM "${table}" GROUP BY 1`,
        );
        for (const row of rows) add(row.caseId, table, row.n);
      }
      const audit = await prisma.$queryRaw<{ caseId: string; n: number }[]>`
        SELECT "subjectId" AS "caseId", count(*)::int AS n FROM "audit_event" WHERE "subjectId" IS NOT NULL GROUP BY 1`;
      for (const row of audit) if (all.has(row.caseId)) add(row.caseId, "audit", row.n);
      return all;
    };
    const footprint = async (caseId: string) => (await footprints()).get(caseId);
    const outboxBefore = await prisma.outboxMessage.count();
    const sample = await submitReport(reporter, intake(0));
    const expected = await footprint(sample.id);
    const mailsPerIntake = (await prisma.outboxMessage.count()) - outboxBefore;
    expect(expected?.referral_step).toBeGreaterThan(0);
    expect(expected?.audit).toBeGreaterThan(0);
    expect(mailsPerIntake).toBeGreaterThan(0);

    // The burst: IN_FLIGHT at a time; after RESTART_AFTER have finished, the database crashes and starts again.
    const outcomes: Outcome[] = [];
    let next = 1;
    let crashedAt = 0;
    let upAgainAt = 0;
    let restart: Promise<void> | undefined;
    const worker = async () => {
      while (next <= REQUESTS) {
        const n = next++;
        const startedAt = performance.now();
        try {
          await submitReport(reporter, intake(n));
          outcomes.push({ n, ok: true, startedAt, finishedAt: performance.now() });
        } catch (error) {
          outcomes.push({
            n,
            ok: false,
            startedAt,
            finishedAt: performance.now(),
            error: error instanceof Error ? error.message.slice(0, 200) : String(error),
          });
          // The next person's request comes a moment later (a refused request is not tried again: it stays refused).
          await new Promise((r) => setTimeout(r, 500));
        }
        if (outcomes.length === RESTART_AFTER && !restart) {
          crashedAt = performance.now();
          restart = cluster!
            .crash()
            .then(() => cluster!.start())
            .then(() => {
              upAgainAt = performance.now();
            });
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    await restart;

    // The same process, its same database client: it carries on.
    const after = await submitReport(reporter, intake(REQUESTS + 1));
    expect(await footprint(after.id)).toEqual(expected);

    const failed = outcomes.filter((outcome) => !outcome.ok);
    const firstSuccessAfter = outcomes.filter((o) => o.ok && o.startedAt > crashedAt).sort((a, b) => a.finishedAt - b.finishedAt)[0];
    expect(outcomes).toHaveLength(REQUESTS);
    expect(failed.length).toBeGreaterThan(0);
    expect(firstSuccessAfter).toBeDefined();

    // Wholly there or wholly absent: each case written has every part of an intake, and nothing else was left behind.
    const cases = await prisma.policeSuspectCase.findMany({ select: { id: true, victimName: true } });
    const byRequest = new Map(cases.map((c) => [Number(/ (\d+)$/.exec(c.victimName ?? "")?.[1]), c.id]));
    for (const outcome of outcomes.filter((o) => o.ok)) expect(byRequest.has(outcome.n), `request ${outcome.n} answered but missing`).toBe(true);
    for (const [id, counts] of await footprints()) expect(counts, `case ${id}`).toEqual(expected);
    expect(await prisma.outboxMessage.count()).toBe(outboxBefore + cases.length * mailsPerIntake);
    const orphanAudit = await prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "audit_event" e WHERE e."action" LIKE 'case.%' AND e."subjectId" IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM "police_suspect_case" c WHERE c."id"::text = e."subjectId")`;
    expect(orphanAudit[0]!.n).toBe(0);
    const report = await verifyAuditTrail(prisma, { dir: mkdtempSync(join(tmpdir(), "restart-checkpoints-")), keys: auditKeys() });
    expect(report).toMatchObject({ ok: true });

    const committedThoughRefused = failed.filter((o) => byRequest.has(o.n)).length;
    console.log(
      `[figures] ${REQUESTS} intakes, ${IN_FLIGHT} in flight; PostgreSQL crashed after ${RESTART_AFTER}: ${failed.length} refused (${committedThoughRefused} of them committed nonetheless), ` +
        `${cases.length - 2} of the burst committed; database back ${((upAgainAt - crashedAt) / 1000).toFixed(2)} s after the crash, first intake begun after the crash committed ` +
        `${((firstSuccessAfter!.finishedAt - crashedAt) / 1000).toFixed(2)} s after the crash`,
    );
    console.log(`[errors] ${[...new Set(failed.map((o) => o.error))].slice(0, 5).join(" | ")}`);
  }, 120_000);
});
