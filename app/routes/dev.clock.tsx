import type { ActionFunctionArgs, LoaderFunctionArgs } from "react-router";
import { notFound } from "~/access/errors.server";
import { advanceTestClock, referralNow, resetTestClock, testClockEnabled } from "~/models/referrals/timing.server";
import { kickReferralScheduler } from "~/models/referrals/scheduler.server";

/**
 * End-to-end tests only: in the e2e build alone (remix.config.js, ADR 018), and there only with PORTAL_TEST_CLOCK=on.
 * Moves the referral scheduler's clock forward so a test can watch a step be reminded and escalated without waiting an
 * hour.
 */
export async function loader(_args: LoaderFunctionArgs) {
  notFound();
}

export async function action({ request }: ActionFunctionArgs) {
  if (!testClockEnabled()) notFound();
  const form = await request.formData();
  if (form.get("reset") === "1") {
    resetTestClock();
    return Response.json({ now: referralNow().toISOString() });
  }
  const minutes = Number(form.get("minutes"));
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 60 * 24 * 60)
    return Response.json({ error: "minutes must be a whole number from 1" }, { status: 400 });
  advanceTestClock(minutes);
  kickReferralScheduler();
  return Response.json({ now: referralNow().toISOString() });
}
