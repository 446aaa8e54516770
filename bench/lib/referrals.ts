// Issue 4's targets, measured in process against PostgreSQL: computing the referral chain and writing its steps for
// one report with 50,000 people in the organisation (the supervising officer's step at intake, then everyone else's
// when they accept), and one pass of the escalation scheduler over 10,000 open steps.
import { performance } from "node:perf_hooks";
import { openDatabase } from "../../app/db.server.ts";
import { runReferralScheduler, type SchedulerMemory } from "../../app/models/referrals/scheduler.server.ts";
import { withClient } from "./db.ts";
import { chainTiming, CHAIN_REPORTER_EMAIL, growOrganisation, timeReferralChains } from "./referral-chain-timing.ts";

export interface ReferralBenchResult {
  people: number;
  reports: number;
  /** Computing the chain and writing its steps: the supervising officer's step, then everyone else's. */
  chainMs: { p50: number; p95: number; p99: number; max: number };
  /** The same with the supervising officer's acknowledgement around stage 2 (declaration, access grant, history). */
  withAcknowledgementMs: { p50: number; p95: number; p99: number; max: number };
  stepsPerReport: number;
  openSteps: number;
  scanMs: { p50: number; p95: number; max: number };
  actingPass: { due: number; ms: number };
  /** A pass that tries every step without a recipient again (after an organisation change). */
  retryingPass: { withoutRecipient: number; ms: number };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export async function measureReferrals(url: string, options: { people: number; reports: number; openSteps: number }): Promise<ReferralBenchResult> {
  const people = await growOrganisation(url, options.people);
  const database = openDatabase({ kind: "postgres", url });
  const { prisma } = database;
  try {
    const { chainMs, withAcknowledgementMs, stepsPerReport: steps } = await timeReferralChains(prisma, options.reports);
    const reporterId = (await prisma.person.findUniqueOrThrow({ where: { workEmail: CHAIN_REPORTER_EMAIL }, select: { id: true } })).id;
    const timing = chainTiming;
    chainMs.sort((a, b) => a - b);
    withAcknowledgementMs.sort((a, b) => a - b);

    // 10,000 open steps, none due: a scheduler pass is the scan alone; then 100 fall due and a pass acts on them.
    const caseIds = (await prisma.policeSuspectCase.findMany({ select: { id: true }, take: 50 })).map((c) => c.id);
    await withClient(url, async (client) => {
      const open = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "referral_step" WHERE "state" = 'AWAITING'`);
      const missing = Math.max(0, options.openSteps - Number(open.rows[0]!.n));
      await client.query(
        `INSERT INTO "referral_step" ("id", "caseId", "stage", "role", "state", "recipientPersonId", "sentAt", "dueAt", "createdAt")
         SELECT gen_random_uuid(), ($1::uuid[])[1 + (n % cardinality($1::uuid[]))], 2, 'DA_COORDINATOR', 'AWAITING', $2::uuid, now(), now() + interval '1 day' + (n || ' seconds')::interval, now()
         FROM generate_series(1, $3::int) AS n`,
        [caseIds, reporterId, missing],
      );
      await client.query(`UPDATE "referral_step" SET "dueAt" = now() + interval '1 day' WHERE "state" = 'AWAITING'`);
      await client.query(`ANALYZE "referral_step"`);
    });
    const openSteps = await prisma.referralStep.count({ where: { state: "AWAITING" } });
    // Passes as the running scheduler makes them, with its memory of the organisation data: steps that had nobody to
    // receive them are tried again only when that data changes (the first pass does). And one pass without that memory,
    // which tries every such step again, as a pass does after an organisation change.
    const memory: SchedulerMemory = {};
    const scans: number[] = [];
    for (let i = 0; i < 25; i++) {
      const started = performance.now();
      await runReferralScheduler(prisma, timing(), memory);
      if (i >= 5) scans.push(performance.now() - started);
    }
    scans.sort((a, b) => a - b);
    const withoutRecipient = await prisma.referralStep.count({ where: { state: "NO_RECIPIENT" } });
    const retryStarted = performance.now();
    await runReferralScheduler(prisma, timing());
    const retryingPass = { withoutRecipient, ms: performance.now() - retryStarted };
    await withClient(url, (client) =>
      client.query(
        `UPDATE "referral_step" SET "dueAt" = now() - interval '1 minute' WHERE "id" IN (SELECT "id" FROM "referral_step" WHERE "state" = 'AWAITING' ORDER BY "dueAt" LIMIT 100)`,
      ),
    );
    const started = performance.now();
    const acted = await runReferralScheduler(prisma, timing());
    const actingMs = performance.now() - started;

    return {
      people,
      reports: chainMs.length,
      chainMs: { p50: percentile(chainMs, 50), p95: percentile(chainMs, 95), p99: percentile(chainMs, 99), max: chainMs.at(-1) ?? 0 },
      withAcknowledgementMs: {
        p50: percentile(withAcknowledgementMs, 50),
        p95: percentile(withAcknowledgementMs, 95),
        p99: percentile(withAcknowledgementMs, 99),
        max: withAcknowledgementMs.at(-1) ?? 0,
      },
      stepsPerReport: steps,
      openSteps,
      scanMs: { p50: percentile(scans, 50), p95: percentile(scans, 95), max: scans.at(-1) ?? 0 },
      actingPass: { due: acted.reminded + acted.escalated, ms: actingMs },
      retryingPass,
    };
  } finally {
    await database.close();
  }
}
