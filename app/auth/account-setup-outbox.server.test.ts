// The set-up mail's link must not stay readable in the outbox once the mail has gone (THREATS.md, A5): someone with
// database access could otherwise take over an account before its owner sets it up.
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { sha256 } from "@oslojs/crypto/sha2";
import type { Db } from "~/db.server";
import { OutboxStatus } from "~/generated/prisma/enums";
import { createTransport, type MailTransport } from "~/utils/mail.server";
import { deliverDueMail } from "~/utils/outbox.server";
import { caughtMessages, clearCaughtMessages, startSmtpCatcher, type SmtpCatcher } from "~/utils/smtp-catcher.server";
import { describeEachDatabase } from "../../tests/support/database";
import { makePerson } from "../../tests/support/factories";
import { createLogger } from "~/utils/logger.server";
import { issueSetupLink, usableSetupLink } from "./account-setup.server";

const logger = createLogger({ level: "silent", destination: { write: () => undefined } });
const HOUR = 3_600_000;

describeEachDatabase("the set-up link in the outbox", (use) => {
  let prisma: Db;
  let catcher: SmtpCatcher;
  let transport: MailTransport;

  beforeAll(async () => {
    prisma = use().prisma;
    catcher = await startSmtpCatcher({ port: 0 });
    transport = createTransport(`smtp://127.0.0.1:${catcher.port}`);
  });
  afterAll(async () => {
    await catcher?.stop();
  });
  beforeEach(async () => {
    clearCaughtMessages();
    await prisma.outboxMessage.deleteMany();
  });

  async function issue() {
    const person = await makePerson(prisma);
    await prisma.$transaction((tx) => issueSetupLink(tx, person.id, person.id));
    const row = await prisma.outboxMessage.findFirstOrThrow({ where: { template: "account-setup" } });
    const token = /\/set-up\/([a-z2-7]{32})/.exec(row.text)?.[1];
    if (!token) throw new Error("the queued mail holds no link");
    return { person, row, token };
  }

  it("keeps only the token's hash in its own table, and scrubs the mail's body once it is delivered", async () => {
    const { person, row, token } = await issue();
    const link = await prisma.accountSetupLink.findFirstOrThrow({ where: { personId: person.id } });
    expect(Buffer.from(link.secretHash).equals(Buffer.from(sha256(new TextEncoder().encode(token))))).toBe(true);
    expect(JSON.stringify({ ...link, secretHash: Buffer.from(link.secretHash).toString("hex") })).not.toContain(token);

    expect(await deliverDueMail({ prisma, transport, logger })).toEqual({ sent: 1, retried: 0, failed: 0 });
    // The person received the link...
    expect(caughtMessages()).toHaveLength(1);
    expect(caughtMessages()[0]!.text).toContain(`/set-up/${token}`);
    // ...and the row no longer holds it, though its record of who was sent what, and when, stays.
    const sent = await prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } });
    expect(sent).toMatchObject({ status: OutboxStatus.SENT, toAddress: person.workEmail, template: "account-setup", subject: row.subject });
    expect(sent.sentAt).toBeInstanceOf(Date);
    expect(`${sent.html} ${sent.text}`).not.toContain(token);
    expect(`${sent.html} ${sent.text}`).not.toMatch(/\/set-up\//);
    // The link itself still works for its owner.
    expect(await usableSetupLink(token, prisma)).toEqual({ workEmail: person.workEmail });
  });

  it("scrubs an undelivered set-up mail when it is given up on, as its link expires", async () => {
    const { row, token } = await issue();
    const stopped = await startSmtpCatcher({ port: 0 });
    await stopped.stop();
    const toDownServer = createTransport(`smtp://127.0.0.1:${stopped.port}`);
    const later = new Date(row.createdAt.getTime() + 72 * HOUR + 1_000);
    expect(await deliverDueMail({ prisma, transport: toDownServer, now: later, logger })).toEqual({ sent: 0, retried: 0, failed: 1 });
    const failed = await prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } });
    expect(failed.status).toBe(OutboxStatus.FAILED);
    expect(`${failed.html} ${failed.text}`).not.toContain(token);
  });

  it("leaves other mail's body as it was sent", async () => {
    await issue();
    await prisma.outboxMessage.updateMany({ data: { template: "new-message" } });
    expect(await deliverDueMail({ prisma, transport, logger })).toEqual({ sent: 1, retried: 0, failed: 0 });
    const kept = await prisma.outboxMessage.findFirstOrThrow();
    expect(kept.text).toMatch(/\/set-up\/[a-z2-7]{32}/);
  });
});
