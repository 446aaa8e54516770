import { describe, expect, it } from "vitest";
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from "./bank-holidays";
import { isWorkingDay, workingDaysAfter } from "./working-days";

const at = (iso: string) => new Date(iso);

describe("England and Wales working days", () => {
  it("skips weekends: 5 working days after a Wednesday is the next Wednesday", () => {
    expect(workingDaysAfter(at("2026-03-04T10:00:00Z"), 5).day).toBe("2026-03-11");
  });

  it("skips Christmas Day, Boxing Day and the weekend", () => {
    // Thursday 18 December 2025: Fri 19, Mon 22, Tue 23, Wed 24, (Thu 25, Fri 26 holidays, weekend), Mon 29.
    expect(workingDaysAfter(at("2025-12-18T15:00:00Z"), 5).day).toBe("2025-12-29");
  });

  it("skips a substitute day: Boxing Day 2026 falls on a Saturday, so Monday 28 December is the holiday", () => {
    expect(isWorkingDay("2026-12-28")).toBe(false);
    // Tuesday 22 December 2026: Wed 23, Thu 24, (Fri 25, weekend, Mon 28), Tue 29, Wed 30, Thu 31.
    expect(workingDaysAfter(at("2026-12-22T09:00:00Z"), 5).day).toBe("2026-12-31");
  });

  it("skips Good Friday and Easter Monday", () => {
    // Wednesday 1 April 2026: Thu 2, (Fri 3 Good Friday, weekend, Mon 6 Easter Monday), Tue 7, Wed 8, Thu 9, Fri 10.
    expect(workingDaysAfter(at("2026-04-01T12:00:00Z"), 5).day).toBe("2026-04-10");
  });

  it("starts counting the next day whatever day it starts on: from a Saturday, the fifth is the next Friday", () => {
    expect(workingDaysAfter(at("2026-03-07T12:00:00Z"), 5).day).toBe("2026-03-13");
  });

  it("counts London's calendar: 00:30 on a Monday in summer time is Monday's, though it is Sunday in UTC", () => {
    // Monday 6 July 2026 00:30 BST = Sunday 5 July 23:30 UTC; five working days after Monday is Monday 13 July.
    expect(workingDaysAfter(at("2026-07-05T23:30:00Z"), 5).day).toBe("2026-07-13");
  });

  it("gives the deadline day's start and end in London time (BST and GMT)", () => {
    const summer = workingDaysAfter(at("2026-07-06T09:00:00Z"), 1);
    expect(summer.startsAt.toISOString()).toBe("2026-07-06T23:00:00.000Z");
    expect(summer.endsAt.toISOString()).toBe("2026-07-07T23:00:00.000Z");
    const winter = workingDaysAfter(at("2025-12-18T15:00:00Z"), 5);
    expect(winter.startsAt.toISOString()).toBe("2025-12-29T00:00:00.000Z");
    expect(winter.endsAt.toISOString()).toBe("2025-12-30T00:00:00.000Z");
  });

  it("refuses to count beyond the years whose bank holidays are recorded, and a count below one", () => {
    expect(() => workingDaysAfter(at("2028-12-29T12:00:00Z"), 5)).toThrow(RangeError);
    expect(() => workingDaysAfter(at("2026-03-04T10:00:00Z"), 0)).toThrow(RangeError);
  });

  it("keeps the data sound: real dates, none at a weekend, eight a year", () => {
    for (const { date } of ENGLAND_AND_WALES_BANK_HOLIDAYS) {
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      expect([0, 6], date).not.toContain(weekday);
    }
    for (const year of [2025, 2026, 2027, 2028])
      expect(
        ENGLAND_AND_WALES_BANK_HOLIDAYS.filter((holiday) => holiday.date.startsWith(String(year))),
        String(year),
      ).toHaveLength(8);
  });
});
