import { describe, expect, it } from "vitest";
import { formatDay, parseDay, ukMoment, ukToday } from "./day";

describe("days and UK times", () => {
  it("parses real dates only", () => {
    expect(parseDay("2026-12-04")?.toISOString()).toBe("2026-12-04T00:00:00.000Z");
    expect(parseDay("2026-02-30")).toBeNull();
    expect(parseDay("4/12/2026")).toBeNull();
    expect(formatDay(parseDay("2026-12-04")!)).toBe("4 Dec 2026");
  });

  it("reads a time typed in the UK in winter and in summer", () => {
    expect(ukMoment("2026-12-04", "14:05")?.toISOString()).toBe("2026-12-04T14:05:00.000Z");
    expect(ukMoment("2026-07-01", "14:05")?.toISOString()).toBe("2026-07-01T13:05:00.000Z");
    expect(ukMoment("2026-07-01", "25:00")).toBeNull();
  });

  it("knows the UK day just after midnight in summer", () => {
    expect(ukToday(new Date("2026-07-01T23:30:00Z")).toISOString()).toBe("2026-07-02T00:00:00.000Z");
  });
});
