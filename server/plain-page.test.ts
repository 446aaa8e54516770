import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyLimit, rejectMalformedUrls, sameOriginOnly, securityHeaders } from "./security";

const QUICK_EXIT_URL = "https://neutral.example.invalid/weather";
let base = "";
let close: () => void = () => {};

beforeAll(async () => {
  const app = express();
  app.use(securityHeaders({ secure: false, quickExitUrl: QUICK_EXIT_URL }));
  app.use(rejectMalformedUrls);
  app.use(bodyLimit(1000));
  app.use(sameOriginOnly(() => []));
  app.all("*", (_req, res) => void res.send("reached the app"));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

describe("the pages answered before the app is reached", () => {
  const refusals = {
    "a form from another site": () => fetch(`${base}/profile`, { method: "POST", headers: { Origin: "https://attacker.invalid" }, body: "a=1" }),
    "too much data": () => fetch(`${base}/profile`, { method: "POST", headers: { Origin: base }, body: "x".repeat(5000) }),
    "an address that cannot be read": () => fetch(`${base}/%E0%A4%A`),
  };
  const expected = {
    "a form from another site": [403, "Request refused"],
    "too much data": [413, "Too much data"],
    "an address that cannot be read": [400, "Page not found"],
  };

  it.each(Object.keys(refusals) as (keyof typeof refusals)[])("%s: the neutral title, a working quick exit and landmarks, as on every page", async (kind) => {
    const response = await refusals[kind]();
    const [status, heading] = expected[kind];
    expect(response.status).toBe(status);
    const html = await response.text();
    expect(html).toContain(`<title>${heading} – Staff Support Portal</title>`);
    // The quick exit: the same form and button as the app's shell, to the configured neutral site...
    expect(html).toMatch(
      /<form method="post" action="\/quick-exit"[^>]*><button type="submit" data-quick-exit="" data-url="https:\/\/neutral\.example\.invalid\/weather"/,
    );
    // ...and its script (Escape twice), allowed by this response's own script nonce.
    const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
    expect(nonce).toBeTruthy();
    expect(html).toContain(`<script src="/quick-exit.js" defer nonce="${nonce}"></script>`);
    expect(html).toMatch(new RegExp(`<header>[\\s\\S]*</header>\\s*<main id="main"><h1>${heading}</h1>`));
    expect(html).not.toContain("reached the app");
  });
});
