import nodemailer from "nodemailer";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTransport } from "./mail.server";
import { caughtMessages, clearCaughtMessages, startSmtpCatcher, type SmtpCatcher } from "./smtp-catcher.server";

describe("SMTP catcher", () => {
  let catcher: SmtpCatcher;
  beforeAll(async () => {
    catcher = await startSmtpCatcher({ port: 0 });
  });
  afterAll(async () => {
    await catcher.stop();
  });
  beforeEach(() => clearCaughtMessages());

  const transport = () => createTransport(`smtp://127.0.0.1:${catcher.port}`);

  it("listens on the port it reports and keeps what nodemailer sends, decoded", async () => {
    expect(catcher.port).toBeGreaterThan(0);
    const longLine = `${"Zoë’s ".repeat(60)}<b>&amp;</b>`;
    await transport().sendMail({
      to: ["one@example.test", "two@example.test"],
      subject: `Größe ${"ünïcödé ".repeat(12)}done`,
      text: `Line one\nSecond line with ü and a long tail ${"x".repeat(200)}\n`,
      html: `<p>${longLine}</p>`,
    });
    const [message] = caughtMessages();
    expect(message).toBeDefined();
    expect(message!.to).toEqual(["one@example.test", "two@example.test"]);
    expect(message!.from).toBe("Staff Support Portal <no-reply@portal.invalid>");
    expect(message!.subject).toBe(`Größe ${"ünïcödé ".repeat(12)}done`);
    expect(message!.text.replace(/\r\n/g, "\n")).toBe(`Line one\nSecond line with ü and a long tail ${"x".repeat(200)}\n`);
    expect(message!.html).toBe(`<p>${longLine}</p>`);
    expect(message!.receivedAt).toBeInstanceOf(Date);
  });

  it("decodes base64 bodies and keeps the newest message first", async () => {
    const send = (subject: string, text: string) => transport().sendMail({ to: "someone@example.test", subject, text, textEncoding: "base64" });
    await send("first", "один два три");
    await send("second", "plain");
    expect(caughtMessages().map((m) => m.subject)).toEqual(["second", "first"]);
    expect(caughtMessages()[1]!.text).toBe("один два три");
  });

  it("can be cleared", async () => {
    await transport().sendMail({ to: "someone@example.test", subject: "x", text: "y" });
    expect(caughtMessages()).toHaveLength(1);
    clearCaughtMessages();
    expect(caughtMessages()).toHaveLength(0);
  });

  it("keeps at most 500 messages, dropping the oldest", async () => {
    const pooled = nodemailer.createTransport({ host: "127.0.0.1", port: catcher.port, ignoreTLS: true, pool: true, maxConnections: 4, maxMessages: Infinity });
    await Promise.all(Array.from({ length: 505 }, (_, i) => pooled.sendMail({ from: "a@example.test", to: "b@example.test", subject: `n${i}`, text: "." })));
    pooled.close();
    const kept = caughtMessages();
    expect(kept).toHaveLength(500);
    const numbers = kept.map((m) => Number(m.subject.slice(1)));
    expect(Math.min(...numbers)).toBeGreaterThanOrEqual(5);
  });

  it("joins neighbouring encoded words before decoding", async () => {
    const sendRaw = (subject: string) =>
      transport().sendMail({
        envelope: { from: "a@example.test", to: "someone@example.test" },
        raw: `From: Fictional Sender <a@example.test>\r\nTo: someone@example.test\r\nSubject: ${subject}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBody\r\n`,
      });
    // "€" (E2 82 AC) split across two words.
    await sendRaw("=?UTF-8?Q?a=E2=82?= =?UTF-8?Q?=AC_b?= plain");
    await sendRaw("=?utf-8?B?w7w=?= and =?iso-8859-1?Q?=FC?=");
    expect(caughtMessages().map((message) => message.subject)).toEqual(["ü and ü", "a€ b plain"]);
    expect(caughtMessages()[0]!.from).toBe("Fictional Sender <a@example.test>");
  });
});
