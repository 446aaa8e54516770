// Calendar days (a conversation's date, a follow-up date) are stored as midnight UTC of the day and shown as that
// day, whatever the time zone; moments someone types in UK time (an incident's date and time) become real instants.

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** "2026-12-04" → midnight UTC of that day; null for anything that is not a real date. */
export function parseDay(value: string): Date | null {
  const match = DAY.exec(value.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : null;
}

/** The day in the UK at `now`, as midnight UTC of that day. */
export function ukToday(now: Date = new Date()): Date {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  return parseDay(parts)!;
}

/** e.g. `4 Dec 2026`. */
export function formatDay(day: Date): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" }).format(day);
}

/** `2026-12-04` for a date input's value. */
export function dayInputValue(day: Date): string {
  return day.toISOString().slice(0, 10);
}

function londonOffsetMs(instant: Date): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** A day and a time ("14:05") as typed in the UK → the instant; null if either is not valid. */
export function ukMoment(day: string, time: string): Date | null {
  const date = parseDay(day);
  const match = TIME.exec(time.trim());
  if (!date || !match) return null;
  const wallClock = date.getTime() + (Number(match[1]) * 60 + Number(match[2])) * 60_000;
  const first = wallClock - londonOffsetMs(new Date(wallClock));
  return new Date(wallClock - londonOffsetMs(new Date(first)));
}
