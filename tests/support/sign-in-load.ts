// The sign-in limit under load (issue 15): a built server run as `npm start` with two server processes
// (WEB_CONCURRENCY=2) on a fresh PostgreSQL database, sent 2,000 sign-in attempts from several real source addresses
// (127.0.0.1 to 127.0.0.4: all of 127/8 is loopback on Linux), spread over spellings of the path and forged
// X-Forwarded-For headers. Each source address must get exactly the configured number through, whichever process
// answered it, and the audit trail must name only the real source addresses.
import http from "node:http";
import { createTestDatabase } from "./database";
import { startBuiltServer, type BuiltServer } from "./built-app";

export const LOAD = { attempts: 2_000, limit: 25, sources: ["127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"] } as const;
const PATHS = ["/sign-in", "/sign-in/", "/SIGN-IN", "/%73ign-in", "/sign-in.data", "//sign-in", "/Sign-In//", "/sign-in%2F"];
const IN_FLIGHT = 16;

export interface LoadOutcome {
  /** Per source address: how many attempts were let through (any answer but 429), and how many were refused with 429. */
  bySource: Record<string, { through: number; limited: number }>;
  /** Every status seen, with its count. */
  statuses: Record<number, number>;
  /** How many server processes logged a sign-in attempt. */
  processes: number;
  /** The distinct client addresses in the audit trail's sign-in rows. */
  auditedAddresses: string[];
  /** The total of the limit's counts in the shared table: every attempt counted once, by whichever process. */
  countedHits: number;
}

/** The server processes that have logged a request so far (each log line carries its process id). */
function processesSeen(server: BuiltServer, method: string): Set<number> {
  return new Set(
    server
      .output()
      .split("\n")
      .filter((line) => line.startsWith("{") && line.endsWith("}") && line.includes(`"method":"${method}"`))
      .map((line) => (JSON.parse(line) as { pid: number }).pid),
  );
}

/** Asks on new connections until `count` server processes have answered: the primary hands connections round. */
async function waitForProcesses(server: BuiltServer, count: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (processesSeen(server, "GET").size < count) {
    if (Date.now() > deadline) throw new Error(`fewer than ${count} server processes answered within 60 s:\n${server.output()}`);
    await fetch(`${server.baseUrl}/favicon.ico`, { headers: { Connection: "close" } }).then((response) => response.arrayBuffer());
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function post(base: URL, path: string, source: string, attempt: number): Promise<number> {
  const body = new URLSearchParams({ email: `load.${attempt}@load-test.invalid`, password: "Not-A-Password-1" }).toString();
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: base.hostname,
        port: base.port,
        path,
        method: "POST",
        // A new connection each time, so that the primary hands the attempts round both processes.
        agent: false,
        localAddress: source,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(body),
          // Forged: no proxy is trusted (TRUST_PROXY unset), so none of these may key the limit or reach the audit trail.
          "x-forwarded-for": `203.0.113.${attempt % 250}, 198.51.100.${(attempt * 7) % 250}`,
        },
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** Runs the load against the build in `dir` and reports what happened; the server and its database are removed after. */
export async function runSignInLoad(dir: string, env: Record<string, string>): Promise<LoadOutcome> {
  const database = await createTestDatabase("postgres");
  let server: BuiltServer | undefined;
  try {
    server = await startBuiltServer(dir, {
      ...env,
      DATABASE_URL: database.url!,
      WEB_CONCURRENCY: "2",
      SIGNIN_RATE_LIMIT: String(LOAD.limit),
      LOG_LEVEL: "info",
    });
    // Over 127.0.0.1 as the server's address, so that every source address can reach it.
    const base = new URL(server.baseUrl.replace("localhost", "127.0.0.1"));
    await waitForProcesses(server, 2);
    const bySource: LoadOutcome["bySource"] = Object.fromEntries(LOAD.sources.map((source) => [source, { through: 0, limited: 0 }]));
    const statuses: Record<number, number> = {};
    let next = 0;
    const worker = async () => {
      for (let attempt = next++; attempt < LOAD.attempts; attempt = next++) {
        const source = LOAD.sources[attempt % LOAD.sources.length]!;
        const status = await post(base, PATHS[Math.floor(attempt / LOAD.sources.length) % PATHS.length]!, source, attempt);
        statuses[status] = (statuses[status] ?? 0) + 1;
        bySource[source]![status === 429 ? "limited" : "through"]++;
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));

    const processes = processesSeen(server, "POST").size;
    const audited = await database.prisma.auditEvent.findMany({ where: { action: "auth.sign_in" }, select: { ipAddress: true }, distinct: ["ipAddress"] });
    const counted = await database.prisma.windowedCounter.aggregate({ where: { key: { startsWith: "signin-rate:" } }, _sum: { hits: true } });
    return {
      bySource,
      statuses,
      processes,
      auditedAddresses: audited.map((row) => row.ipAddress ?? "").sort(),
      countedHits: counted._sum.hits ?? 0,
    };
  } finally {
    await server?.stop();
    await database.close();
  }
}
