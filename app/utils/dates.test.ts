import { afterEach, describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatDay, parseDay, parseUkDateTime, ukDateTimeInputValue, ukMoment, ukToday } from "./dates";

// In 2026 the UK's clocks go forward at 01:00 UTC on Sunday 29 March and back at 01:00 UTC on Sunday 25 October.
const iso = (date: Date | null) => date?.toISOString() ?? null;

describe("days and UK times", () => {
  it("parses real dates only", () => {
    expect(parseDay("2026-12-04")?.toISOString()).toBe("2026-12-04T00:00:00.000Z");
    expect(parseDay("2026-02-30")).toBeNull();
    expect(parseDay("2027-02-29")).toBeNull();
    expect(parseDay("2028-02-29")?.toISOString()).toBe("2028-02-29T00:00:00.000Z");
    expect(parseDay("0001-01-01")).toBeNull();
    expect(parseDay("1899-12-31")).toBeNull();
    expect(parseDay("2101-01-01")).toBeNull();
    expect(parseUkDateTime("0001-01-01T00:00")).toBeNull();
    expect(parseDay("4/12/2026")).toBeNull();
    expect(formatDay(parseDay("2026-12-04")!)).toBe("4 Dec 2026");
    expect(formatDate(parseDay("2026-11-02")!)).toBe("2 November 2026");
  });

  it("reads a time typed in the UK in winter and in summer", () => {
    expect(ukMoment("2026-12-04", "14:05")?.toISOString()).toBe("2026-12-04T14:05:00.000Z");
    expect(ukMoment("2026-07-01", "14:05")?.toISOString()).toBe("2026-07-01T13:05:00.000Z");
    expect(ukMoment("2026-07-01", "25:00")).toBeNull();
  });

  it("knows the UK day just after midnight in summer", () => {
    expect(ukToday(new Date("2026-07-01T23:30:00Z")).toISOString()).toBe("2026-07-02T00:00:00.000Z");
  });

  it("knows the UK day around the clocks going forward in March", () => {
    expect(iso(ukToday(new Date("2026-03-28T23:59:00Z")))).toBe("2026-03-28T00:00:00.000Z");
    expect(iso(ukToday(new Date("2026-03-29T00:30:00Z")))).toBe("2026-03-29T00:00:00.000Z");
    // 00:30 on Monday 30 March in London is still Sunday in UTC.
    expect(iso(ukToday(new Date("2026-03-29T23:30:00Z")))).toBe("2026-03-30T00:00:00.000Z");
    expect(iso(ukMoment("2026-03-30", "00:30"))).toBe("2026-03-29T23:30:00.000Z");
    expect(formatDateTime(new Date("2026-03-29T23:30:00Z"))).toBe("30 Mar 2026, 00:30:00");
    expect(ukDateTimeInputValue(new Date("2026-03-29T23:30:00Z"))).toBe("2026-03-30T00:30");
  });

  it("knows the UK day around the clocks going back in October", () => {
    // 00:30 on Sunday 25 October is still BST: Saturday in UTC.
    expect(iso(ukToday(new Date("2026-10-24T23:30:00Z")))).toBe("2026-10-25T00:00:00.000Z");
    expect(iso(ukMoment("2026-10-25", "00:30"))).toBe("2026-10-24T23:30:00.000Z");
    // 00:30 on Monday 26 October is GMT again: the same in UTC.
    expect(iso(ukToday(new Date("2026-10-25T23:30:00Z")))).toBe("2026-10-25T00:00:00.000Z");
    expect(iso(ukToday(new Date("2026-10-26T00:30:00Z")))).toBe("2026-10-26T00:00:00.000Z");
    expect(iso(ukMoment("2026-10-26", "00:30"))).toBe("2026-10-26T00:30:00.000Z");
    expect(formatDateTime(new Date("2026-10-26T00:30:00Z"))).toBe("26 Oct 2026, 00:30:00");
    expect(ukDateTimeInputValue(new Date("2026-10-26T00:30:00Z"))).toBe("2026-10-26T00:30");
  });

  it("reads a time the clocks skip as an hour later, and one they pass twice as the second (GMT)", () => {
    expect(iso(ukMoment("2026-03-29", "01:30"))).toBe("2026-03-29T01:30:00.000Z");
    expect(iso(ukMoment("2026-03-29", "02:30"))).toBe("2026-03-29T01:30:00.000Z");
    expect(iso(ukMoment("2026-10-25", "01:30"))).toBe("2026-10-25T01:30:00.000Z");
  });

  it("reads a datetime-local field's value as UK time, and refuses one that is not real", () => {
    expect(iso(parseUkDateTime("2026-07-01T14:05"))).toBe("2026-07-01T13:05:00.000Z");
    expect(iso(parseUkDateTime(" 2026-12-04 14:05 "))).toBe("2026-12-04T14:05:00.000Z");
    expect(parseUkDateTime("2026-02-30T10:00")).toBeNull();
    expect(parseUkDateTime("2026-07-01T24:00")).toBeNull();
    expect(parseUkDateTime("2026-07-01")).toBeNull();
  });

  it("shows UK dates and times with the same words as before", () => {
    expect(formatDateTime(new Date("2026-11-23T15:12:24Z"))).toBe("23 Nov 2026, 15:12:24");
    expect(formatDateTime(new Date("2026-09-05T10:00:00Z"))).toBe("5 Sept 2026, 11:00:00");
  });

  describe("on a server whose own time zone is not the UK's", () => {
    const original = process.env.TZ;
    afterEach(() => {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    });

    it("gives the same UK days and times", () => {
      for (const zone of ["America/New_York", "Pacific/Kiritimati"]) {
        process.env.TZ = zone;
        expect(new Date("2026-03-29T23:30:00Z").getHours(), zone).not.toBe(0);
        expect(iso(ukToday(new Date("2026-03-29T23:30:00Z"))), zone).toBe("2026-03-30T00:00:00.000Z");
        expect(iso(ukMoment("2026-10-25", "00:30")), zone).toBe("2026-10-24T23:30:00.000Z");
        expect(ukDateTimeInputValue(new Date("2026-10-26T00:30:00Z")), zone).toBe("2026-10-26T00:30");
      }
    });
  });
});
