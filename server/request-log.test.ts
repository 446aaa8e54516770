import type { AddressInfo } from "node:net";
import express from "express";
import { createStaticHandler, RouterContextProvider } from "react-router";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { requestLogContext } from "~/load-context";
import { createLogger } from "~/utils/logger.server";
import { recordRoutePattern } from "~/utils/request-log.server";
import { NO_ROUTE, NOT_ROUTED, REQUEST_ID_HEADER, requestLogger, requestLogNotes } from "./request-log";

const lines: string[] = [];

// The server's arrangement in small: the request logger first, then React Router (here its static handler, with the
// root route's middleware that names the pattern) for every page.
const routes = createStaticHandler([
  {
    id: "root",
    path: "",
    middleware: [recordRoutePattern],
    children: [
      { id: "case", path: "records/:reference", loader: () => null },
      { id: "broken", path: "broken", loader: () => null },
    ],
  },
]);
const app = express();
app.use(requestLogger(createLogger({ level: "info", destination: { write: (line) => void lines.push(line) } })));
app.get("/favicon.ico", (_req, res) => void res.type("image/x-icon").send(""));
app.use("/assets", (_req, res) => void res.type("text/javascript").send(""));
app.get("/broken", () => {
  throw Object.assign(new Error("could not save the note for Jordan Mistry-Oake"), { code: "P2002" });
});
app.all("*", async (req, res) => {
  const context = new RouterContextProvider();
  context.set(requestLogContext, requestLogNotes(req, res));
  const request = new Request(`http://localhost${req.originalUrl}`);
  const statusOf = (result: Response | { statusCode: number }) => (result instanceof Response ? result.status : result.statusCode);
  const result = await routes.query(request, {
    requestContext: context,
    generateMiddlewareResponse: async (run) => new Response(null, { status: statusOf(await run(request)) }),
  });
  res.status(statusOf(result)).send("");
});
app.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
  res.err = error;
  res.status(500).send("Something went wrong");
});

let server: ReturnType<typeof app.listen>;
let origin: string;
beforeAll(async () => {
  server = await new Promise((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends one request and returns its response and the one log line it made. */
async function logOf(path: string, init?: RequestInit) {
  lines.length = 0;
  const response = await fetch(`${origin}${path}`, init);
  await response.arrayBuffer();
  await vi.waitFor(() => expect(lines).toHaveLength(1));
  const line = lines[0] ?? "";
  return { response, line, entry: JSON.parse(line) as Record<string, unknown> };
}

describe("the request log", () => {
  it("writes one line per request: id, method, status, duration and the route pattern, never the address", async () => {
    const { response, line, entry } = await logOf("/records/ABC-123?q=secret", { headers: { cookie: "portal_session=token-value" } });
    expect(response.status).toBe(200);
    const id = response.headers.get(REQUEST_ID_HEADER);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(entry).toMatchObject({ level: 30, msg: "request completed", req: { id, method: "GET" }, res: { statusCode: 200 }, route: "/records/:reference" });
    expect(entry.responseTime).toEqual(expect.any(Number));
    expect(Object.keys(entry.req as object).sort()).toEqual(["id", "method"]);
    expect(Object.keys(entry.res as object)).toEqual(["statusCode"]);
    // The line is not redacted (ADR 049): a field added to it must be added here, and checked against ADR 020.
    expect(Object.keys(entry).sort()).toEqual(["level", "msg", "pid", "hostname", "req", "res", "responseTime", "route", "time"].sort());
    for (const secret of ["ABC-123", "secret", "token-value", "portal_session", "cookie", "q="]) expect(line).not.toContain(secret);
  });

  it("gives every request an id of its own", async () => {
    const first = await logOf("/records/ABC-123");
    const second = await logOf("/records/ABC-123");
    expect((first.entry.req as { id: string }).id).not.toBe((second.entry.req as { id: string }).id);
  });

  it("says so when React Router matched no route, or never saw the request", async () => {
    expect((await logOf("/nowhere/Jordan")).entry).toMatchObject({ route: NO_ROUTE, res: { statusCode: 404 } });
    expect(lines.join("")).not.toContain("Jordan");
    expect((await logOf("/favicon.ico")).entry).toMatchObject({ route: NOT_ROUTED, res: { statusCode: 200 } });
    expect((await logOf("/assets/root-K7QX.js")).entry).toMatchObject({ route: "/assets/*" });
    expect(lines.join("")).not.toContain("K7QX");
    const query = await logOf("/nowhere?paths=%2Frecords%2FK7QX-M2DT");
    expect(query.entry).toMatchObject({ route: NO_ROUTE });
    expect(query.line).not.toMatch(/K7QX|paths|records/);
  });

  it("logs a failed request at error level, with the error's kind and code but not its message", async () => {
    const { line, entry } = await logOf("/broken");
    expect(entry).toMatchObject({ level: 50, msg: "request failed", res: { statusCode: 500 }, err: { type: "Error", code: "P2002" }, route: NOT_ROUTED });
    expect(line).not.toMatch(/Jordan|Mistry|could not save|stack/);
  });
});
