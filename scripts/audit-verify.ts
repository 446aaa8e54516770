// npm run audit:verify: checks the audit trail's hash chain against the key (AUDIT_HMAC_KEY) and every signed checkpoint
// in AUDIT_CHECKPOINT_DIR, and names the first bad position. `-- --every-tag` recomputes every row's keyed tag, not only
// those after the latest intact checkpoint. Exit code 0 when the chain is intact, 1 when it is not, 2 when the check
// itself failed. `-- --file export.jsonl` checks an auditor's export offline instead (scripts/verify-audit-export.mjs).
import { loadDatabaseConfig } from "../app/config/database";
import { openDatabase } from "../app/db.server";
import { resolveCheckpointDir, verifyAuditTrail } from "../app/utils/audit-checkpoint.server";
import { resolveAuditKeys } from "../app/utils/audit-key.server";
import { buildFlavour } from "../app/config/build-flavour";
import { checkExportFile } from "./verify-audit-export.mjs";

async function verifyDatabase(): Promise<void> {
  const database = openDatabase(loadDatabaseConfig(process.env));
  try {
    // Without AUDIT_HMAC_KEY this is the demo's trail (a deployment's server refuses to run without one): its key and directory.
    const flavour = process.env.AUDIT_HMAC_KEY ? buildFlavour : "demo";
    const keys = resolveAuditKeys(flavour, process.env);
    if (keys.demo) console.log("AUDIT_HMAC_KEY is not set: checking with the public demo key.");
    const dir = resolveCheckpointDir(flavour, process.env);
    // Opened before the clock starts (PGlite takes seconds to start), so the rate printed is the check's own.
    await database.prisma.$queryRaw`SELECT 1`;
    const started = performance.now();
    const report = await verifyAuditTrail(database.prisma, { dir, keys, everyTag: process.argv.includes("--every-tag") });
    const seconds = (performance.now() - started) / 1000;
    const rate = Math.round(report.rowsChecked / Math.max(seconds, 1e-9));
    if (report.ok) {
      console.log(
        `Audit trail intact: ${report.rowsChecked} rows checked in ${seconds.toFixed(2)} s (${rate} rows/s), against ${report.checkpoints} signed checkpoints in ${dir}.`,
      );
      if (report.checkpoints === 0)
        console.log("There is no checkpoint yet: rows removed from the end of the trail cannot be noticed. Run npm run audit:checkpoint.");
    } else {
      console.error(`Audit trail BROKEN at position ${report.problem!.seq}: ${report.problem!.message}.`);
      console.error(`${report.rowsChecked} rows before it are intact.`);
      process.exitCode = 1;
    }
  } catch (error) {
    console.error(`Could not check the audit trail: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 2;
  } finally {
    await database.close();
  }
}

const exportFile = process.argv.indexOf("--file");
if (exportFile !== -1) process.exitCode = await checkExportFile(process.argv[exportFile + 1]);
else await verifyDatabase();
