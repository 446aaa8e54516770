// Faults of the mail server (issue 16), with the real outbox, a real SMTP server and the portal's own intake and access
// checks raising the mail. The outbox's clock is the test's: an hour of outage takes seconds.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { beforeAll, expect, it } from "vitest";
import { openCase } from "~/access/guard.server";
import { submitReport } from "~/models/cases/intake.server";
import { listFailedMail } from "~/models/mail/failed-mail.server";
import { createLogger } from "~/utils/logger.server";
import { createTransport } from "~/utils/mail.server";
import { deliverDueMail, queueMail, type OutboxLogger } from "~/utils/outbox.server";
import { attentionNeeded } from "#emails/index";
import { clearCaughtMessages, startSmtpCatcher, type SmtpCatcher } from "~/utils/smtp-catcher.server";
import { seedDemoOrganisation, type SeedSummary } from "../../prisma/seed";
import { fictionalIntake } from "../support/cases";
import { describeEachDatabase } from "../support/database";
import { receivedInOrder } from "../support/received-mail";
import { contextForPerson } from "../support/people";
import { statusOf } from "../support/responses";
import { freePort } from "../support/built-app";

const MINUTE = 60_000;
const logger: OutboxLogger = createLogger({ level: "silent" });

describeEachDatabase("faults: the mail server", (use) => {
  let seed: SeedSummary;
  const person = (key: string) => seed.ids.people[key]!;

  beforeAll(async () => {
    seed = await seedDemoOrganisation(use().prisma, { passwordHash: "$argon2id$not-a-real-hash" });
  }, 60_000);

  it("down for a whole run of 100 alerts and referrals: once back, every mail is delivered exactly once, in order per recipient", async () => {
    const { prisma } = use();
    await prisma.outboxMessage.deleteMany();
    clearCaughtMessages();
    const port = await freePort();
    const transport = createTransport(`smtp://127.0.0.1:${port}`);

    // 50 reports (each starts a referral chain) and 50 refused attempts on them (each an alert to PSD), the worker
    // trying all along with nothing listening.
    const reporter = await contextForPerson(prisma, person("pcPenhallow"));
    const stranger = await contextForPerson(prisma, person("pcsoCrowhurst"));
    const suspects = ["pcDuxbury", "pcMistryOake", "kelStaff", "callHandler", "ashSergeant"];
    const start = Date.now();
    let now = new Date(start);
    let attemptsDuringOutage = 0;
    for (let i = 0; i < 50; i++) {
      const report = await submitReport(reporter, fictionalIntake(person(suspects[i % suspects.length]!)));
      expect(await statusOf(openCase(stranger, report.reference))).toBe(404);
      if (i % 10 === 0) attemptsDuringOutage += (await deliverDueMail({ prisma, transport, logger, now })).retried;
    }
    const queued = await prisma.outboxMessage.findMany({ orderBy: { queuedSeq: "asc" }, select: { id: true, toAddress: true } });
    expect(await prisma.accessAlert.count()).toBe(50);
    expect(await prisma.referralStep.count()).toBeGreaterThanOrEqual(50);
    expect(queued.length).toBeGreaterThanOrEqual(100);

    // An hour of outage on the outbox's clock, the worker polling every 30 seconds.
    const outageEnd = start + 60 * MINUTE;
    for (; now.getTime() < outageEnd; now = new Date(now.getTime() + 30_000)) {
      const counts = await deliverDueMail({ prisma, transport, logger, now });
      expect(counts.sent).toBe(0);
      attemptsDuringOutage += counts.retried;
    }
    expect(await prisma.outboxMessage.count({ where: { status: { not: "PENDING" } } })).toBe(0);

    const catcher: SmtpCatcher = await startSmtpCatcher({ port });
    try {
      const backAt = performance.now();
      let simulatedMs = 0;
      for (; simulatedMs <= 15 * MINUTE; simulatedMs += 30_000) {
        await deliverDueMail({ prisma, transport, logger, now: new Date(outageEnd + simulatedMs), batchSize: 100 });
        if ((await prisma.outboxMessage.count({ where: { status: { not: "SENT" } } })) === 0) break;
      }
      const drainSeconds = (performance.now() - backAt) / 1000;
      expect(await prisma.outboxMessage.count({ where: { status: { not: "SENT" } } })).toBe(0);

      const received = receivedInOrder();
      const expected = new Map<string, string[]>();
      for (const row of queued) expected.set(row.toAddress, [...(expected.get(row.toAddress) ?? []), row.id]);
      // Exactly once each, and each recipient's in the order they were raised.
      expect(received).toEqual(expected);
      console.log(
        `[figures ${use().kind}] ${queued.length} mails to ${expected.size} recipients queued during a one-hour outage (${attemptsDuringOutage} failed attempts); ` +
          `all delivered ${simulatedMs / 1000} s of outbox clock after the server returned, in ${drainSeconds.toFixed(1)} s of real time`,
      );
    } finally {
      transport.close();
      await catcher.stop();
    }
  }, 120_000);

  it("4xx then 5xx for one recipient: retried, then marked failed and audited; other mail still flows", async () => {
    const { prisma } = use();
    await prisma.outboxMessage.deleteMany();
    const refusedAddress = "left.the.force@northshire.police.invalid";
    const received: string[] = [];
    let answersForRefused = 0;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      disableReverseLookup: true,
      closeTimeout: 1_000,
      onRcptTo(address, _session, callback) {
        if (address.address !== refusedAddress) return callback();
        answersForRefused++;
        const [code, text] = answersForRefused === 1 ? [451, "4.2.0 Mailbox busy, try later"] : [550, "5.1.1 No such user here"];
        callback(Object.assign(new Error(text), { responseCode: code }));
      },
      onData(stream, session, callback) {
        stream.on("end", () => {
          received.push(...session.envelope.rcptTo.map((rcpt) => rcpt.address));
          callback();
        });
        stream.resume();
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const transport = createTransport(`smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`);
    try {
      const mail = attentionNeeded({ recipientName: "Sam", link: "/records" });
      const refusedId = (await prisma.$transaction((tx) => queueMail(tx, refusedAddress, mail))).id;
      await prisma.$transaction((tx) => queueMail(tx, "first.colleague@northshire.police.invalid", mail));
      const t0 = Date.now();

      const first = await deliverDueMail({ prisma, transport, logger, now: new Date(t0) });
      expect(first).toEqual({ sent: 1, retried: 1, failed: 0 });
      expect(await prisma.outboxMessage.findUniqueOrThrow({ where: { id: refusedId } })).toMatchObject({ status: "PENDING", attempts: 1 });

      await prisma.$transaction((tx) => queueMail(tx, "second.colleague@northshire.police.invalid", mail));
      const second = await deliverDueMail({ prisma, transport, logger, now: new Date(t0 + 2 * MINUTE) });
      expect(second).toEqual({ sent: 1, retried: 0, failed: 1 });
      const failed = await prisma.outboxMessage.findUniqueOrThrow({ where: { id: refusedId } });
      expect(failed).toMatchObject({ status: "FAILED", attempts: 2 });
      expect(failed.lastError).toContain("550");
      expect(failed.lastError).not.toContain(refusedAddress);
      const audited = await prisma.auditEvent.findFirstOrThrow({ where: { action: "mail.failed", subjectId: refusedId } });
      expect(audited.reason).toBe("refused by the mail server after 2 attempts");

      // Shown to administrators, with the address to put right; refused (audited) to anyone else.
      const shown = await listFailedMail(await contextForPerson(prisma, person("admin")));
      expect(shown.map((mail) => [mail.id, mail.toAddress])).toEqual([[refusedId, refusedAddress]]);
      for (const key of ["psdInspector", "pcPenhallow"]) {
        expect(await statusOf(listFailedMail(await contextForPerson(prisma, person(key))))).toBe(403);
        const refusal = await prisma.auditEvent.findFirstOrThrow({ where: { actorId: person(key), subjectType: "OutboxMessage" }, orderBy: { id: "desc" } });
        expect([refusal.action, refusal.outcome]).toEqual(["access.list", "REFUSED"]);
      }

      // Never tried again; the others arrived.
      expect(await deliverDueMail({ prisma, transport, logger, now: new Date(t0 + 60 * MINUTE) })).toEqual({ sent: 0, retried: 0, failed: 0 });
      expect(answersForRefused).toBe(2);
      expect(received.sort()).toEqual(["first.colleague@northshire.police.invalid", "second.colleague@northshire.police.invalid"]);
    } finally {
      transport.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 60_000);
});
