// Another revision of the portal, built for the side-by-side benchmark: a git worktree outside the repository (under
// the system's temporary directory, never committed) with its own node_modules and its own production build, made the
// way that revision makes them (`npm install`, whose postinstall runs that revision's scripts, then `npm run build`).
// Kept between runs: a re-run at the same revision skips the install and the build.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface PreparedRevision {
  sha: string;
  /** The commit's first line. */
  subject: string;
  /** The commit's date (ISO). */
  committed: string;
  /** The worktree: the revision's sources, node_modules and build. */
  dir: string;
  buildDir: string;
  /** True when the install and the build of an earlier run were reused. */
  cached: boolean;
  /** Seconds spent installing and building in this run (0 when cached). */
  seconds: number;
}

interface Marker {
  sha: string;
  buildDir: string;
  builtAt: string;
}

const MARKER = ".bench-build.json";

function git(cwd: string, args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, logPath: string): void {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  writeFileSync(logPath, `${result.stdout ?? ""}\n${result.stderr ?? ""}`);
  if (result.status !== 0) throw new Error(`\`${command} ${args.join(" ")}\` in ${cwd} failed (exit code ${result.status}); its output: ${logPath}`);
}

/** The worktree for `revision` of the repository at `root`, installed and built into `buildDir`. */
export function prepareRevision(root: string, revision: string, buildDir: string, log: (message: string) => void): PreparedRevision {
  const sha = git(root, ["rev-parse", "--verify", `${revision}^{commit}`]);
  const subject = git(root, ["show", "-s", "--format=%s", sha]);
  const committed = git(root, ["show", "-s", "--format=%cI", sha]);
  const dir = join(tmpdir(), `portal-bench-rev-${sha.slice(0, 12)}`);
  const markerPath = join(dir, MARKER);
  const result = { sha, subject, committed, dir, buildDir };

  const marker = existsSync(markerPath) ? (JSON.parse(readFileSync(markerPath, "utf8")) as Marker) : undefined;
  if (marker?.sha === sha && marker.buildDir === buildDir && existsSync(join(dir, buildDir, "server.js")) && git(dir, ["rev-parse", "HEAD"]) === sha) {
    log(`${sha.slice(0, 7)}: reusing its install and build in ${dir} (built ${marker.builtAt})`);
    return { ...result, cached: true, seconds: 0 };
  }

  const started = performance.now();
  if (existsSync(dir)) {
    const head = existsSync(join(dir, ".git")) ? git(dir, ["rev-parse", "HEAD"]) : "";
    if (head !== sha) throw new Error(`${dir} exists but is not a worktree at ${sha}: remove it (git worktree remove --force ${dir}) and run again`);
  } else {
    git(root, ["worktree", "prune"]);
    log(`${sha.slice(0, 7)}: git worktree add --detach ${dir}`);
    git(root, ["worktree", "add", "--detach", dir, sha]);
  }
  // The benchmark process runs with NODE_ENV=production (production-env.ts), which would make npm leave out the
  // devDependencies the build needs.
  const { NODE_ENV: _nodeEnv, ...installEnv } = process.env;
  log(`${sha.slice(0, 7)}: npm install --no-audit --no-fund (its own node_modules; its postinstall runs)…`);
  run("npm", ["install", "--no-audit", "--no-fund"], dir, installEnv, join(tmpdir(), `portal-bench-rev-${sha.slice(0, 12)}-install.log`));
  // PORTAL_BUILD=bench: a revision with build flavours (ADR 018) puts /bench/bare only in the bench build; one
  // without them ignores the setting and has the page in every build.
  log(`${sha.slice(0, 7)}: PORTAL_BUILD=bench BUILD_DIR=${buildDir} npm run build…`);
  run(
    "npm",
    ["run", "build"],
    dir,
    { ...process.env, PORTAL_BUILD: "bench", BUILD_DIR: buildDir },
    join(tmpdir(), `portal-bench-rev-${sha.slice(0, 12)}-build.log`),
  );
  if (!existsSync(join(dir, buildDir, "server.js"))) throw new Error(`the build of ${sha.slice(0, 7)} wrote no ${buildDir}/server.js`);
  writeFileSync(markerPath, JSON.stringify({ sha, buildDir, builtAt: new Date().toISOString() } satisfies Marker));
  return { ...result, cached: false, seconds: (performance.now() - started) / 1000 };
}

/** Version of an installed package in a checkout, or undefined when it is not installed there. */
export function installedVersion(dir: string, name: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(dir, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return undefined;
  }
}
