// The adversary of the suppression tests (app/models/figures/suppression.ts): everything a viewer can be shown.
import { cellIndex, CONFLICT_MINIMUM, lines, THRESHOLD, type Cube } from "~/models/figures/suppression";

/**
 * The adversary: knows every shown cell of every cube of the source, that hidden cells are at least 1 (zeros are
 * shown), and that each line's parts add up to its total; narrows each hidden cell's interval through every line
 * until nothing changes, the shared area × month plane's cells being the same unknowns in every cube.
 */
export function attack(cubes: Cube[]): { lo: number[]; hi: number[] }[] {
  // An upper bound for every hidden cell: the grand total where it is shown (interval narrowing from a loose bound
  // converges one unit at a time around cycles of hidden cells).
  const ceiling = (cube: Cube) => (cube.hidden[cube.counts.length - 1] ? 10_000 : cube.counts[cube.counts.length - 1]!);
  const bounds = cubes.map((cube) => ({
    lo: cube.counts.map((count, i) => (cube.hidden[i] ? 1 : count)),
    hi: cube.counts.map((count, i) => (cube.hidden[i] ? ceiling(cube) : count)),
  }));
  const [a, m] = cubes[0]!.sizes;
  const planeCell = (cube: Cube, x: number, y: number) => cellIndex(cube, x, y, cube.sizes[2]);
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
        if (lo[total]! > hi[total]!) throw new Error("the published cells contradict each other");
        for (const i of parts) tighten(i, lo[total]! - (sumHi - hi[i]!), hi[total]! - (sumLo - lo[i]!));
      }
    });
    // The shared plane: one unknown per (area, month), whichever cube it is read from.
    for (let x = 0; x <= a; x++)
      for (let y = 0; y <= m; y++) {
        const cells = cubes.map((cube) => planeCell(cube, x, y));
        const lo = Math.max(...bounds.map((b, n) => b.lo[cells[n]!]!));
        const hi = Math.min(...bounds.map((b, n) => b.hi[cells[n]!]!));
        bounds.forEach((b, n) => {
          const i = cells[n]!;
          if (b.lo[i] !== lo || b.hi[i] !== hi) changed = true;
          b.lo[i] = lo;
          b.hi[i] = hi;
        });
      }
  }
  return bounds;
}

/** The sensitive counts (1 to 4, or under 10 holding a conflicted item) that are shown or that the adversary recovers. */
export function recovered(cubes: Cube[]): string[] {
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
