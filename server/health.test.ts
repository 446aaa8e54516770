// Readiness on both databases: ready only when the database answers with every expected migration, the mail worker
// has run recently and the audit trail's checkpointing last anchored its head; the answers say nothing more.
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import express from "express";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../app/db.server";
import { PrismaClient } from "../app/generated/prisma/client";
import { describeEachDatabase } from "../tests/support/database";
import { healthRoutes, isReady, migrationNames, type ReadinessSources } from "./health";

const NOW = 1_800_000_000_000;
const EXPECTED = migrationNames(resolve("prisma/migrations"));

function sources(db: ReadinessSources["db"], changes: Partial<ReadinessSources> = {}): ReadinessSources {
  return {
    db,
    expectedMigrations: EXPECTED,
    mailWorkerActiveAt: () => NOW - 1000,
    mailWorkerMaxAgeMs: 60_000,
    auditAnchor: () => ({ anchored: true, at: NOW - 60_000 }),
    auditAnchorMaxAgeMs: 3_600_000,
    stopping: () => false,
    now: () => NOW,
    ...changes,
  };
}

/** A client of a database that is not there: PostgreSQL on a closed port, or an embedded database already closed. */
async function unreachable(kind: "pglite" | "postgres"): Promise<{ prisma: PrismaClient; close: () => Promise<void> }> {
  if (kind === "postgres") return openDatabase({ kind: "postgres", url: "postgresql://postgres@127.0.0.1:1/nothing_here" });
  const pglite = new PGlite();
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  await pglite.close();
  return { prisma, close: () => prisma.$disconnect() };
}

it("knows the migrations this code expects", () => {
  expect(EXPECTED.length).toBeGreaterThan(10);
  expect(EXPECTED[0]).toMatch(/^\d{14}_init$/);
});

describeEachDatabase("readiness", (use) => {
  it("is ready when everything answers", async () => {
    expect(await isReady(sources(() => use().prisma))).toBe(true);
  });

  it("is not ready when the mail worker has not run, or not recently", async () => {
    expect(await isReady(sources(() => use().prisma, { mailWorkerActiveAt: () => undefined }))).toBe(false);
    expect(await isReady(sources(() => use().prisma, { mailWorkerActiveAt: () => NOW - 61_000 }))).toBe(false);
  });

  it("is not ready before the audit trail's head is anchored, when the chain was refused, or when anchoring stopped", async () => {
    expect(await isReady(sources(() => use().prisma, { auditAnchor: () => undefined }))).toBe(false);
    expect(await isReady(sources(() => use().prisma, { auditAnchor: () => ({ anchored: false, at: NOW }) }))).toBe(false);
    expect(await isReady(sources(() => use().prisma, { auditAnchor: () => ({ anchored: true, at: NOW - 3_600_001 }) }))).toBe(false);
  });

  it("is not ready once the server is stopping", async () => {
    expect(await isReady(sources(() => use().prisma, { stopping: () => true }))).toBe(false);
  });

  it("is not ready when a migration this code expects is missing or failed", async () => {
    const database = use();
    expect(await isReady(sources(() => database.prisma, { expectedMigrations: [...EXPECTED, "29990101000000_not_yet_applied"] }))).toBe(false);
    const last = EXPECTED.at(-1)!;
    await database.rawSql(`UPDATE "_prisma_migrations" SET "finished_at" = NULL WHERE "migration_name" = '${last}'`);
    try {
      expect(await isReady(sources(() => database.prisma))).toBe(false);
    } finally {
      await database.rawSql(`UPDATE "_prisma_migrations" SET "finished_at" = now() WHERE "migration_name" = '${last}'`);
    }
    expect(await isReady(sources(() => database.prisma))).toBe(true);
  });

  it("is not ready when the database does not answer in time, or fails", async () => {
    const database = use();
    const hung = { $queryRaw: () => new Promise(() => {}) } as unknown as ReturnType<ReadinessSources["db"]>;
    expect(await isReady(sources(() => hung, { timeoutMs: 200 }))).toBe(false);
    const down = await unreachable(database.kind);
    try {
      expect(await isReady(sources(() => down.prisma))).toBe(false);
    } finally {
      await down.close();
    }
  });
});

describe("/healthz and /readyz", () => {
  it("answer in a word, never cached, with no cookie and nothing about the server", async () => {
    let ready = true;
    const app = express();
    app.disable("x-powered-by");
    const fakeDb = {
      $queryRaw: async () =>
        ready ? EXPECTED.map((name) => ({ migration_name: name, finished: true })) : Promise.reject(new Error("connection refused to db.internal:5432 v16.4")),
    };
    app.use(
      healthRoutes(
        sources(() => fakeDb as unknown as ReturnType<ReadinessSources["db"]>, {
          now: Date.now,
          mailWorkerActiveAt: () => Date.now(),
          auditAnchor: () => ({ anchored: true, at: Date.now() }),
        }),
      ),
    );
    const server = app.listen(0, "127.0.0.1");
    await new Promise((done) => server.once("listening", done));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const check = async (path: string, status: number, body: string) => {
        const response = await fetch(`${base}${path}`);
        expect(response.status, path).toBe(status);
        expect(await response.text(), path).toBe(body);
        expect(response.headers.get("cache-control")).toBe("no-store");
        expect(response.headers.get("set-cookie")).toBeNull();
        expect(response.headers.get("x-powered-by")).toBeNull();
      };
      await check("/healthz", 200, "ok");
      await check("/readyz", 200, "ready");
      ready = false;
      await check("/readyz", 503, "not ready");
      await check("/healthz", 200, "ok");
    } finally {
      server.close();
    }
  });
});
