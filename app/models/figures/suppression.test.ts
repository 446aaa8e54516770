import { describe, expect, it } from "vitest";
import { recovered } from "../../../tests/support/suppression-attack";
import { add, emptyCube, headlineSlots, lines, lineSafe, planeIndices, suppress, THRESHOLD, type Cube } from "./suppression";

/** A repeatable pseudo-random generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cubes of one source: every item lands in one category of each breakdown, so the monthly totals are shared. */
function generatedSource(seed: number, breakdowns: number[]): Cube[] {
  const next = random(seed);
  const areas = 2 + Math.floor(next() * 4);
  const months = 3 + Math.floor(next() * 10);
  const cubes = breakdowns.map((categories) => emptyCube(areas, months, categories));
  const items = 10 + Math.floor(next() * 300);
  for (let k = 0; k < items; k++) {
    const area = Math.floor(next() ** 2 * areas);
    const month = Math.floor(next() * months);
    const conflicted = next() < 0.02;
    cubes.forEach((cube, n) => add(cube, area, month, Math.floor(next() ** 3 * breakdowns[n]!), conflicted));
  }
  return cubes;
}

describe("small-number suppression", () => {
  it("the adversary recovers a hidden cell when only the small cells are hidden (the attack works)", () => {
    const cube = emptyCube(2, 2, 1);
    // Area 0, month 0: 3 items; area 0, month 1: 8; area 1, month 0: 7; area 1, month 1: 9.
    for (const [area, month, n] of [
      [0, 0, 3],
      [0, 1, 8],
      [1, 0, 7],
      [1, 1, 9],
    ] as const)
      for (let k = 0; k < n; k++) add(cube, area, month, 0, false);
    cube.counts.forEach((count, i) => (cube.hidden[i] = count > 0 && count < THRESHOLD));
    expect(recovered([cube])).toContain("cube 0 cell 0 (3) recovered from the shown cells");
  });

  it("hides enough that no count under 5 is recovered from totals, other areas or other breakdowns, over 120 generated sources", () => {
    for (let seed = 1; seed <= 120; seed++) {
      const cubes = generatedSource(seed, [2, 4, 6]);
      suppress(cubes);
      expect(recovered(cubes), `seed ${seed}`).toEqual([]);
    }
  });

  it("shows zeros and counts of 5 or more that nothing forces it to hide", () => {
    const cube = emptyCube(1, 2, 2);
    for (let k = 0; k < 6; k++) add(cube, 0, 0, 0, false);
    for (let k = 0; k < 7; k++) add(cube, 0, 1, 1, false);
    suppress([cube]);
    expect(cube.hidden.every((hidden) => !hidden)).toBe(true);
  });

  it("hides a cell holding a case the viewer is conflicted on until it holds at least 10, and its complements", () => {
    const cube = emptyCube(1, 2, 2);
    for (let k = 0; k < 7; k++) add(cube, 0, 0, 0, k === 0);
    for (let k = 0; k < 20; k++) add(cube, 0, 1, k % 2, false);
    suppress([cube]);
    expect(cube.hidden[0]).toBe(true);
    expect(recovered([cube])).toEqual([]);
  });
});

describe("small-number suppression on sparse data", () => {
  /** About 110 items a year over 3 areas (3 a month in each: most area-month cells are small), with two breakdowns
   * of 3 and 7 categories sharing the area × month plane, as the demo history's cases are. */
  function sparseSource(seed: number): Cube[] {
    const next = random(seed);
    const categories = [3, 7];
    const cubes = categories.map((c) => emptyCube(3, 12, c));
    for (let k = 0; k < 110; k++) {
      const area = Math.floor(next() * 3);
      const month = Math.floor(next() * 12);
      cubes.forEach((cube, n) => add(cube, area, month, Math.floor(next() ** 2 * categories[n]!), false));
    }
    return cubes;
  }

  it("hides no headline cell (an area's year, a month of the whole force, the year) that could be shown, and gives nothing away", () => {
    let shown = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const cubes = sparseSource(seed);
      suppress(cubes);
      expect(recovered(cubes), `seed ${seed}`).toEqual([]);
      for (const k of headlineSlots(cubes[0]!)) {
        const cells = cubes.map((cube) => planeIndices(cube)[k]!);
        if (!cubes[0]!.hidden[cells[0]!]) {
          shown += 1;
          continue;
        }
        if (cubes[0]!.counts[cells[0]!]! < THRESHOLD) continue;
        // Hidden though 5 or more: showing it must let the adversary pin a small cell, or leave a line unprotected.
        cubes.forEach((cube, n) => (cube.hidden[cells[n]!] = false));
        const needed = recovered(cubes).length > 0 || cubes.some((cube) => lines(cube).some((line) => !lineSafe(cube, line)));
        expect(needed, `seed ${seed}, headline cell ${k}`).toBe(true);
        cubes.forEach((cube, n) => (cube.hidden[cells[n]!] = true));
      }
    }
    // Most headline cells of these tables are published (20 sources × 16 headline cells).
    expect(shown).toBeGreaterThan(160);
  });
});
