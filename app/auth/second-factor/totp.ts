// TOTP (RFC 6238) with @oslojs/otp: 6 digits, 30-second steps, a code accepted one step either side of now, and never
// a step at or before the last one accepted (a code seen over a shoulder or in a log cannot be used again).
import { createTOTPKeyURI, generateHOTP } from "@oslojs/otp";
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { constantTimeEqual } from "@oslojs/crypto/subtle";

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps accepted either side of the current one (clock drift, a code typed as it changed). */
export const TOTP_WINDOW_STEPS = 1;
/** What an authenticator app lists the account under: neutral, as every title of the portal is (THREATS.md, A7). */
export const TOTP_ISSUER = "Staff Portal";

/** A new secret: 20 random bytes (160 bits, as RFC 4226 recommends), in base32 as authenticator apps take it. */
export function newTotpSecret(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32UpperCaseNoPadding(bytes);
}

export function stepAt(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

export function totpCodeForStep(secret: string, step: number): string {
  return generateHOTP(decodeBase32IgnorePadding(secret), BigInt(step), TOTP_DIGITS);
}

/**
 * The step whose code `code` is, within the window around `now` and after `lastUsedStep`; null if none. Every candidate
 * is compared, in constant time, so the time taken does not say which step matched.
 */
export function matchingStep(secret: string, code: string, now: Date, lastUsedStep: number | null): number | null {
  const typed = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(typed)) return null;
  const current = stepAt(now);
  let found: number | null = null;
  for (let step = current - TOTP_WINDOW_STEPS; step <= current + TOTP_WINDOW_STEPS; step++) {
    const same = constantTimeEqual(new TextEncoder().encode(totpCodeForStep(secret, step)), new TextEncoder().encode(typed));
    if (same && found === null && (lastUsedStep === null || step > lastUsedStep)) found = step;
  }
  return found;
}

/** Whether `code` is right for some step in the window, used or not: to tell a replay from a wrong code in the audit. */
export function codeInWindow(secret: string, code: string, now: Date): boolean {
  return matchingStep(secret, code, now, null) !== null;
}

/** The otpauth:// address an authenticator app reads from the QR code. */
export function totpUri(secret: string, accountName: string): string {
  return createTOTPKeyURI(TOTP_ISSUER, accountName, decodeBase32IgnorePadding(secret), TOTP_PERIOD_SECONDS, TOTP_DIGITS);
}

/** The secret in groups of four, for typing into an app by hand. */
export function groupedSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(" ") ?? secret;
}
