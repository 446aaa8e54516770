// npm run audit:checkpoint: checks the audit trail since the latest checkpoint, then anchors its head outside the
// database: a signed file in AUDIT_CHECKPOINT_DIR and a mail to the home force's PSD mailbox (position, hashes, time;
// nothing the trail records). The server does the same every AUDIT_CHECKPOINT_MINUTES. Exit code 0 when a checkpoint
// was written (or the head is already anchored), 1 when the chain is broken and nothing was signed, 2 on any other failure.
import { loadDatabaseConfig } from "../app/config/database";
import { openDatabase } from "../app/db.server";
import { auditCheckpointDir, createAuditCheckpoint } from "../app/utils/audit-checkpoint.server";
import { auditKeys } from "../app/utils/audit-key.server";

const database = openDatabase(loadDatabaseConfig(process.env));
try {
  const keys = auditKeys();
  if (keys.demo) console.log("AUDIT_HMAC_KEY is not set: signing with the public demo key.");
  const result = await createAuditCheckpoint(database.prisma, { dir: auditCheckpointDir(), keys });
  if (result.outcome === "written")
    console.log(`Checkpoint at position ${result.checkpoint.seq} written to ${result.checkpoint.file} and queued for the PSD mailbox.`);
  else if (result.outcome === "unchanged") console.log(`Nothing new since the checkpoint at position ${result.checkpoint.seq}.`);
  else if (result.outcome === "empty") console.log("The audit trail is empty: nothing to anchor.");
  else {
    console.error(`Audit trail BROKEN at position ${result.problem.seq}: ${result.problem.message}. No checkpoint was written.`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`Could not checkpoint the audit trail: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 2;
} finally {
  await database.close();
}
