// Starting, watching and stopping the production server for the benchmark, and signing in to it.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { processTree } from "./cpu.ts";
import { benchCheckpointDir } from "./db.ts";
import { startSmtpSink } from "./smtp-sink.ts";
import { startCommand } from "../../scripts/start-command.ts";
import { demoSecretOf, freshCode } from "../../tests/support/demo-totp.ts";

export interface RunningServer {
  pid: number;
  baseUrl: string;
  origin: string;
  logPath: string;
  /** Peak resident memory so far (kernel's VmHWM) and the highest VmRSS sampled, in MiB. */
  memory: () => { peakRssMiB: number; sampledMaxRssMiB: number; currentRssMiB: number; processes: number };
  /** Null while the server runs; how it ended otherwise. */
  ended: () => string | null;
  stop: () => Promise<void>;
}

function readStatusKiB(pid: number, field: string): number | null {
  try {
    const match = readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

export async function startServer(options: {
  cwd: string;
  port: number;
  databaseUrl: string;
  extraEnv?: Record<string, string>;
  extraNodeFlags?: string[];
  /** Names the server's log file when one run starts several servers. */
  name?: string;
}): Promise<RunningServer> {
  const origin = `http://localhost:${options.port}`;
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const logPath = join(tmpdir(), `portal-bench-server-${process.pid}${options.name ? `-${options.name}` : ""}.log`);
  const log = createWriteStream(logPath);
  // Runs the production server exactly as `npm start` does: the compiled `<BUILD_DIR>/server.js` on plain Node.
  const start = startCommand(options.cwd);
  // Only the demo build catches its own mail (ADR 018): without an SMTP_URL given, mail goes to a sink that drops it.
  const sink = options.extraEnv?.SMTP_URL ? undefined : await startSmtpSink(0);
  const child: ChildProcess = spawn(
    process.execPath,
    [...start.nodeFlags, ...(options.extraNodeFlags ?? []), join(options.extraEnv?.BUILD_DIR ?? "build", "server.js")],
    {
      cwd: options.cwd,
      env: {
        ...process.env,
        ...start.env,
        NODE_ENV: "production",
        BENCH_PAGES: "1",
        PORT: String(options.port),
        DATABASE_URL: options.databaseUrl,
        PORTAL_BASE_URL: origin,
        SMTP_URL: sink?.url ?? "",
        SIGNIN_FAILURE_DELAY_MS: "0",
        AUDIT_CHECKPOINT_DIR: benchCheckpointDir(),
        ...options.extraEnv,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  const pid = child.pid;
  if (!pid) throw new Error("the server did not start");
  let exited: number | null | undefined;
  let exitSignal: string | null = null;
  let stopping = false;
  const exitPromise = new Promise<void>((resolve) =>
    child.on("exit", (code, signal) => {
      exited = code;
      exitSignal = signal;
      resolve();
    }),
  );

  // With WEB_CONCURRENCY > 1 the server is several processes: memory is the sum over the process tree.
  const treeKiB = (field: string) => processTree(pid).reduce((sum, member) => sum + (readStatusKiB(member, field) ?? 0), 0);
  let sampledMaxKiB = 0;
  let processes = 1;
  const sampler = setInterval(() => {
    const rss = treeKiB("VmRSS");
    if (rss > sampledMaxKiB) sampledMaxKiB = rss;
    processes = Math.max(processes, processTree(pid).length);
  }, 200);
  sampler.unref();

  const stop = async () => {
    stopping = true;
    clearInterval(sampler);
    if (exited === undefined) {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 12_000);
      await exitPromise;
      clearTimeout(killer);
    }
    await sink?.stop();
    log.end();
  };

  // Wait (bounded) for the server to answer.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== undefined) throw new Error(`the server exited with code ${exited} while starting; see ${logPath}`);
    try {
      const response = await fetch(`${baseUrl}/sign-in`, { redirect: "manual" });
      if (response.status < 500) {
        await response.arrayBuffer();
        break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not answer within 60 s; see ${logPath}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  return {
    pid,
    baseUrl,
    origin,
    logPath,
    memory: () => {
      const current = treeKiB("VmRSS");
      if (current > sampledMaxKiB) sampledMaxKiB = current;
      // One process: the kernel's exact peak. Several: the sum of their peaks (an upper bound; they need not coincide).
      const hwm = treeKiB("VmHWM") || sampledMaxKiB;
      return { peakRssMiB: hwm / 1024, sampledMaxRssMiB: sampledMaxKiB / 1024, currentRssMiB: current / 1024, processes };
    },
    stop,
    ended: () => {
      if (exited === undefined) return null;
      const how = exitSignal ? `signal ${exitSignal}` : `exit code ${exited}`;
      return stopping ? `stopped by the benchmark (${how})` : `ended on its own or was stopped by another process (${how}; its log: ${logPath})`;
    },
  };
}

/**
 * Signs in through the real forms and returns the session cookie's pair (`__Host-portal_session=…`) for the Cookie
 * header. A privileged demo account is then asked for its second factor: the code comes from its fixed demo secret, as
 * the end-to-end suite's authenticator computes it (tests/support/demo-totp.ts).
 */
export async function signIn(server: RunningServer, email: string, password: string): Promise<string> {
  const post = (path: string, form: Record<string, string>, cookie?: string) =>
    fetch(`${server.baseUrl}${path}`, {
      method: "POST",
      redirect: "manual",
      // React Router refuses an action whose Origin does not match the Host the request was sent to.
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: server.baseUrl,
        "user-agent": "portal-bench/1",
        ...(cookie ? { cookie } : {}),
      },
      body: new URLSearchParams(form),
    });
  const cookiesOf = (response: Response) => response.headers.getSetCookie().map((value) => value.split(";")[0]!);
  const sessionOf = (pairs: string[]) => pairs.find((pair) => /^(__Host-)?portal_session=./.test(pair));

  let response = await post("/sign-in", { email, password, redirectTo: "/" });
  await response.arrayBuffer();
  let pairs = cookiesOf(response);
  const secret = demoSecretOf(email);
  if (response.status === 302 && !sessionOf(pairs) && secret && new URL(response.headers.get("location") ?? "", server.baseUrl).pathname === "/sign-in/code") {
    const pending = pairs.join("; ");
    for (let attempt = 0; attempt < 2; attempt++) {
      // A code that reached the portal after its step had gone is refused with the form again: send the next one.
      response = await post("/sign-in/code", { method: "totp", code: await freshCode(email, secret), redirectTo: "/" }, pending);
      await response.arrayBuffer();
      if (response.status !== 200) break;
    }
    pairs = cookiesOf(response);
  }
  const session = sessionOf(pairs);
  if (![302, 303].includes(response.status) || !session) {
    throw new Error(`signing in as ${email} failed (HTTP ${response.status}); see ${server.logPath}`);
  }
  return session;
}

/** Fetches a page once and checks it is a 200 with the expected number of table rows. */
export async function checkPage(server: RunningServer, path: string, cookie?: string): Promise<{ status: number; bodyRows: number; bytes: number }> {
  const response = await fetch(server.baseUrl + path, { redirect: "manual", headers: cookie ? { cookie } : {} });
  const body = await response.text();
  const tbody = body.split("<tbody")[1]?.split("</tbody>")[0] ?? "";
  return { status: response.status, bodyRows: (tbody.match(/<tr[\s>]/g) ?? []).length, bytes: Buffer.byteLength(body) };
}
