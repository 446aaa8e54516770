import { describe, expect, it } from "vitest";
import { clearedSessionCookie, readSessionToken, sessionCookie, sessionCookieSettings } from "./cookie.server";

describe("the session cookie", () => {
  it("is a Secure __Host- cookie in every build but the local demo over plain HTTP", () => {
    expect(sessionCookieSettings(false, "http://localhost:3000")).toEqual({ name: "__Host-portal_session", secure: true });
    expect(sessionCookieSettings(false, "https://portal.example")).toEqual({ name: "__Host-portal_session", secure: true });
    expect(sessionCookieSettings(true, "https://demo.example")).toEqual({ name: "__Host-portal_session", secure: true });
    expect(sessionCookieSettings(true, "http://localhost:3000")).toEqual({ name: "portal_session", secure: false });
  });

  it("has what the __Host- prefix requires: Secure, Path=/ and no Domain; and ends with the browser", () => {
    const cookie = sessionCookie("token-value"); // Vitest runs as the deployment build
    expect(cookie).toBe("__Host-portal_session=token-value; Path=/; HttpOnly; SameSite=Lax; Secure");
    expect(cookie).not.toMatch(/Domain=|Max-Age|Expires/i);
    expect(clearedSessionCookie()).toBe("__Host-portal_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure");
  });

  it("is read only under its own name: a cookie without the prefix, as a subdomain could set, is ignored", () => {
    const read = (cookie: string) => readSessionToken(new Request("https://portal.example/", { headers: { cookie } }));
    expect(read("__Host-portal_session=abc.def")).toBe("abc.def");
    expect(read("other=1; __Host-portal_session=abc.def; more=2")).toBe("abc.def");
    expect(read("portal_session=planted.token")).toBeNull();
    expect(read("")).toBeNull();
  });
});
