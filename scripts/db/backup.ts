// Backup and restore of the embedded database (docs/operations/backup-and-restore.md). PGlite's own dump of its data
// folder, taken while this process is its only owner: a consistent copy, which PGlite itself loads back. Copying the
// folder by hand would be just as good only if nothing held it, and PGlite does not notice a second owner; the owner
// lock (app/db/pglite-owner.server.ts) refuses both commands while the portal or a script has the database open.
import { existsSync, readdirSync, renameSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { claimOwnership } from "../../app/db/pglite-owner.server.ts";

/** e.g. 20261206T021500Z: sortable, and safe in a file name. */
export function backupStamp(now = new Date()): string {
  return now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");
}

export function defaultBackupFile(now = new Date()): string {
  return resolve("backups", `portal-pglite-${backupStamp(now)}.tar.gz`);
}

async function auditHead(pglite: PGlite): Promise<bigint> {
  const { rows } = await pglite.query<{ seq: string | null }>(`SELECT max("seq")::text AS "seq" FROM "audit_seal"`);
  return BigInt(rows[0]?.seq ?? 0);
}

export interface BackupResult {
  file: string;
  bytes: number;
  /** The last entry of the audit trail the backup holds. */
  auditHead: bigint;
}

/** Writes a compressed copy of the embedded database to `file`, which must not exist yet. */
export async function backupEmbeddedDatabase(options: { dataDir: string; file: string }): Promise<BackupResult> {
  const dataDir = resolve(options.dataDir);
  const file = resolve(options.file);
  if (!existsSync(join(dataDir, "PG_VERSION"))) throw new Error(`There is no embedded database in ${dataDir}.`);
  if (existsSync(file)) throw new Error(`${file} already exists: a backup never replaces another. Name a new file.`);
  const release = claimOwnership(dataDir);
  try {
    const pglite = new PGlite(dataDir);
    try {
      const head = await auditHead(pglite);
      const dump = await pglite.dumpDataDir("gzip");
      const bytes = Buffer.from(await dump.arrayBuffer());
      await mkdir(dirname(file), { recursive: true });
      // Written under a temporary name first: a backup cut short never looks like a whole one.
      await writeFile(`${file}.partial`, bytes, { flag: "wx", mode: 0o600 });
      await rename(`${file}.partial`, file);
      return { file, bytes: bytes.length, auditHead: head };
    } finally {
      await pglite.close();
    }
  } finally {
    release();
  }
}

export interface RestoreResult {
  dataDir: string;
  /** Where the database that was there before was moved (never deleted), if there was one. */
  previousMovedTo: string | null;
  auditHead: bigint;
}

/**
 * Loads a backup into `dataDir`. An existing database there is only replaced with `replace`, and then moved aside to
 * `<dataDir>.before-restore-<time>`, never deleted. Refused while any process has the database open.
 */
export async function restoreEmbeddedDatabase(options: { dataDir: string; file: string; replace?: boolean; now?: Date }): Promise<RestoreResult> {
  const dataDir = resolve(options.dataDir);
  const file = resolve(options.file);
  if (!existsSync(file)) throw new Error(`There is no backup at ${file}.`);
  const release = claimOwnership(dataDir);
  try {
    let previousMovedTo: string | null = null;
    if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
      if (!options.replace) {
        throw new Error(
          `${dataDir} already holds a database. To replace it, run the restore again with --replace: the database there now will be moved aside, not deleted.`,
        );
      }
      previousMovedTo = `${dataDir}.before-restore-${backupStamp(options.now)}`;
      if (existsSync(previousMovedTo)) throw new Error(`${previousMovedTo} already exists: try again in a second.`);
      renameSync(dataDir, previousMovedTo);
    }
    await mkdir(dataDir, { recursive: true });
    const pglite = new PGlite(dataDir, { loadDataDir: new Blob([await readFile(file)]) });
    try {
      return { dataDir, previousMovedTo, auditHead: await auditHead(pglite) };
    } finally {
      await pglite.close();
    }
  } finally {
    release();
  }
}
