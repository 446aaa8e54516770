// DEMO ONLY: the fixed TOTP secrets of the demo's privileged accounts (docs/demo-accounts.md), so that a tester can
// sign in with a code from any authenticator app, and the end-to-end helpers can compute one. Each is derived from the
// account's email, so it never changes between seeds; never load the demo data into a real deployment.
import { createHash } from "node:crypto";
import { encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";

export function demoTotpSecret(workEmail: string): string {
  const digest = createHash("sha256").update(`demo-only second factor of ${workEmail.toLowerCase()}`).digest();
  return encodeBase32UpperCaseNoPadding(new Uint8Array(digest.subarray(0, 20)));
}
