import { describe, expect, it } from "vitest";
import { add, CONFLICT_MINIMUM, emptyCube, lines, suppress, THRESHOLD, type Cube } from "./suppression";

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

/**
 * The adversary: knows every shown cell of every cube of the source, that hidden cells are at least 1 (zeros are
 * shown), and that each line's parts add up to its total; narrows each hidden cell's interval through every line
 * until nothing changes, the shared area × month plane's cells being the same unknowns in every cube.
 */
function attack(cubes: Cube[]): { lo: number[]; hi: number[] }[] {
  const bounds = cubes.map((cube) => ({
    lo: cube.counts.map((count, i) => (cube.hidden[i] ? 1 : count)),
    hi: cube.counts.map((count, i) => (cube.hidden[i] ? 1_000_000 : count)),
  }));
  const [a, m, c] = cubes[0]!.sizes;
  let changed = true;
  while (changed) {
    changed = false;
    cubes.forEach((cube, n) => {
      const { lo, hi } = bounds[n]!;
      for (const line of lines(cube)) {
        const total = line[line.length - 1]!;
        const parts = line.slice(0, -1);
        const sumLo = parts.reduce((s, i) => s + lo[i]!, 0);
        const sumHi = parts.reduce((s, i) => s + hi[i]!, 0);
        const tighten = (i: number, newLo: number, newHi: number) => {
          if (newLo > lo[i]!) {
            lo[i] = newLo;
            changed = true;
          }
          if (newHi < hi[i]!) {
            hi[i] = newHi;
            changed = true;
          }
        };
        tighten(total, sumLo, sumHi);
        for (const i of parts) tighten(i, lo[total]! - (sumHi - hi[i]!), hi[total]! - (sumLo - lo[i]!));
      }
    });
    // The shared plane: one unknown per (area, month), whichever cube it is read from.
    for (let x = 0; x <= a; x++)
      for (let y = 0; y <= m; y++) {
        const i = (x * (m + 1) + y) * (c + 1) + c;
        const lo = Math.max(...bounds.map((b) => b.lo[i]!));
        const hi = Math.min(...bounds.map((b) => b.hi[i]!));
        for (const b of bounds) {
          if (b.lo[i] !== lo || b.hi[i] !== hi) changed = true;
          b.lo[i] = lo;
          b.hi[i] = hi;
        }
      }
  }
  return bounds;
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

function recovered(cubes: Cube[]): string[] {
  const bounds = attack(cubes);
  const found: string[] = [];
  cubes.forEach((cube, n) =>
    cube.counts.forEach((count, i) => {
      const sensitive = count > 0 && (count < THRESHOLD || (cube.conflicted[i]! > 0 && count < CONFLICT_MINIMUM));
      if (!sensitive) return;
      if (!cube.hidden[i]) found.push(`cube ${n} cell ${i} (${count}) is shown`);
      else if (bounds[n]!.lo[i] === bounds[n]!.hi[i]) found.push(`cube ${n} cell ${i} (${count}) recovered from the shown cells`);
    }),
  );
  return found;
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
