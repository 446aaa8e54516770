// app/entry.server.tsx gives React Router's ServerRouter only the routes a request matched, not the whole manifest,
// to spare it building a route object for every route on every page (ADR 045). These tests render pages of the
// deployment build both ways, as `npm start` runs it, and require the same HTML: the page, its links, its scripts and
// the data handed to the browser.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { startCommand } from "../../scripts/start-command";
import { sharedBuild } from "../support/built-app";

const root = fileURLToPath(new URL("../..", import.meta.url));
const probe = fileURLToPath(new URL("../support/render-probe.mjs", import.meta.url));
const start = startCommand(root);
let buildDir: string;

interface RenderedPage {
  path: string;
  entry: { status: number; html: string };
  whole: { status: number; html: string };
}

function renderBothWays(paths: string[]): RenderedPage[] {
  const output = execFileSync(process.execPath, [...start.nodeFlags, probe, ...paths], {
    cwd: root,
    env: { ...process.env, ...start.env, BUILD_DIR: buildDir },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(output.trim().split("\n").at(-1)!) as RenderedPage[];
}

beforeAll(async () => {
  buildDir = await sharedBuild("deployment");
}, 240_000);

describe("a page rendered from its matched routes only", () => {
  it("is the page ServerRouter renders from the whole manifest: a page, the same page with other data, and the not-found page", () => {
    const pages = renderBothWays(["/sign-in", "/sign-in?expired=1", "/no-such-page"]);
    expect(pages.map((page) => [page.path, page.entry.status])).toEqual([
      ["/sign-in", 200],
      ["/sign-in?expired=1", 200],
      ["/no-such-page", 404],
    ]);
    for (const page of pages) {
      expect(page.entry.status, page.path).toBe(page.whole.status);
      expect(page.entry.html, page.path).toBe(page.whole.html);
    }
    // What the comparison covers: the form, the stylesheet link, the route's module script and the hydration data.
    const signIn = pages[0]!.entry.html;
    expect(signIn).toContain("<h1>Sign in</h1>");
    expect(signIn).toMatch(/<link rel="stylesheet" href="\/assets\/[^"]+\.css"/);
    expect(signIn).toMatch(/import \* as route1 from "\/assets\/sign-in-[^"]+\.js"/);
    expect(signIn).toContain("window.__reactRouterContext");
  });
});
