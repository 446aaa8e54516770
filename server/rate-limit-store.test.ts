import type { Options } from "express-rate-limit";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../tests/support/database";
import { countHit, purgeEndedWindows, readHits } from "../app/utils/windowed-counter.server";
import { DatabaseRateLimitStore } from "./rate-limit-store";

describeEachDatabase("the rate limit's shared store", (use) => {
  it("numbers hits sent at once through two clients one by one: none lost, none counted twice", async () => {
    const other = await use().openAnotherClient();
    const stores = [use().prisma, other.prisma].map((db) => new DatabaseRateLimitStore(db, { prefix: "test-rate:" }));
    for (const store of stores) store.init({ windowMs: 60_000 } as Options);
    try {
      const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => stores[i % 2]!.increment("198.51.100.0/24")));
      expect(answers.map((answer) => answer.totalHits).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      expect((await stores[1]!.get("198.51.100.0/24"))?.totalHits).toBe(60);
      await stores[0]!.decrement("198.51.100.0/24");
      expect((await stores[1]!.get("198.51.100.0/24"))?.totalHits).toBe(59);
      await stores[1]!.resetKey("198.51.100.0/24");
      expect(await stores[0]!.get("198.51.100.0/24")).toBeUndefined();
    } finally {
      for (const store of stores) store.shutdown();
      await other.close();
    }
  });

  it("starts a new window once the old one has ended, and purges ended windows", async () => {
    const { prisma } = use();
    const start = new Date("2026-05-01T09:00:00Z");
    const later = (ms: number) => new Date(start.getTime() + ms);
    expect((await countHit(prisma, "test-window", 1000, start)).hits).toBe(1);
    expect((await countHit(prisma, "test-window", 1000, later(999))).hits).toBe(2);
    const renewed = await countHit(prisma, "test-window", 1000, later(1000));
    expect(renewed).toEqual({ hits: 1, resetAt: later(2000) });
    expect((await readHits(prisma, ["test-window"], later(2000))).size).toBe(0);
    expect(await purgeEndedWindows(prisma, later(2000))).toBeGreaterThanOrEqual(1);
    expect(await prisma.windowedCounter.count({ where: { key: "test-window" } })).toBe(0);
  });
});
