// npm run audit:accept-restore: after a restore from a backup older than the newest audit checkpoint (restore or
// audit:verify named the lost entries), records the loss in the audit trail and moves the checkpoints beyond the restored
// trail into a sub-folder of AUDIT_CHECKPOINT_DIR, so the chain can be anchored again. Run it before starting the portal.
// Exit code 0 when the loss was recorded (or nothing was lost), 1 when the trail has another problem, 2 on failure.
import { buildFlavour } from "../app/config/build-flavour";
import { loadDatabaseConfig } from "../app/config/database";
import { openDatabase } from "../app/db.server";
import { resolveCheckpointDir } from "../app/utils/audit-checkpoint.server";
import { resolveAuditKeys } from "../app/utils/audit-key.server";
import { acceptRestoredTrail } from "../app/utils/audit-restore.server";

const database = openDatabase(loadDatabaseConfig(process.env));
try {
  const flavour = process.env.AUDIT_HMAC_KEY ? buildFlavour : "demo";
  const result = await acceptRestoredTrail(database.prisma, { dir: resolveCheckpointDir(flavour, process.env), keys: resolveAuditKeys(flavour, process.env) });
  if (result.outcome === "nothing-lost") console.log("The audit trail is intact: nothing to accept.");
  else if (result.outcome === "accepted")
    console.log(
      `Recorded in the audit trail: entries ${result.lostFrom} to ${result.lostTo} (anchored by the checkpoint of ${result.checkpointAt}) are lost. ` +
        `${result.moved} checkpoint file(s) moved to ${result.movedTo}.`,
    );
  else {
    console.error(`Not accepted: ${result.message}.`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`Could not record the restore: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 2;
} finally {
  await database.close();
}
