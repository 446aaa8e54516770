// When an item is reminded and when it is due. An item with a window in hours is reminded part way (halfway by default,
// RISK_REMIND_AT_PERCENT) and due at the end; one in working days is reminded at the start of its last working day (London time) and due at that day's end.
import { workingDaysAfter } from "./working-days";
import type { ItemWindow } from "./item-rules";

export interface ItemDeadline {
  remindAt: Date;
  dueAt: Date;
}

export function deadlineFor(window: ItemWindow, from: Date, remindAtPercent = 50): ItemDeadline {
  if ("hours" in window) {
    const ms = window.hours * 3_600_000;
    return { remindAt: new Date(from.getTime() + Math.round((ms * remindAtPercent) / 100)), dueAt: new Date(from.getTime() + ms) };
  }
  const day = workingDaysAfter(from, window.workingDays);
  return { remindAt: day.startsAt, dueAt: day.endsAt };
}

/** A MARAC listed for a meeting day: its outcome is due by the end of the next working day (reminded that morning). */
export function outcomeDeadline(meetingDay: Date): ItemDeadline {
  // The meeting day is stored as midnight UTC of that day; noon keeps it on the same London day all year.
  return deadlineFor({ workingDays: 1 }, new Date(meetingDay.getTime() + 12 * 3_600_000));
}
