// Failed sign-ins, counted so that an outsider (THREATS.md, A6) is slowed and refused without being able to keep the
// real person out (ADR 027). Three counts, all kept in the shared windowed counters and all the same for an account
// that exists and one that does not, so that no count, pause or refusal tells them apart:
// - per (account, address): attempts since the last success from that address. Past the limit that address alone is
//   refused, even with the right password, until its window ends or an administrator lifts the lock.
// - per account and per address: failures, which only lengthen the pause before a failure is answered.
// An account's own lock (credential.lockedUntil, set after too many failures from anywhere) refuses only addresses
// that have already failed on it: the owner, at an address with no failures, still signs in.
import { ipKeyGenerator } from "express-rate-limit";
import { env } from "~/config/env.server";
import type { DbTx } from "~/db.server";
import { countHit, forgetCounts } from "~/utils/windowed-counter.server";

const PREFIX = "signin-fail:";
const MAX_PAUSE_MS = 5_000;

/** The key of a client address: an IPv6 address by its /56 subnet, as the rate limit keys it. */
export function addressKey(ipAddress: string | null): string {
  return ipAddress ? ipKeyGenerator(ipAddress, 56) : "unknown";
}

export interface ThrottleKeys {
  account: string;
  address: string;
  pair: string;
}

/** `email` is the address as typed, trimmed and lower-cased, whether or not an account has it. */
export function throttleKeys(email: string, ipAddress: string | null): ThrottleKeys {
  const address = addressKey(ipAddress);
  return { account: `${PREFIX}account:${email}`, address: `${PREFIX}address:${address}`, pair: `${pairPrefix(email)}${address}` };
}

function pairPrefix(email: string): string {
  return `${PREFIX}pair:${email}|`;
}

function windowMs(): number {
  return env().SIGNIN_LOCK_MINUTES * 60_000;
}

export type Refusal = "address locked out of the account" | "account locked";

/**
 * Counts this attempt from this address on this account before its password is checked, so that attempts sent at
 * once are numbered one by one, and says why the address may not try (null when it may): past the limit, or, while
 * the account is locked, having failed on it before.
 */
export async function admitAttempt(tx: DbTx, keys: ThrottleKeys, accountLocked: boolean, now: Date): Promise<Refusal | null> {
  const { hits } = await countHit(tx, keys.pair, windowMs(), now);
  const earlierAttempts = hits - 1;
  if (earlierAttempts >= env().SIGNIN_LOCK_AFTER_FAILURES) return "address locked out of the account";
  return accountLocked && earlierAttempts > 0 ? "account locked" : null;
}

/** Counts a failure against the account and the address; returns the extra pause before the failure is answered. */
export async function countFailure(tx: DbTx, keys: ThrottleKeys, now: Date): Promise<number> {
  const account = await countHit(tx, keys.account, windowMs(), now);
  const address = await countHit(tx, keys.address, windowMs(), now);
  return Math.min(env().SIGNIN_FAILURE_DELAY_MS * (Math.max(account.hits, address.hits) - 1), MAX_PAUSE_MS);
}

/** After a success from an address, that address starts afresh on that account. */
export function forgetAttempts(tx: DbTx, keys: ThrottleKeys): Promise<void> {
  return forgetCounts(tx, { keys: [keys.pair] });
}

/** When an administrator lifts an account's lock, every address that was locked out of it may try again. */
export function forgetAccountLocks(tx: DbTx, email: string): Promise<void> {
  return forgetCounts(tx, { prefix: pairPrefix(email.trim().toLowerCase()) });
}

/** Waits until `deadline` (a `performance.now()` time): every failure is answered no sooner than its floor. */
export async function answerNoSoonerThan(deadline: number): Promise<void> {
  const wait = deadline - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
