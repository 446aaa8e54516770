import { env } from "~/config/env.server";

export const SESSION_COOKIE = "portal_session";

/** No Max-Age: the cookie ends with the browser, so a shared device keeps nothing once it is closed. */
export function sessionCookie(token: string): string {
  return [`${SESSION_COOKIE}=${token}`, "Path=/", "HttpOnly", "SameSite=Lax", ...(env().NODE_ENV === "production" ? ["Secure"] : [])].join("; ");
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${env().NODE_ENV === "production" ? "; Secure" : ""}`;
}

export function readSessionToken(request: Request): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE) return rest.join("=") || null;
  }
  return null;
}
