// The tests' authenticator app: the current code of a demo account's fixed TOTP secret (prisma/seed-data.ts).
// The portal refuses a step at or before the last one it accepted, so each sign-in here takes a later step than the
// last one this process used for the account, waiting for the clock when the window (one step either side) is used up.
import { generateHOTP } from "@oslojs/otp";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { DEMO_SECOND_FACTORS } from "../../prisma/seed-data";

const PERIOD_MS = 30_000;
const lastStep = new Map<string, number>();

/** The demo secret of `email`, or null for an account that signs in with its password alone. */
export function demoSecretOf(email: string): string | null {
  return DEMO_SECOND_FACTORS.find(({ person }) => person.workEmail === email.toLowerCase())?.secret ?? null;
}

/** A code the portal has not seen yet for this account, from `secret`. */
export async function freshCode(email: string, secret: string): Promise<string> {
  const key = email.toLowerCase();
  const current = Math.floor(Date.now() / PERIOD_MS);
  // The step before now is still accepted, unless it is about to fall out of the window before the portal checks it.
  const earliest = Date.now() - current * PERIOD_MS < PERIOD_MS - 3_000 ? current - 1 : current;
  const step = Math.max((lastStep.get(key) ?? 0) + 1, earliest);
  // A step more than one ahead of the portal's clock is refused: wait until it is only one ahead.
  const waitMs = (step - 1) * PERIOD_MS - Date.now();
  if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs + 250));
  lastStep.set(key, step);
  return generateHOTP(decodeBase32IgnorePadding(secret), BigInt(step), 6);
}
