// Measurements inside the benchmark's own process, against the same database as the server:
//  - the guard's own cost: the real `listAccessible` around the bare page's query, minus that query alone, with the
//    policy part and the audit-write part timed on their own;
//  - queries per request of each page, by running the production build's request handler in-process on a Prisma
//    client whose pg connections count every statement.
import { pathToFileURL } from "node:url";
import { CLIENT_ADDRESS_HEADER } from "../../app/auth/client-info.server.ts";

import { createRequestHandler, type ServerBuild } from "react-router";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { preparedStatementNames } from "../../app/db/prepared-statements.server.ts";
import { defineAbilityFor } from "../../policies/ability.ts";
import { accessScope, can, listAccessible } from "../../app/access/guard.server.ts";
import { resolveRequestContext } from "../../app/access/request-context.server.ts";
import { openDatabase, setDatabase, type OpenDatabase } from "../../app/db.server.ts";
import { PrismaClient } from "../../app/generated/prisma/client.ts";
import { appendAudit } from "../../app/utils/audit.server.ts";
import { BENCH_AUDIT_KEYS, benchCheckpointDir } from "./db.ts";
import type { CpuUse } from "./cpu.ts";
import { summarise, type LatencySummary } from "./load.ts";

export interface CountingDatabase extends OpenDatabase {
  statements: () => number;
  /** Statement texts (first 90 characters, whitespace squeezed) since the last reset, with counts. */
  byText: () => Map<string, number>;
  reset: () => void;
}

/** A Prisma client on a pg pool whose connections count the statements they send. */
export function openCountingDatabase(url: string): CountingDatabase {
  const pool = new pg.Pool({ connectionString: url, max: 10, options: "-c jit=off" }); // as app/db.server.ts
  let count = 0;
  let texts = new Map<string, number>();
  pool.on("connect", (client) => {
    const original = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      count++;
      const first = args[0];
      const text = typeof first === "string" ? first : ((first as { text?: string } | undefined)?.text ?? "?");
      const key = text.replace(/\s+/g, " ").trim().slice(0, 90);
      texts.set(key, (texts.get(key) ?? 0) + 1);
      return original(...args);
    };
  });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { statementNameGenerator: preparedStatementNames() }) }); // as app/db.server.ts
  return {
    prisma,
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
    statements: () => count,
    byText: () => texts,
    reset: () => {
      count = 0;
      texts = new Map();
    },
  };
}

export interface PageProfile {
  path: string;
  status: number;
  statementsPerRequest: number;
  /** Mean CPU of this process per request, in ms (rendering included). */
  cpuMsPerRequest: number;
  /** The statements of one request, most frequent first. */
  statements: [string, number][];
  inProcess: LatencySummary;
}

/**
 * Runs the production build's request handler in this process (no HTTP, no Express) for each path, sequentially:
 * statements per request and the in-process service time.
 */
export async function profilePages(options: {
  /** The build folder (BUILD_DIR) the server runs. */
  buildDir: string;
  database: CountingDatabase;
  paths: { path: string; cookie?: string }[];
  iterations: number;
}): Promise<PageProfile[]> {
  process.env.BENCH_PAGES = "1";
  setDatabase(options.database);
  const build = (await import(pathToFileURL(`${options.buildDir}/server/index.js`).href)) as ServerBuild;
  const handler = createRequestHandler(build, "production");
  const pages = options.paths.map(({ path, cookie }) => ({
    path,
    call: async () => {
      // The header the Express server adds to every request (server/security.ts).
      const serverHeaders = { [CLIENT_ADDRESS_HEADER]: "127.0.0.1" };
      const response = await handler(
        new Request(`http://localhost${path}`, { headers: cookie ? { cookie, "user-agent": "portal-bench/1 (in-process)", ...serverHeaders } : serverHeaders }),
      );
      await response.arrayBuffer();
      return response.status;
    },
    status: 0,
    statements: [] as [string, number][],
    statementCount: 0,
    cpuMs: 0,
    times: [] as number[],
  }));
  for (const page of pages) {
    for (let i = 0; i < 30; i++) await page.call(); // warm up
    options.database.reset();
    page.status = await page.call();
    page.statements = [...options.database.byText().entries()].sort((a, b) => b[1] - a[1]);
  }
  // The pages take turns, so that drift and other processes on the machine affect them alike.
  for (let i = 0; i < options.iterations; i++) {
    for (const page of pages) {
      options.database.reset();
      const cpuStart = process.cpuUsage();
      const started = performance.now();
      await page.call();
      page.times.push(performance.now() - started);
      const used = process.cpuUsage(cpuStart);
      page.cpuMs += (used.user + used.system) / 1000;
      page.statementCount += options.database.statements();
    }
  }
  const profiles: PageProfile[] = pages.map((page) => ({
    path: page.path,
    status: page.status,
    statementsPerRequest: page.statementCount / options.iterations,
    cpuMsPerRequest: page.cpuMs / options.iterations,
    statements: page.statements,
    inProcess: summarise(page.times),
  }));
  return profiles;
}

/** One part of a request, timed over many iterations: wall-clock latency and the CPU this process spent on it. */
export interface Part {
  latency: LatencySummary;
  /** Mean CPU of this process (all its threads) per call, in ms. */
  cpuMs: number;
  statements: number;
}

export interface GuardCost {
  iterations: number;
  /** The list alone, as the bare page runs it. */
  bareQuery: Part;
  /** The same list through `listAccessible` (ability check, access scope, transaction, audit row). */
  guardedQuery: Part;
  /** guardedQuery − bareQuery, per request (means and medians of wall time, mean CPU). */
  guardMeanMs: number;
  guardMedianMs: number;
  guardCpuMs: number;
  /** What both lists ran: the app's listPeoplePage (page, total, units/grades/roles) or a plain findMany. */
  listedWith: "listPeoplePage" | "findMany";
  /** The statements (start of their text) that reading the session sends. */
  sessionStatements: string[];
  /** defineAbilityFor + can + accessScope, in memory. */
  policy: Part;
  /** A transaction that only appends one audit row (what appendAudit sends, and the seal at commit). */
  auditWrite: Part;
  /** Reading the session and the person, and building their ability (once per request). */
  sessionContext: Part;
  cpu?: CpuUse;
  quietWaitSeconds?: number;
}

/**
 * Times the guard's own work per request, one call at a time; the parts are interleaved in every iteration so that
 * drift and other processes affect all of them alike. CPU time (process.cpuUsage) is the steadier figure on a
 * shared machine; wall time includes waiting for PostgreSQL.
 */
export async function measureGuardCost(options: { database: CountingDatabase; cookie: string; iterations: number }): Promise<GuardCost> {
  setDatabase(options.database);
  const prisma = options.database.prisma;
  // What the root middleware does once per request: a new Request each time, as in a real request.
  const newRequest = () => new Request("http://localhost/admin/people", { headers: { cookie: options.cookie, "user-agent": "portal-bench/1 (guard cost)" } });
  const context = await resolveRequestContext(newRequest());
  if (!context) throw new Error("the benchmark's session is not valid in-process");
  const select = { id: true, firstName: true, lastName: true, preferredName: true, workEmail: true, rank: true, unit: { select: { name: true } } } as const;
  const orderBy = [{ lastName: "asc" as const }, { firstName: "asc" as const }, { id: "asc" as const }];
  // The people page's own list function, if the app has it (app/models/people/person.server.ts).
  const personModel = (await import("../../app/models/people/person.server.ts").catch(() => null)) as {
    listPeoplePage?: (tx: unknown, scope: unknown, options: { q: string; page: number }) => Promise<{ rows: unknown[] }>;
  } | null;
  const listPeoplePage = personModel?.listPeoplePage;

  let sink = 0;
  // Both pages list people with listPeoplePage when the app has it (the bare page without the guard); otherwise the
  // plain query the first bare page used.
  const bareList = listPeoplePage
    ? async (tx: unknown, scope: unknown) => (await listPeoplePage(tx, scope, { q: "", page: 1 })).rows as never[]
    : (tx: unknown, scope: unknown) => (tx as typeof prisma).person.findMany({ where: scope as never, take: 50, orderBy, select }) as Promise<never[]>;
  const parts: Record<string, () => Promise<unknown>> = {
    bare: () => bareList(prisma, {}),
    guarded: () => listAccessible(context, "Person", (tx, scope) => bareList(tx, scope), { page: 1, bench: true }),
    policy: async () => {
      const ability = defineAbilityFor(context.actor);
      if (can(ability, "list", "Person")) sink += Object.keys(accessScope(ability, "list", "Person")).length;
    },
    audit: () =>
      prisma.$transaction((tx) =>
        appendAudit(tx, {
          actorId: context.actor.id,
          action: "access.list",
          subjectType: "Person",
          outcome: "ALLOWED",
          details: { bench: true },
          ...context.client,
        }),
      ),
    session: () => resolveRequestContext(newRequest()),
  };
  const sessionStatements: string[] = [];

  const statements: Record<string, number> = {};
  for (const [name, run] of Object.entries(parts)) {
    options.database.reset();
    await run();
    statements[name] = options.database.statements();
    if (name === "session") sessionStatements.push(...options.database.byText().keys());
    for (let i = 0; i < 30; i++) await run(); // warm up
  }
  const wall: Record<string, number[]> = Object.fromEntries(Object.keys(parts).map((name) => [name, []]));
  const cpu: Record<string, number> = Object.fromEntries(Object.keys(parts).map((name) => [name, 0]));
  for (let i = 0; i < options.iterations; i++) {
    for (const [name, run] of Object.entries(parts)) {
      const cpuStart = process.cpuUsage();
      const started = performance.now();
      await run();
      wall[name]!.push(performance.now() - started);
      const used = process.cpuUsage(cpuStart);
      cpu[name]! += (used.user + used.system) / 1000;
    }
  }
  if (sink < 0) console.log(sink);
  const part = (name: string): Part => ({ latency: summarise(wall[name]!), cpuMs: cpu[name]! / options.iterations, statements: statements[name]! });
  const bareQuery = part("bare");
  const guardedQuery = part("guarded");
  return {
    iterations: options.iterations,
    bareQuery,
    guardedQuery,
    guardMeanMs: guardedQuery.latency.mean - bareQuery.latency.mean,
    guardMedianMs: guardedQuery.latency.p50 - bareQuery.latency.p50,
    guardCpuMs: guardedQuery.cpuMs - bareQuery.cpuMs,
    listedWith: listPeoplePage ? "listPeoplePage" : "findMany",
    sessionStatements,
    policy: part("policy"),
    auditWrite: part("audit"),
    sessionContext: part("session"),
  };
}

/**
 * What the server does every AUDIT_CHECKPOINT_MINUTES: check the chain since the latest checkpoint (every row's keyed
 * tag) and sign its head. Run after the trail is filled, as a running server would have done meanwhile.
 */
export async function timeAuditCheckpoint(url: string): Promise<{ outcome: string; seq: string; seconds: number }> {
  const { createAuditCheckpoint } = await import("../../app/utils/audit-checkpoint.server.ts");
  const { prisma, close } = openDatabase({ kind: "postgres", url });
  try {
    const started = performance.now();
    const result = await createAuditCheckpoint(prisma, { dir: benchCheckpointDir(), keys: BENCH_AUDIT_KEYS });
    const seconds = (performance.now() - started) / 1000;
    const seq = result.outcome === "written" || result.outcome === "unchanged" ? result.checkpoint.seq.toString() : "";
    return { outcome: result.outcome === "refused" ? `refused: ${result.problem.message}` : result.outcome, seq, seconds };
  } finally {
    await close();
  }
}

export interface AuditVerifyTiming {
  ok: boolean;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  problem?: string;
}

/**
 * `npm run audit:verify`'s work, on the database as `npm run audit:verify` opens it: the keyed chain against the key
 * and the checkpoints (`everyTag`: every row's tag recomputed, as `-- --every-tag` does).
 */
export async function timeAuditVerify(url: string, options: { everyTag?: boolean } = {}): Promise<AuditVerifyTiming> {
  const { verifyAuditTrail } = await import("../../app/utils/audit-checkpoint.server.ts");
  const { prisma, close } = openDatabase({ kind: "postgres", url });
  try {
    await prisma.$queryRaw`SELECT 1`;
    const started = performance.now();
    const report = await verifyAuditTrail(prisma, { dir: benchCheckpointDir(), keys: BENCH_AUDIT_KEYS, everyTag: options.everyTag });
    const seconds = (performance.now() - started) / 1000;
    return { ok: report.ok, rows: report.rowsChecked, seconds, rowsPerSecond: report.rowsChecked / seconds, problem: report.problem?.message };
  } finally {
    await close();
  }
}
