// The patches in patches/ (ADR 014) keep route matching's work between requests on the server. These tests check that
// they are applied (a fresh install that skipped patch-package would quietly lose them) and that matching still gives
// the answers the unpatched router gives: ranking, parameters, optional segments, case, and routes discovered later.
// The modules are loaded with require(), as the production server loads them (their CommonJS builds, the ones patched);
// the browser's bundle uses the untouched ES module builds.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import type { AgnosticRouteObject } from "@remix-run/router";

const require = createRequire(import.meta.url);
const { createMemoryHistory, createRouter, matchRoutes } = require("@remix-run/router") as typeof import("@remix-run/router");
const { createStaticRouter } = require("react-router-dom/server") as typeof import("react-router-dom/server");

function routeTree(): AgnosticRouteObject[] {
  return [
    {
      id: "root",
      path: "",
      children: [
        { id: "home", index: true },
        { id: "records", path: "records" },
        { id: "record", path: "records/:reference" },
        { id: "record-new", path: "records/new" },
        { id: "record-referrals", path: "records/:reference/referrals" },
        { id: "audit", path: "audit/:page?" },
        { id: "exact-case", path: "Exact", caseSensitive: true },
        { id: "not-found", path: "*" },
      ],
    },
  ];
}

const leaf = (routes: AgnosticRouteObject[], path: string) => {
  const matches = matchRoutes(routes, path);
  const last = matches?.at(-1);
  return last ? { id: last.route.id, params: last.params } : null;
};

describe("route matching with the cached branches and patterns", () => {
  it("answers the same for the same routes asked again and again", () => {
    const routes = routeTree();
    for (let round = 0; round < 3; round++) {
      expect(leaf(routes, "/")).toEqual({ id: "home", params: {} });
      expect(leaf(routes, "/records")).toEqual({ id: "records", params: {} });
      expect(leaf(routes, "/records/new")).toEqual({ id: "record-new", params: {} });
      expect(leaf(routes, "/records/K7QX-M2DT")).toEqual({ id: "record", params: { reference: "K7QX-M2DT" } });
      expect(leaf(routes, "/records/K7QX-M2DT/referrals/")).toEqual({ id: "record-referrals", params: { reference: "K7QX-M2DT" } });
      expect(leaf(routes, "/RECORDS/k7qx-m2dt")).toEqual({ id: "record", params: { reference: "k7qx-m2dt" } });
      expect(leaf(routes, "/audit")).toEqual({ id: "audit", params: { page: undefined } });
      expect(leaf(routes, "/audit/3")).toEqual({ id: "audit", params: { page: "3" } });
      expect(leaf(routes, "/Exact")).toEqual({ id: "exact-case", params: {} });
      expect(leaf(routes, "/exact")).toEqual({ id: "not-found", params: { "*": "exact" } });
      expect(leaf(routes, "/records/K7QX-M2DT/elsewhere")?.id).toBe("not-found");
    }
  });

  it("skips only branches whose fixed first segment differs: encoded, parameter-first, case-sensitive and odd paths still match", () => {
    const routes = routeTree();
    expect(leaf(routes, "/re%63ords/K7QX-M2DT")).toEqual({ id: "record", params: { reference: "K7QX-M2DT" } });
    expect(leaf(routes, "//records")?.id).toBe("not-found");
    expect(leaf(routes, "/records-archive")?.id).toBe("not-found");
    const areas: AgnosticRouteObject[] = [
      { id: "area-summary", path: "/:area/summary" },
      { id: "exact", path: "/Reports/Exact", caseSensitive: true },
      { id: "reports", path: "/reports" },
      { id: "dotted", path: "/audit.csv" },
    ];
    expect(leaf(areas, "/kelmoor/summary")).toEqual({ id: "area-summary", params: { area: "kelmoor" } });
    expect(leaf(areas, "/Reports/Exact")?.id).toBe("exact");
    expect(leaf(areas, "/reports/exact")).toBeNull();
    expect(leaf(areas, "/REPORTS")?.id).toBe("reports");
    expect(leaf(areas, "/audit.csv")?.id).toBe("dotted");
    expect(leaf(areas, "/auditxcsv")).toBeNull();
    expect(leaf(areas, "/")).toBeNull();
  });

  it("keeps separate answers for separate route trees", () => {
    const withoutSplat = routeTree();
    withoutSplat[0]!.children = withoutSplat[0]!.children!.filter((route) => route.id !== "not-found");
    expect(leaf(routeTree(), "/nowhere")?.id).toBe("not-found");
    expect(leaf(withoutSplat, "/nowhere")).toBeNull();
    expect(leaf(withoutSplat, "/records/new")?.id).toBe("record-new");
  });

  it("finds a route the browser's router discovers after its first match (the cache is emptied when routes are added)", async () => {
    const router = createRouter({
      routes: [{ id: "root", path: "/", children: [{ id: "home", index: true }] }],
      history: createMemoryHistory({ initialEntries: ["/"] }),
      patchRoutesOnNavigation: ({ path, patch }) => {
        if (path === "/later") patch("root", [{ id: "later", path: "later" }]);
      },
    }).initialize();
    expect(router.state.matches.at(-1)?.route.id).toBe("home");
    await router.navigate("/later");
    expect(router.state.location.pathname).toBe("/later");
    expect(router.state.matches.at(-1)?.route.id).toBe("later");
    router.dispose();
  });
});

describe("the patches are installed", () => {
  it("the server render reuses its data routes for the same routes", () => {
    const routes = [{ id: "root", path: "/", children: [{ id: "home", index: true }] }];
    const context = { basename: "/", location: { pathname: "/", search: "", hash: "", state: null, key: "default" }, matches: [], loaderData: {}, actionData: null, errors: null, statusCode: 200, loaderHeaders: {}, actionHeaders: {}, activeDeferreds: null } as never;
    expect(createStaticRouter(routes, context).routes).toBe(createStaticRouter(routes, context).routes);
  });

  it("the router and Remix's server entry carry their caches", async () => {
    const router = await readFile(require.resolve("@remix-run/router"), "utf8");
    expect(router).toContain("rankedBranchesFor(routes)");
    expect(router).toContain("compiledPathCache");
    expect(router).toContain("fixedFirstSegment(branch)");
    const remixServer = await readFile(require.resolve("@remix-run/react/dist/server.js"), "utf8");
    expect(remixServer).toContain("serverRoutesFor(manifest.routes");
  });
});
