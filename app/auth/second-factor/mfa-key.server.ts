// The second factor's secret key (MFA_SECRET_KEY, ADR 029): from the environment only, never in the database. Two keys are
// derived from it: one encrypts TOTP secrets (AES-256-GCM), one keys the HMAC that recovery codes are stored as.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { buildFlavour, type BuildFlavour } from "~/config/build-flavour";
import { resolveDeploymentSecret } from "~/config/deployment-secret";
import { env } from "~/config/env.server";

/** Every build but the deployment uses this when MFA_SECRET_KEY is not set: public, so it protects nothing. */
export const DEMO_MFA_KEY = "DEMO-ONLY second-factor key of the fictional Northshire Constabulary: not a secret";

export interface MfaKeys {
  readonly encryption: Buffer;
  readonly recoveryCodes: Buffer;
}

export function deriveMfaKeys(secret: string): MfaKeys {
  const master = Buffer.from(secret, "utf8");
  const derive = (info: string) => Buffer.from(hkdfSync("sha256", master, "staff-support-portal", info, 32));
  return { encryption: derive("totp-secret-encryption"), recoveryCodes: derive("recovery-code-hmac") };
}

/**
 * The keys for this build and environment. The deployment build refuses to start without MFA_SECRET_KEY (except under
 * Vitest, NODE_ENV=test) and never accepts the demo key; the demo, end-to-end and benchmark builds fall back to the demo key.
 */
export function resolveMfaKeys(flavour: BuildFlavour, environment: { MFA_SECRET_KEY?: string | undefined; NODE_ENV?: string | undefined }): MfaKeys {
  const purpose = "Second-factor secrets are encrypted with a key held outside the database";
  const secret = { name: "MFA_SECRET_KEY", demoValue: DEMO_MFA_KEY, purpose };
  return deriveMfaKeys(resolveDeploymentSecret(secret, flavour, environment.MFA_SECRET_KEY, environment.NODE_ENV));
}

let cached: MfaKeys | undefined;
/** This process's keys, read from the environment once. */
export function mfaKeys(): MfaKeys {
  cached ??= resolveMfaKeys(buildFlavour, env());
  return cached;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** iv ‖ tag ‖ ciphertext. `context` (e.g. the person's id) is bound as associated data: a row copied to another person fails. */
export function seal(keys: MfaKeys, plaintext: string, context: string): Uint8Array<ArrayBuffer> {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keys.encryption, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return new Uint8Array(Buffer.concat([iv, cipher.getAuthTag(), body]));
}

/** The plaintext, or null for anything altered, sealed under another key or for another context. */
export function unseal(keys: MfaKeys, sealed: Uint8Array, context: string): string | null {
  const bytes = Buffer.from(sealed);
  if (bytes.length < IV_BYTES + TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", keys.encryption, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/** What a recovery code is stored as: its HMAC, so the database alone cannot be used to try guesses offline. */
export function recoveryCodeHash(keys: MfaKeys, code: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHmac("sha256", keys.recoveryCodes).update(normaliseRecoveryCode(code)).digest());
}

/** Upper case, without spaces or dashes: "abcde-fghij" and "ABCDE FGHIJ" are the same code. */
export function normaliseRecoveryCode(code: string): string {
  return code.replace(/[\s-]/g, "").toUpperCase();
}
