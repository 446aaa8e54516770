// Working days in England and Wales: Monday to Friday, less the bank holidays (kept as data in bank-holidays.ts),
// counted on the calendar in London: an assessment at 00:30 on a Monday in British Summer Time is Monday's, though it
// is still Sunday in UTC.
import { TZDate } from "@date-fns/tz";
import { BANK_HOLIDAY_YEARS, ENGLAND_AND_WALES_BANK_HOLIDAYS } from "./bank-holidays";

const LONDON = "Europe/London";
const HOLIDAYS = new Set(ENGLAND_AND_WALES_BANK_HOLIDAYS.map((holiday) => holiday.date));

/** A London calendar day as "YYYY-MM-DD". */
function dayKey(year: number, month: number, day: number): string {
  return `${year}-${String(month + 1).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** True for Monday to Friday that is not an England and Wales bank holiday ("YYYY-MM-DD", a London day). */
export function isWorkingDay(day: string): boolean {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  if (year < BANK_HOLIDAY_YEARS.first || year > BANK_HOLIDAY_YEARS.last) throw new RangeError(`No bank holidays are recorded for ${year}`);
  const weekday = new Date(Date.UTC(year, month - 1, date)).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !HOLIDAYS.has(day);
}

/** Midnight in London at the start of a London day, as an instant. */
function londonMidnight(year: number, month: number, day: number): Date {
  return new Date(new TZDate(year, month, day, 0, 0, 0, LONDON).getTime());
}

export interface WorkingDayDeadline {
  /** The London day the deadline falls on ("YYYY-MM-DD"). */
  day: string;
  /** The start of that day in London: the reminder goes then. */
  startsAt: Date;
  /** The end of that day in London (the next midnight): overdue from then, and escalated. */
  endsAt: Date;
}

/**
 * The `count`th working day after the London day of `from` (the day itself never counts, worked or not): a contact
 * due "within 5 working days" of an assessment on Thursday 18 December 2025 is due by the end of Monday 29 December
 * (Christmas Day and Boxing Day and the weekends skipped).
 */
export function workingDaysAfter(from: Date, count: number): WorkingDayDeadline {
  if (!Number.isInteger(count) || count < 1) throw new RangeError("Count at least one working day");
  const start = new TZDate(from.getTime(), LONDON);
  let [year, month, day] = [start.getFullYear(), start.getMonth(), start.getDate()];
  let counted = 0;
  while (counted < count) {
    const next = new Date(Date.UTC(year, month, day + 1));
    [year, month, day] = [next.getUTCFullYear(), next.getUTCMonth(), next.getUTCDate()];
    if (isWorkingDay(dayKey(year, month, day))) counted++;
  }
  const following = new Date(Date.UTC(year, month, day + 1));
  return {
    day: dayKey(year, month, day),
    startsAt: londonMidnight(year, month, day),
    endsAt: londonMidnight(following.getUTCFullYear(), following.getUTCMonth(), following.getUTCDate()),
  };
}
