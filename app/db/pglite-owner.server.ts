// The embedded database must have one owner at a time: PGlite does not notice a second process opening the same folder
// (both would write to it, and it would be corrupted). Whoever opens it keeps a lock file beside the folder naming its
// process; another process, a backup or a restore, is refused while that process is alive.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { dirname } from "node:path";

export function ownerLockPath(dataDir: string): string {
  return `${dataDir.replace(/[\\/]+$/, "")}.owner`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The live process holding the folder, if any (a lock left by a process that died is not a holder). */
export function currentOwner(dataDir: string): number | null {
  let pid: number;
  try {
    pid = Number(readFileSync(ownerLockPath(dataDir), "utf8").trim());
  } catch {
    return null;
  }
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid) ? pid : null;
}

export class DatabaseInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`The embedded database in ${dataDir} is in use by process ${pid} (the portal, or a script). Stop it first.`);
  }
}

/**
 * Takes the folder for this process; throws DatabaseInUseError while another live process holds it. A lock left by a
 * process that died (killed, power lost) is taken over. Returns the release.
 */
export function claimOwnership(dataDir: string): () => void {
  const lock = ownerLockPath(dataDir);
  mkdirSync(dirname(lock), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, "wx");
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off("exit", release);
        if (readFileSync(lock, "utf8").trim() === String(process.pid)) rmSync(lock, { force: true });
      };
      process.on("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(readFileSync(lock, "utf8").trim());
      if (holder === process.pid) return () => {};
      const owner = currentOwner(dataDir);
      if (owner !== null) throw new DatabaseInUseError(dataDir, owner);
      rmSync(lock, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${lock}: another process keeps taking it.`);
}
