#!/usr/bin/env node
// Checks an export of the portal's audit trail offline (docs/features/retention-and-subject-access.md), with nothing
// but Node.js: no database, no other file of the portal. Usage:
//
//   node verify-audit-export.mjs export.jsonl            # the hash chain, every row's content, the checkpoint's anchor
//   AUDIT_HMAC_KEY=... node verify-audit-export.mjs export.jsonl   # and every row's keyed tag and the checkpoint's signature
//
// Exit code 0 when the export is intact, 1 when it is not (the first bad line is named), 2 when it cannot be read.
// The format: one JSON object a line. A header; then one entry a position of the chain, in order, each with its seal
// (prevHash, hash) and content hash, and the row itself where the exporter could read it (null: sealed only, its
// content withheld, its link still checked); then the latest signed checkpoint, if there was one.
import { createHash, createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const GENESIS_HASH = "0".repeat(64);
const sha256 = (text) => createHash("sha256").update(text).digest("hex");
const same = (a, b) => typeof a === "string" && typeof b === "string" && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** The keys the portal derives from AUDIT_HMAC_KEY (app/utils/audit-key.server.ts). */
function deriveKeys(secret) {
  const derive = (info) => Buffer.from(hkdfSync("sha256", Buffer.from(secret, "utf8"), "staff-support-portal", info, 32));
  return { row: derive("audit-row-tag"), checkpoint: derive("audit-checkpoint") };
}

/** The content hash of a row: SHA-256 over its stored fields, in a fixed order (app/utils/audit.server.ts). */
function contentHashOf(event) {
  return sha256(
    JSON.stringify([
      event.occurredAt,
      event.actorId,
      event.action,
      event.subjectType,
      event.subjectId,
      event.outcome,
      event.reason,
      event.ipAddress,
      event.userAgent,
      event.details,
    ]),
  );
}

/**
 * The check of one export, fed a line at a time so that a file of any size is read with constant memory (the hashes
 * the checkpoint may name are kept, 32 bytes an entry). `line` answers the first problem, or null; `end` the verdict.
 * @param {{ key?: string }} options AUDIT_HMAC_KEY, to check tags and the checkpoint's signature too
 */
function exportChecker(options = {}) {
  const keys = options.key ? deriveKeys(options.key) : null;
  const result = { ok: false, entries: 0, withContent: 0, checkpoint: "none", tagsChecked: keys !== null, problem: null };
  const fail = (line, message) => ({ ...result, problem: { line, message } });
  let header = null;
  let previousHash = "";
  let expectedSeq = 0n;
  let hashes = Buffer.alloc(32 * 1024);
  let checkpoint = null;
  let lines = 0;

  /** @param {string} text one non-blank line */
  function line(text) {
    const number = ++lines;
    let record;
    try {
      record = JSON.parse(text);
    } catch {
      return fail(number, "a line is not JSON: the file is damaged");
    }
    if (!header) {
      if (!record || record.kind !== "header" || record.version !== 1) return fail(1, "the first line is not an audit export header");
      header = record;
      previousHash = header.prevHash;
      expectedSeq = BigInt(header.firstSeq);
      if (expectedSeq === 1n && previousHash !== GENESIS_HASH) return fail(1, "the chain's first entry must follow the genesis hash");
      return null;
    }
    if (record.kind === "checkpoint") {
      checkpoint = { ...record, line: number };
      return null;
    }
    if (record.kind !== "entry") return fail(number, "an unknown kind of line");
    if (checkpoint) return fail(number, "an entry after the checkpoint");
    const seq = BigInt(record.seq);
    if (seq !== expectedSeq) return fail(number, `entry ${expectedSeq} is missing (the next is ${seq})`);
    if (record.prevHash !== previousHash) return fail(number, `entry ${seq} does not follow the entry before it`);
    if (sha256(`${record.prevHash}:${seq}:${record.contentHash}`) !== record.hash) return fail(number, `entry ${seq}'s seal does not match its content hash`);
    if (record.event) {
      if (contentHashOf(record.event) !== record.contentHash) return fail(number, `row ${record.event.id} (entry ${seq}) was altered after it was written`);
      if (keys && record.event.tag !== null) {
        const tag = createHmac("sha256", keys.row).update(`${record.event.tagNonce}:${record.contentHash}`).digest("hex");
        if (!same(tag, record.event.tag)) return fail(number, `row ${record.event.id} (entry ${seq}) does not carry the tag the audit key gives it`);
      }
      result.withContent++;
    }
    // Entries are consecutive from the header's first, so an entry's hash sits at its distance from it.
    const at = 32 * result.entries;
    if (at + 32 > hashes.length) hashes = Buffer.concat([hashes, Buffer.alloc(hashes.length)]);
    hashes.write(record.hash, at, "hex");
    previousHash = record.hash;
    expectedSeq = seq + 1n;
    result.entries++;
    return null;
  }

  function hashAt(seq) {
    const index = header ? seq - BigInt(header.firstSeq) : -1n;
    return index >= 0n && index < BigInt(result.entries) ? hashes.toString("hex", Number(index) * 32, Number(index) * 32 + 32) : null;
  }

  function end() {
    if (!header) return fail(1, "the first line is not an audit export header");
    if (BigInt(header.lastSeq) !== expectedSeq - 1n)
      return fail(lines, `the export ends at entry ${expectedSeq - 1n}, not ${header.lastSeq} as its header says`);
    if (checkpoint) {
      const seq = BigInt(checkpoint.seq);
      const hash = hashAt(seq);
      if (hash === null) return fail(checkpoint.line, `the checkpoint's entry ${seq} is not in the export`);
      if (hash !== checkpoint.hash) return fail(checkpoint.line, `entry ${seq} no longer matches the checkpoint of ${checkpoint.at}: the chain was rewritten`);
      if (keys) {
        const signature = createHmac("sha256", keys.checkpoint)
          .update(`audit-checkpoint:v1:${checkpoint.seq}:${checkpoint.hash}:${checkpoint.at}`)
          .digest("hex");
        if (!same(signature, checkpoint.signature)) return fail(checkpoint.line, "the checkpoint is not signed with the audit key: forged or altered");
      }
      result.checkpoint = `entry ${seq} of ${checkpoint.at}`;
    }
    return { ...result, ok: true };
  }

  return { line, end };
}

/**
 * Checks the text of an export. Returns { ok, entries, withContent, checkpoint, problem } where problem, if any, is
 * { line, message } for the first bad line (counting non-blank lines).
 * @param {string} text the export
 * @param {{ key?: string }} options AUDIT_HMAC_KEY, to check tags and the checkpoint's signature too
 */
export function verifyAuditExport(text, options = {}) {
  const checker = exportChecker(options);
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const problem = checker.line(line);
    if (problem) return problem;
  }
  return checker.end();
}

/**
 * Checks the export in `file`, read a line at a time (an export of millions of entries is larger than a string may be).
 * @param {string} file
 * @param {{ key?: string }} options
 */
export async function verifyAuditExportFile(file, options = {}) {
  const checker = exportChecker(options);
  const lines = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === "") continue;
    const problem = checker.line(line);
    if (problem) {
      lines.close();
      return problem;
    }
  }
  return checker.end();
}

/**
 * Checks the export in `file` and prints the verdict; returns the exit code (0 intact, 1 broken, 2 unreadable).
 * @param {string | undefined} file
 */
export async function checkExportFile(file) {
  if (!file) {
    console.error("Usage: node verify-audit-export.mjs <export.jsonl>   (AUDIT_HMAC_KEY in the environment to check tags and signatures too)");
    return 2;
  }
  let report;
  try {
    report = await verifyAuditExportFile(file, { key: process.env.AUDIT_HMAC_KEY || undefined });
  } catch (error) {
    console.error(`Could not read ${file}: ${error instanceof Error ? error.message : error}`);
    return 2;
  }
  if (!report.ok) {
    console.error(`Audit export BROKEN at line ${report.problem.line}: ${report.problem.message}.`);
    return 1;
  }
  console.log(
    `Audit export intact: ${report.entries} entries of the chain (${report.withContent} with their content), ` +
      `anchored by the checkpoint: ${report.checkpoint}. Keyed tags and signature ${report.tagsChecked ? "checked" : "NOT checked (no AUDIT_HMAC_KEY)"}.`,
  );
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await checkExportFile(process.argv.slice(2).find((arg) => arg !== "--file"));
}
