// The draw of a dip sample, reproducible by anyone who holds what the sample keeps (ADR 1NN): each case of the
// population gets the key HMAC-SHA256(seed, case id), and the sample is the cases with the lowest keys. With a seed
// of 32 bytes from the operating system's generator, every subset of the size is equally likely, and an auditor who
// lists the same population (its digest says whether they did) gets the same sample. Reviewers are dealt out the same
// way: for each case in draw order, the eligible reviewer with the fewest cases so far, ties by the lowest key.
import { createHash, createHmac, randomBytes } from "node:crypto";

export function newSeed(): string {
  return randomBytes(32).toString("hex");
}

export function drawKey(seed: string, id: string): string {
  return createHmac("sha256", Buffer.from(seed, "hex")).update(id).digest("hex");
}

/** SHA-256 of the population's ids, sorted and joined by newlines: what an auditor compares their listing with. */
export function populationDigest(ids: readonly string[]): string {
  return createHash("sha256")
    .update([...ids].sort().join("\n"))
    .digest("hex");
}

export interface Drawn {
  caseId: string;
  position: number;
  drawKey: string;
}

/** The `size` cases with the lowest draw keys, in key order (all of them when the population is smaller). */
export function drawFrom(seed: string, population: readonly string[], size: number): Drawn[] {
  return population
    .map((caseId) => ({ caseId, drawKey: drawKey(seed, caseId) }))
    .sort((a, b) => (a.drawKey < b.drawKey ? -1 : a.drawKey > b.drawKey ? 1 : 0))
    .slice(0, size)
    .map((drawn, index) => ({ ...drawn, position: index + 1 }));
}

/**
 * A reviewer for each drawn case, from those `eligible` for it (by case id): the one with the fewest cases of this
 * sample so far, ties broken by HMAC-SHA256(seed, case id + reviewer id). Null where nobody is eligible.
 */
export function dealReviewers(seed: string, drawn: readonly Drawn[], eligible: ReadonlyMap<string, readonly string[]>): Map<string, string | null> {
  const load = new Map<string, number>();
  const dealt = new Map<string, string | null>();
  for (const { caseId } of drawn) {
    const candidates = [...(eligible.get(caseId) ?? [])].map((id) => ({ id, load: load.get(id) ?? 0, key: drawKey(seed, `${caseId}:${id}`) }));
    candidates.sort((a, b) => a.load - b.load || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const chosen = candidates[0]?.id ?? null;
    if (chosen) load.set(chosen, (load.get(chosen) ?? 0) + 1);
    dealt.set(caseId, chosen);
  }
  return dealt;
}
