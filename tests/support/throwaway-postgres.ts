// A PostgreSQL cluster of the test's own, in a temporary folder, that the test may stop and start at will (the shared
// server at 5432 is never restarted: other people use it). Built with the machine's PostgreSQL binaries (initdb, pg_ctl);
// as root, they run as the postgres user, as PostgreSQL refuses to run as root.
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./built-app";

const execFileAsync = promisify(execFile);

export interface ThrowawayPostgres {
  url: string;
  /** Stops the server as a crash would (pg_ctl stop -m immediate: no shutdown checkpoint, every session cut). */
  crash(): Promise<void>;
  /** Starts it again (crash recovery replays the WAL); resolves once it accepts connections. */
  start(): Promise<void>;
  destroy(): void;
}

function binDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((name) => existsSync(join(root, name, "bin", "pg_ctl"))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) {
    throw new Error(
      "The database-restart test needs PostgreSQL's server binaries (initdb, pg_ctl) under /usr/lib/postgresql/<version>/bin: install the postgresql package (15 in CI).",
    );
  }
  return join(root, newest, "bin");
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = binDir();
  const root = mkdtempSync(join(tmpdir(), "portal-throwaway-pg-"));
  const dataDir = join(root, "data");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const idOf = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
    chownSync(root, idOf("-u"), idOf("-g"));
  }
  const command = (name: string, args: string[]): [string, string[]] =>
    asRoot ? ["runuser", ["-u", "postgres", "--", join(bin, name), ...args]] : [join(bin, name), args];
  const run = (name: string, args: string[]) => execFileSync(...command(name, args), { stdio: "pipe" });
  const runAsync = (name: string, args: string[]) => execFileAsync(...command(name, args));
  const port = await freePort();
  run("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c max_connections=50 -c shared_buffers=32MB`;
  const startArgs = ["-D", dataDir, "-l", join(root, "server.log"), "-o", options, "-w", "-t", "30", "start"];
  run("pg_ctl", startArgs);
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    crash: async () => {
      await runAsync("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
    },
    start: async () => {
      await runAsync("pg_ctl", startArgs);
    },
    destroy: () => {
      try {
        run("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
      } catch {
        // Already stopped.
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}
