// A local SMTP server that keeps what it receives in memory: the embedded default when no SMTP_URL is set (shown at
// /dev/mailbox) and the real mail server in tests. It listens on 127.0.0.1 only and never relays anything.
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import { appLogger } from "./logger.server";

export interface CaughtMessage {
  id: string;
  receivedAt: Date;
  /** The sender's Message-ID (the outbox's is the same for every attempt of one mail). */
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface SmtpCatcher {
  port: number;
  stop(): Promise<void>;
}

const MAX_KEPT = 500;
const MAX_MESSAGE_BYTES = 5 * 1024 * 1024;

// On globalThis because the Express server and the React Router server bundle load this module separately.
const store = globalThis as unknown as { __portalCaughtMail?: CaughtMessage[] };

function caughtStore(): CaughtMessage[] {
  store.__portalCaughtMail ??= [];
  return store.__portalCaughtMail;
}

/** Newest first. */
export function caughtMessages(): readonly CaughtMessage[] {
  return [...caughtStore()].reverse();
}

export function clearCaughtMessages(): void {
  caughtStore().length = 0;
}

function keep(message: CaughtMessage): void {
  const messages = caughtStore();
  messages.push(message);
  if (messages.length > MAX_KEPT) messages.splice(0, messages.length - MAX_KEPT);
}

async function readAll(stream: SMTPServerDataStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** `Name <address>`, as the sender wrote it (mailparser's own text would quote the name). */
function addressText(field: AddressObject | AddressObject[] | undefined): string {
  const addresses = (Array.isArray(field) ? field : field ? [field] : []).flatMap((object) => object.value);
  return addresses.map(({ name, address }) => (name ? `${name} <${address ?? ""}>` : (address ?? ""))).join(", ");
}

async function parse(raw: Buffer): Promise<{ messageId: string; from: string; subject: string; text: string; html: string }> {
  // Only the text and the HTML are kept: no HTML made from the text, no links found in it.
  const mail = await simpleParser(raw, { skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
  return { messageId: mail.messageId ?? "", from: addressText(mail.from), subject: mail.subject ?? "", text: mail.text ?? "", html: mail.html || "" };
}

function receive(stream: SMTPServerDataStream, session: SMTPServerSession, done: (error?: Error | null) => void): void {
  readAll(stream)
    .then(async (raw) => {
      if (stream.sizeExceeded) {
        done(Object.assign(new Error("Message too large for the mail catcher"), { responseCode: 552 }));
        return;
      }
      const parsed = await parse(raw);
      const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
      keep({
        id: randomUUID(),
        receivedAt: new Date(),
        messageId: parsed.messageId,
        from: parsed.from || envelopeFrom,
        to: session.envelope.rcptTo.map((recipient) => recipient.address),
        subject: parsed.subject,
        text: parsed.text,
        html: parsed.html,
      });
      done();
    })
    .catch((error: unknown) => done(error instanceof Error ? error : new Error("Could not read the message")));
}

/** Port 0 picks a free port; the returned `port` is the one actually used. */
export async function startSmtpCatcher({ port }: { port: number }): Promise<SmtpCatcher> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    banner: "Staff Support Portal mail catcher",
    size: MAX_MESSAGE_BYTES,
    logger: false,
    closeTimeout: 1_000,
    disableReverseLookup: true,
    onData: receive,
  });
  await new Promise<void>((resolve, reject) => {
    const failToListen = (error: Error) => reject(error);
    server.once("error", failToListen);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", failToListen);
      resolve();
    });
  });
  // A client misbehaving after start-up must not crash the portal.
  server.on("error", (error) => appLogger().error({ err: error }, "smtp-catcher: server error"));
  const actualPort = (server.server.address() as AddressInfo).port;
  return {
    port: actualPort,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
