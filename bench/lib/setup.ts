// What the benchmark's runs share: the personas it signs in as, the machine it ran on, and how it builds this
// revision.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, release, totalmem } from "node:os";
import type { Machine } from "./report.ts";

export const ADMIN_EMAIL = "ivo.brennand@northshire.police.invalid";
// Issue 3's case pages: a PSD officer listed and declared on every generated case, and an officer on none.
export const PSD_EMAILS = ["callum.ferrisby", "niamh.oakridge", "helena.brackenridge"].map((name) => `${name}@northshire.police.invalid`);
export const UNLISTED_EMAIL = "jordan.mistry-oake@northshire.police.invalid";
export const REPORTER_EMAIL = "alys.penhallow@northshire.police.invalid";

/** /proc/loadavg's first three figures. */
export function loadAverage(): string {
  return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(", ");
}

export function machine(postgres: string): Machine {
  const cpuInfo = readFileSync("/proc/cpuinfo", "utf8");
  const cpu = cpuInfo.match(/^model name\s*:\s*(.+)$/m)?.[1]?.trim() ?? cpus()[0]?.model ?? "unknown CPU";
  let os = `Linux ${release()}`;
  try {
    os = readFileSync("/etc/os-release", "utf8").match(/^PRETTY_NAME="?([^"\n]+)"?$/m)?.[1] ?? os;
  } catch {
    // keep the kernel version
  }
  const nproc = Number(execFileSync("nproc", { encoding: "utf8" }).trim()) || cpus().length;
  return { cores: nproc, cpu, memoryGiB: totalmem() / 1024 ** 3, node: process.version, postgres, os };
}

/**
 * The environment of the benchmark's build of this revision: its own BUILD_DIR, and the bench build flavour
 * (PORTAL_BUILD=bench), the one that contains the bare page /bench/bare.
 */
export function benchBuildEnv(buildDir: string): NodeJS.ProcessEnv {
  return { ...process.env, BUILD_DIR: buildDir, PORTAL_BUILD: "bench" };
}

/** `npm run build:bench` of this revision into `buildDir`; throws when it fails. Returns the seconds it took. */
export function buildThisRevision(root: string, buildDir: string): number {
  const started = performance.now();
  const build = spawnSync("npm", ["run", "build:bench"], { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: benchBuildEnv(buildDir) });
  if (build.status !== 0) throw new Error(`the build failed (exit code ${build.status})`);
  return (performance.now() - started) / 1000;
}
