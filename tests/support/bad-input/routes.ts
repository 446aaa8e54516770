// The routes of the built app (its route manifest, read from the server build as the server reads it), and which
// route an address belongs to: the generator walks every route, and compares answers route by route.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "../built-app";

export interface BuiltRoute {
  id: string;
  /** The full pattern, e.g. "/records/:reference/access". */
  pattern: string;
  params: string[];
  hasAction: boolean;
  matcher: RegExp;
}

/** Reads the route table of the server build in `dir` (in a separate node, as the production server would). */
export function builtRouteTable(dir: string): BuiltRoute[] {
  const script = `
    const build = await import(${JSON.stringify(pathToFileURL(join(ROOT, dir, "server/index.js")).href)});
    const routes = Object.values(build.routes);
    const full = (route) => {
      const parent = route.parentId ? build.routes[route.parentId] : undefined;
      return [...(parent ? full(parent) : []), ...(route.path ? [route.path] : [])];
    };
    console.log(JSON.stringify(routes.filter((route) => route.id !== "root").map((route) => ({
      id: route.id, path: "/" + full(route).join("/"), hasAction: typeof route.module.action === "function" }))));`;
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, env: { ...process.env, NODE_ENV: "production" } });
  if (result.status !== 0) throw new Error(`could not read the server build in ${dir}:\n${result.stderr.toString()}`);
  const rows = JSON.parse(result.stdout.toString().trim().split("\n").at(-1)!) as { id: string; path: string; hasAction: boolean }[];
  return rows.map(({ id, path, hasAction }) => {
    const segments = path.split("/").filter(Boolean);
    const params = segments.filter((segment) => segment.startsWith(":")).map((segment) => segment.slice(1));
    const source = segments
      .map((segment) => (segment.startsWith(":") ? "/([^/]+)" : segment === "*" ? "/(.*)" : "/" + segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
      .join("");
    return { id, pattern: "/" + segments.join("/"), params, hasAction, matcher: new RegExp(`^${source || "/"}/?$`) };
  });
}

/** The route an address belongs to (the one with most fixed segments when several match), or null. */
export function routeOf(routes: BuiltRoute[], path: string): BuiltRoute | null {
  const pathname = path.split("?")[0]!;
  let best: BuiltRoute | null = null;
  for (const route of routes) {
    if (!route.matcher.test(pathname)) continue;
    if (!best || best.params.length > route.params.length) best = route;
  }
  return best;
}

/** The parameters of `path` under `route`, decoded. */
export function paramsOf(route: BuiltRoute, path: string): Record<string, string> {
  const match = route.matcher.exec(path.split("?")[0]!);
  return Object.fromEntries(route.params.map((name, index) => [name, decodeURIComponent(match?.[index + 1] ?? "")]));
}

/** The route's address with these parameters, each percent-encoded as sent (an encoded value is taken as it is). */
export function addressOf(route: BuiltRoute, params: Record<string, string>, encoded: Record<string, string> = {}): string {
  return route.pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => encoded[name] ?? encodeURIComponent(params[name] ?? "x"));
}
