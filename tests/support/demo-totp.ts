// The tests' authenticator app: the current code of a demo account's fixed TOTP secret (prisma/seed-data.ts).
// The portal refuses a step at or before the last one it accepted, so each sign-in here takes a later step than the
// last one this process used for the account, waiting for the clock when the window (one step either side) is used up.
import { readFileSync, writeFileSync } from "node:fs";
import { generateHOTP } from "@oslojs/otp";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { DEMO_SECOND_FACTORS } from "../../prisma/seed-data";

const PERIOD_MS = 30_000;
const lastStep = new Map<string, number>();
let stepsFile: string | null = null;

/**
 * Keeps the last step used for each account in `path` as well, for a suite whose tests run in more than one process
 * against one portal: Playwright starts a new worker after a failure, and a worker that forgot the steps already used
 * would type a code the portal refuses as used. Whoever starts the portal with a fresh database removes the file.
 */
export function rememberStepsIn(path: string): void {
  stepsFile = path;
}

function remembered(key: string): number {
  if (stepsFile) {
    try {
      const saved = (JSON.parse(readFileSync(stepsFile, "utf8")) as Record<string, number>)[key];
      if (saved !== undefined) lastStep.set(key, Math.max(saved, lastStep.get(key) ?? 0));
    } catch {
      // No file yet: nothing used.
    }
  }
  return lastStep.get(key) ?? 0;
}

function remember(key: string, step: number): void {
  lastStep.set(key, step);
  if (stepsFile) writeFileSync(stepsFile, JSON.stringify(Object.fromEntries(lastStep)));
}

/** The demo secret of `email`, or null for an account that signs in with its password alone. */
export function demoSecretOf(email: string): string | null {
  return DEMO_SECOND_FACTORS.find(({ person }) => person.workEmail === email.toLowerCase())?.secret ?? null;
}

/** A code the portal has not seen yet for this account, from `secret`. */
export async function freshCode(email: string, secret: string): Promise<string> {
  const key = email.toLowerCase();
  const current = Math.floor(Date.now() / PERIOD_MS);
  // The step before now is still accepted until this step ends. On a loaded machine typing the code and sending the
  // form can take seconds, so it is used only with at least 15 s left (with 3 s, codes arrived a step too late).
  const earliest = Date.now() - current * PERIOD_MS < PERIOD_MS - 15_000 ? current - 1 : current;
  const step = Math.max(remembered(key) + 1, earliest);
  // A step more than one ahead of the portal's clock is refused: wait until it is only one ahead.
  const waitMs = (step - 1) * PERIOD_MS - Date.now();
  if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs + 250));
  remember(key, step);
  return generateHOTP(decodeBase32IgnorePadding(secret), BigInt(step), 6);
}
