import { describe, expect, it } from "vitest";
import { mailDelivery } from "./mail-delivery.server";

describe("where mail goes", () => {
  it("goes to SMTP_URL in every build that has one", () => {
    for (const flavour of ["deployment", "demo", "e2e", "bench"] as const) expect(mailDelivery(flavour, "smtp://mail.example.invalid:25")).toBe("smtp");
  });

  it("goes to the local demo catcher only in the demo build", () => {
    expect(mailDelivery("demo", undefined)).toBe("demo catcher");
  });

  it("stops any other build from starting without SMTP_URL, naming the variable", () => {
    for (const flavour of ["deployment", "e2e", "bench"] as const) {
      expect(() => mailDelivery(flavour, undefined)).toThrow(/SMTP_URL is not set/);
      expect(() => mailDelivery(flavour, undefined)).toThrow(new RegExp(`This ${flavour} build`));
    }
  });
});
