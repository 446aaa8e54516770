// npm run restore -- <file> [--replace]: loads a backup made by npm run backup into the embedded database (PGLITE_DIR),
// then checks the audit trail as audit:verify does and names what was lost since the backup. Refused while the portal or
// a script has the database open; a database already there is replaced only with --replace, and is moved aside, not
// deleted. Exit code 0 when the restored trail is intact, 1 when it lost entries a checkpoint anchored, 2 on failure.
import { buildFlavour } from "../app/config/build-flavour";
import { loadDatabaseConfig } from "../app/config/database";
import { openDatabase } from "../app/db.server";
import { resolveCheckpointDir, verifyAuditTrail } from "../app/utils/audit-checkpoint.server";
import { resolveAuditKeys } from "../app/utils/audit-key.server";
import { restoreEmbeddedDatabase } from "./db/backup";

const config = loadDatabaseConfig(process.env);
const file = process.argv.slice(2).find((argument) => !argument.startsWith("--"));
if (config.kind === "postgres") {
  console.error("DATABASE_URL is set: restore PostgreSQL with pg_restore, as docs/operations/backup-and-restore.md describes, then run npm run audit:verify.");
  process.exit(2);
}
if (!file) {
  console.error("Name the backup to restore: npm run restore -- backups/portal-pglite-<time>.tar.gz [--replace]");
  process.exit(2);
}
try {
  const restored = await restoreEmbeddedDatabase({ dataDir: config.dataDir, file, replace: process.argv.includes("--replace") });
  if (restored.previousMovedTo) console.log(`The database that was in ${restored.dataDir} was moved to ${restored.previousMovedTo}.`);
  console.log(`Restored ${file} into ${restored.dataDir}: its audit trail ends at entry ${restored.auditHead}.`);
  const flavour = process.env.AUDIT_HMAC_KEY ? buildFlavour : "demo";
  const dir = resolveCheckpointDir(flavour, process.env);
  const database = openDatabase(config);
  try {
    const report = await verifyAuditTrail(database.prisma, { dir, keys: resolveAuditKeys(flavour, process.env) });
    if (report.ok) {
      console.log(`Audit trail intact: ${report.rowsChecked} rows checked against ${report.checkpoints} signed checkpoints in ${dir}.`);
    } else {
      console.error(`Audit trail after the restore: ${report.problem!.message}.`);
      if (report.problem!.kind === "removed")
        console.error("Report this loss, then run npm run audit:accept-restore before starting the portal (docs/operations/backup-and-restore.md).");
      process.exitCode = 1;
    }
  } finally {
    await database.close();
  }
} catch (error) {
  console.error(`The restore failed: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 2;
}
