// Experiment (not part of `npm run bench`): how fast is `npm run audit:verify` on the keyed chain (ADR 022), against
// the unkeyed check it replaced, on a generated trail in PostgreSQL?
//
//   npx tsx bench/experiments/keyed-verify.ts [rows, default 1000000] [--keep]
//
// Creates a throwaway database (or uses BENCH_DATABASE_URL, filled up to `rows` if short), then times, twice each:
//   unkeyed   the check before ADR 022, its queries verbatim (PostgreSQL's screen, and the search for unsealed rows);
//   checkpoint what the server does every AUDIT_CHECKPOINT_MINUTES, here over the whole trail (every tag recomputed);
//   verify    npm run audit:verify with the checkpoint at the head, then with 50,000 rows written after it;
//   every tag npm run audit:verify -- --every-tag.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../app/generated/prisma/client.ts";
import { createAuditCheckpoint, verifyAuditTrail } from "../../app/utils/audit-checkpoint.server.ts";
import { screenAuditChain } from "../../app/utils/audit-verify.server.ts";
import { applyMigrations } from "../../scripts/db/migrator.ts";
import { BENCH_AUDIT_KEYS, createBenchDatabase, fillAuditTrail, settle } from "../lib/db.ts";

// verifyAuditChain's screen before ADR 022 (commit f978333), for the baseline.
const UNKEYED_SCREEN = `
  SELECT (SELECT min(s."seq") FROM "audit_seal" s LEFT JOIN "audit_event" e ON e."id" = s."eventId"
           WHERE e."id" IS NULL OR encode(sha256(convert_to('[' || concat_ws(',',
    to_json(to_char(e."occurredAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text,
    coalesce(to_json(e."actorId"::text)::text, 'null'), to_json(e."action")::text,
    coalesce(to_json(e."subjectType")::text, 'null'), coalesce(to_json(e."subjectId")::text, 'null'),
    to_json(e."outcome")::text, coalesce(to_json(e."reason")::text, 'null'),
    coalesce(to_json(e."ipAddress")::text, 'null'), coalesce(to_json(e."userAgent")::text, 'null'),
    coalesce(to_json(e."details")::text, 'null')) || ']', 'UTF8')), 'hex') <> e."contentHash"
              OR s."hash" <> encode(sha256(convert_to(s."prevHash" || ':' || s."seq" || ':' || e."contentHash", 'UTF8')), 'hex')
         ) AS "firstBadRow",
         (SELECT min(s."seq") FROM "audit_seal" s LEFT JOIN "audit_seal" p ON p."seq" = s."seq" - 1
           WHERE (p."seq" IS NULL AND s."seq" <> 1) OR s."prevHash" <> coalesce(p."hash", repeat('0', 64))
         ) AS "firstBadLink",
         (SELECT count(*) FROM "audit_seal") AS "entries"`;

const rows = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 1_000_000);
const database = await createBenchDatabase(process.env.BENCH_DATABASE_URL);
const keys = BENCH_AUDIT_KEYS;
const dir = mkdtempSync(join(tmpdir(), "keyed-verify-"));
const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url, options: "-c jit=off" }) });

async function time<T>(label: string, run: () => Promise<T>, count: number | ((result: T) => number)): Promise<T> {
  let result: T | undefined;
  for (let round = 1; round <= 2; round++) {
    const started = performance.now();
    result = await run();
    const seconds = (performance.now() - started) / 1000;
    const n = typeof count === "number" ? count : count(result);
    console.log(`${label.padEnd(44)} round ${round}: ${seconds.toFixed(2)} s, ${Math.round(n / seconds).toLocaleString("en-GB")} rows/s`);
  }
  return result!;
}

try {
  await applyMigrations({ databaseUrl: database.url });
  const filled = await fillAuditTrail(database.url, rows);
  if (filled.inserted > 0) {
    console.log(`generated ${filled.inserted} rows in ${filled.seconds.toFixed(1)} s`);
    await settle(database.url);
  }
  const total = filled.totalRows;

  await time(
    "unkeyed (before ADR 022, its queries verbatim)",
    async () => {
      await prisma.$queryRawUnsafe(UNKEYED_SCREEN);
      await prisma.$queryRaw`SELECT e."id" FROM "audit_event" e WHERE NOT EXISTS (SELECT 1 FROM "audit_seal" s WHERE s."eventId" = e."id") ORDER BY e."id" LIMIT 1`;
    },
    total,
  );
  await time("screen alone, 1 range", () => screenAuditChain(prisma), total);
  const checkpoint = await createAuditCheckpoint(prisma, { dir, keys });
  console.log(`checkpoint over the whole trail: ${checkpoint.outcome}`);
  await time(
    "verify, checkpoint at the head",
    () => verifyAuditTrail(prisma, { dir, keys }),
    (report) => report.rowsChecked,
  );
  await fillAuditTrail(database.url, total + 50_000);
  await time(
    "verify, 50,000 rows after the checkpoint",
    () => verifyAuditTrail(prisma, { dir, keys }),
    (report) => report.rowsChecked,
  );
  await time(
    "verify --every-tag",
    () => verifyAuditTrail(prisma, { dir, keys, everyTag: true }),
    (report) => report.rowsChecked,
  );
  const report = await verifyAuditTrail(prisma, { dir, keys });
  console.log(report.ok ? `intact: ${report.rowsChecked} rows` : `BROKEN: ${report.problem?.message}`);
} finally {
  await prisma.$disconnect();
  if (!process.argv.includes("--keep")) await database.drop();
  else console.log(`kept ${database.url}`);
}
