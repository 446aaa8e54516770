// Small-number suppression for published counts, the way official statistics do it (docs/decisions/039 and 1NN).
//
// Every figure of one source (cases, support requests, alerts, referral steps) is a slice of one cube:
// area × month × category, each dimension with its total as the last index. A viewer may ask for every area and the
// whole force, so the whole cube is what an adversary sees, and it is suppressed as one:
// - primary: a count of 1 to 4 (0 is shown: it points to nobody), or a count under CONFLICT_MINIMUM in a cell that
//   holds a case the viewer is conflicted on;
// - secondary: along every line (a row or column with its total) at least two cells are hidden, and the hidden parts of
//   a line whose total is shown add up to 5 or more, so no sum or difference of shown cells gives a hidden one.
// Cubes of one source share their area × month plane (every breakdown of cases has the same monthly totals), so a
// cell hidden in one is hidden in all of them.

export const THRESHOLD = 5;
/** A cell holding a case the viewer is in the conflict set of must be at least this large to be shown. */
export const CONFLICT_MINIMUM = 10;

export interface Cube {
  /** Sizes without the totals: areas, months, categories. */
  sizes: readonly [number, number, number];
  /** Counts, totals included, indexed by `index`. */
  counts: number[];
  /** How many of each cell's items the viewer is conflicted on. */
  conflicted: number[];
  hidden: boolean[];
}

export function cellIndex(cube: Pick<Cube, "sizes">, area: number, month: number, category: number): number {
  const [, m, c] = cube.sizes;
  return (area * (m + 1) + month) * (c + 1) + category;
}

/** An empty cube; `add` counts items (one unless said) into their cell and every total above it. */
export function emptyCube(areas: number, months: number, categories: number): Cube {
  const length = (areas + 1) * (months + 1) * (categories + 1);
  return {
    sizes: [areas, months, categories],
    counts: new Array(length).fill(0),
    conflicted: new Array(length).fill(0),
    hidden: new Array(length).fill(false),
  };
}

export function add(cube: Cube, area: number, month: number, category: number, conflicted: boolean, count = 1): void {
  const [a, m, c] = cube.sizes;
  for (const x of [area, a]) {
    for (const y of [month, m]) {
      for (const z of [category, c]) {
        const i = cellIndex(cube, x, y, z);
        cube.counts[i] = (cube.counts[i] ?? 0) + count;
        if (conflicted) cube.conflicted[i] = (cube.conflicted[i] ?? 0) + count;
      }
    }
  }
}

/** Every line of the cube: the indices of its parts, then of its total. */
export function lines(cube: Pick<Cube, "sizes">): number[][] {
  const [a, m, c] = cube.sizes;
  const result: number[][] = [];
  const range = (n: number) => Array.from({ length: n + 1 }, (_, i) => i);
  for (const y of range(m)) for (const z of range(c)) result.push(range(a).map((x) => cellIndex(cube, x, y, z)));
  for (const x of range(a)) for (const z of range(c)) result.push(range(m).map((y) => cellIndex(cube, x, y, z)));
  for (const x of range(a)) for (const y of range(m)) result.push(range(c).map((z) => cellIndex(cube, x, y, z)));
  return result;
}

function primary(count: number, conflicted: number): boolean {
  if (count === 0) return false;
  return count < THRESHOLD || (conflicted > 0 && count < CONFLICT_MINIMUM);
}

/** A line is safe with nothing hidden, or with two or more cells hidden whose parts add up to 5 or more when its
 * total is shown. */
export function lineSafe(cube: Cube, line: number[]): boolean {
  const total = line[line.length - 1]!;
  const hiddenParts = line.slice(0, -1).filter((i) => cube.hidden[i]);
  const hiddenCount = hiddenParts.length + (cube.hidden[total] ? 1 : 0);
  if (hiddenCount === 0) return true;
  const hiddenSum = hiddenParts.reduce((sum, i) => sum + cube.counts[i]!, 0);
  return hiddenCount >= 2 && (cube.hidden[total]! || hiddenSum >= THRESHOLD);
}

/** What a line still needs hidden: the index of one more cell to hide, or null when the line is safe (or nothing
 * more can be hidden on it). */
function nextToHide(cube: Cube, line: number[]): number | null {
  if (lineSafe(cube, line)) return null;
  const total = line[line.length - 1]!;
  const parts = line.slice(0, -1);
  const candidates = parts.filter((i) => !cube.hidden[i] && cube.counts[i]! > 0).sort((x, y) => cube.counts[x]! - cube.counts[y]!);
  if (candidates.length > 0) return candidates[0]!;
  return cube.hidden[total] ? null : total;
}

/** Hides cells until every line is safe; returns whether anything changed. */
function settle(cube: Cube): boolean {
  let changedAtAll = false;
  let changed = true;
  const all = lines(cube);
  while (changed) {
    changed = false;
    for (const line of all) {
      const next = nextToHide(cube, line);
      if (next !== null) {
        cube.hidden[next] = true;
        changed = changedAtAll = true;
      }
    }
  }
  return changedAtAll;
}

/** The area × month plane (the totals over categories), shared by every cube of one source. */
export function planeIndices(cube: Cube): number[] {
  const [a, m, c] = cube.sizes;
  const result: number[] = [];
  for (let x = 0; x <= a; x++) for (let y = 0; y <= m; y++) result.push(cellIndex(cube, x, y, c));
  return result;
}

/** Hides on every cube what any of them hides on the shared area × month plane; returns whether anything changed. */
function sharePlane(cubes: Cube[]): boolean {
  const planes = cubes.map(planeIndices);
  const hiddenOnPlane = planes[0]?.map((_, k) => cubes.some((cube, n) => cube.hidden[planes[n]![k]!])) ?? [];
  let changed = false;
  cubes.forEach((cube, n) =>
    planes[n]!.forEach((i, k) => {
      if (hiddenOnPlane[k] && !cube.hidden[i]) {
        cube.hidden[i] = true;
        changed = true;
      }
    }),
  );
  return changed;
}

/**
 * Narrows every hidden cell to the interval the shown cells allow (each hidden cell is at least 1, the parts of a
 * line add up to its total, the plane is one set of unknowns), as an adversary would; returns each cube's intervals.
 */
export function hiddenIntervals(cubes: Cube[]): { lo: number[]; hi: number[] }[] {
  const grand = (cube: Cube) => cube.counts.length - 1;
  const ceiling = Math.max(...cubes.map((cube) => (cube.hidden[grand(cube)] ? cube.counts[grand(cube)]! * 4 + 100 : cube.counts[grand(cube)]!)));
  const bounds = cubes.map((cube) => ({
    lo: cube.counts.map((count, i) => (cube.hidden[i] ? 1 : count)),
    hi: cube.counts.map((count, i) => (cube.hidden[i] ? ceiling : count)),
  }));
  const allLines = cubes.map((cube) => lines(cube));
  const planes = cubes.map(planeIndices);
  let changed = true;
  while (changed) {
    changed = false;
    cubes.forEach((_, n) => {
      const { lo, hi } = bounds[n]!;
      for (const line of allLines[n]!) {
        const total = line[line.length - 1]!;
        const parts = line.slice(0, -1);
        let sumLo = 0;
        let sumHi = 0;
        for (const i of parts) {
          sumLo += lo[i]!;
          sumHi += hi[i]!;
        }
        const narrow = (i: number, low: number, high: number) => {
          if (low > lo[i]!) {
            lo[i] = low;
            changed = true;
          }
          if (high < hi[i]!) {
            hi[i] = high;
            changed = true;
          }
        };
        narrow(total, sumLo, sumHi);
        for (const i of parts) narrow(i, lo[total]! - (sumHi - hi[i]!), hi[total]! - (sumLo - lo[i]!));
      }
    });
    planes[0]?.forEach((_, k) => {
      const low = Math.max(...bounds.map((b, n) => b.lo[planes[n]![k]!]!));
      const high = Math.min(...bounds.map((b, n) => b.hi[planes[n]![k]!]!));
      bounds.forEach((b, n) => {
        const i = planes[n]![k]!;
        if (b.lo[i] === low && b.hi[i] === high) return;
        b.lo[i] = low;
        b.hi[i] = high;
        changed = true;
      });
    });
  }
  return bounds;
}

/** The cell to hide next to unpin `pinned`: the smallest shown non-zero part of a line through it, else a shown total
 * of one; failing both, the same one line further out (the lines through the hidden cells of those lines). */
function toUnpin(cube: Cube, allLines: number[][], pinned: number): number | undefined {
  let cells = new Set([pinned]);
  for (let depth = 0; depth < 4; depth++) {
    const around = allLines.filter((line) => line.some((i) => cells.has(i)));
    const parts = around.flatMap((line) => line.slice(0, -1)).filter((i) => !cube.hidden[i] && cube.counts[i]! > 0);
    const smallest = parts.sort((x, y) => cube.counts[x]! - cube.counts[y]!)[0];
    if (smallest !== undefined) return smallest;
    const total = around.map((line) => line[line.length - 1]!).find((i) => !cube.hidden[i] && cube.counts[i]! > 0);
    if (total !== undefined) return total;
    cells = new Set(around.flat().filter((i) => cube.hidden[i]));
  }
  return undefined;
}

/** After the line rules, an audit as the adversary would make it: a small hidden cell still pinned down to one value
 * gets another cell hidden near it. Returns whether anything changed. */
function auditOnce(cubes: Cube[]): boolean {
  const bounds = hiddenIntervals(cubes);
  let changed = false;
  cubes.forEach((cube, n) => {
    const { lo, hi } = bounds[n]!;
    const pinned = cube.counts.findIndex((count, i) => cube.hidden[i] && primary(count, cube.conflicted[i] ?? 0) && lo[i] === hi[i]);
    if (pinned < 0) return;
    const next = toUnpin(cube, lines(cube), pinned);
    if (next !== undefined) {
      cube.hidden[next] = true;
      changed = true;
    }
  });
  return changed;
}

/** Which coordinates of cell `i` are totals: 0 for an interior cell, up to 3 for the grand total. */
function totalsOf(cube: Cube, i: number): number {
  const [a, m, c] = cube.sizes;
  const z = i % (c + 1);
  const y = Math.floor(i / (c + 1)) % (m + 1);
  const x = Math.floor(i / ((c + 1) * (m + 1)));
  return (x === a ? 1 : 0) + (y === m ? 1 : 0) + (z === c ? 1 : 0);
}

/** No sensitive hidden cell of any cube is pinned to one value by what is shown (the audit's own attack). */
function nothingPinned(cubes: Cube[]): boolean {
  const bounds = hiddenIntervals(cubes);
  return cubes.every((cube, n) =>
    cube.counts.every((count, i) => !cube.hidden[i] || !primary(count, cube.conflicted[i] ?? 0) || bounds[n]!.lo[i] !== bounds[n]!.hi[i]),
  );
}

/** The headline cells of the shared area × month plane: each area's year, each month of the whole force, and the
 * year of the whole force (the cells with two or more total coordinates), as indices of the plane. */
export function headlineSlots(cube: Cube): number[] {
  return planeIndices(cube).flatMap((i, k) => (totalsOf(cube, i) >= 2 ? [k] : []));
}

/**
 * Tries to show the cells at plane slot `k` in every cube, hiding instead, where a line through them loses its
 * protection, that line's smallest shown part (the line rules again): a headline cell traded for smaller ones. Kept
 * only if no other headline cell is hidden for it and the audit pins no sensitive cell; otherwise all is put back.
 */
function tryToShow(cubes: Cube[], planes: number[][], k: number, headlines: number[]): boolean {
  const before = cubes.map((cube) => [...cube.hidden]);
  for (const [n, cube] of cubes.entries()) {
    const i = planes[n]![k]!;
    cube.hidden[i] = false;
    // A category that holds every item of the cell is the cell: shown with it.
    const c = cube.sizes[2];
    const parts = Array.from({ length: c }, (_, z) => i - c + z).filter((part) => cube.counts[part]! > 0);
    if (parts.length === 1) cube.hidden[parts[0]!] = false;
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (const cube of cubes) if (settle(cube)) changed = true;
    if (sharePlane(cubes)) changed = true;
  }
  const first = cubes[0]!;
  const keptHeadlines = headlines.every((slot) => slot === k || before[0]![planes[0]![slot]!] || !first.hidden[planes[0]![slot]!]);
  const safe = !first.hidden[planes[0]![k]!] && keptHeadlines && nothingPinned(cubes);
  if (!safe) cubes.forEach((cube, n) => (cube.hidden = before[n]!));
  return safe;
}

/**
 * Takes back what the greedy steps hid and need not have: the plane's headline cells (the year of each area, the
 * months of the whole force, the year), the grand total first and then the largest, each shown again only if every
 * line through it keeps the line rules and the audit still pins no sensitive cell. On sparse data the greedy steps
 * hide these to protect cells that other hidden cells protect already.
 */
function release(cubes: Cube[]): void {
  const first = cubes[0];
  if (!first) return;
  const planes = cubes.map(planeIndices);
  const grand = planes[0]!.length - 1;
  const candidates = headlineSlots(first).filter((k) => {
    const i = planes[0]![k]!;
    return first.hidden[i] && !cubes.some((cube, n) => primary(cube.counts[planes[n]![k]!]!, cube.conflicted[planes[n]![k]!] ?? 0));
  });
  candidates.sort((p, q) => (q === grand ? 1 : 0) - (p === grand ? 1 : 0) || first.counts[planes[0]![q]!]! - first.counts[planes[0]![p]!]!);
  const headlines = headlineSlots(first);
  for (const k of candidates) tryToShow(cubes, planes, k, headlines);
}

/**
 * Suppresses the cubes of one source together: the primary cells, then the line rules on each cube and the shared
 * plane until nothing changes, then the audit, and again until the audit finds nothing to add; then shows again the
 * headline cells that turn out not to be needed.
 */
export function suppress(cubes: Cube[]): void {
  for (const cube of cubes) cube.counts.forEach((count, i) => (cube.hidden[i] = primary(count, cube.conflicted[i] ?? 0)));
  let changed = true;
  while (changed) {
    let lineChanges = true;
    while (lineChanges) {
      lineChanges = false;
      for (const cube of cubes) if (settle(cube)) lineChanges = true;
      if (sharePlane(cubes)) lineChanges = true;
    }
    changed = auditOnce(cubes);
  }
  release(cubes);
}

/** Hides a single statistic (a count with no complements published) when it is small. */
export function suppressSingle(count: number, conflicted: number): number | null {
  return primary(count, conflicted) ? null : count;
}
