// npm run audit:verify: walks the audit trail's hash chain and reports the first row that was altered, removed or
// inserted out of order. Exit code 0 when the chain is intact, 1 when it is not, 2 when the check itself failed.
import { loadDatabaseConfig } from "../app/config/database";
import { openDatabase } from "../app/db.server";
import { verifyAuditChain } from "../app/utils/audit-verify.server";

const database = openDatabase(loadDatabaseConfig(process.env));
try {
  const started = performance.now();
  const report = await verifyAuditChain(database.prisma);
  const seconds = (performance.now() - started) / 1000;
  const rate = Math.round(report.rowsChecked / Math.max(seconds, 1e-9));
  if (report.ok) {
    console.log(`Audit trail intact: ${report.rowsChecked} rows checked in ${seconds.toFixed(2)} s (${rate} rows/s).`);
  } else {
    console.error(`Audit trail BROKEN: ${report.problem!.message}.`);
    console.error(`${report.rowsChecked} rows before it are intact.`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`Could not check the audit trail: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 2;
} finally {
  await database.close();
}
