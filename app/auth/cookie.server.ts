import { isDemo } from "~/config/build-flavour";
import { env } from "~/config/env.server";

/**
 * The session cookie's settings. Outside the local demo it is a `__Host-` cookie: always Secure, for this host alone
 * (no Domain) and the whole site, so neither a sibling subdomain nor a page served over plain HTTP can set or
 * overwrite it. Browsers treat http://localhost as secure, so this holds for the end-to-end suite too. The demo, served
 * over plain HTTP on a laptop, keeps a plain cookie unless its address is https.
 */
export function sessionCookieSettings(demo: boolean, baseUrl: string): { name: string; secure: boolean } {
  const secure = !demo || baseUrl.startsWith("https:");
  return { name: secure ? "__Host-portal_session" : "portal_session", secure };
}

const settings = () => sessionCookieSettings(isDemo, env().PORTAL_BASE_URL);

/** Whether this build's cookies are `__Host-` and Secure (all but the plain-http demo). */
export function secureCookies(): boolean {
  return settings().secure;
}

/** The name the session cookie has in this build. */
export function sessionCookieName(): string {
  return settings().name;
}

/** No Max-Age: the cookie ends with the browser, so a shared device keeps nothing once it is closed. */
export function sessionCookie(token: string): string {
  const { name, secure } = settings();
  return [`${name}=${token}`, "Path=/", "HttpOnly", "SameSite=Lax", ...(secure ? ["Secure"] : [])].join("; ");
}

export function clearedSessionCookie(): string {
  const { name, secure } = settings();
  return [`${name}=`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=0", ...(secure ? ["Secure"] : [])].join("; ");
}

export function readSessionToken(request: Request): string | null {
  return readCookie(request, sessionCookieName());
}

// The sign-in waiting for its second factor (ADR 029): the same settings as the session's, and five minutes at most.
const pendingName = () => (settings().secure ? "__Host-portal_pending" : "portal_pending");
const pendingAttributes = () => ["Path=/", "HttpOnly", "SameSite=Lax", ...(settings().secure ? ["Secure"] : [])];

export function pendingSignInCookie(token: string, maxAgeSeconds: number): string {
  return [`${pendingName()}=${token}`, `Max-Age=${maxAgeSeconds}`, ...pendingAttributes()].join("; ");
}

export function clearedPendingSignInCookie(): string {
  return [`${pendingName()}=`, "Max-Age=0", ...pendingAttributes()].join("; ");
}

export function readPendingSignInToken(request: Request): string | null {
  return readCookie(request, pendingName());
}

export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=") || null;
  }
  return null;
}
