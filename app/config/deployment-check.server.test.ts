// The startup check the server runs first (server.ts): one test per unsafe setting of a deployment, each refused with
// its variable named, and all of them named together in one message.
import { describe, expect, it } from "vitest";
import { DEMO_MFA_KEY } from "~/auth/second-factor/mfa-key.server";
import { DEMO_AUDIT_KEY } from "~/utils/audit-key.server";
import { refuseUnsafeDeployment } from "./deployment-check.server";
import { parseEnv } from "./env.server";

/** A deployment's settings with nothing wrong (fictional values). */
const SAFE = {
  NODE_ENV: "production",
  SMTP_URL: "smtp://mail.northshire.example:587",
  PORTAL_BASE_URL: "https://support.northshire.example",
  AUDIT_HMAC_KEY: "fictional-audit-key-0123456789-abcdefghijklmnop",
  AUDIT_CHECKPOINT_DIR: "/var/lib/portal/checkpoints",
  MFA_SECRET_KEY: "fictional-second-factor-key-ZYXWVUT-9876543210",
  DATABASE_URL: "postgresql://portal@db.northshire.example/portal",
};

function refusal(changes: Record<string, string>, flavour: "deployment" | "demo" | "e2e" | "bench" = "deployment"): string | null {
  try {
    refuseUnsafeDeployment(flavour, parseEnv({ ...SAFE, ...changes }));
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

describe("a deployment's settings", () => {
  it("start when nothing is unsafe", () => {
    expect(refusal({})).toBeNull();
    expect(refusal({ DATABASE_URL: "", PORTAL_EMBEDDED_DATABASE: "single-user-trial" })).toBeNull();
  });

  const unsafe: [string, Record<string, string>, RegExp][] = [
    ["no real mail server", { SMTP_URL: "" }, /SMTP_URL is not set/],
    ["a localhost base URL", { PORTAL_BASE_URL: "https://localhost:3000" }, /PORTAL_BASE_URL points at this machine \(localhost\)/],
    ["a loopback address as base URL", { PORTAL_BASE_URL: "https://127.0.0.1" }, /PORTAL_BASE_URL points at this machine/],
    ["a base URL that is not https", { PORTAL_BASE_URL: "http://support.northshire.example" }, /PORTAL_BASE_URL is not https/],
    ["no audit key", { AUDIT_HMAC_KEY: "" }, /AUDIT_HMAC_KEY is not set/],
    ["the demo's audit key", { AUDIT_HMAC_KEY: DEMO_AUDIT_KEY }, /AUDIT_HMAC_KEY is the public demo key/],
    ["a short audit key", { AUDIT_HMAC_KEY: "short-key-1234" }, /AUDIT_HMAC_KEY is too short \(14 characters\)/],
    ["a repetitive audit key", { AUDIT_HMAC_KEY: "ab".repeat(24) }, /AUDIT_HMAC_KEY is too simple/],
    ["no checkpoint directory", { AUDIT_CHECKPOINT_DIR: "" }, /AUDIT_CHECKPOINT_DIR is not set/],
    ["no second-factor key", { MFA_SECRET_KEY: "" }, /MFA_SECRET_KEY is not set/],
    ["the demo's second-factor key", { MFA_SECRET_KEY: DEMO_MFA_KEY }, /MFA_SECRET_KEY is the public demo key/],
    ["a short second-factor key", { MFA_SECRET_KEY: "0123456789abcdef" }, /MFA_SECRET_KEY is too short/],
    ["the test clock", { PORTAL_TEST_CLOCK: "on" }, /PORTAL_TEST_CLOCK is on/],
    ["the benchmark pages", { BENCH_PAGES: "1" }, /BENCH_PAGES is on/],
    ["the embedded database", { DATABASE_URL: "" }, /DATABASE_URL is not set[\s\S]*PORTAL_EMBEDDED_DATABASE=single-user-trial/],
    ["a development server", { NODE_ENV: "development" }, /NODE_ENV is "development"/],
  ];
  it.each(unsafe)("refuse to start with %s, naming the variable", (_name, changes, named) => {
    const message = refusal(changes);
    expect(message).toMatch(/^The portal cannot start: this deployment's settings are not safe \(1 problem\):/);
    expect(message).toMatch(named);
  });

  it("name every problem at once, one a line", () => {
    const message = refusal({
      SMTP_URL: "",
      PORTAL_BASE_URL: "http://localhost:3000",
      AUDIT_HMAC_KEY: "",
      MFA_SECRET_KEY: DEMO_MFA_KEY,
      PORTAL_TEST_CLOCK: "on",
      BENCH_PAGES: "1",
      DATABASE_URL: "",
    })!;
    expect(message).toContain("(8 problems)");
    const lines = message.split("\n").slice(1);
    expect(lines).toHaveLength(8);
    for (const variable of [
      "SMTP_URL",
      "PORTAL_BASE_URL points",
      "PORTAL_BASE_URL is not https",
      "AUDIT_HMAC_KEY",
      "MFA_SECRET_KEY",
      "PORTAL_TEST_CLOCK",
      "BENCH_PAGES",
      "DATABASE_URL",
    ]) {
      expect(
        lines.filter((line) => line.startsWith(`  - ${variable}`)),
        variable,
      ).toHaveLength(1);
    }
  });

  it("are not checked in the demo, end-to-end or benchmark builds", () => {
    const demoLike = {
      SMTP_URL: "",
      PORTAL_BASE_URL: "http://localhost:3000",
      AUDIT_HMAC_KEY: "",
      MFA_SECRET_KEY: "",
      DATABASE_URL: "",
      PORTAL_TEST_CLOCK: "on",
      BENCH_PAGES: "1",
    };
    for (const flavour of ["demo", "e2e", "bench"] as const) expect(refusal(demoLike, flavour), flavour).toBeNull();
    expect(refusal(demoLike, "deployment")).not.toBeNull();
  });
});
