// Counts within a fixed window, kept in the database so that every server process sees the same count (ADR 027).
// A hit is one statement, an upsert that increments or starts a new window, so two processes counting the same key
// at once never lose a hit.
import type { DbTx } from "~/db.server";

export interface WindowedCount {
  hits: number;
  resetAt: Date;
}

/** Counts one hit on `key` in a window of `windowMs` that began at its first hit; a window past its end starts again. */
export async function countHit(tx: DbTx, key: string, windowMs: number, now = new Date()): Promise<WindowedCount> {
  const at = BigInt(now.getTime());
  const rows = await tx.$queryRaw<{ hits: number; resetAt: bigint }[]>`
    INSERT INTO windowed_counter (key, hits, "resetAt") VALUES (${key}, 1, ${at + BigInt(windowMs)})
    ON CONFLICT (key) DO UPDATE SET
      hits = CASE WHEN windowed_counter."resetAt" <= ${at} THEN 1 ELSE windowed_counter.hits + 1 END,
      "resetAt" = CASE WHEN windowed_counter."resetAt" <= ${at} THEN EXCLUDED."resetAt" ELSE windowed_counter."resetAt" END
    RETURNING hits, "resetAt"`;
  const row = rows[0]!;
  return { hits: Number(row.hits), resetAt: new Date(Number(row.resetAt)) };
}

/** The hits on each key within its window at `now` (0 for a key never counted or whose window has ended). */
export async function readHits(tx: DbTx, keys: string[], now = new Date()): Promise<Map<string, WindowedCount>> {
  const rows = await tx.windowedCounter.findMany({ where: { key: { in: keys }, resetAt: { gt: BigInt(now.getTime()) } } });
  return new Map(rows.map((row) => [row.key, { hits: row.hits, resetAt: new Date(Number(row.resetAt)) }]));
}

/** Takes back one hit (express-rate-limit's `skipFailedRequests` and the like). */
export async function uncountHit(tx: DbTx, key: string): Promise<void> {
  await tx.windowedCounter.updateMany({ where: { key, hits: { gt: 0 } }, data: { hits: { decrement: 1 } } });
}

/** Forgets the given keys, or every key starting with `prefix`. */
export async function forgetCounts(tx: DbTx, which: { keys: string[] } | { prefix: string }): Promise<void> {
  await tx.windowedCounter.deleteMany({ where: "keys" in which ? { key: { in: which.keys } } : { key: { startsWith: which.prefix } } });
}

/** Deletes the counts whose window has ended (run on a timer: they answer as 0 anyway). */
export async function purgeEndedWindows(tx: DbTx, now = new Date()): Promise<number> {
  const { count } = await tx.windowedCounter.deleteMany({ where: { resetAt: { lte: BigInt(now.getTime()) } } });
  return count;
}
