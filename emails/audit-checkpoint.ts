import { PRODUCT_NAME, renderEmail, type RenderedEmail } from "./layout";

export interface AuditCheckpointParams {
  /** The position of the chain's newest entry, its hash, when it was taken (ISO) and the checkpoint's signature. */
  seq: string;
  hash: string;
  at: string;
  signature: string;
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * The audit trail's head, anchored outside the database (ADR 022): only a position, two hashes and a time, nothing
 * about what the trail records. Kept in the mailbox, it lets anyone holding the key show later that the trail up to
 * this position was not rewritten.
 */
export function auditCheckpointEmail({ seq, hash, at, signature }: AuditCheckpointParams): RenderedEmail {
  if (!/^\d+$/.test(seq) || !HEX64.test(hash) || !HEX64.test(signature) || Number.isNaN(Date.parse(at))) {
    throw new Error("An audit checkpoint mail carries only a position, two hashes and a time.");
  }
  return renderEmail({
    subject: `Audit trail checkpoint (${PRODUCT_NAME})`,
    greeting: "Hello,",
    paragraphs: [
      `The ${PRODUCT_NAME}'s audit trail was checked and its newest entry anchored at ${at}.`,
      `Position: ${seq}. Hash: ${hash}. Signature: ${signature}.`,
      "Please keep this message. If the trail were ever rewritten, it would no longer match these figures. You do not need to do anything else.",
    ],
  });
}
