// The production build runs React Router's production files (ADR 017, "Production build of the router"): its package
// exports only dist/development, whose dev warnings include a console.error of every error the default boundary
// shows. These tests build the portal, run it the way `npm start` does, and look at what the server and the browser
// actually get.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { startCommand } from "../../scripts/start-command";
import { sharedBuild } from "../support/built-app";

const root = fileURLToPath(new URL("../..", import.meta.url));
const probe = fileURLToPath(new URL("../support/router-build-probe.mjs", import.meta.url));
/** The deployment build, shared with the other files of the run that need it (built-app.ts). */
let buildDir: string;
const routerDist = join(root, "node_modules/react-router/dist");
const start = startCommand(root);

// Text behind React Router's ENABLE_DEV_WARNINGS, which the minifier drops from a bundle of the production build: a
// dev warning and the default error boundary's console.error.
const DEVELOPMENT_ONLY = ["You rendered descendant <Routes>", "Error handled by React Router default ErrorBoundary"];

interface ProbeResult {
  resolved: Record<"react-router" | "react-router/dom", string>;
  notFound: { status: number };
}

function probeWith(nodeFlags: string[], contextFrom?: string): ProbeResult {
  const output = execFileSync(process.execPath, [...nodeFlags, probe, ...(contextFrom ? [contextFrom] : [])], {
    cwd: root,
    env: { ...process.env, ...start.env, BUILD_DIR: buildDir },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return JSON.parse(output.trim().split("\n").at(-1)!) as ProbeResult;
}

function filesUnder(dir: string, extension: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(extension))
    .map((name) => join(dir, name));
}

beforeAll(async () => {
  // The build decides its mode itself, as `npm run build` on a workstation does: not from Vitest's NODE_ENV=test.
  buildDir = await sharedBuild("deployment");
}, 240_000);

describe("React Router's production build", () => {
  it("differs from the development build in its switch for dev warnings, which holds the text these tests look for", () => {
    const source = (build: string) =>
      filesUnder(join(routerDist, build), ".mjs")
        .map((file) => readFileSync(file, "utf8"))
        .join("\n");
    const development = source("development");
    expect(development).toContain("var ENABLE_DEV_WARNINGS = true;");
    expect(source("production")).toContain("var ENABLE_DEV_WARNINGS = false;");
    for (const text of DEVELOPMENT_ONLY) expect(development).toContain(text);
  });

  it("is what `npm start` loads: every import of react-router, from the app's build and the Express adapter alike", () => {
    const imports = start.nodeFlags.filter((flag) => flag.startsWith("--import="));
    expect(imports).toEqual(["--import=./server/react-router-production.mjs"]);
    expect(existsSync(join(root, imports[0]!.slice("--import=".length)))).toBe(true);

    const result = probeWith(start.nodeFlags);
    expect(result.resolved["react-router"]).toMatch(/\/react-router\/dist\/production\/index\.mjs$/);
    expect(result.resolved["react-router/dom"]).toMatch(/\/react-router\/dist\/production\/dom-export\.mjs$/);
    // The adapter accepted a RouterContextProvider from this process's own `react-router`: one copy of the router.
    expect(result.notFound).toEqual({ status: 404 });
    // Even a development file asked for by its path is the production one.
    expect(probeWith(start.nodeFlags, join(routerDist, "development/index.mjs")).notFound.status).toBe(404);
  });

  it("is not what plain node loads, and two copies of the router would refuse the request", () => {
    const plain = probeWith([]);
    expect(plain.resolved["react-router"]).toMatch(/\/react-router\/dist\/development\/index\.mjs$/);
    expect(plain.notFound.status).toBe(404);
    // A context from the other build is not the adapter's RouterContextProvider: what a half-swapped server would do.
    expect(probeWith([], join(routerDist, "production/index.mjs")).notFound.status).toBe(500);
  });

  it("is the one copy of React Router in the browser's assets", () => {
    const assets = filesUnder(join(root, buildDir, "client/assets"), ".js").map((file) => ({ file, text: readFileSync(file, "utf8") }));
    expect(assets.length).toBeGreaterThan(0);
    for (const { file, text } of assets) {
      for (const marker of DEVELOPMENT_ONLY) expect(text, file).not.toContain(marker);
    }
    // An invariant message of the router's core, present in both builds: exactly one asset carries the router.
    expect(assets.filter(({ text }) => text.includes("may be used only in the context of a <Router>"))).toHaveLength(1);
  });
});
