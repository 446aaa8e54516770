// The support directory and risk checklist the portal ships with (prisma/support-directory.ts; no database needed).
import { describe, expect, it } from "vitest";
import { SUPPORT_QUEUE_ROLES } from "#policies/rules/support";
import { SupportServiceKind } from "~/generated/prisma/enums";
import { RISK_QUESTIONS, SUPPORT_DIRECTORY } from "../../prisma/support-directory";

describe("the support directory as shipped", () => {
  it("has one entry for every kind of service, the national helpline among them", () => {
    expect(SUPPORT_DIRECTORY.map((entry) => entry.kind).sort()).toEqual(Object.values(SupportServiceKind).sort());
    const helpline = SUPPORT_DIRECTORY.find((entry) => entry.kind === "NATIONAL_HELPLINE")!;
    expect(helpline).toMatchObject({ phone: "0808 2000 247", insideForce: false, queueRole: null });
  });

  it("uses only fictional contact details: .invalid mailboxes and drama-range telephone numbers (the helpline apart)", () => {
    for (const entry of SUPPORT_DIRECTORY) {
      if (entry.email) expect(entry.email, entry.kind).toMatch(/^[a-z0-9.-]+@[a-z0-9.-]+\.invalid$/);
      if (entry.phone && entry.kind !== "NATIONAL_HELPLINE") expect(entry.phone, entry.kind).toMatch(/^01632 96\d \d{3}$/);
    }
  });

  it("routes requests made in the portal only to the supporter roles, one service per role", () => {
    const roles = SUPPORT_DIRECTORY.map((entry) => entry.queueRole).filter((role) => role !== null);
    expect([...roles].sort()).toEqual([...SUPPORT_QUEUE_ROLES].sort());
  });

  it("keeps the risk checklist as data with unique ids and order", () => {
    expect(new Set(RISK_QUESTIONS.map((question) => question.id)).size).toBe(RISK_QUESTIONS.length);
    expect(new Set(RISK_QUESTIONS.map((question) => question.sortOrder)).size).toBe(RISK_QUESTIONS.length);
  });
});
