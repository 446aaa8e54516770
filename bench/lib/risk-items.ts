// Issue 17's target, measured in process against PostgreSQL: the scheduler's pass (the referral chain's, which now
// also reminds and escalates risk deadlines and safety-plan reviews) over 10,000 open risk items and 10,000 open
// referral steps, none due: the scan alone, ≤ 200 ms. Then 100 items fall due and a pass acts on them.
import { performance } from "node:perf_hooks";
import { openDatabase } from "../../app/db.server.ts";
import type { ChainTiming } from "../../app/models/referrals/chain.server.ts";
import { runReferralScheduler } from "../../app/models/referrals/scheduler.server.ts";
import { runRiskItemPass } from "../../app/models/risk/item-scheduler.server.ts";
import { withClient } from "./db.ts";

export interface RiskItemBenchResult {
  openItems: number;
  openSteps: number;
  /** The whole scheduler pass (referral steps, risk items, reviews), nothing due. */
  passMs: { p50: number; p95: number; max: number };
  /** The risk items' part of it alone. */
  riskPassMs: { p50: number; p95: number; max: number };
  actingPass: { due: number; ms: number };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function timed(runs: number, run: () => Promise<unknown>): Promise<{ p50: number; p95: number; max: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs + 5; i++) {
    const started = performance.now();
    await run();
    if (i >= 5) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1) ?? 0 };
}

export async function measureRiskItems(url: string, options: { openItems: number; openSteps: number }): Promise<RiskItemBenchResult> {
  const timing = (): ChainTiming => ({ now: new Date(), windows: { supervisingOfficer: 60, others: 240 }, employerUpdateDays: 28 });
  // Fictional requests and cases to hang the items on, and open items and steps due in a day or more.
  await withClient(url, async (client) => {
    const { rows } = await client.query<{ id: string }>(`SELECT "id" FROM "person" ORDER BY "workEmail" LIMIT 1`);
    const personId = rows[0]!.id;
    await client.query(
      `INSERT INTO "support_request" ("id", "employeeId", "status", "safeChannels", "unsafeChannels", "shareWithService", "submittedAt", "createdAt", "updatedAt")
       SELECT gen_random_uuid(), $1::uuid, 'SUBMITTED', '{PORTAL_ONLY}', '{}', '{}', now(), now(), now() FROM generate_series(1, 200)`,
      [personId],
    );
    await client.query(
      `WITH requests AS (SELECT array_agg("id") AS ids FROM "support_request")
       INSERT INTO "risk_item" ("id", "kind", "requestId", "openedAt", "remindAt", "dueAt", "nextActionAt")
       SELECT gen_random_uuid(), (ARRAY['ACKNOWLEDGE','FIRST_CONTACT','THREAT_TO_LIFE','MARAC','IDVA']::"risk_item_kind"[])[1 + n % 5],
              (SELECT ids[1 + (n % cardinality(ids))] FROM requests), now(),
              now() + interval '1 day' + (n || ' seconds')::interval, now() + interval '2 days' + (n || ' seconds')::interval,
              now() + interval '1 day' + (n || ' seconds')::interval
       FROM generate_series(1, $1::int) AS n`,
      [options.openItems],
    );
    const open = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "referral_step" WHERE "state" = 'AWAITING'`);
    const missing = Math.max(0, options.openSteps - Number(open.rows[0]!.n));
    await client.query(
      `WITH cases AS (SELECT array_agg("id") AS ids FROM "police_suspect_case")
       INSERT INTO "referral_step" ("id", "caseId", "stage", "role", "state", "recipientPersonId", "sentAt", "dueAt", "createdAt")
       SELECT gen_random_uuid(), (SELECT ids[1 + (n % cardinality(ids))] FROM cases), 2, 'DA_COORDINATOR', 'AWAITING', $1::uuid, now(), now() + interval '1 day', now()
       FROM generate_series(1, $2::int) AS n`,
      [personId, missing],
    );
    await client.query(`ANALYZE "risk_item"`);
    await client.query(`ANALYZE "referral_step"`);
  });
  const database = openDatabase({ kind: "postgres", url });
  const { prisma } = database;
  try {
    const openItems = await prisma.riskItem.count({ where: { closedAt: null } });
    const openSteps = await prisma.referralStep.count({ where: { state: "AWAITING" } });
    const passMs = await timed(20, () => runReferralScheduler(prisma, timing()));
    const riskPassMs = await timed(20, () => runRiskItemPass(prisma, new Date()));
    await withClient(url, (client) =>
      client.query(
        `UPDATE "risk_item" SET "nextActionAt" = now() - interval '1 minute' WHERE "id" IN (SELECT "id" FROM "risk_item" WHERE "nextActionAt" IS NOT NULL ORDER BY "nextActionAt" LIMIT 100)`,
      ),
    );
    const started = performance.now();
    const acted = await runRiskItemPass(prisma, new Date());
    return { openItems, openSteps, passMs, riskPassMs, actingPass: { due: acted.riskReminded + acted.riskEscalated, ms: performance.now() - started } };
  } finally {
    await database.close();
  }
}
