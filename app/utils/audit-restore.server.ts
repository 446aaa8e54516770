// After a restore from a backup older than the newest checkpoint, the trail ends before entries a checkpoint anchored:
// audit:verify names them, and the checkpoint scheduler refuses to sign a chain that fails its check. Once the loss is
// known and reported, an operator accepts it: the checkpoints beyond the restored trail are moved (never deleted) into a
// sub-folder, and the trail itself records what was lost, so the chain can be anchored again and the loss stays on record.
import { mkdir, rename } from "node:fs/promises";
import { basename, join } from "node:path";
import type { Db } from "~/db.server";
import { appendAudit } from "~/utils/audit.server";
import { readCheckpoints, verifyAuditTrail } from "~/utils/audit-checkpoint.server";
import { auditKeys, type AuditKeys } from "~/utils/audit-key.server";

export type AcceptLossResult =
  | { outcome: "nothing-lost" }
  | { outcome: "refused"; message: string }
  | { outcome: "accepted"; lostFrom: bigint; lostTo: bigint; checkpointAt: string; movedTo: string; moved: number };

export async function acceptRestoredTrail(db: Db, options: { dir: string; keys?: AuditKeys; now?: Date }): Promise<AcceptLossResult> {
  const keys = options.keys ?? auditKeys();
  const report = await verifyAuditTrail(db, { dir: options.dir, keys });
  if (report.ok) return { outcome: "nothing-lost" };
  const [head] = await db.$queryRaw<{ seq: bigint | null }[]>`SELECT max("seq") AS "seq" FROM "audit_seal"`;
  const headSeq = head?.seq == null ? 0n : BigInt(head.seq);
  const { valid } = await readCheckpoints(options.dir, keys);
  const beyond = valid.filter((checkpoint) => checkpoint.seq > headSeq).sort((a, b) => (a.seq < b.seq ? -1 : 1));
  // Only a trail that ends early is a restore's loss; anything else (a row altered, a forged checkpoint) is not accepted.
  if (report.problem!.kind !== "removed" || report.problem!.seq !== headSeq + 1n || beyond.length === 0) {
    return { outcome: "refused", message: `the trail is not just cut short at its end: ${report.problem!.message}` };
  }
  const newest = beyond[beyond.length - 1]!;
  const stamp = (options.now ?? new Date())
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");
  const movedTo = join(options.dir, `superseded-by-restore-${stamp}`);
  await mkdir(movedTo, { recursive: true });
  for (const checkpoint of beyond) await rename(checkpoint.file, join(movedTo, basename(checkpoint.file)));
  const lost = { lostFrom: headSeq + 1n, lostTo: newest.seq, checkpointAt: newest.at };
  await db.$transaction((tx) =>
    appendAudit(
      tx,
      {
        action: "audit.restore-accepted",
        outcome: "SUCCESS",
        reason: `restored from a backup: entries ${lost.lostFrom} to ${lost.lostTo} anchored by the checkpoint of ${lost.checkpointAt} are lost`,
        details: { lostFrom: lost.lostFrom.toString(), lostTo: lost.lostTo.toString(), checkpointAt: lost.checkpointAt, checkpointsMoved: beyond.length },
      },
      keys,
    ),
  );
  return { outcome: "accepted", ...lost, movedTo, moved: beyond.length };
}
