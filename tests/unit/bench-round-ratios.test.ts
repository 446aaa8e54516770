import { describe, expect, it } from "vitest";
import type { LoadResult } from "../../bench/lib/load";
import { pairRatios, type ComparedSlot } from "../../bench/lib/report";

function turn(round: number, side: "old" | "new", rps: number, p95: number): ComparedSlot {
  const result = { rps, latency: { p95 } } as LoadResult;
  return { round, side, throughput: result, paced: result, partnerCores: 0 };
}

describe("the side-by-side run's figures two rounds at a time", () => {
  it("sets each pair's two new turns against its two old turns, so neither side has only the turns after its own", () => {
    const slots = [
      turn(1, "old", 200, 100),
      turn(1, "new", 150, 140),
      turn(2, "new", 210, 100),
      turn(2, "old", 160, 120),
      turn(3, "old", 100, 200),
      turn(3, "new", 90, 220),
      turn(4, "new", 100, 180),
      turn(4, "old", 100, 200),
    ];
    const pairs = pairRatios({ slots });
    expect(pairs.map((pair) => pair.rounds)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(pairs[0]!.throughput).toBeCloseTo(1);
    expect(pairs[0]!.p95).toBeCloseTo(240 / 220);
    expect(pairs[1]!.throughput).toBeCloseTo(0.95);
    expect(pairs[1]!.p95).toBeCloseTo(1);
  });

  it("leaves out an odd last round and a pair that lacks a turn", () => {
    const slots = [turn(1, "old", 100, 10), turn(1, "new", 100, 10), turn(2, "new", 120, 10), turn(2, "old", 80, 10), turn(3, "old", 50, 10)];
    expect(pairRatios({ slots }).map((pair) => pair.rounds)).toEqual([[1, 2]]);
    expect(pairRatios({ slots: slots.slice(0, 3) })).toEqual([]);
  });
});
