// Creates and applies migrations with Prisma's own schema engine compiled to WebAssembly, driven through a
// driver adapter, so that no native engine has to be downloaded. See docs/decisions/002.
import { readFileSync, readdirSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";

const require = createRequire(import.meta.url);
export const PRISMA_DIR = resolve(dirname(new URL(import.meta.url).pathname), "../../prisma");
const MIGRATIONS_DIR = join(PRISMA_DIR, "migrations");
const LOCKFILE = "migration_lock.toml";
const FILTERS = { externalTables: [], externalEnums: [] };

let wasmReady: Promise<void> | undefined;
function loadWasm(): Promise<void> {
  wasmReady ??= (async () => {
    const wasmPath = join(dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")), "schema_engine_bg.wasm");
    const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), { "./schema_engine_bg.js": bg as never });
    const exports = instance.exports as Record<string, unknown> & { __wbindgen_start: () => void };
    bg.__wbg_set_wasm(exports);
    exports.__wbindgen_start();
  })();
  return wasmReady;
}

/**
 * Runs each migration script whole. The adapters' own executeScript cannot be trusted with it:
 * pglite-prisma-adapter 0.7.2 does not await `exec` (a failing migration would be recorded as applied) and
 * adapter-pg splits the script at every `;`, which breaks functions and triggers written in PL/pgSQL.
 */
async function withWholeScripts(adapterPromise: Promise<SqlDriverAdapter>, runScript: (script: string) => Promise<void>) {
  const adapter = await adapterPromise;
  adapter.executeScript = runScript;
  return adapter;
}

function pgliteFactory(pglite: PGlite): SqlMigrationAwareDriverAdapterFactory {
  const base = new PrismaPGlite(pglite);
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: () => withWholeScripts(base.connect(), async (script) => void (await pglite.exec(script))),
    // A fresh in-memory database each time, with its own scripts run on itself.
    connectToShadowDb: async () => {
      const shadow = new PGlite();
      const adapter = await pgliteFactory(shadow).connect();
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        if (!shadow.closed) await shadow.close();
      };
      return adapter;
    },
  };
}

function postgresFactory(databaseUrl: string): SqlMigrationAwareDriverAdapterFactory {
  const base = new PrismaPg({ connectionString: databaseUrl });
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: () =>
      withWholeScripts(base.connect(), async (script) => {
        // The simple query protocol runs a multi-statement script in one implicit transaction.
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        try {
          await client.query(script);
        } finally {
          await client.end();
        }
      }),
    // adapter-pg's shadow connection reuses the main database: never let it. Diffs run on PGlite.
    connectToShadowDb: () => Promise.reject(new Error("diff against an in-memory PGlite, never a PostgreSQL shadow")),
  };
}

type Target = { databaseUrl: string } | { pglite: PGlite };

async function withEngine<T>(target: Target, run: (engine: bg.SchemaEngine) => Promise<T>): Promise<T> {
  await loadWasm();
  const schemaPath = join(PRISMA_DIR, "schema.prisma");
  const factory = "pglite" in target ? pgliteFactory(target.pglite) : postgresFactory(target.databaseUrl);
  const opened: SqlDriverAdapter[] = [];
  const tracking: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = await factory.connect();
      opened.push(adapter);
      return adapter;
    },
    connectToShadowDb: async () => {
      const adapter = await factory.connectToShadowDb();
      opened.push(adapter);
      return adapter;
    },
  };
  const engine = await bg.SchemaEngine.new(
    { datamodels: [[schemaPath, readFileSync(schemaPath, "utf8")]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(tracking),
  );
  try {
    return await run(engine);
  } finally {
    engine.free();
    // The caller's PGlite stays open; shadow databases and pg pools must be closed or they keep Node alive.
    await Promise.all(opened.filter((_, index) => !("pglite" in target) || index > 0).map((adapter) => adapter.dispose()));
  }
}

function readMigrations(): bg.MigrationList {
  const migrationDirectories = existsSync(MIGRATIONS_DIR)
    ? readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
        .map((name) => ({
          path: name,
          migrationFile: {
            path: "migration.sql",
            content: { tag: "ok" as const, value: readFileSync(join(MIGRATIONS_DIR, name, "migration.sql"), "utf8") },
          },
        }))
    : [];
  const lockPath = join(MIGRATIONS_DIR, LOCKFILE);
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: { path: LOCKFILE, content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

/** Applies every migration not yet applied; records them in `_prisma_migrations` exactly as `prisma migrate deploy`. */
export async function applyMigrations(target: Target): Promise<string[]> {
  const migrationsList = readMigrations();
  const result = await withEngine(target, (engine) => engine.applyMigrations({ migrationsList, filters: FILTERS }));
  return result.appliedMigrationNames;
}

export async function migrationStatus(target: Target) {
  const migrationsList = readMigrations();
  return withEngine(target, (engine) => engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: FILTERS }));
}

/** The SQL that would bring the migrations in line with the schema, or null when they are in sync. */
export async function pendingSchemaChanges(): Promise<string | null> {
  const schemaPath = join(PRISMA_DIR, "schema.prisma");
  const shadow = new PGlite();
  try {
    const result = await withEngine({ pglite: shadow }, (engine) =>
      engine.diff({
        from: { tag: "migrations", ...readMigrations() },
        to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: readFileSync(schemaPath, "utf8") }] },
        script: true,
        exitCode: true,
        filters: FILTERS,
      }),
    );
    return result.exitCode === 0 || !result.stdout?.trim() ? null : result.stdout;
  } finally {
    await shadow.close();
  }
}

/**
 * Writes a new migration for the difference between the migrations folder and the schema, diffing against an
 * in-memory PGlite as the shadow database. Returns the new folder, or null when the schema is in sync.
 */
export async function createMigration(name: string): Promise<string | null> {
  mkdirSync(MIGRATIONS_DIR, { recursive: true });
  const lockPath = join(MIGRATIONS_DIR, LOCKFILE);
  if (!existsSync(lockPath)) {
    writeFileSync(lockPath, '# Please do not edit this file manually\nprovider = "postgresql"\n');
  }
  const sql = await pendingSchemaChanges();
  if (!sql) return null;
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_|_$/g, "") || "migration";
  const dir = join(MIGRATIONS_DIR, `${stamp}_${slug}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "migration.sql"), sql);
  return dir;
}
