// Bulk reads with the database driver itself, for work that reads every row of a large table (audit:verify): rows
// come back as arrays of text, without Prisma's per-row mapping. Each reader has a connection of its own, so several
// can read ranges at once; on PGlite they share its one engine.
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { DbTx } from "~/db.server";

/** Where a Prisma client's database is, for opening bulk readers beside it. */
export type BulkSource = { kind: "postgres"; url: string } | { kind: "pglite"; pglite: PGlite };

export interface BulkReader {
  /** Runs one statement (parameters $1…) and returns its rows as arrays, every column as the text PostgreSQL sends. */
  rows(sql: string, values: readonly (string | number | null)[]): Promise<(string | null)[][]>;
  close(): Promise<void>;
}

const sources = new WeakMap<object, BulkSource>();

/** Records where `client`'s database is (openDatabase and the test harness do, for each client they create). */
export function registerBulkSource(client: object, source: BulkSource): void {
  sources.set(client, source);
}

// Every column as text: no parsing into numbers, dates or buffers, only what the caller asks for.
const asText = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

/**
 * A reader on `db`'s database: its own connection on PostgreSQL, the same engine on PGlite. A client that was not
 * registered (a transaction, a client built elsewhere) is read through Prisma's raw queries, more slowly.
 */
export async function openBulkReader(db: DbTx): Promise<BulkReader> {
  const source = sources.get(db);
  if (source?.kind === "postgres") {
    // No parallel workers: the callers split their work into ranges on readers of their own, one a core; workers on
    // top of that only add processes (and, for a join, each worker's share of a hash of the whole table).
    const client = new pg.Client({ connectionString: source.url, options: "-c jit=off -c max_parallel_workers_per_gather=0", types: asText });
    await client.connect();
    return {
      rows: async (sql, values) => (await client.query<(string | null)[]>({ text: sql, values: [...values], rowMode: "array" })).rows,
      close: () => client.end(),
    };
  }
  if (source?.kind === "pglite") {
    const { pglite } = source;
    return {
      rows: async (sql, values) => (await pglite.query<(string | null)[]>(sql, [...values], { rowMode: "array" })).rows,
      close: async () => {},
    };
  }
  return {
    rows: async (sql, values) => {
      const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(sql, ...values);
      return rows.map((row) => Object.values(row).map((value) => (value === null ? null : String(value))));
    },
    close: async () => {},
  };
}
