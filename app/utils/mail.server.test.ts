import { afterEach, describe, expect, it } from "vitest";
import { refreshEnv } from "~/config/env.server";
import { DEFAULT_MAIL_FROM, mailFrom, messageIdFor, smtpOptionsFromUrl } from "./mail.server";

describe("SMTP settings from SMTP_URL", () => {
  it("talks plain SMTP to a local catcher", () => {
    expect(smtpOptionsFromUrl("smtp://127.0.0.1:1025")).toMatchObject({ host: "127.0.0.1", port: 1025, secure: false, ignoreTLS: true });
    expect(smtpOptionsFromUrl("smtp://localhost:2525")).toMatchObject({ host: "localhost", port: 2525, secure: false, ignoreTLS: true });
  });

  it("requires STARTTLS for any other smtp:// server and uses TLS from the start for smtps://", () => {
    const relay = smtpOptionsFromUrl("smtp://relay.example.test");
    expect(relay).toMatchObject({ host: "relay.example.test", port: 25, secure: false, requireTLS: true });
    expect(relay).not.toHaveProperty("ignoreTLS");
    const secure = smtpOptionsFromUrl("smtps://mail.example.test");
    expect(secure).toMatchObject({ host: "mail.example.test", port: 465, secure: true });
    expect(secure).not.toHaveProperty("ignoreTLS");
  });

  it("takes credentials from the URL", () => {
    expect(smtpOptionsFromUrl("smtps://portal%40force:p%2Fss@mail.example.test:587").auth).toEqual({ user: "portal@force", pass: "p/ss" });
  });

  it("refuses anything but smtp:// and smtps://", () => {
    expect(() => smtpOptionsFromUrl("http://mail.example.test")).toThrow(/smtp/);
    expect(() => smtpOptionsFromUrl("not a url")).toThrow(/smtp/);
  });
});

describe("sender", () => {
  const original = process.env.MAIL_FROM;
  afterEach(() => {
    if (original === undefined) delete process.env.MAIL_FROM;
    else process.env.MAIL_FROM = original;
    refreshEnv();
  });

  it("defaults to the portal's no-reply address and follows MAIL_FROM", () => {
    delete process.env.MAIL_FROM;
    refreshEnv();
    expect(mailFrom()).toBe(DEFAULT_MAIL_FROM);
    expect(messageIdFor("abc")).toBe("<abc.outbox@portal.invalid>");
    process.env.MAIL_FROM = '"Support" <support@force.example.test>';
    refreshEnv();
    expect(mailFrom()).toBe('"Support" <support@force.example.test>');
    expect(messageIdFor("abc")).toBe("<abc.outbox@force.example.test>");
  });
});
