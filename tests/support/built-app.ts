// Builds a flavour of the portal (ADR 018) into its own folder, reads what the build holds, and starts it as `npm start`
// does, for the tests of the build flavours. Each build takes 10 to 60 s on two cores.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { inject } from "vitest";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "~/generated/prisma/client";
import { hashPassword } from "~/utils/password.server";
import type { BuildFlavour } from "../../remix.config.js";
import { seedDemoOrganisation } from "../../prisma/seed";
import { DEMO_PASSWORD } from "../../prisma/seed-data";
import { applyMigrations } from "../../scripts/db/migrator";
import { startCommand } from "../../scripts/start-command";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command in the project with the given environment (NODE_ENV from Vitest left out) and collects its output;
 * after `timeoutMs` it is stopped. */
function run(command: string, args: string[], env: Record<string, string | undefined>, timeoutMs = 300_000): Promise<Finished> {
  const environment: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!("NODE_ENV" in env)) delete environment.NODE_ENV;
  for (const [name, value] of Object.entries(environment)) if (value === undefined) delete environment[name];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: environment, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `npm run build` with PORTAL_BUILD=flavour into BUILD_DIR=dir (a folder inside the project, so the build's imports
 * of node_modules resolve as they do for build/). */
export async function buildFlavourInto(flavour: BuildFlavour, dir: string): Promise<void> {
  const result = await run("npm", ["run", "build"], { PORTAL_BUILD: flavour, BUILD_DIR: dir });
  if (result.code !== 0) throw new Error(`the ${flavour} build failed (exit code ${result.code}):\n${result.stderr.slice(-4000)}`);
}

/**
 * The flavour's build for this Vitest run, made once and shared by every test file that asks for it (the deployment
 * build serves three files; a build costs 30 to 60 s of both cores). The first file to ask builds it into
 * `build-test-<flavour>/` while holding a lock folder, and stamps it with the run's id (tests/support/global-setup.ts);
 * the others wait for the lock, then find the stamp. A build from an earlier run is never reused. Files that use it
 * must not change it, and must not remove it.
 */
export async function sharedBuild(flavour: BuildFlavour): Promise<string> {
  const dir = `build-test-${flavour}`;
  const stamp = join(ROOT, dir, ".test-run");
  const lock = join(ROOT, `${dir}.lock`);
  const runId = inject("testRunId");
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another file is building it: wait, unless its lock is left from a run that died.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 10 * 60_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    if (!existsSync(stamp) || readFileSync(stamp, "utf8") !== runId) {
      removeBuild(dir);
      await buildFlavourInto(flavour, dir);
      writeFileSync(stamp, runId);
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return dir;
}

/** The route files (relative to app/, as in remix.config.js) of a flavour's route config, as `react-router routes`
 * reads app/routes.ts for the build. */
export async function routeFilesOf(flavour: BuildFlavour): Promise<string[]> {
  const result = await run(process.execPath, [join(ROOT, "node_modules/@react-router/dev/bin.js"), "routes", "--json"], { PORTAL_BUILD: flavour });
  if (result.code !== 0) throw new Error(`react-router routes failed for ${flavour}:\n${result.stderr}`);
  const files: string[] = [];
  const walk = (routes: { file: string; children?: unknown[] }[]) => {
    for (const route of routes) {
      files.push(route.file);
      walk((route.children ?? []) as { file: string; children?: unknown[] }[]);
    }
  };
  walk(JSON.parse(result.stdout) as { file: string; children?: unknown[] }[]);
  return files.filter((file) => file !== "root.tsx").sort();
}

export interface BuiltRoutes {
  /** Route ids and paths in the server build's route table. */
  routes: { id: string; path: string | null }[];
  /** Route ids in the browser's manifest the server build sends. */
  browserManifest: string[];
  /** The files of the browser build's assets folder. */
  clientAssets: string[];
}

/** Imports the built server (in a separate node, as the server would) and lists what routes it holds. */
export async function builtRoutes(dir: string): Promise<BuiltRoutes> {
  const script = `
    const build = await import(${JSON.stringify(pathToFileURL(join(ROOT, dir, "server/index.js")).href)});
    console.log(JSON.stringify({
      routes: Object.values(build.routes).map((route) => ({ id: route.id, path: route.path ?? null })),
      browserManifest: Object.keys(build.assets.routes),
    }));`;
  const result = await run(process.execPath, ["--input-type=module", "-e", script], { NODE_ENV: "production" });
  if (result.code !== 0) throw new Error(`could not read the server build in ${dir}:\n${result.stderr}`);
  const built = JSON.parse(result.stdout.trim().split("\n").at(-1)!) as Omit<BuiltRoutes, "clientAssets">;
  return { ...built, clientAssets: readdirSync(join(ROOT, dir, "client/assets")) };
}

/** A migrated embedded database in a new folder, with the demo organisation when `seed` is set. */
export async function preparedDatabase(options: { seed: boolean }): Promise<{ dataDir: string; remove: () => void }> {
  const parent = mkdtempSync(join(tmpdir(), "portal-flavour-"));
  const dataDir = join(parent, "pglite");
  const pglite = new PGlite(dataDir);
  await applyMigrations({ pglite });
  if (options.seed) {
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    await seedDemoOrganisation(prisma, { passwordHash: await hashPassword(DEMO_PASSWORD) });
    await prisma.$disconnect();
  }
  // PGlite has one owner at a time: the server opens the folder only once this process has closed it.
  await pglite.close();
  return { dataDir, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface BuiltServer {
  baseUrl: string;
  output: () => string;
  stop: () => Promise<void>;
  /** Sends the server process a signal. */
  kill: (signal: NodeJS.Signals) => void;
  /** Its exit code, once it has exited. */
  exited: Promise<number | null>;
  /** Its process id. */
  pid: number;
}

/** Starts `<dir>/server.js` exactly as `npm start` does (its node flags and environment), on the embedded database
 * unless `env` names a DATABASE_URL. */
export async function startBuiltServer(dir: string, env: Record<string, string>): Promise<BuiltServer> {
  const start = startCommand(ROOT);
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const environment: NodeJS.ProcessEnv = {
    ...process.env,
    ...start.env,
    NODE_ENV: "production",
    PORT: String(port),
    PORTAL_BASE_URL: baseUrl,
    SIGNIN_FAILURE_DELAY_MS: "0",
    SIGNIN_FAILURE_FLOOR_MS: "100",
    BUILD_DIR: dir,
    ...env,
  };
  if (!env.DATABASE_URL) delete environment.DATABASE_URL;
  // The server logs at its own default level, as `npm start` does: Vitest's LOG_LEVEL=silent is for the tests' process.
  if (!("LOG_LEVEL" in env)) delete environment.LOG_LEVEL;
  const child = spawn(process.execPath, [...start.nodeFlags, join(dir, "server.js")], { cwd: ROOT, env: environment, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) => child.on("exit", (code) => ((exited = code), resolve())));
  const stop = async () => {
    if (exited === undefined) {
      child.kill("SIGTERM");
      await exit;
    }
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited !== undefined) throw new Error(`the server in ${dir} stopped while starting (exit code ${exited}):\n${output}`);
    const ready = await fetch(`${baseUrl}/favicon.ico`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server in ${dir} did not answer within 90 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { baseUrl, output: () => output, stop, kill: (signal) => child.kill(signal), exited: exit.then(() => exited ?? null), pid: child.pid! };
}

/** Runs `<dir>/server.js` as `npm start` does and waits for it to stop by itself (a server that refuses to start);
 * one still running after 30 s is stopped, with exit code null. */
export async function runBuiltServerToExit(dir: string, env: Record<string, string>): Promise<Finished> {
  const start = startCommand(ROOT);
  return run(
    process.execPath,
    [...start.nodeFlags, join(dir, "server.js")],
    { ...start.env, NODE_ENV: "production", DATABASE_URL: undefined, LOG_LEVEL: undefined, BUILD_DIR: dir, ...env },
    30_000,
  );
}

export function removeBuild(dir: string): void {
  if (existsSync(join(ROOT, dir))) rmSync(join(ROOT, dir), { recursive: true, force: true });
}
