// express-rate-limit's counts kept in the portal's database (the windowed counters, ADR 027), so that every server
// process (WEB_CONCURRENCY) shares one count per client: a limit held in each process's memory would let a client
// send the limit to each process in turn.
import type { ClientRateLimitInfo, Options, Store } from "express-rate-limit";
import type { DbTx } from "../app/db.server";
import { countHit, forgetCounts, purgeEndedWindows, readHits, uncountHit } from "../app/utils/windowed-counter.server";

export class DatabaseRateLimitStore implements Store {
  readonly localKeys = false;
  readonly prefix: string;
  private windowMs = 60_000;
  private purgeTimer: NodeJS.Timeout | undefined;

  private readonly onPurgeError: (error: unknown) => void;

  constructor(
    private readonly db: DbTx,
    options: { prefix: string; onPurgeError?: (error: unknown) => void },
  ) {
    this.prefix = options.prefix;
    this.onPurgeError = options.onPurgeError ?? (() => {});
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
    // Ended windows answer as nothing anyway; this only keeps the table small (the sign-in failure counts too).
    this.purgeTimer = setInterval(() => void purgeEndedWindows(this.db).catch(this.onPurgeError), this.windowMs);
    this.purgeTimer.unref();
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const count = (await readHits(this.db, [this.prefix + key])).get(this.prefix + key);
    return count ? { totalHits: count.hits, resetTime: count.resetAt } : undefined;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const count = await countHit(this.db, this.prefix + key, this.windowMs);
    return { totalHits: count.hits, resetTime: count.resetAt };
  }

  decrement(key: string): Promise<void> {
    return uncountHit(this.db, this.prefix + key);
  }

  resetKey(key: string): Promise<void> {
    return forgetCounts(this.db, { keys: [this.prefix + key] });
  }

  shutdown(): void {
    clearInterval(this.purgeTimer);
  }
}
