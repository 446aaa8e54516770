// What a browser must bring back from the identity provider (ADR 031): the state, nonce and PKCE verifier of the
// sign-in it started, and where to go afterwards. Kept in a short-lived cookie (`__Host-` outside the plain-http demo),
// sealed with AES-256-GCM under the key derived from MFA_SECRET_KEY, so the browser can neither read nor change it;
// only the state travels in the provider's URL.
import { mfaKeys, seal, unseal } from "../second-factor/mfa-key.server";
import { readCookie, secureCookies } from "../cookie.server";

export const SSO_PENDING_MINUTES = 10;
const CONTEXT = "single-sign-on pending";

export interface PendingSso {
  state: string;
  nonce: string;
  verifier: string;
  redirectTo: string;
  expiresAt: number;
}

const cookieName = () => (secureCookies() ? "__Host-portal_sso" : "portal_sso");
const attributes = () => ["Path=/", "HttpOnly", "SameSite=Lax", ...(secureCookies() ? ["Secure"] : [])];

export function pendingSsoCookie(pending: PendingSso): string {
  const sealed = Buffer.from(seal(mfaKeys(), JSON.stringify(pending), CONTEXT)).toString("base64url");
  return [`${cookieName()}=${sealed}`, `Max-Age=${SSO_PENDING_MINUTES * 60}`, ...attributes()].join("; ");
}

export function clearedPendingSsoCookie(): string {
  return [`${cookieName()}=`, "Max-Age=0", ...attributes()].join("; ");
}

/** The browser's pending sign-in, or null when it has none, it was altered or it is too old. */
export function readPendingSso(request: Request, now = new Date()): PendingSso | null {
  const value = readCookie(request, cookieName());
  if (!value || value.length > 2000) return null;
  const opened = unseal(mfaKeys(), Buffer.from(value, "base64url"), CONTEXT);
  if (!opened) return null;
  try {
    const pending = JSON.parse(opened) as PendingSso;
    return typeof pending.expiresAt === "number" && pending.expiresAt > now.getTime() ? pending : null;
  } catch {
    return null;
  }
}
