import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER } from "../app/auth/client-info.server";
import { bodyLimit, normalisedPath, rateLimit, recordClientAddress, rejectMalformedUrls, sameOriginOnly, securityHeaders } from "./security";

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
  // A handler that appends a Cache-Control of its own, as React Router's adapter does, and express.static's file.
  app.get("/appends-cache-control", (_req, res) => {
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
    // An opaque origin without Sec-Fetch-Site (found by the bad-input generator: React Router then logged an error).
    const bareNull = await fetch(`${base}/profile`, { method: "POST", headers: { Origin: "null" }, body: "a=1" });
    expect(bareNull.status).toBe(403);
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
    const appended = await fetch(`${base}/appends-cache-control`);
    expect(appended.headers.get("cache-control")).toBe("no-store");
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

describe("the sign-in limit cannot be stepped round", () => {
  /** A server with a fresh limit of 3 sign-ins, behind `proxyHops` trusted proxies; closed after `run`. */
  async function withLimitedServer(proxyHops: number, run: (post: (path: string, forwardedFor?: string) => Promise<number>) => Promise<void>) {
    const app = express();
    app.set("trust proxy", proxyHops);
    app.use(rejectMalformedUrls);
    app.use(rateLimit({ windowMs: 60_000, max: 3, paths: ["/sign-in"] }));
    app.all("*", (_req, res) => void res.send("ok"));
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const post = async (path: string, forwardedFor?: string) =>
      (await fetch(`${url}${path}`, { method: "POST", headers: forwardedFor ? { "X-Forwarded-For": forwardedFor } : {}, body: "a=1" })).status;
    try {
      await run(post);
    } finally {
      server.close();
    }
  }

  it("counts every spelling of the sign-in path as one: case, trailing and repeated slashes, percent-encoding", async () => {
    expect(normalisedPath("/SIGN-IN/")).toBe("/sign-in");
    expect(normalisedPath("/%73ign-in")).toBe("/sign-in");
    expect(normalisedPath("/sign-in.data")).toBe("/sign-in");
    expect(normalisedPath("/")).toBe("/");
    await withLimitedServer(0, async (post) => {
      const statuses = [];
      for (const path of ["/sign-in/", "/SIGN-IN", "/%73ign-in", "//sign-in", "/Sign-In//", "/sign-in.data", "/sign-in"]) statuses.push(await post(path));
      expect(statuses).toEqual([200, 200, 200, 429, 429, 429, 429]);
      expect(await post("/sign-out")).toBe(200);
    });
  });

  it("believes no forwarded address without a trusted proxy: a forged header gives no fresh allowance", async () => {
    await withLimitedServer(0, async (post) => {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push(await post("/sign-in", `203.0.113.${i}`));
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
    });
  });

  it("behind one proxy, reads only the address that proxy added, whatever the client put before it", async () => {
    await withLimitedServer(1, async (post) => {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push(await post("/sign-in", `198.51.100.${i}, 203.0.113.7`));
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      // Another client behind the same proxy has an allowance of its own.
      expect(await post("/sign-in", "203.0.113.8")).toBe(200);
    });
  });

  it("keys an IPv6 client by its /56 subnet, so new addresses within it share one allowance", async () => {
    await withLimitedServer(1, async (post) => {
      const statuses = [];
      for (const address of ["2001:db8:aa:bb00::1", "2001:db8:aa:bb01::2", "2001:db8:aa:bbff::3", "2001:db8:aa:bb10:1:2:3:4", "2001:db8:aa:bb00::5"]) {
        statuses.push(await post("/sign-in", address));
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(await post("/sign-in", "2001:db8:aa:cc00::1")).toBe(200);
    });
  });
});

describe("the address the audit trail records", () => {
  /** The address recordClientAddress hands on, behind `proxyHops` trusted proxies, for a request with this header. */
  async function recorded(proxyHops: number, forwardedFor: string): Promise<string> {
    const app = express();
    app.set("trust proxy", proxyHops);
    app.use(recordClientAddress);
    app.all("*", (req, res) => void res.send(req.headers[CLIENT_ADDRESS_HEADER]));
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/sign-in`, { headers: { "X-Forwarded-For": forwardedFor } });
      return await response.text();
    } finally {
      server.close();
    }
  }

  it("is the socket's peer when no proxy is trusted, whatever X-Forwarded-For says", async () => {
    expect(await recorded(0, "203.0.113.66")).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });

  it("behind one trusted proxy, is the address that proxy saw: the last hop, never what the client put before it", async () => {
    expect(await recorded(1, "198.51.100.23, 203.0.113.66, 192.0.2.44")).toBe("192.0.2.44");
  });
});
