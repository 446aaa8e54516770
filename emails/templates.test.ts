import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { refreshEnv } from "../app/config/env.server";
import {
  accessChangeEmail,
  accountLockedEmail,
  accountSetupEmail,
  attentionNeededEmail,
  auditCheckpointEmail,
  newMessageEmail,
  portalLink,
  renderMail,
  type RenderedEmail,
} from "./index";

// Words that would tell a reader of the mailbox why someone uses the portal.
const FORBIDDEN = [
  "domestic",
  "abuse",
  "abuser",
  "case",
  "cases",
  "victim",
  "suspect",
  "allegation",
  "alleged",
  "PSD",
  "professional standards",
  "misconduct",
  "complaint",
  "investigation",
  "safeguarding",
  "violence",
  "perpetrator",
  "offender",
  "referral",
  "police",
];

function expectNeutral(mail: RenderedEmail) {
  for (const part of [mail.subject, mail.text, mail.html]) {
    for (const word of FORBIDDEN) {
      expect(part, `must not contain "${word}"`).not.toMatch(new RegExp(`\\b${word}\\b`, "i"));
    }
  }
}

const samples: [string, () => RenderedEmail, string][] = [
  ["attention-needed", () => attentionNeededEmail({ recipientName: "Sam", link: "/messages" }), "/messages"],
  [
    "attention-needed (an attempt from another site)",
    () => attentionNeededEmail({ link: "/alerts", arrival: { how: "other-site", origin: "https://chat.example.invalid" } }),
    "/alerts",
  ],
  ["attention-needed (an attempt typed in)", () => attentionNeededEmail({ link: "/alerts", arrival: { how: "typed", origin: null } }), "/alerts"],
  ["attention-needed (an attempt from the portal)", () => attentionNeededEmail({ link: "/alerts", arrival: { how: "portal", origin: null } }), "/alerts"],
  ["account-locked", () => accountLockedEmail({ minutes: 15, link: "/sign-in" }), "/sign-in"],
  ["new-message", () => newMessageEmail({ link: "/messages/7d1f0c1e-3a55" }), "/messages/7d1f0c1e-3a55"],
  ["account-setup", () => accountSetupEmail({ link: "/set-up/abcdefghijklmnopqrstuvwxyz234567", hours: 72 }), "/set-up/abcdefghijklmnopqrstuvwxyz234567"],
  ["access-change (proposed)", () => accessChangeEmail({ state: "proposed", link: "/admin/changes" }), "/admin/changes"],
  ["access-change (approved)", () => accessChangeEmail({ state: "approved", link: "/audit" }), "/audit"],
  ["access-change (refused)", () => accessChangeEmail({ state: "refused", link: "/audit" }), "/audit"],
];

describe("mail templates", () => {
  const originalBase = process.env.PORTAL_BASE_URL;
  beforeEach(() => {
    process.env.PORTAL_BASE_URL = "https://portal.example.test";
    refreshEnv();
  });
  afterEach(() => {
    if (originalBase === undefined) delete process.env.PORTAL_BASE_URL;
    else process.env.PORTAL_BASE_URL = originalBase;
    refreshEnv();
  });

  it.each(samples)("%s renders a subject, an HTML page and plain text with the link, and stays neutral", (_name, render, path) => {
    const mail = render();
    const link = `https://portal.example.test${path}`;
    expect(mail.subject).toContain("Staff Support Portal");
    expect(mail.html).toMatch(/^<!DOCTYPE html>/);
    expect(mail.html).toContain('<html lang="en-GB">');
    expect(mail.html).toContain(`<a href="${link}"`);
    expect(mail.text).toContain(`: ${link}\n`);
    expect(mail.text).not.toMatch(/<[a-z]/i);
    expectNeutral(mail);
  });

  it("an alert's mail says how the attempt came, and of another site only a plain origin that says nothing itself", () => {
    const said = (how: "portal" | "typed" | "other-site", origin: string | null = null) =>
      attentionNeededEmail({ link: "/alerts", arrival: { how, origin } }).text.split("\n\n")[2];
    expect(said("portal")).toBe("It came from a page of this portal.");
    expect(said("typed")).toBe("It was typed in or bookmarked: no page linked to it.");
    expect(said("other-site", "https://chat.example.invalid")).toBe("It was followed from another site: https://chat.example.invalid");
    expect(said("other-site", "http://127.0.0.1:8025")).toBe("It was followed from another site: http://127.0.0.1:8025");
    expect(said("other-site")).toBe("It was followed from another site (the browser did not say which).");
    // A site's name is chosen by whoever made the link: one that would say what this is about, or is more than an
    // origin, is not repeated (and never stops the alert's mail).
    for (const origin of ["https://report-abuse.example.invalid", "https://chat.example.invalid/rooms/42", "javascript:alert(1)"])
      expect(said("other-site", origin), origin).toBe("It was followed from another site (the portal shows which).");
    // Without an attempt, the mail is as before.
    expect(attentionNeededEmail({ link: "/alerts" }).text).not.toMatch(/site|typed|page of/);
  });

  it("greets by first name, escaped, and drops anything that is not a first name", () => {
    expect(attentionNeededEmail({ recipientName: "Zoë", link: "/" }).text).toMatch(/^Hello Zoë,/);
    const tricky = attentionNeededEmail({ recipientName: "O'Neil", link: "/" });
    expect(tricky.html).toContain("Hello O&#39;Neil,");
    expect(tricky.html).not.toContain("O'Neil");
    for (const notAName of ['<script>alert("x")</script>', "Sam, about the allegation against you", "Victim", "x".repeat(40)]) {
      const mail = attentionNeededEmail({ recipientName: notAName, link: "/" });
      expect(mail.text).toMatch(/^Hello,/);
      expect(mail.html).not.toContain("<script>");
      expectNeutral(mail);
    }
  });

  it("escapes HTML in the link it was given", () => {
    const mail = newMessageEmail({ link: "https://portal.example.test/messages?a=1&b=2" });
    expect(mail.html).toContain('href="https://portal.example.test/messages?a=1&amp;b=2"');
    expect(mail.text).toContain("https://portal.example.test/messages?a=1&b=2");
  });

  it("shows the lock duration and refuses a nonsensical one", () => {
    expect(accountLockedEmail({ minutes: 15, link: "/sign-in" }).text).toContain("15 minutes");
    expect(accountLockedEmail({ minutes: 120, link: "/sign-in" }).text).toContain("2 hours");
    expect(accountLockedEmail({ minutes: 1, link: "/sign-in" }).text).toContain("1 minute ");
    expect(() => accountLockedEmail({ minutes: 0, link: "/sign-in" })).toThrow();
    expect(() => accountLockedEmail({ minutes: 2.5, link: "/sign-in" })).toThrow();
  });

  it("refuses links to another host, other schemes and paths that carry text", () => {
    const refused = [
      "https://evil.example.test/sign-in",
      "http://portal.example.test/sign-in",
      "https://portal.example.test:8443/sign-in",
      "https://user:pw@portal.example.test/sign-in",
      "//evil.example.test/sign-in",
      "javascript:alert(1)",
      "sign-in",
      "/messages/../../etc",
      "/search?q=hello%20world",
      "/cases/123",
      "/messages?about=domestic-abuse",
    ];
    for (const link of refused) {
      expect(() => newMessageEmail({ link }), link).toThrow();
    }
  });

  it("builds links under a base URL with a path", () => {
    process.env.PORTAL_BASE_URL = "https://intranet.example.test/support/";
    refreshEnv();
    expect(portalLink("/messages")).toBe("https://intranet.example.test/support/messages");
    expect(portalLink("https://intranet.example.test/support/messages")).toBe("https://intranet.example.test/support/messages");
    expect(() => portalLink("https://intranet.example.test/other/messages")).toThrow();
  });

  it("uses http://localhost:3000 when PORTAL_BASE_URL is not set", () => {
    delete process.env.PORTAL_BASE_URL;
    refreshEnv();
    expect(portalLink("/sign-in")).toBe("http://localhost:3000/sign-in");
  });

  it("renderMail names the template it used", () => {
    const mail = renderMail("account-locked", { minutes: 15, link: "/sign-in" });
    expect(mail.template).toBe("account-locked");
    expect(mail.subject).toBe("Your Staff Support Portal account has been locked");
  });
});

describe("the audit checkpoint mail (ADR 022)", () => {
  const figures = { seq: "1017007", hash: "a1".repeat(32), at: "2026-12-05T16:00:00.000Z", signature: "9f".repeat(32) };

  it("carries the position, the hash, the time and the signature, and nothing else", () => {
    const mail = auditCheckpointEmail(figures);
    expectNeutral(mail);
    expect(mail.subject).toBe("Audit trail checkpoint (Staff Support Portal)");
    expect(mail.text).toContain(`Position: 1017007. Hash: ${figures.hash}. Signature: ${figures.signature}.`);
    expect(mail.text).toContain(figures.at);
    expect(mail.html).not.toContain("<a ");
  });

  it("refuses anything but figures, so no text from the trail can reach the mailbox", () => {
    expect(() => auditCheckpointEmail({ ...figures, seq: "12 (Kieran Duxbury)" })).toThrow();
    expect(() => auditCheckpointEmail({ ...figures, hash: "not a hash" })).toThrow();
    expect(() => auditCheckpointEmail({ ...figures, at: "yesterday" })).toThrow();
  });
});
