// npm run backup [-- <file>]: a compressed copy of the embedded database (PGLITE_DIR), by default to
// backups/portal-pglite-<time>.tar.gz. Refused while the portal or a script has the database open, and never over an
// existing file. With DATABASE_URL set, use pg_dump instead (docs/operations/backup-and-restore.md).
import { loadDatabaseConfig } from "../app/config/database";
import { backupEmbeddedDatabase, defaultBackupFile } from "./db/backup";

const config = loadDatabaseConfig(process.env);
const file = process.argv.slice(2).find((argument) => !argument.startsWith("--")) ?? defaultBackupFile();
if (config.kind === "postgres") {
  console.error("DATABASE_URL is set: back up PostgreSQL with pg_dump -Fc, as docs/operations/backup-and-restore.md describes.");
  process.exit(2);
}
try {
  const result = await backupEmbeddedDatabase({ dataDir: config.dataDir, file });
  console.log(`Backup written to ${result.file} (${Math.round(result.bytes / 1024)} KiB); it holds the audit trail up to entry ${result.auditHead}.`);
  console.log("Keep it with the same care as the database itself. The audit key and the checkpoint folder are not in it: keep them apart.");
} catch (error) {
  console.error(`No backup was written: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 2;
}
