import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.server";

describe("the server's environment", () => {
  it("has a safe default for everything", () => {
    const env = parseEnv({});
    expect(env.SESSION_IDLE_MINUTES).toBe(30);
    expect(env.SESSION_ABSOLUTE_HOURS).toBe(12);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.SMTP_URL).toBeUndefined();
    expect(env.LOG_LEVEL).toBe("info");
  });

  it("refuses to start with a bad value and names the variable", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://nope", SESSION_IDLE_MINUTES: "soon" })).toThrow(
      /DATABASE_URL[\s\S]*SESSION_IDLE_MINUTES|SESSION_IDLE_MINUTES[\s\S]*DATABASE_URL/,
    );
    expect(() => parseEnv({ SMTP_URL: "http://mail" })).toThrow(/SMTP_URL/);
    expect(() => parseEnv({ LOG_LEVEL: "verbose" })).toThrow(/LOG_LEVEL/);
  });

  it("treats an empty variable as unset", () => {
    expect(parseEnv({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });
});

describe("single sign-on settings", () => {
  const sso = { SSO_ISSUER_URL: "https://login.northshire.police.invalid", SSO_CLIENT_ID: "staff-portal", SSO_CLIENT_SECRET: "fictional-secret" };

  it("is off by default, with password sign-in on and the usual MFA values", () => {
    const env = parseEnv({});
    expect(env.SSO_ISSUER_URL).toBeUndefined();
    expect(env.PASSWORD_SIGN_IN).toBe("on");
    expect(env.SSO_EMAIL_CLAIM).toBe("email");
    expect(env.SSO_MFA_AMR).toEqual(["mfa", "otp", "hwk"]);
    expect(env.SSO_MFA_ACR).toEqual([]);
  });

  it("needs the issuer, client id and secret together", () => {
    expect(parseEnv(sso).SSO_CLIENT_ID).toBe("staff-portal");
    expect(() => parseEnv({ SSO_ISSUER_URL: sso.SSO_ISSUER_URL, SSO_CLIENT_ID: "staff-portal" })).toThrow(/SSO_CLIENT_SECRET/);
  });

  it("refuses to switch password sign-in off without single sign-on", () => {
    expect(() => parseEnv({ PASSWORD_SIGN_IN: "off" })).toThrow(/PASSWORD_SIGN_IN/);
    expect(parseEnv({ ...sso, PASSWORD_SIGN_IN: "off" }).PASSWORD_SIGN_IN).toBe("off");
  });

  it("accepts a plain-http issuer only on this machine", () => {
    expect(() => parseEnv({ ...sso, SSO_ISSUER_URL: "http://login.northshire.police.invalid" })).toThrow(/SSO_ISSUER_URL/);
    expect(parseEnv({ ...sso, SSO_ISSUER_URL: "http://127.0.0.1:4100" }).SSO_ISSUER_URL).toBe("http://127.0.0.1:4100");
  });

  it("reads the MFA lists as comma-separated values", () => {
    expect(parseEnv({ SSO_MFA_AMR: " mfa , hwk ", SSO_MFA_ACR: "urn:northshire:loa:high" })).toMatchObject({
      SSO_MFA_AMR: ["mfa", "hwk"],
      SSO_MFA_ACR: ["urn:northshire:loa:high"],
    });
  });
});
