// A server process killed with SIGKILL while it holds claimed outbox rows (mid-send) and referral steps (inside the
// scheduler's transaction): another process takes them over once the claim expires, and nothing is sent twice. The
// killed process is a real child process on the same PostgreSQL database (the embedded database has one owner, so
// there is no "other process" to take over from it).
import { spawn, type ChildProcess } from "node:child_process";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import { afterAll, describe, expect, it } from "vitest";
import { createPoliceSuspectCase } from "~/models/cases/case.server";
import { runReferralScheduler } from "~/models/referrals/scheduler.server";
import { chainTiming } from "~/models/referrals/timing.server";
import { createLogger } from "~/utils/logger.server";
import { createTransport } from "~/utils/mail.server";
import { deliverDueMail } from "~/utils/outbox.server";
import { seedDemoOrganisation } from "../../prisma/seed";
import { fictionalIntake } from "../support/cases";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../support/database";

const LEASE_MS = 60_000;
const logger = createLogger({ level: "silent" });

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.runIf(databaseKinds.includes("postgres"))("faults: a server process killed with SIGKILL [postgres]", () => {
  let database: TestDatabase | undefined;
  let child: ChildProcess | undefined;
  afterAll(async () => {
    child?.kill("SIGKILL");
    await database?.close();
  });

  it("its claimed mail and referral steps are taken over after the claim expires, and nothing is sent twice", async () => {
    database = await createTestDatabase("postgres");
    const { prisma, url } = database;
    const seed = await seedDemoOrganisation(prisma, { passwordHash: "$argon2id$not-a-real-hash" });
    const person = (key: string) => seed.ids.people[key]!;
    for (const suspect of ["pcDuxbury", "pcMistryOake", "kelStaff"]) {
      await prisma.$transaction((tx) => createPoliceSuspectCase(tx, { reporterId: person("pcPenhallow"), form: fictionalIntake(person(suspect)) }));
    }
    const awaiting = await prisma.referralStep.findMany({ where: { state: "AWAITING" }, select: { id: true } });
    expect(awaiting.length).toBeGreaterThanOrEqual(3);
    // A day on, every step is overdue for its reminder.
    const now = new Date(Date.now() + 24 * 3_600_000);

    // A real SMTP server that accepts three mails, then takes the fourth and never answers (the child is killed mid-send).
    const accepted: string[] = [];
    let hanging = false;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      disableReverseLookup: true,
      closeTimeout: 500,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          const messageId = /^Message-ID:\s*<([0-9a-f-]{36})\.outbox@/im.exec(Buffer.concat(chunks).toString("utf8"))?.[1] ?? "unknown";
          if (accepted.length === 3 && !hanging) {
            hanging = true;
            return;
          }
          accepted.push(messageId);
          callback();
        });
      },
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const smtpUrl = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;

    // Holds the referral scheduler inside its transaction (after it has claimed the due steps) until released.
    const blocker = new pg.Client({ connectionString: url });
    await blocker.connect();
    await blocker.query(`BEGIN; LOCK TABLE "referral_event" IN SHARE MODE`);

    // Node itself, with tsx as a loader: the tsx command would run the script in a grandchild the kill would not reach.
    child = spawn(process.execPath, ["--import", "tsx", resolve("tests/support/fault-worker.ts")], {
      env: { ...process.env, DATABASE_URL: url, SMTP_URL: smtpUrl, FAULT_NOW: now.toISOString(), FAULT_LEASE_MS: String(LEASE_MS), LOG_LEVEL: "silent" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let childOutput = "";
    child.stdout!.on("data", (chunk: Buffer) => (childOutput += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((r) => child!.once("exit", (_code, signal) => r(signal)));

    await until("the child is mid-send and inside the scheduler's transaction", async () => {
      // Not on the blocker's connection: inside a transaction, pg_stat_activity keeps showing its first snapshot.
      const [row] = await prisma.$queryRaw<{ waiting: number }[]>`
        SELECT count(*)::int AS "waiting" FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
      return hanging && row!.waiting > 0;
    });
    const heldByChild = await prisma.outboxMessage.findMany({ where: { status: "SENDING" }, select: { id: true } });
    expect(heldByChild.length).toBeGreaterThan(0);
    expect(await prisma.outboxMessage.count({ where: { status: "SENT" } })).toBe(3);

    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    expect(childOutput).not.toContain("finished");
    await blocker.query("COMMIT");
    await blocker.end();

    const transport = createTransport(smtpUrl);
    try {
      // Before the claim expires, the dead process's mail is nobody else's to send.
      await deliverDueMail({ prisma, transport, logger, now: new Date(now.getTime() + 1_000), batchSize: 100 });
      const stillHeld = await prisma.outboxMessage.findMany({ where: { id: { in: heldByChild.map((m) => m.id) } }, select: { status: true } });
      expect(stillHeld.every((m) => m.status === "SENDING")).toBe(true);

      // The scheduler's claim ends with the dead process's transaction: another pass takes the steps over.
      await until("every overdue step is reminded", async () => {
        await runReferralScheduler(prisma, chainTiming(now));
        return (await prisma.referralStep.count({ where: { id: { in: awaiting.map((s) => s.id) }, remindedAt: null } })) === 0;
      });
      const reminders = await prisma.referralEvent.groupBy({ by: ["stepId"], where: { kind: "REMINDED" }, _count: true });
      expect(reminders.length).toBe(awaiting.length);
      expect(reminders.every((r) => r._count === 1)).toBe(true);

      // After the lease, everything is delivered, each mail exactly once.
      const afterLease = new Date(now.getTime() + LEASE_MS + 1_000);
      await until("every mail is sent", async () => {
        await deliverDueMail({ prisma, transport, logger, now: afterLease, batchSize: 100 });
        return (await prisma.outboxMessage.count({ where: { status: { not: "SENT" } } })) === 0;
      });
      const all = await prisma.outboxMessage.findMany({ select: { id: true } });
      expect([...accepted].sort()).toEqual(all.map((m) => m.id).sort());
    } finally {
      transport.close();
      await new Promise<void>((r) => server.close(() => r()));
    }
  }, 60_000);
});
