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
