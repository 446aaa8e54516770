// Database set-up for the benchmark: a throwaway PostgreSQL database, the demo organisation, 10,000 generated
// people and a valid hash-chained audit trail of any length, inserted in bulk with plain `pg`.
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { auditRowTag, DEMO_AUDIT_KEY, deriveAuditKeys } from "../../app/utils/audit-key.server.ts";
import { auditContentHash, canonicalJson, type AuditContent } from "../../app/utils/audit.server.ts";

/** The key the benchmark's server keys its audit rows with (the bench build falls back to the demo key), and so the generator too. */
export const BENCH_AUDIT_KEYS = deriveAuditKeys(process.env.AUDIT_HMAC_KEY || DEMO_AUDIT_KEY);

let checkpointDir: string | undefined;
/** One checkpoint directory per benchmark process, shared by its server and its in-process verification. */
export function benchCheckpointDir(): string {
  checkpointDir ??= mkdtempSync(join(tmpdir(), "portal-bench-checkpoints-"));
  return checkpointDir;
}

export interface BenchDatabase {
  url: string;
  /** Drops the database if the benchmark created it. */
  drop: () => Promise<void>;
  created: boolean;
}

/** Uses BENCH_DATABASE_URL as it is, or creates `portal_bench_<timestamp>_<pid>[_<suffix>]` on the local server. */
export async function createBenchDatabase(explicitUrl: string | undefined, suffix?: string): Promise<BenchDatabase> {
  if (explicitUrl) return { url: explicitUrl, created: false, drop: async () => {} };
  const adminUrl = process.env.BENCH_ADMIN_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const name = `portal_bench_${new Date()
    .toISOString()
    .replace(/[-:TZ.]/g, "")
    .slice(0, 14)}_${process.pid}${suffix ? `_${suffix}` : ""}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    created: true,
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

export async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/**
 * Adds `count` fictional people to the home force in one INSERT … SELECT generate_series: "Bench Person 00042",
 * bench.person.00042@bench.police.invalid, spread over the seeded units, constables and sergeants.
 */
export async function insertBenchPeople(url: string, count: number): Promise<number> {
  return withClient(url, async (client) => {
    const result = await client.query(
      `WITH home AS (SELECT "id" FROM "force" WHERE "isHome" LIMIT 1),
            units AS (SELECT array_agg("id" ORDER BY "name") AS ids FROM "unit" WHERE "forceId" = (SELECT "id" FROM home))
       INSERT INTO "person" ("id", "forceId", "unitId", "firstName", "lastName", "workEmail", "employeeType", "rank",
                             "level", "collarNumber", "active", "createdAt", "updatedAt")
       SELECT gen_random_uuid(), (SELECT "id" FROM home),
              (SELECT ids[1 + (n % cardinality(ids))] FROM units),
              'Bench', 'Person ' || lpad(n::text, 5, '0'),
              'bench.person.' || lpad(n::text, 5, '0') || '@bench.police.invalid',
              'OFFICER'::"employee_type",
              (CASE WHEN n % 10 = 0 THEN 'SERGEANT' ELSE 'CONSTABLE' END)::"rank",
              CASE WHEN n % 10 = 0 THEN 2 ELSE 1 END,
              'B' || lpad(n::text, 5, '0'), true, now(), now()
       FROM generate_series(1, $1::int) AS n`,
      [count],
    );
    return result.rowCount ?? 0;
  });
}

const ACTIONS = [
  { action: "access.list", subjectType: "Person", outcome: "ALLOWED", withSubject: false },
  { action: "access.read", subjectType: "Person", outcome: "ALLOWED", withSubject: true },
  { action: "access.read", subjectType: "Person", outcome: "REFUSED", withSubject: true, reason: "outside access scope" },
  { action: "auth.sign_in", subjectType: "Person", outcome: "SUCCESS", withSubject: true },
  { action: "person.update_own_details", subjectType: "Person", outcome: "SUCCESS", withSubject: true },
  { action: "access.list", subjectType: "Unit", outcome: "ALLOWED", withSubject: false },
] as const;

const USER_AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
];

export interface AuditFillResult {
  inserted: number;
  totalRows: number;
  seconds: number;
}

/**
 * Adds generated audit rows until the trail holds `targetRows` rows, in batches of `batchSize`: one
 * `INSERT … SELECT FROM unnest(…)` per batch with the content hash and keyed tag computed by the portal's own functions.
 * The database seals each row into the hash chain at COMMIT (the deferred trigger of the first migration), exactly
 * as it does for the portal's own writes, so the chain is valid by construction and a running server can keep
 * writing meanwhile.
 */
export async function fillAuditTrail(
  url: string,
  targetRows: number,
  options: { batchSize?: number; onProgress?: (rows: number) => void } = {},
): Promise<AuditFillResult> {
  const batchSize = options.batchSize ?? 5_000;
  const started = performance.now();
  return withClient(url, async (client) => {
    let people = (await client.query<{ id: string }>(`SELECT "id"::text AS "id" FROM "person" ORDER BY "workEmail" LIMIT 2000`)).rows.map((row) => row.id);
    // An empty organisation (experiments): made-up actors; actorId has no foreign key.
    if (people.length === 0) people = Array.from({ length: 100 }, () => randomUUID());
    let inserted = 0;
    let total = Number((await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM "audit_event"`)).rows[0]!.n);
    // Bounded: at most the rows still missing, one batch at a time.
    const maxBatches = Math.ceil(Math.max(0, targetRows - total) / batchSize) + 1;
    for (let batch = 0; batch < maxBatches && total < targetRows; batch++) {
      const size = Math.min(batchSize, targetRows - total);
      const columns: (string | null)[][] = Array.from({ length: 13 }, () => new Array<string | null>(size));
      const baseMs = Date.now();
      for (let i = 0; i < size; i++) {
        const n = total + i + 1;
        const kind = ACTIONS[n % ACTIONS.length]!;
        const content: AuditContent = {
          occurredAt: new Date(baseMs + Math.floor(i / 8)),
          actorId: people[n % people.length]!,
          action: kind.action,
          subjectType: kind.subjectType,
          subjectId: kind.withSubject ? (kind.subjectType === "Person" ? people[(n * 7) % people.length]! : randomUUID()) : null,
          outcome: kind.outcome,
          reason: "reason" in kind ? kind.reason : null,
          ipAddress: `10.20.${n % 200}.${(n % 250) + 1}`,
          userAgent: USER_AGENTS[n % 2]!,
          details:
            kind.action === "access.list"
              ? canonicalJson({ count: 50, page: 1 })
              : kind.action === "auth.sign_in"
                ? canonicalJson({ method: "password" })
                : null,
        };
        const values = [
          content.occurredAt.toISOString(),
          content.actorId,
          content.action,
          content.subjectType,
          content.subjectId,
          content.outcome,
          content.reason,
          content.ipAddress,
          content.userAgent,
          content.details,
        ];
        const contentHash = auditContentHash(content);
        const nonce = randomUUID();
        values.push(contentHash, nonce, auditRowTag(BENCH_AUDIT_KEYS, nonce, contentHash));
        for (let c = 0; c < 13; c++) columns[c]![i] = values[c]!;
      }
      await client.query("BEGIN");
      try {
        await client.query(
          `INSERT INTO "audit_event" ("occurredAt", "actorId", "action", "subjectType", "subjectId", "outcome", "reason",
                                      "ipAddress", "userAgent", "details", "contentHash", "tagNonce", "tag")
           SELECT * FROM unnest($1::timestamp(3)[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                                $8::text[], $9::text[], $10::text[], $11::text[], $12::uuid[], $13::text[])`,
          columns,
        );
        await client.query("COMMIT"); // the seal trigger runs here
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      }
      inserted += size;
      total += size;
      options.onProgress?.(total);
    }
    return { inserted, totalRows: total, seconds: (performance.now() - started) / 1000 };
  });
}

/** After a bulk load: fresh statistics and a clean visibility map, and no checkpoint due during the measurement. */
export async function settle(url: string): Promise<void> {
  await withClient(url, async (client) => {
    await client.query(`VACUUM (ANALYZE) "audit_event"`);
    await client.query(`VACUUM (ANALYZE) "audit_seal"`);
    await client.query(`VACUUM (ANALYZE) "person"`);
    await client.query(`ANALYZE`);
    await client.query(`CHECKPOINT`).catch(() => {}); // needs superuser or pg_checkpoint; optional
  });
}

export async function countRows(url: string, table: string): Promise<number> {
  return withClient(url, async (client) => Number((await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM "${table}"`)).rows[0]!.n));
}

export async function postgresVersion(url: string): Promise<string> {
  return withClient(url, async (client) => (await client.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0]!.v);
}

/** Statement counts from pg_stat_database for the benchmark database (transactions committed, tuples returned…). */
export async function databaseStats(url: string): Promise<{ xactCommit: number; tupReturned: number; tupFetched: number; tupInserted: number }> {
  return withClient(url, async (client) => {
    const row = (
      await client.query<{ xact_commit: string; tup_returned: string; tup_fetched: string; tup_inserted: string }>(
        `SELECT xact_commit::text, tup_returned::text, tup_fetched::text, tup_inserted::text FROM pg_stat_database WHERE datname = current_database()`,
      )
    ).rows[0]!;
    return {
      xactCommit: Number(row.xact_commit),
      tupReturned: Number(row.tup_returned),
      tupFetched: Number(row.tup_fetched),
      tupInserted: Number(row.tup_inserted),
    };
  });
}

export interface SessionSample {
  samples: number;
  /** Mean number of the server's connections waiting for the audit chain's advisory lock. */
  meanLockWaiting: number;
  maxLockWaiting: number;
  /** Mean number of the server's connections inside a transaction but waiting for Node to send the next statement. */
  meanIdleInTransaction: number;
  /** Mean number of the server's connections running a statement. */
  meanActive: number;
}

/**
 * Samples pg_stat_activity of the benchmark database every `intervalMs` until stopped: how many of the server's
 * connections wait for the audit chain's lock, run a statement, or sit in an open transaction waiting for Node.
 */
export function sampleSessions(url: string, intervalMs = 100): { stop: () => Promise<SessionSample> } {
  const client = new pg.Client({ connectionString: url });
  let stopped = false;
  const totals = { samples: 0, waiting: 0, maxWaiting: 0, idleInTx: 0, active: 0 };
  const loop = (async () => {
    await client.connect();
    // Bounded by the run it watches: stop() ends it; 10 minutes at most in any case.
    const deadline = Date.now() + 600_000;
    while (!stopped && Date.now() < deadline) {
      const row = (
        await client.query<{ waiting: number; idle_tx: number; active: number }>(
          `SELECT count(*) FILTER (WHERE wait_event_type = 'Lock' AND wait_event = 'advisory')::int AS waiting,
                  count(*) FILTER (WHERE state = 'idle in transaction')::int AS idle_tx,
                  count(*) FILTER (WHERE state = 'active' AND NOT (wait_event_type = 'Lock' AND wait_event = 'advisory'))::int AS active
           FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
        )
      ).rows[0]!;
      totals.samples++;
      totals.waiting += row.waiting;
      totals.maxWaiting = Math.max(totals.maxWaiting, row.waiting);
      totals.idleInTx += row.idle_tx;
      totals.active += row.active;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop.catch(() => {});
      await client.end().catch(() => {});
      const n = Math.max(totals.samples, 1);
      return {
        samples: totals.samples,
        meanLockWaiting: totals.waiting / n,
        maxLockWaiting: totals.maxWaiting,
        meanIdleInTransaction: totals.idleInTx / n,
        meanActive: totals.active / n,
      };
    },
  };
}
