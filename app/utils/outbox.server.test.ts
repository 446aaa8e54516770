import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "~/db.server";
import { OutboxStatus } from "~/generated/prisma/enums";
import { attentionNeeded, newMessage } from "#emails/index";
import { describeEachDatabase, holdEveryConnection } from "../../tests/support/database";
import { receivedInOrder } from "../../tests/support/received-mail";
import { createLogger } from "./logger.server";
import { createTransport, type MailTransport } from "./mail.server";
import { deliverDueMail, kickOutbox, queueMail, queueMails, retryDelayMs, startOutboxWorker, type OutboxLogger } from "./outbox.server";
import { caughtMessages, clearCaughtMessages, startSmtpCatcher, type SmtpCatcher } from "./smtp-catcher.server";

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const logs: string[] = [];
const logger: OutboxLogger = createLogger({ level: "info", destination: { write: (line) => void logs.push(line) } });

const at = (base: Date, offsetMs: number) => new Date(base.getTime() + offsetMs);

/** How many times each recipient received mail at the SMTP server. */
function receivedPerRecipient(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of caughtMessages()) {
    for (const to of message.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  }
  return counts;
}

/** A port nothing listens on, that a catcher can be started on later. */
async function stoppedServerPort(): Promise<number> {
  const server = await startSmtpCatcher({ port: 0 });
  await server.stop();
  return server.port;
}

async function queue(prisma: Db, to: string) {
  return prisma.$transaction((tx) => queueMail(tx, to, attentionNeeded({ recipientName: "Sam", link: "/messages" })));
}

describe("retryDelayMs", () => {
  it("doubles from 30 s and stops at 10 minutes, with at most 10 % jitter", () => {
    for (const [attempts, base] of [
      [1, 30 * SECOND],
      [2, MINUTE],
      [3, 2 * MINUTE],
      [5, 8 * MINUTE],
      [6, 10 * MINUTE],
      [40, 10 * MINUTE],
    ] as const) {
      const delay = retryDelayMs(attempts);
      expect(delay).toBeGreaterThanOrEqual(base);
      expect(delay).toBeLessThanOrEqual(base * 1.1);
    }
  });
});

describeEachDatabase("mail outbox", (use) => {
  let catcher: SmtpCatcher;
  let transport: MailTransport;

  beforeAll(async () => {
    catcher = await startSmtpCatcher({ port: 0 });
    transport = createTransport(`smtp://127.0.0.1:${catcher.port}`);
  });
  afterAll(async () => {
    await catcher?.stop();
  });
  beforeEach(async () => {
    clearCaughtMessages();
    logs.length = 0;
    await use().prisma.outboxMessage.deleteMany();
  });

  it("delivers queued mail once, with recipient, subject and body intact", async () => {
    const { prisma } = use();
    const mail = newMessage({ link: "/messages" });
    const { id } = await prisma.$transaction((tx) => queueMail(tx, "sam.jones@example.test", mail));

    expect(await deliverDueMail({ prisma, transport, logger })).toEqual({ sent: 1, retried: 0, failed: 0 });

    const caught = caughtMessages();
    expect(caught).toHaveLength(1);
    expect(caught[0]!.to).toEqual(["sam.jones@example.test"]);
    expect(caught[0]!.subject).toBe("You have a new message in the Staff Support Portal");
    expect(caught[0]!.text.replace(/\r\n/g, "\n")).toBe(mail.text);
    expect(caught[0]!.html.replace(/\r\n/g, "\n")).toBe(mail.html);
    const row = await prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: OutboxStatus.SENT, attempts: 0, leaseExpiresAt: null, lastError: null });
    expect(row.sentAt).toBeInstanceOf(Date);

    expect(await deliverDueMail({ prisma, transport, logger })).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(caughtMessages()).toHaveLength(1);
  });

  it("queues several mails in one statement, in the order given, with their bodies intact, and each recipient's in that order", async () => {
    const { prisma } = use();
    // Names that an array literal would have to escape: quotes, braces, commas, backslashes, the word NULL, non-ASCII.
    const names = ['Sam "Sammy" O\'Neill', "{Bea, Ceri}", "back\\slash", "NULL", "Siân Ó Dálaigh"];
    const mails = [
      { to: "psd.one@example.test", mail: attentionNeeded({ recipientName: names[0], link: "/alerts" }) },
      { to: "psd.two@example.test", mail: attentionNeeded({ recipientName: names[1], link: "/alerts" }) },
      { to: "psd.one@example.test", mail: attentionNeeded({ recipientName: names[2], link: "/messages" }) },
      { to: "psd.three@example.test", mail: newMessage({ link: "/messages" }) },
      { to: "psd.one@example.test", mail: attentionNeeded({ recipientName: names[3], link: "/alerts" }) },
      { to: "psd.two@example.test", mail: attentionNeeded({ recipientName: names[4], link: "/alerts" }) },
    ];
    const before = Date.now();
    await prisma.$transaction((tx) => queueMails(tx, mails));

    const rows = await prisma.outboxMessage.findMany({ orderBy: { queuedSeq: "asc" } });
    expect(rows.map(({ toAddress, template, subject, html, text }) => ({ toAddress, template, subject, html, text }))).toEqual(
      mails.map(({ to, mail }) => ({ toAddress: to, template: mail.template, subject: mail.subject, html: mail.html, text: mail.text })),
    );
    expect(new Set(rows.map((row) => row.id)).size).toBe(mails.length);
    for (const row of rows) {
      expect(row).toMatchObject({ status: OutboxStatus.PENDING, attempts: 0, leaseExpiresAt: null, lastError: null, sentAt: null });
      expect(row.nextAttemptAt).toEqual(row.createdAt);
      expect(row.createdAt).toEqual(rows[0]!.createdAt);
      expect(row.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1);
      expect(row.createdAt.getTime()).toBeLessThanOrEqual(Date.now());
    }

    expect(await deliverDueMail({ prisma, transport, logger })).toEqual({ sent: 6, retried: 0, failed: 0 });
    // caughtMessages() lists the newest first.
    const toOne = [...caughtMessages()].reverse().filter((message) => message.to.includes("psd.one@example.test"));
    expect(toOne.map((message) => message.text.replace(/\r\n/g, "\n"))).toEqual([mails[0]!.mail.text, mails[2]!.mail.text, mails[4]!.mail.text]);
  });

  it("queues none of several mails when one address is not valid", async () => {
    const { prisma } = use();
    const mail = attentionNeeded({ link: "/alerts" });
    await expect(
      prisma.$transaction((tx) =>
        queueMails(tx, [
          { to: "psd.one@example.test", mail },
          { to: "not an address", mail },
        ]),
      ),
    ).rejects.toThrow("not a valid email address");
    expect(await prisma.outboxMessage.count()).toBe(0);
    // Nothing to queue is not an error, and writes nothing.
    await prisma.$transaction((tx) => queueMails(tx, []));
    expect(await prisma.outboxMessage.count()).toBe(0);
  });

  it("keeps mail while the SMTP server is down, backs off, and delivers each message once when it is back", async () => {
    const { prisma } = use();
    const port = await stoppedServerPort();
    const toDownServer = createTransport(`smtp://127.0.0.1:${port}`);
    const recipients = ["a@example.test", "b@example.test", "c@example.test"];
    for (const to of recipients) await queue(prisma, to);
    const t0 = new Date();

    expect(await deliverDueMail({ prisma, transport: toDownServer, now: t0, logger })).toEqual({ sent: 0, retried: 3, failed: 0 });
    let rows = await prisma.outboxMessage.findMany();
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row).toMatchObject({ status: OutboxStatus.PENDING, attempts: 1, leaseExpiresAt: null, sentAt: null });
      expect(row.lastError).toMatch(/ECONNREFUSED/);
      expect(row.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(t0.getTime() + 30 * SECOND);
      expect(row.nextAttemptAt.getTime()).toBeLessThanOrEqual(t0.getTime() + 33 * SECOND);
    }

    // Not due yet: nobody tries, nothing changes.
    expect(await deliverDueMail({ prisma, transport: toDownServer, now: at(t0, 10 * SECOND), logger })).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect((await prisma.outboxMessage.findMany()).map((row) => row.attempts)).toEqual([1, 1, 1]);

    const t1 = at(t0, 40 * SECOND);
    expect(await deliverDueMail({ prisma, transport: toDownServer, now: t1, logger })).toEqual({ sent: 0, retried: 3, failed: 0 });
    rows = await prisma.outboxMessage.findMany();
    for (const row of rows) {
      expect(row.attempts).toBe(2);
      expect(row.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(t1.getTime() + MINUTE);
      expect(row.nextAttemptAt.getTime()).toBeLessThanOrEqual(t1.getTime() + 66 * SECOND);
    }
    expect(caughtMessages()).toHaveLength(0);

    const restarted = await startSmtpCatcher({ port });
    try {
      expect(await deliverDueMail({ prisma, transport: toDownServer, now: at(t0, 11 * MINUTE), logger })).toEqual({ sent: 3, retried: 0, failed: 0 });
      expect(await deliverDueMail({ prisma, transport: toDownServer, now: at(t0, 30 * MINUTE), logger })).toEqual({ sent: 0, retried: 0, failed: 0 });
    } finally {
      await restarted.stop();
    }
    expect(Object.fromEntries(receivedPerRecipient())).toEqual({ "a@example.test": 1, "b@example.test": 1, "c@example.test": 1 });
    expect(await prisma.outboxMessage.count({ where: { status: OutboxStatus.SENT } })).toBe(3);

    // The failures were logged, without recipients or content.
    expect(logs.filter((line) => line.includes("not sent"))).toHaveLength(6);
    for (const line of logs) {
      expect(line).not.toMatch(/@example\.test|Staff Support Portal|attention|Sam/);
    }
  });

  it("never sends mail queued in a transaction that rolled back", async () => {
    const { prisma } = use();
    await expect(
      prisma.$transaction(async (tx) => {
        await queueMail(tx, "rolled-back@example.test", attentionNeeded({ link: "/messages" }));
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    await queue(prisma, "committed@example.test");

    expect(await deliverDueMail({ prisma, transport, logger })).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(caughtMessages().map((message) => message.to)).toEqual([["committed@example.test"]]);
    expect(await prisma.outboxMessage.count()).toBe(1);
  });

  it("sends each message exactly once when several workers deliver at the same time", async () => {
    const { prisma, openAnotherClient } = use();
    const other = await openAnotherClient();
    const otherTransport = createTransport(`smtp://127.0.0.1:${catcher.port}`);
    try {
      for (let round = 0; round < 2; round++) {
        clearCaughtMessages();
        await prisma.outboxMessage.deleteMany();
        const recipients = Array.from({ length: 30 }, (_, i) => `person${round}-${i}@example.test`);
        await prisma.$transaction(async (tx) => {
          for (const to of recipients) await queueMail(tx, to, attentionNeeded({ link: "/messages" }));
        });

        const drain = async (client: Db, via: MailTransport) => {
          let sent = 0;
          for (;;) {
            const counts = await deliverDueMail({ prisma: client, transport: via, batchSize: 3, logger });
            expect(counts.retried + counts.failed).toBe(0);
            if (counts.sent === 0) return sent;
            sent += counts.sent;
          }
        };
        const sentByEach = await Promise.all([
          drain(prisma, transport),
          drain(prisma, transport),
          drain(other.prisma, otherTransport),
          drain(other.prisma, otherTransport),
        ]);

        expect(sentByEach.reduce((a, b) => a + b, 0)).toBe(30);
        const received = receivedPerRecipient();
        expect(received.size).toBe(30);
        for (const to of recipients) expect(received.get(to), to).toBe(1);
        expect(caughtMessages()).toHaveLength(30);
        expect(await prisma.outboxMessage.count({ where: { status: OutboxStatus.SENT } })).toBe(30);
      }
    } finally {
      await other.close();
    }
  });

  it("takes over a message whose worker stopped mid-send once its lease expires, and the late worker cannot undo that", async () => {
    const { prisma } = use();
    const { id } = await queue(prisma, "lease@example.test");
    const t0 = new Date();

    // Worker A claims the message and hangs in the middle of sending it.
    let failStuckSend: (() => void) | undefined;
    const stuck: MailTransport = {
      sendMail: () => new Promise((_resolve, reject) => (failStuckSend = () => reject(new Error("connection reset")))),
    };
    const workerA = deliverDueMail({ prisma, transport: stuck, now: t0, leaseMs: MINUTE, logger });
    await vi.waitFor(() => expect(failStuckSend).toBeDefined());
    expect(await prisma.outboxMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: OutboxStatus.SENDING,
      leaseExpiresAt: at(t0, MINUTE),
    });

    // While A's lease runs, nobody else touches the message.
    expect(await deliverDueMail({ prisma, transport, now: at(t0, 30 * SECOND), logger })).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(caughtMessages()).toHaveLength(0);

    // After it, worker B sends it.
    expect(await deliverDueMail({ prisma, transport, now: at(t0, MINUTE + SECOND), logger })).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(caughtMessages()).toHaveLength(1);

    // A finally fails: it must not put the message back in the queue.
    failStuckSend!();
    expect(await workerA).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(await prisma.outboxMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: OutboxStatus.SENT, attempts: 0 });
    expect(await deliverDueMail({ prisma, transport, now: at(t0, HOUR), logger })).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(caughtMessages()).toHaveLength(1);
  });

  it("holds a recipient's later mail behind an earlier one waiting for a retry or in a worker's hands, never behind mail already sent", async () => {
    const { prisma } = use();
    const t0 = new Date();
    const queued = async (to: string, state: { status: OutboxStatus; nextAttemptAt?: Date; leaseExpiresAt?: Date }) => {
      const { id } = await queue(prisma, to);
      await prisma.outboxMessage.update({ where: { id }, data: state });
      return id;
    };
    // Ann has had mail before; her next waits for a retry in 5 minutes, and the one after it is due.
    await queued("ann@example.test", { status: OutboxStatus.SENT });
    const annRetry = await queued("ann@example.test", { status: OutboxStatus.PENDING, nextAttemptAt: at(t0, 5 * MINUTE) });
    const annNext = await queued("ann@example.test", { status: OutboxStatus.PENDING, nextAttemptAt: t0 });
    // Ben's earlier mail is in another worker's hands for 2 minutes; his next is due.
    const benSending = await queued("ben@example.test", { status: OutboxStatus.SENDING, leaseExpiresAt: at(t0, 2 * MINUTE) });
    const benNext = await queued("ben@example.test", { status: OutboxStatus.PENDING, nextAttemptAt: t0 });
    // Cal has had mail too, and nothing of his waits: his due mail goes.
    await queued("cal@example.test", { status: OutboxStatus.SENT });
    await queued("cal@example.test", { status: OutboxStatus.SENT });
    const calNext = await queued("cal@example.test", { status: OutboxStatus.PENDING, nextAttemptAt: t0 });

    expect(await deliverDueMail({ prisma, transport, now: at(t0, SECOND), logger })).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(receivedInOrder()).toEqual(new Map([["cal@example.test", [calNext]]]));

    // Once Ben's lease has run out and Ann's retry is due, each recipient's mail goes in the order it was queued.
    expect(await deliverDueMail({ prisma, transport, now: at(t0, 6 * MINUTE), logger })).toEqual({ sent: 4, retried: 0, failed: 0 });
    expect(receivedInOrder()).toEqual(
      new Map([
        ["cal@example.test", [calNext]],
        ["ann@example.test", [annRetry, annNext]],
        ["ben@example.test", [benSending, benNext]],
      ]),
    );
    expect(await prisma.outboxMessage.count({ where: { status: { not: OutboxStatus.SENT } } })).toBe(0);
  });

  it("gives up after 72 hours, marks the message FAILED and audits it without its content", async () => {
    const { prisma } = use();
    const toDownServer = createTransport(`smtp://127.0.0.1:${await stoppedServerPort()}`);
    const { id } = await queue(prisma, "unreachable@example.test");
    const { createdAt } = await prisma.outboxMessage.findUniqueOrThrow({ where: { id } });

    expect(await deliverDueMail({ prisma, transport: toDownServer, now: at(createdAt, SECOND), logger })).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(await prisma.auditEvent.count({ where: { action: "mail.failed", subjectId: id } })).toBe(0);

    expect(await deliverDueMail({ prisma, transport: toDownServer, now: at(createdAt, 71 * HOUR), logger })).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(await deliverDueMail({ prisma, transport: toDownServer, now: at(createdAt, 72 * HOUR + SECOND), logger })).toEqual({
      sent: 0,
      retried: 0,
      failed: 1,
    });

    const row = await prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: OutboxStatus.FAILED, attempts: 3, leaseExpiresAt: null, sentAt: null });
    expect(row.lastError).toMatch(/ECONNREFUSED/);
    const audits = await prisma.auditEvent.findMany({ where: { action: "mail.failed", subjectId: id } });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ outcome: "FAILURE", subjectType: "OutboxMessage" });
    expect(JSON.stringify(audits[0], (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value))).not.toMatch(
      /unreachable@example\.test|Staff Support Portal|Sam/,
    );

    // A failed message is never tried again.
    expect(await deliverDueMail({ prisma, transport: toDownServer, now: at(createdAt, 100 * HOUR), logger })).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect((await prisma.outboxMessage.findUniqueOrThrow({ where: { id } })).attempts).toBe(3);
  });

  it("records why a send failed without the recipient's address", async () => {
    const { prisma } = use();
    const rejecting: MailTransport = {
      sendMail: async () => {
        throw Object.assign(new Error("Can't send mail - all recipients were rejected: 550 5.1.1 <gone@example.test>: no such user"), {
          code: "EENVELOPE",
        });
      },
    };
    const { id } = await queue(prisma, "gone@example.test");
    expect(await deliverDueMail({ prisma, transport: rejecting, logger })).toEqual({ sent: 0, retried: 1, failed: 0 });
    const { lastError } = await prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(lastError).toBe("EENVELOPE: Can't send mail - all recipients were rejected: 550 5.1.1 <[address]>: no such user");
    expect(logs.join("\n")).not.toContain("gone@");
    // The log line has the error's code, not its message (which quotes the server's reply).
    expect(logs.join("\n")).toContain('"code":"EENVELOPE"');
    expect(logs.join("\n")).not.toContain("no such user");
  });

  it("waits its turn for a connection when requests hold every one for longer than a transaction's usual wait, then delivers", async () => {
    const { prisma } = use();
    await queue(prisma, "psd.alerts@example.test");
    // Longer than Prisma's default 2 s wait for a connection.
    const { released } = await holdEveryConnection(use(), 3 * SECOND);

    const started = Date.now();
    const counts = await deliverDueMail({ prisma, transport, logger }).finally(() => released);

    expect(counts).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2 * SECOND);
    expect(caughtMessages().map((message) => message.to)).toEqual([["psd.alerts@example.test"]]);
    expect(await prisma.outboxMessage.count({ where: { status: OutboxStatus.SENT } })).toBe(1);
  });

  it("runs as a worker that delivers when kicked and stops cleanly", async () => {
    const { prisma } = use();
    const worker = startOutboxWorker({ prisma, transport, intervalMs: 10 * MINUTE, logger });
    try {
      // Let the first (empty) run pass, so only the kick can deliver what comes next.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await queue(prisma, "kicked@example.test");
      kickOutbox();
      await vi.waitFor(() => expect(caughtMessages()).toHaveLength(1), { timeout: 5_000 });
    } finally {
      await worker.stop();
    }
    await queue(prisma, "after-stop@example.test");
    kickOutbox();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(caughtMessages()).toHaveLength(1);
    expect(await prisma.outboxMessage.count({ where: { status: OutboxStatus.PENDING } })).toBe(1);
  });
});
