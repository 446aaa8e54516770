// npm run audit:checkpoint: checks the audit trail since the latest checkpoint, then anchors its head outside the
// database: a signed file in AUDIT_CHECKPOINT_DIR and a mail to the home force's PSD mailbox (position, hashes, time;
// nothing the trail records). The server does the same every AUDIT_CHECKPOINT_MINUTES. Exit code 0 when a checkpoint
// was written (or the head is already anchored), 1 when the chain is broken and nothing was signed, 2 on any other failure.
import { loadDatabaseConfig } from "../app/config/database";
import { openDatabase } from "../app/db.server";
import { resolveCheckpointDir, createAuditCheckpoint } from "../app/utils/audit-checkpoint.server";
import { resolveAuditKeys } from "../app/utils/audit-key.server";
import { buildFlavour } from "../app/config/build-flavour";

const database = openDatabase(loadDatabaseConfig(process.env));
try {
  // Without AUDIT_HMAC_KEY this is the demo's trail (a deployment's server refuses to run without one): its key and directory.
  const flavour = process.env.AUDIT_HMAC_KEY ? buildFlavour : "demo";
  const keys = resolveAuditKeys(flavour, process.env);
  if (keys.demo) console.log("AUDIT_HMAC_KEY is not set: signing with the public demo key.");
  const result = await createAuditCheckpoint(database.prisma, { dir: resolveCheckpointDir(flavour, process.env), keys });
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
