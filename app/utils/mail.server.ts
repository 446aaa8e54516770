import nodemailer from "nodemailer";
import type { SMTPTransportOptions } from "nodemailer";
import { env } from "~/config/env.server";

export const DEFAULT_MAIL_FROM = '"Staff Support Portal" <no-reply@portal.invalid>';

/** What the outbox hands to a transport. A nodemailer transporter satisfies it; tests may pass their own. */
export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  messageId?: string;
  headers?: Record<string, string>;
}

export interface MailTransport {
  sendMail(mail: OutgoingMail): Promise<unknown>;
}

export function mailFrom(): string {
  return env().MAIL_FROM.trim() || DEFAULT_MAIL_FROM;
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * smtp://localhost:1025 → plain SMTP to a local server (the catcher); smtp://host → STARTTLS is required;
 * smtps://host → TLS from the first byte. user:password in the URL become SMTP credentials.
 */
export function smtpOptionsFromUrl(smtpUrl: string): SMTPTransportOptions {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw new Error("SMTP_URL must be an smtp:// or smtps:// URL.");
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") {
    throw new Error("SMTP_URL must be an smtp:// or smtps:// URL.");
  }
  const secure = url.protocol === "smtps:";
  const local = !secure && LOCAL_HOSTS.has(url.hostname);
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: url.port ? Number(url.port) : secure ? 465 : 25,
    secure,
    // A local catcher has no certificate; anything leaving the machine must be encrypted.
    ...(local ? { ignoreTLS: true } : secure ? {} : { requireTLS: true }),
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    // Well inside the outbox lease, so a hung server cannot make a second worker send the same mail.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
}

/**
 * One pooled connection, reused from mail to mail: a backlog (after an outage of the mail server) drains at the server's
 * pace rather than a new connection's (about 120 ms each here), and one connection keeps each recipient's mail in order.
 */
export function createTransport(smtpUrl: string) {
  return nodemailer.createTransport({ ...smtpOptionsFromUrl(smtpUrl), pool: true, maxConnections: 1, maxMessages: 100 }, { from: mailFrom() });
}

/** A Message-ID that stays the same if a mail is ever sent twice, so mail systems can recognise the copy. */
export function messageIdFor(outboxId: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(mailFrom())?.[1] ?? "portal.invalid";
  return `<${outboxId}.outbox@${domain}>`;
}
