import { hash, parseOptions, verify, type Algorithm, type Options } from "@node-rs/argon2";

// `Algorithm` is a const enum in the package's typings; with isolatedModules its value is written out here.
const ARGON2ID = 2 as Algorithm;

/** Argon2id with the OWASP-recommended minimum parameters (19 MiB, 2 passes, 1 lane). */
export const PASSWORD_HASH_OPTIONS = {
  algorithm: ARGON2ID,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const satisfies Options;

/** Hashes a password into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`). Slow on purpose (tens of ms). */
export function hashPassword(plain: string): Promise<string> {
  return hash(plain, PASSWORD_HASH_OPTIONS);
}

/** True only if `plain` matches `storedHash`. A malformed or empty hash gives false; it never throws. */
export async function verifyPassword(storedHash: string, plain: string): Promise<boolean> {
  if (typeof storedHash !== "string" || !storedHash.startsWith("$argon2") || typeof plain !== "string") return false;
  try {
    return await verify(storedHash, plain);
  } catch {
    return false;
  }
}

/** True if the stored hash was made with other parameters than the current ones (rehash it after a good sign-in). */
export function passwordNeedsRehash(storedHash: string): boolean {
  try {
    const options = parseOptions(storedHash);
    return (
      options.algorithm !== PASSWORD_HASH_OPTIONS.algorithm ||
      options.memoryCost !== PASSWORD_HASH_OPTIONS.memoryCost ||
      options.timeCost !== PASSWORD_HASH_OPTIONS.timeCost ||
      options.parallelism !== PASSWORD_HASH_OPTIONS.parallelism
    );
  } catch {
    return true;
  }
}
