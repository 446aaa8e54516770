import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER } from "../app/auth/client-info.server";
import { bodyLimit, rateLimit, recordClientAddress, rejectMalformedUrls, sameOriginOnly, securityHeaders } from "./security";

let base = "";
let close: () => void = () => {};

beforeAll(async () => {
  const app = express();
  app.use(securityHeaders({ secure: false }));
  app.use(recordClientAddress);
  app.use(rejectMalformedUrls);
  app.use(bodyLimit(1000));
  app.use(sameOriginOnly(() => ["https://portal.example.invalid"]));
  app.use(rateLimit({ windowMs: 60_000, max: 3, paths: ["/sign-in"] }));
  // As React Router's Express adapter sends its route manifest, and as express.static sends a file at the root.
  app.get("/__manifest", (_req, res) => {
    res.append("cache-control", "public, max-age=31536000, immutable");
    res.json({});
  });
  app.get("/favicon.ico", (_req, res) => {
    res.setHeader("Cache-Control", "public, max-age=3600");
    res.send("icon");
  });
  app.all("*", (req, res) => {
    res.json({ method: req.method, address: req.headers[CLIENT_ADDRESS_HEADER] });
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

describe("the server's request checks", () => {
  it("accepts a POST from the portal's own origin", async () => {
    const response = await fetch(`${base}/profile`, { method: "POST", headers: { Origin: base }, body: "a=1" });
    expect(response.status).toBe(200);
  });

  it("accepts a POST from the configured public origin (behind a proxy)", async () => {
    const response = await fetch(`${base}/profile`, { method: "POST", headers: { Origin: "https://portal.example.invalid" }, body: "a=1" });
    expect(response.status).toBe(200);
  });

  it("refuses a POST from another origin, and one marked cross-site without an Origin", async () => {
    const forged = await fetch(`${base}/profile`, { method: "POST", headers: { Origin: "https://attacker.invalid" }, body: "a=1" });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain("sent from another site");
    const noOrigin = await fetch(`${base}/profile`, { method: "POST", headers: { "Sec-Fetch-Site": "cross-site" }, body: "a=1" });
    expect(noOrigin.status).toBe(403);
    const nullOrigin = await fetch(`${base}/profile`, { method: "POST", headers: { Origin: "null", "Sec-Fetch-Site": "cross-site" }, body: "a=1" });
    expect(nullOrigin.status).toBe(403);
  });

  it("never blocks a GET, whatever its origin", async () => {
    const response = await fetch(`${base}/profile`, { headers: { Origin: "https://attacker.invalid" } });
    expect(response.status).toBe(200);
  });

  it("refuses a body over the limit with 413 before anything reads it", async () => {
    const response = await fetch(`${base}/profile`, { method: "POST", headers: { Origin: base }, body: "x".repeat(5000) });
    expect(response.status).toBe(413);
  });

  it("overwrites any client address a client sends about itself", async () => {
    const response = await fetch(`${base}/profile`, { headers: { [CLIENT_ADDRESS_HEADER]: "203.0.113.9" } });
    const body = (await response.json()) as { address: string };
    expect(body.address).not.toBe("203.0.113.9");
    expect(body.address).toMatch(/127\.0\.0\.1/);
  });

  it("sends strict security headers with a fresh script nonce each time", async () => {
    const first = await fetch(`${base}/`);
    const second = await fetch(`${base}/`);
    expect(first.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(first.headers.get("content-security-policy")).not.toBe(second.headers.get("content-security-policy"));
    expect(first.headers.get("referrer-policy")).toBe("same-origin");
    expect(first.headers.get("cache-control")).toBe("no-store");
    expect(first.headers.get("x-frame-options")).toBe("DENY");
  });

  it("lets pages connect only to the portal: no WebSocket to any host, unless it is the development server", async () => {
    const policy = (await fetch(`${base}/`)).headers.get("content-security-policy") ?? "";
    expect(policy).toContain("connect-src 'self';");
    expect(policy).not.toMatch(/ws:|wss:/);
    const development = express().use(securityHeaders({ secure: false, hotReload: true }), (_req, res) => void res.send("ok"));
    const server = development.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const header = (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)).headers.get("content-security-policy");
    server.close();
    expect(header).toContain("connect-src 'self' ws:");
  });

  it("keeps no-store alone when a handler appends a Cache-Control of its own, and leaves one that replaced it", async () => {
    const manifest = await fetch(`${base}/__manifest?paths=%2Frecords%2FK7QX-M2DT&version=1`);
    expect(manifest.headers.get("cache-control")).toBe("no-store");
    const file = await fetch(`${base}/favicon.ico`);
    expect(file.headers.get("cache-control")).toBe("public, max-age=3600");
  });

  it("answers 400 for an address that cannot be decoded", async () => {
    expect((await fetch(`${base}/%E0%A4%A`)).status).toBe(400);
  });

  it("limits sign-in attempts per address", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await fetch(`${base}/sign-in`, { method: "POST", headers: { Origin: base }, body: "a=1" })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });
});
