// The referral chain's clock and windows, from the environment. The clock is the real one, except in end-to-end
// tests that set PORTAL_TEST_CLOCK=on and move it forward (POST /dev/clock) to see an escalation happen.
import { env } from "~/config/env.server";
import type { ChainTiming } from "./chain.server";

const clock = globalThis as unknown as { __portalTestClockOffsetMs?: number };

export function testClockEnabled(): boolean {
  return env().PORTAL_TEST_CLOCK === "on";
}

/** Moves the test clock forward; refused unless the test clock is enabled. */
export function advanceTestClock(minutes: number): void {
  if (!testClockEnabled()) throw new Error("The test clock is not enabled.");
  clock.__portalTestClockOffsetMs = (clock.__portalTestClockOffsetMs ?? 0) + minutes * 60_000;
}

/** Puts the test clock back to the real time, so later tests see an ordinary clock. */
export function resetTestClock(): void {
  if (!testClockEnabled()) throw new Error("The test clock is not enabled.");
  clock.__portalTestClockOffsetMs = 0;
}

export function referralNow(): Date {
  return new Date(Date.now() + (testClockEnabled() ? (clock.__portalTestClockOffsetMs ?? 0) : 0));
}

export function chainTiming(now: Date = referralNow()): ChainTiming {
  const config = env();
  return {
    now,
    windows: { supervisingOfficer: config.REFERRAL_SUPERVISOR_MINUTES, others: config.REFERRAL_OTHERS_MINUTES },
    employerUpdateDays: config.REFERRAL_EMPLOYER_UPDATE_DAYS,
  };
}
