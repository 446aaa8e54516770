// `npm run bench -- --only=audit-verify [--audit-rows=300000] [--rounds=2]`: the audit:verify case on its own, next to
// the machine's yardstick, without building or starting the portal. A fresh database (or BENCH_DATABASE_URL) is
// filled with a generated keyed trail, checkpointed at its head as the server would have done, then verified
// `rounds` times each: as `npm run audit:verify` does (screen, checkpoints, tags after the latest one) and with every
// tag recomputed (`-- --every-tag`). Prints the figures; docs/benchmarks.md is left as it is.
import { applyMigrations } from "../../scripts/db/migrator.ts";
import { rawNodeThroughput } from "./calibrate.ts";
import { waitForQuiet } from "./cpu.ts";
import { createBenchDatabase, fillAuditTrail, settle } from "./db.ts";
import { timeAuditCheckpoint, timeAuditVerify, type AuditVerifyTiming } from "./inprocess.ts";
import { loadAverage } from "./setup.ts";

export async function auditVerifyCase(options: { rows: number; rounds: number; port: number; log: (message: string) => void }): Promise<number> {
  const { log } = options;
  const database = await createBenchDatabase(process.env.BENCH_DATABASE_URL);
  try {
    await applyMigrations({ databaseUrl: database.url });
    const filled = await fillAuditTrail(database.url, options.rows);
    log(`audit trail: ${filled.totalRows.toLocaleString("en-GB")} rows (${filled.inserted} generated in ${filled.seconds.toFixed(1)} s)`);
    await settle(database.url);
    const checkpoint = await timeAuditCheckpoint(database.url);
    log(`checkpoint: ${checkpoint.outcome} at entry ${checkpoint.seq} (${checkpoint.seconds.toFixed(1)} s, not timed as verification)`);

    const quiet = await waitForQuiet(undefined, { threshold: 0.3, maxSeconds: 20 });
    const yardstick = await rawNodeThroughput(options.port + 1, 5);
    log(
      `yardstick: a raw Node http server answers ${Math.round(yardstick).toLocaleString("en-GB")} req/s (other processes used ${quiet.other.toFixed(2)} cores before it)`,
    );
    log(`load average ${loadAverage()}`);

    const line = (label: string, timing: AuditVerifyTiming) =>
      `${label}: ${timing.ok ? "intact" : `BROKEN (${timing.problem})`}, ${timing.rows.toLocaleString("en-GB")} rows in ${timing.seconds.toFixed(2)} s = ${Math.round(timing.rowsPerSecond).toLocaleString("en-GB")} rows/s (yardstick ${Math.round(yardstick).toLocaleString("en-GB")} req/s)`;
    let intact = true;
    for (let round = 1; round <= options.rounds; round++) {
      const verify = await timeAuditVerify(database.url);
      log(line(`round ${round}, audit:verify (checkpoint at the head)`, verify));
      const everyTag = await timeAuditVerify(database.url, { everyTag: true });
      log(line(`round ${round}, audit:verify --every-tag`, everyTag));
      intact &&= verify.ok && everyTag.ok;
    }
    log(`load average ${loadAverage()}`);
    return intact ? 0 : 1;
  } finally {
    if (database.created) await database.drop();
  }
}
