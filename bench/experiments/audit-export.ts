// npx tsx bench/experiments/audit-export.ts [rows]: how long the auditor's export of the whole trail takes to build
// (app/models/audit-export.server.ts, in one transaction with its audit row) and to verify offline
// (scripts/verify-audit-export.mjs), on a fresh PostgreSQL database with a generated keyed trail and a checkpoint.
import { openDatabase } from "../../app/db.server.ts";
import { exportAuditTrail } from "../../app/models/audit-export.server.ts";
import { applyMigrations } from "../../scripts/db/migrator.ts";
import { verifyAuditExport } from "../../scripts/verify-audit-export.mjs";
import { contextForPerson } from "../../tests/support/people.ts";
import { makePerson } from "../../tests/support/factories.ts";
import { benchCheckpointDir, createBenchDatabase, fillAuditTrail } from "../lib/db.ts";
import { timeAuditCheckpoint } from "../lib/inprocess.ts";
import { loadAverage } from "../lib/setup.ts";

const rows = Number(process.argv[2] ?? 100_000);
const database = await createBenchDatabase(process.env.BENCH_DATABASE_URL);
try {
  await applyMigrations({ databaseUrl: database.url });
  await fillAuditTrail(database.url, rows);
  console.log(`checkpoint: ${(await timeAuditCheckpoint(database.url)).outcome}; load average ${loadAverage()}`);
  const { prisma, close } = openDatabase({ kind: "postgres", url: database.url });
  try {
    const auditor = await makePerson(prisma, { firstName: "Auditor", roles: ["AUDITOR"] });
    const context = await contextForPerson(prisma, auditor.id);
    for (let round = 1; round <= 2; round++) {
      let started = performance.now();
      const exported = await exportAuditTrail(context, {}, { checkpointDir: benchCheckpointDir() });
      const built = (performance.now() - started) / 1000;
      started = performance.now();
      const report = verifyAuditExport(exported.body, {
        key: process.env.AUDIT_HMAC_KEY || "DEMO-ONLY audit key of the fictional Northshire Constabulary: not a secret",
      });
      const verified = (performance.now() - started) / 1000;
      console.log(
        `round ${round}: ${exported.entries.toLocaleString("en-GB")} entries, ${(exported.body.length / 1e6).toFixed(1)} MB; built in ${built.toFixed(2)} s ` +
          `(${Math.round(exported.entries / built).toLocaleString("en-GB")} rows/s); verified offline with the key in ${verified.toFixed(2)} s ` +
          `(${Math.round(exported.entries / verified).toLocaleString("en-GB")} rows/s): ${report.ok ? "intact" : `BROKEN ${JSON.stringify(report.problem)}`}`,
      );
    }
  } finally {
    await close();
  }
} finally {
  await database.drop();
}
