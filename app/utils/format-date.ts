// Dates are formatted on the server in UK time, so that the page reads the same whatever the browser's time zone
// (and the server's and the browser's renderings never disagree).
const DATE_TIME = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** e.g. `23 Nov 2026, 15:12:24` (UK time). */
export function formatDateTime(date: Date): string {
  return DATE_TIME.format(date);
}

const DATE = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" });

/** e.g. `2 November 2026`, for calendar dates (stored at midnight UTC). */
export function formatDate(date: Date): string {
  return DATE.format(date);
}
