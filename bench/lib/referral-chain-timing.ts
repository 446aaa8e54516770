// Issue 4's chain measurement, shared by bench/lib/referrals.ts (npm run bench, bench/referrals.ts) and
// bench/lib/referral-side.ts (the side by side of bench/experiments/in-process-sides.ts, which copies this file into an
// older revision's worktree: it may use only what both revisions have).
//
// Each report: the case is created (untimed), then its chain is computed and written again, timed, in one
// transaction: the supervising officer's step, and everyone else's (on alternate reports, inside the supervising
// officer's acknowledgement, which also records their declaration and grants their access).
import { performance } from "node:perf_hooks";
import type { PrismaClient } from "../../app/generated/prisma/client.ts";
import { DeclarationFormSchema } from "../../app/models/cases/declarations.server.ts";
import { createPoliceSuspectCase, IntakeFormSchema } from "../../app/models/cases/case.server.ts";
import { acknowledgeStep, passToEveryone, startReferralChain, type ChainTiming } from "../../app/models/referrals/chain.server.ts";
import { CASE_FOR_CHAIN_SELECT } from "../../app/models/referrals/facts.server.ts";
import { withClient } from "./db.ts";

/** Tops the organisation up to `total` people, with the ranks of a real force (about 5 % inspector or above). */
export async function growOrganisation(url: string, total: number): Promise<number> {
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

export const CHAIN_REPORTER_EMAIL = "alys.penhallow@northshire.police.invalid";
const SUSPECT_EMAIL = "kieran.duxbury@northshire.police.invalid";

export function chainTiming(): ChainTiming {
  return { now: new Date(), windows: { supervisingOfficer: 60, others: 240 }, employerUpdateDays: 28 };
}

export interface ChainTimes {
  /** Computing the chain and writing its steps: the supervising officer's step, then everyone else's (ms). */
  chainMs: number[];
  /** The same with the supervising officer's acknowledgement around stage 2 (declaration, access grant, history). */
  withAcknowledgementMs: number[];
  /** CPU of this process per report, in ms, over both kinds. */
  cpuMsPerReport: number;
  stepsPerReport: number;
}

/** Times `reports` reports of each kind (after ten to warm up), in the order they were made. */
export async function timeReferralChains(prisma: PrismaClient, reports: number): Promise<ChainTimes> {
  const id = async (email: string) => (await prisma.person.findUniqueOrThrow({ where: { workEmail: email }, select: { id: true } })).id;
  const reporterId = await id(CHAIN_REPORTER_EMAIL);
  const form = IntakeFormSchema.parse({
    reporting: "received",
    suspectKind: "directory",
    suspectPersonId: await id(SUSPECT_EMAIL),
    victimKind: "public",
    victimName: "Bench Fictional-Person",
    childrenInvolved: "yes",
    immediateDanger: "no",
    account: "Fictional benchmark account.",
    receivedHow: "IN_PERSON",
    receivedAt: "2026-11-20T10:30",
  });
  const noConnection = DeclarationFormSchema.parse({ hasConnection: "no" });
  const times: ChainTimes = { chainMs: [], withAcknowledgementMs: [], cpuMsPerReport: 0, stepsPerReport: 0 };
  let cpuMs = 0;
  for (let i = 0; i < 2 * reports + 10; i++) {
    const created = await prisma.$transaction((tx) => createPoliceSuspectCase(tx, { reporterId, form, timing: chainTiming() }));
    const record = await prisma.policeSuspectCase.findUniqueOrThrow({ where: { id: created.id }, select: CASE_FOR_CHAIN_SELECT });
    const before = await prisma.referralStep.count({ where: { caseId: created.id } });
    const acknowledged = i % 2 === 1;
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    await prisma.$transaction(async (tx) => {
      const [supervisorStep] = await startReferralChain(tx, created.id, chainTiming());
      if (acknowledged) await acknowledgeStep(tx, supervisorStep!.id, supervisorStep!.recipientPersonId!, noConnection, chainTiming());
      else await passToEveryone(tx, record, supervisorStep!.recipientPersonId!, chainTiming());
    });
    const elapsed = performance.now() - started;
    const used = process.cpuUsage(cpuStart);
    const stepCount = (await prisma.referralStep.count({ where: { caseId: created.id } })) - before;
    if (i < 10) continue; // the first ten warm the process up
    cpuMs += (used.user + used.system) / 1000;
    (acknowledged ? times.withAcknowledgementMs : times.chainMs).push(elapsed);
    times.stepsPerReport = stepCount;
  }
  times.cpuMsPerReport = cpuMs / (2 * reports);
  return times;
}
