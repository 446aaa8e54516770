// Issue 4's targets, measured in process against PostgreSQL: computing the referral chain and writing its steps for
// one report with 50,000 people in the organisation (the supervising officer's step at intake, then everyone else's
// when they accept), and one pass of the escalation scheduler over 10,000 open steps.
import { performance } from "node:perf_hooks";
import { openDatabase } from "../../app/db.server.ts";
import { DeclarationFormSchema } from "../../app/models/cases/declarations.server.ts";
import { createPoliceSuspectCase, IntakeFormSchema } from "../../app/models/cases/case.server.ts";
import { acknowledgeStep, passToEveryone, startReferralChain, type ChainTiming } from "../../app/models/referrals/chain.server.ts";
import { CASE_FOR_CHAIN_SELECT } from "../../app/models/referrals/facts.server.ts";
import { runReferralScheduler, type SchedulerMemory } from "../../app/models/referrals/scheduler.server.ts";
import { withClient } from "./db.ts";

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

/** Tops the organisation up to `total` people, with the ranks of a real force (about 5 % inspector or above). */
async function growOrganisation(url: string, total: number): Promise<number> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "person"`);
    const missing = total - Number(rows[0]!.n);
    if (missing > 0) {
      await client.query(
        `WITH home AS (SELECT "id" FROM "force" WHERE "isHome" LIMIT 1),
              units AS (SELECT array_agg("id" ORDER BY "name") AS ids FROM "unit" WHERE "forceId" = (SELECT "id" FROM home))
         INSERT INTO "person" ("id", "forceId", "unitId", "firstName", "lastName", "workEmail", "employeeType", "rank", "level", "active", "createdAt", "updatedAt")
         SELECT gen_random_uuid(), (SELECT "id" FROM home), (SELECT ids[1 + (n % cardinality(ids))] FROM units),
                'Chain', 'Bench ' || lpad(n::text, 6, '0'), 'chain.bench.' || lpad(n::text, 6, '0') || '@bench.police.invalid', 'OFFICER'::"employee_type",
                (CASE WHEN n % 100 = 0 THEN 'CHIEF_INSPECTOR' WHEN n % 25 = 0 THEN 'INSPECTOR' WHEN n % 8 = 0 THEN 'SERGEANT' ELSE 'CONSTABLE' END)::"rank",
                CASE WHEN n % 100 = 0 THEN 4 WHEN n % 25 = 0 THEN 3 WHEN n % 8 = 0 THEN 2 ELSE 1 END,
                true, now(), now()
         FROM generate_series(1, $1::int) AS n`,
        [missing],
      );
    }
    const after = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "person"`);
    await client.query(`ANALYZE "person"`);
    return Number(after.rows[0]!.n);
  });
}

export async function measureReferrals(url: string, options: { people: number; reports: number; openSteps: number }): Promise<ReferralBenchResult> {
  const people = await growOrganisation(url, options.people);
  const database = openDatabase({ kind: "postgres", url });
  const { prisma } = database;
  try {
    const id = async (email: string) => (await prisma.person.findUniqueOrThrow({ where: { workEmail: email }, select: { id: true } })).id;
    const reporterId = await id("alys.penhallow@northshire.police.invalid");
    const suspectId = await id("kieran.duxbury@northshire.police.invalid");
    const form = IntakeFormSchema.parse({
      reporting: "received",
      suspectKind: "directory",
      suspectPersonId: suspectId,
      victimKind: "public",
      victimName: "Bench Fictional-Person",
      childrenInvolved: "yes",
      immediateDanger: "no",
      account: "Fictional benchmark account.",
      receivedHow: "IN_PERSON",
      receivedAt: "2026-11-20T10:30",
    });
    const noConnection = DeclarationFormSchema.parse({ hasConnection: "no" });
    const timing = (): ChainTiming => ({ now: new Date(), windows: { supervisingOfficer: 60, others: 240 }, employerUpdateDays: 28 });

    // Each report: the case is created (untimed), then its chain is computed and written again, timed: the
    // supervising officer's step, and everyone else's (on alternate reports, inside the supervising officer's
    // acknowledgement, which also records their declaration and grants their access).
    const chainMs: number[] = [];
    const withAcknowledgementMs: number[] = [];
    let steps = 0;
    for (let i = 0; i < 2 * options.reports + 10; i++) {
      const created = await prisma.$transaction((tx) => createPoliceSuspectCase(tx, { reporterId, form, timing: timing() }));
      const record = await prisma.policeSuspectCase.findUniqueOrThrow({ where: { id: created.id }, select: CASE_FOR_CHAIN_SELECT });
      const before = await prisma.referralStep.count({ where: { caseId: created.id } });
      const acknowledged = i % 2 === 1;
      const started = performance.now();
      await prisma.$transaction(async (tx) => {
        const [supervisorStep] = await startReferralChain(tx, created.id, timing());
        if (acknowledged) await acknowledgeStep(tx, supervisorStep!.id, supervisorStep!.recipientPersonId!, noConnection, timing());
        else await passToEveryone(tx, record, supervisorStep!.recipientPersonId!, timing());
      });
      const elapsed = performance.now() - started;
      const stepCount = (await prisma.referralStep.count({ where: { caseId: created.id } })) - before;
      if (i < 10) continue; // the first ten warm the process up
      (acknowledged ? withAcknowledgementMs : chainMs).push(elapsed);
      steps = stepCount;
    }
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
