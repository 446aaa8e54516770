// Dates and times, read and shown as in the UK. This is the only module that knows the portal's clock is
// Europe/London (GMT in winter, BST in summer); everything else asks it.
//
// Calendar days (a conversation's date, a follow-up date) are stored as midnight UTC of the day and shown as that
// day, whatever the time zone; moments someone types in UK time (an incident's date and time) become real instants.
// Pages are rendered on the server in UK time, so they read the same whatever the browser's time zone (and the
// server's and the browser's renderings never disagree).
import { TZDate, tz } from "@date-fns/tz";
import { format } from "date-fns";

const UK_TIME_ZONE = "Europe/London";

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DAY_AND_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})$/;

/**
 * The years a date typed into the portal may fall in. Anything outside is a slip ("0001-01-01", a year typed as 2206),
 * never a date in someone's case, and would be shown as nonsense ("1 January 1").
 */
export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 2100;

/** "2026-12-04" → midnight UTC of that day; null for anything that is not a real calendar date in the years above. */
export function parseDay(value: string): Date | null {
  const match = DAY.exec(value.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < EARLIEST_YEAR || year > LATEST_YEAR) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : null;
}

/** The day in the UK at `now`, as midnight UTC of that day. */
export function ukToday(now: Date = new Date()): Date {
  const uk = new TZDate(now, UK_TIME_ZONE);
  return new Date(Date.UTC(uk.getFullYear(), uk.getMonth(), uk.getDate()));
}

/**
 * A day and a time ("14:05") as typed in the UK → the instant; null if either is not valid. A time the clocks skip
 * in March is read as an hour later; one they pass twice in October as the second (GMT).
 */
export function ukMoment(day: string, time: string): Date | null {
  const date = parseDay(day);
  const match = TIME.exec(time.trim());
  if (!date || !match) return null;
  const uk = new TZDate(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), Number(match[1]), Number(match[2]), UK_TIME_ZONE);
  return new Date(uk.getTime());
}

/** "2026-11-23T14:30" (a datetime-local field) or "2026-11-23 14:30", read as UK time; null if not valid. */
export function parseUkDateTime(value: string): Date | null {
  const match = DAY_AND_TIME.exec(value.trim());
  return match ? ukMoment(match[1]!, match[2]!) : null;
}

/** The current minute in the UK, as a datetime-local field wants it: `2026-11-23T14:30`. */
export function ukDateTimeInputValue(now: Date = new Date()): string {
  return format(now, "yyyy-MM-dd'T'HH:mm", { in: tz(UK_TIME_ZONE) });
}

/** `2026-12-04` for a date input's value. */
export function dayInputValue(day: Date): string {
  return day.toISOString().slice(0, 10);
}

// The formatting itself is Intl's, as before: its en-GB month names ("Sept") are what the pages have always shown.
const DATE_TIME = new Intl.DateTimeFormat("en-GB", {
  timeZone: UK_TIME_ZONE,
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});
const DAY_SHORT = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" });
const DAY_LONG = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" });

/** e.g. `23 Nov 2026, 15:12:24` (UK time). */
export function formatDateTime(date: Date): string {
  return DATE_TIME.format(date);
}

/** e.g. `4 Dec 2026`, for a calendar day (stored at midnight UTC). */
export function formatDay(day: Date): string {
  return DAY_SHORT.format(day);
}

/** e.g. `2 November 2026`, for a calendar day (stored at midnight UTC). */
export function formatDate(date: Date): string {
  return DAY_LONG.format(date);
}
