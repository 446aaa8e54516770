// The deployment build run as `npm start` runs it (issue 16, ADR 032): it refuses unsafe settings, naming them all;
// its body limit holds for chunked and compressed bodies before any route runs; /healthz and /readyz answer on both
// databases, ready and not ready; and SIGTERM lets the request under way finish, refuses new connections and exits 0
// (or 1 when SHUTDOWN_TIMEOUT_MS runs out). The build takes 10 to 60 s.
import http from "node:http";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtpCatcher, type SmtpCatcher } from "~/utils/smtp-catcher.server";
import { preparedDatabase, runBuiltServerToExit, sharedBuild, startBuiltServer, type BuiltServer } from "../support/built-app";
import { createTestDatabase, postgresAdminUrl, type TestDatabase } from "../support/database";

const BUILD_MINUTES = 5 * 60_000;
// PRODUCTION_TEST_BUILD names a deployment build made beforehand (while working on this file); normally it builds one.
const prebuilt = process.env.PRODUCTION_TEST_BUILD;
let dir = prebuilt ?? "";
const BODY_LIMIT = 1_000_000;

/** A deployment's settings with nothing wrong (fictional values); each server adds its database and mail server. */
const SAFE = {
  PORTAL_BASE_URL: "https://support.northshire.example",
  AUDIT_HMAC_KEY: "fictional-audit-key-for-the-production-test-0123456789",
  MFA_SECRET_KEY: "fictional-second-factor-key-for-the-production-test-ZYXW",
  AUDIT_CHECKPOINT_DIR: mkdtempSync(join(tmpdir(), "production-test-checkpoints-")),
  OUTBOX_POLL_MS: "250",
};

let catcher: SmtpCatcher;

beforeAll(async () => {
  if (!prebuilt) dir = await sharedBuild("deployment");
  catcher = await startSmtpCatcher({ port: 0 });
}, BUILD_MINUTES);

afterAll(async () => {
  await catcher?.stop();
});

const smtp = () => ({ SMTP_URL: `smtp://127.0.0.1:${catcher.port}` });

interface Answer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** A request on a connection of its own, its body written chunk by chunk (a millisecond apart, as a network would
 * deliver them) until the server answers: the server reads no more after its answer, and closes the connection. */
function send(
  server: BuiltServer,
  path: string,
  options: { method?: string; headers?: Record<string, string | number>; chunks?: Buffer[] } = {},
): Promise<Answer> {
  const base = new URL(server.baseUrl);
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = http.request(
      { host: base.hostname, port: base.port, path, method: options.method ?? "GET", agent: false, headers: options.headers },
      (response) => {
        answered = true;
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk.toString()));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body, headers: response.headers }));
      },
    );
    request.on("error", (error) => (answered ? undefined : reject(error)));
    void (async () => {
      for (const chunk of options.chunks ?? []) {
        if (answered) return;
        await new Promise<void>((done) => request.write(chunk, () => done()));
        await new Promise((wait) => setTimeout(wait, 1));
      }
      if (!answered) request.end();
    })();
  });
}

/** SQL on the server's administrative database (a database cannot refuse connections to itself). */
async function asAdministrator(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const FORM = { "content-type": "application/x-www-form-urlencoded" };
/** A failed sign-in (an address no one has): its action writes an audit row. */
const signInForm = (padding = 0) => `email=nobody%40northshire.police.invalid&password=Not-The-Password-1&padding=${"p".repeat(padding)}`;

async function readyWithin(server: BuiltServer, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if ((await send(server, "/readyz")).status === 200) return true;
    await new Promise((wait) => setTimeout(wait, 250));
  }
  return false;
}

describe("a deployment with unsafe settings", () => {
  it("refuses to start, naming every problem at once and nothing else", { timeout: 60_000 }, async () => {
    const refused = await runBuiltServerToExit(dir, {
      PGLITE_DIR: "/nonexistent/never-opened",
      SMTP_URL: "",
      PORTAL_BASE_URL: "http://localhost:3000",
      AUDIT_HMAC_KEY: "",
      AUDIT_CHECKPOINT_DIR: "",
      MFA_SECRET_KEY: "too-short",
      PORTAL_TEST_CLOCK: "on",
      BENCH_PAGES: "1",
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("The portal cannot start: this deployment's settings are not safe (9 problems):");
    for (const named of [
      "SMTP_URL is not set",
      "PORTAL_BASE_URL points at this machine",
      "PORTAL_BASE_URL is not https",
      "AUDIT_HMAC_KEY is not set",
      "AUDIT_CHECKPOINT_DIR is not set",
      "MFA_SECRET_KEY is too short",
      "PORTAL_TEST_CLOCK is on",
      "BENCH_PAGES is on",
      "DATABASE_URL is not set",
    ]) {
      expect(refused.stderr).toContain(`  - ${named}`);
    }
    // A clear message, not a crash: no stack trace, and nothing was opened or listened on.
    expect(refused.stderr).not.toMatch(/^\s+at /m);
    expect(refused.stdout).not.toContain("listening");
  });
});

describe("the deployment on PostgreSQL", () => {
  let database: TestDatabase;
  let server: BuiltServer;
  const count = async (table: "audit_event" | "session") =>
    Number((await database.prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${table}"`))[0]!.n);

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    server = await startBuiltServer(dir, { ...SAFE, ...smtp(), DATABASE_URL: database.url! });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await database?.close();
  });

  it("answers /healthz and, once its workers have run, /readyz: a word each, no cookie, no session, no audit row", { timeout: 60_000 }, async () => {
    const alive = await send(server, "/healthz");
    expect(alive.status).toBe(200);
    expect(alive.body).toBe("ok");
    expect(alive.headers["cache-control"]).toBe("no-store");
    expect(await readyWithin(server, 30_000)).toBe(true);
    const [audit, sessions] = [await count("audit_event"), await count("session")];
    // A load balancer asks often: never limited, never written down.
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => send(server, i % 2 ? "/readyz" : "/healthz")));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(["ok", "ready"]).toContain(answer.body);
      expect(answer.headers["set-cookie"]).toBeUndefined();
      expect(answer.headers["x-powered-by"]).toBeUndefined();
    }
    expect(await count("audit_event")).toBe(audit);
    expect(await count("session")).toBe(sessions);
  });

  it("is not ready while a migration is missing, or while the database refuses connections; ready again after", { timeout: 90_000 }, async () => {
    expect(await readyWithin(server, 30_000)).toBe(true);
    const [latest] = await database.prisma.$queryRaw<{ migration_name: string }[]>`
      SELECT "migration_name" FROM "_prisma_migrations" ORDER BY "migration_name" DESC LIMIT 1`;
    await database.rawSql(`UPDATE "_prisma_migrations" SET "rolled_back_at" = now() WHERE "migration_name" = '${latest!.migration_name}'`);
    const missing = await send(server, "/readyz");
    expect(missing.status).toBe(503);
    expect(missing.body).toBe("not ready");
    await database.rawSql(`UPDATE "_prisma_migrations" SET "rolled_back_at" = NULL WHERE "migration_name" = '${latest!.migration_name}'`);
    expect(await readyWithin(server, 10_000)).toBe(true);

    const name = new URL(database.url!).pathname.slice(1);
    await asAdministrator(
      `ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`,
    );
    try {
      const down = await send(server, "/readyz");
      expect(down.status).toBe(503);
      // Generic: no error, host, version or count.
      expect(down.body).toBe("not ready");
      expect((await send(server, "/healthz")).status).toBe(200);
    } finally {
      await asAdministrator(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS true`);
    }
    expect(await readyWithin(server, 30_000)).toBe(true);
  });

  it("lets a body just under the limit reach the action, plain or gzip", { timeout: 30_000 }, async () => {
    const form = signInForm(BODY_LIMIT - signInForm().length);
    expect(form.length).toBe(BODY_LIMIT);
    const before = await count("audit_event");
    const plain = await send(server, "/sign-in", { method: "POST", headers: { ...FORM, "content-length": form.length }, chunks: [Buffer.from(form)] });
    expect(plain.status).toBeLessThan(500);
    expect(plain.status).not.toBe(413);
    await expect.poll(() => count("audit_event")).toBe(before + 1);
    const zipped = gzipSync(form);
    const gzip = await send(server, "/sign-in", { method: "POST", headers: { ...FORM, "content-encoding": "gzip" }, chunks: [zipped] });
    expect(gzip.status).toBeLessThan(500);
    expect(gzip.status).not.toBe(413);
    await expect.poll(() => count("audit_event")).toBe(before + 2);
  });

  it("refuses a chunked body over the limit with 413 and the shell page, and the action never runs", { timeout: 30_000 }, async () => {
    const before = await count("audit_event");
    const chunks = [Buffer.from(signInForm()), ...Array.from({ length: 300 }, () => Buffer.from("p".repeat(10_000)))];
    const answer = await send(server, "/sign-in", { method: "POST", headers: FORM, chunks });
    expect(answer.status).toBe(413);
    expect(answer.body).toContain("Too much data");
    expect(answer.body).toContain("Quick exit");
    expect(answer.headers["content-security-policy"]).toBeDefined();
    await new Promise((wait) => setTimeout(wait, 500));
    expect(await count("audit_event")).toBe(before);
  });

  it("refuses a gzip body that inflates over the limit, and a Content-Length over it without reading it", { timeout: 30_000 }, async () => {
    const before = await count("audit_event");
    const bomb = gzipSync(signInForm(20_000_000));
    expect(bomb.length).toBeLessThan(BODY_LIMIT);
    const inflated = await send(server, "/sign-in", { method: "POST", headers: { ...FORM, "content-encoding": "gzip" }, chunks: [bomb] });
    expect(inflated.status).toBe(413);
    expect(inflated.body).toContain("Too much data");
    // The headers alone are answered: the 50 MB promised are never sent.
    const declared = await send(server, "/sign-in", {
      method: "POST",
      headers: { ...FORM, "content-length": 50_000_000 },
      chunks: [Buffer.from(signInForm())],
    });
    expect(declared.status).toBe(413);
    await new Promise((wait) => setTimeout(wait, 500));
    expect(await count("audit_event")).toBe(before);
  });
});

describe("the deployment on the embedded database (a single-user trial)", () => {
  const trial = { ...SAFE, PORTAL_EMBEDDED_DATABASE: "single-user-trial" };
  const removals: (() => void)[] = [];
  afterAll(() => removals.forEach((remove) => remove()));

  async function embedded(env: Record<string, string> = {}, prepare?: (pglite: PGlite) => Promise<void>): Promise<BuiltServer> {
    const database = await preparedDatabase({ seed: false });
    removals.push(database.remove);
    if (prepare) {
      const pglite = new PGlite(database.dataDir);
      await prepare(pglite);
      await pglite.close();
    }
    return startBuiltServer(dir, { ...trial, ...smtp(), PGLITE_DIR: database.dataDir, ...env });
  }

  it("starts only when allowed, and is ready", { timeout: 90_000 }, async () => {
    const server = await embedded();
    try {
      expect((await send(server, "/healthz")).body).toBe("ok");
      expect(await readyWithin(server, 30_000)).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it("is alive but not ready while a migration this build expects is missing", { timeout: 90_000 }, async () => {
    const server = await embedded({}, async (pglite) => {
      await pglite.exec(`DELETE FROM "_prisma_migrations" WHERE "migration_name" = (SELECT max("migration_name") FROM "_prisma_migrations")`);
    });
    try {
      expect((await send(server, "/healthz")).status).toBe(200);
      expect(await readyWithin(server, 5_000)).toBe(false);
      expect((await send(server, "/readyz")).body).toBe("not ready");
    } finally {
      await server.stop();
    }
  });

  it("on SIGTERM finishes the request under way, refuses new connections and exits 0", { timeout: 90_000 }, async () => {
    // A failed sign-in is answered no sooner than SIGNIN_FAILURE_FLOOR_MS after it began: a slow request.
    const server = await embedded({ SIGNIN_FAILURE_FLOOR_MS: "3000" });
    expect(await readyWithin(server, 30_000)).toBe(true);
    const form = signInForm();
    const started = Date.now();
    const slow = send(server, "/sign-in", { method: "POST", headers: { ...FORM, "content-length": form.length }, chunks: [Buffer.from(form)] });
    await new Promise((wait) => setTimeout(wait, 800));
    server.kill("SIGTERM");
    await new Promise((wait) => setTimeout(wait, 300));
    await expect(send(server, "/healthz")).rejects.toMatchObject({ code: "ECONNREFUSED" });
    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(answer.body).toContain("</html>");
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain("SIGTERM received");
  });

  it("exits 1 when what is under way outlasts SHUTDOWN_TIMEOUT_MS", { timeout: 90_000 }, async () => {
    const server = await embedded({ SIGNIN_FAILURE_FLOOR_MS: "20000", SHUTDOWN_TIMEOUT_MS: "1500" });
    expect(await readyWithin(server, 30_000)).toBe(true);
    const form = signInForm();
    const slow = send(server, "/sign-in", { method: "POST", headers: { ...FORM, "content-length": form.length }, chunks: [Buffer.from(form)] }).catch(
      (error: NodeJS.ErrnoException) => error.code,
    );
    await new Promise((wait) => setTimeout(wait, 500));
    const signalled = Date.now();
    server.kill("SIGTERM");
    expect(await server.exited).toBe(1);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(server.output()).toContain("not finished within 1500 ms");
    expect(await slow).toBe("ECONNRESET");
  });
});
