// The bad-input generator's values (issue 16): a seeded random source, so that a run is repeated exactly with
// BAD_INPUT_SEED, and the malformed values it puts in fields, query strings and path parameters.

/** A small seeded generator (mulberry32): the same seed gives the same run. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

/** The seed of this run: BAD_INPUT_SEED when given, otherwise a new one (printed, so a failure can be run again). */
export function runSeed(environment = process.env): number {
  const given = environment.BAD_INPUT_SEED;
  if (given !== undefined && given !== "") {
    const seed = Number(given);
    if (!Number.isInteger(seed) || seed < 0) throw new Error(`BAD_INPUT_SEED must be a whole number; it is "${given}".`);
    return seed;
  }
  return Math.floor(Math.random() * 2 ** 31);
}

const HUGE = "x".repeat(900_000);

/**
 * Values no field should accept as they are, each with the name a failure report gives it. "huge" fills the body
 * almost to the server's 1 MB limit; the rest are short. Dates, numbers and enums get the same list: a wrong type is
 * the value of another field's type.
 */
export type BadValue = { name: string; value: string } | { name: string; raw: string };

export const BAD_VALUES: readonly BadValue[] = [
  { name: "empty", value: "" },
  { name: "blank", value: "   \t  " },
  { name: "long", value: "Ω".repeat(20_000) },
  { name: "huge", value: HUGE },
  { name: "NUL", value: "a\u0000b" },
  { name: "only NUL", value: "\u0000" },
  { name: "lone surrogate", raw: "%ED%A0%80x" },
  { name: "broken UTF-8", raw: "%FF%FE%C3%28" },
  { name: "right-to-left override", value: "\u202eabc\u202d" },
  { name: "zero-width", value: "\u200b\u200d\ufeff" },
  { name: "emoji", value: "👩🏽‍⚕️🏳️‍🌈" },
  { name: "SQL", value: "' OR 1=1; DROP TABLE person; --" },
  { name: "HTML", value: '"><script>alert(1)</script><img src=x onerror=alert(1)>' },
  { name: "template", value: "${{7*7}}{{constructor.constructor('1')()}}" },
  { name: "constructor", value: "constructor" },
  { name: "__proto__", value: "__proto__" },
  { name: "toString", value: "toString" },
  { name: "hasOwnProperty", value: "hasOwnProperty" },
  { name: "number", value: "-1e309" },
  { name: "NaN", value: "NaN" },
  { name: "big integer", value: "99999999999999999999999" },
  { name: "negative", value: "-1" },
  { name: "boolean", value: "true" },
  { name: "null", value: "null" },
  { name: "JSON", value: '{"__proto__":{"admin":true}}' },
  { name: "impossible date", value: "2026-02-30" },
  { name: "year one", value: "0001-01-01" },
  { name: "far future", value: "9999-12-31T23:59" },
  { name: "bad date", value: "2026-13-45T25:61" },
  { name: "unknown enum", value: "NOT_A_CHOICE" },
  { name: "uuid", value: "00000000-0000-4000-8000-000000000000" },
  { name: "not a uuid", value: "not-a-uuid" },
  { name: "path", value: "../../etc/passwd" },
  { name: "url", value: "https://evil.example/" },
  { name: "protocol-relative", value: "//evil.example" },
  { name: "CRLF", value: "a\r\nSet-Cookie: x=1" },
  { name: "percent", value: "%00%ff%" },
  { name: "bad percent-encoding", raw: "%zz%" },
];

/** A bad value as it goes on the wire in a form body or a query string. */
export function encodedValue(bad: BadValue): string {
  return "raw" in bad ? bad.raw : encodeURIComponent(bad.value);
}

/** Values for a path parameter (a reference, an id): each is percent-encoded into the path. */
export const BAD_PATH_VALUES: readonly string[] = [
  "constructor",
  "__proto__",
  "toString",
  "\u0000",
  "a\u0000b",
  "x".repeat(5_000),
  "00000000-0000-4000-8000-000000000000",
  "not-a-uuid",
  "' OR 1=1 --",
  "\u202eabc",
  "..",
  "%",
  "ZZZZ-ZZZZ",
  "-1",
  "null",
];

/** Field names no form has: the prototype's, and Conform's path syntax gone wrong. */
export const BAD_FIELD_NAMES: readonly string[] = ["__proto__", "constructor", "__proto__[admin]", "constructor.prototype.admin", "a[", "a]]", "a..b", "[0]"];
