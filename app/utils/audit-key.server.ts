// The audit trail's secret (ADR 022): AUDIT_HMAC_KEY, from the environment only, never stored in the database. Two keys
// are derived from it, one for each row's tag and one for the signed checkpoints, so neither can stand in for the other.
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { buildFlavour, type BuildFlavour } from "~/config/build-flavour";
import { resolveDeploymentSecret } from "~/config/deployment-secret";
import { env } from "~/config/env.server";

/**
 * The key every build but the deployment uses when AUDIT_HMAC_KEY is not set: public (it is in this file), so it
 * protects nothing, and the deployment build refuses it.
 */
export const DEMO_AUDIT_KEY = "DEMO-ONLY audit key of the fictional Northshire Constabulary: not a secret";

export interface AuditKeys {
  /** Keys each row's tag. */
  readonly row: Buffer;
  /** Signs checkpoints. */
  readonly checkpoint: Buffer;
  /** True when this is the public demo key. */
  readonly demo: boolean;
}

export function deriveAuditKeys(secret: string): AuditKeys {
  const master = Buffer.from(secret, "utf8");
  const derive = (info: string) => Buffer.from(hkdfSync("sha256", master, "staff-support-portal", info, 32));
  return { row: derive("audit-row-tag"), checkpoint: derive("audit-checkpoint"), demo: secret === DEMO_AUDIT_KEY };
}

/**
 * The keys for this build and environment. The deployment build refuses to start without AUDIT_HMAC_KEY (except under
 * Vitest, NODE_ENV=test) and never accepts the demo key; the demo, end-to-end and benchmark builds fall back to the
 * demo key.
 */
export function resolveAuditKeys(flavour: BuildFlavour, environment: { AUDIT_HMAC_KEY?: string | undefined; NODE_ENV?: string | undefined }): AuditKeys {
  const purpose = "The deployment build keys its audit trail with a secret held outside the database";
  const secret = { name: "AUDIT_HMAC_KEY", demoValue: DEMO_AUDIT_KEY, purpose };
  return deriveAuditKeys(resolveDeploymentSecret(secret, flavour, environment.AUDIT_HMAC_KEY, environment.NODE_ENV));
}

let cached: AuditKeys | undefined;
/** This process's keys, read from the environment once. */
export function auditKeys(): AuditKeys {
  cached ??= resolveAuditKeys(buildFlavour, env());
  return cached;
}

/** A row's tag: HMAC-SHA256 over its nonce and content hash. The content hash covers every stored field. */
export function auditRowTag(keys: AuditKeys, nonce: string, contentHash: string): string {
  return auditRowTagOf(keys, `${nonce}:${contentHash}`);
}

/** The tag of `nonce ":" contentHash` as one string. */
export function auditRowTagOf(keys: AuditKeys, message: string): string {
  return createHmac("sha256", keys.row).update(message).digest("hex");
}

export function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * A checker of many rows' tags against one key, for verification: for `nonce ":" contentHash`, the same result as
 * comparing `auditRowTagOf` with `sameHex`, without allocating two buffers a row.
 */
export function auditRowTagChecker(keys: AuditKeys): (message: string, tag: string) => boolean {
  const computed = Buffer.alloc(64);
  const stored = Buffer.alloc(64);
  return (message, tag) => {
    if (tag.length !== 64) return false;
    computed.write(createHmac("sha256", keys.row).update(message).digest("hex"), "latin1");
    // 64 bytes written from 64 characters only if all are ASCII; any other byte cannot match a hex digest anyway.
    return stored.write(tag, "utf8") === 64 && timingSafeEqual(computed, stored);
  };
}
