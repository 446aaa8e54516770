// Words the safety-plan pages show: plain, and safe to import into a page (no server code).

/** The measures a plan usually draws on (the seeds' workplace safety measures), or the employee's own. */
export const MEASURE_KINDS = {
  ACCESS_CODES: "Change building access codes",
  DUTIES: "Move away from public-facing or call-handling duties",
  COLLEAGUES_AND_CALLS: "Agree what colleagues are told and what to do if the person calls or visits",
  RECEPTION: "Give reception a photo and vehicle details of the person",
  DUTY_RECORDS: "Keep duty records current",
  JOURNEYS: "A colleague on journeys outside the office",
  FLEXIBLE_WORK: "Flexible hours or place of work",
  APPOINTMENT_LEAVE: "Paid leave for appointments",
  OWN: "Something else (in my own words)",
} as const;
export type MeasureKind = keyof typeof MEASURE_KINDS;
export const MEASURE_KIND_KEYS = Object.keys(MEASURE_KINDS) as MeasureKind[];

export const MEASURE_STATUS_LABELS = {
  PLANNED: "Planned",
  IN_PLACE: "In place",
  ENDED: "Ended",
} as const;
export type MeasureStatus = keyof typeof MEASURE_STATUS_LABELS;

export const MEASURE_TITLE_MAX = 200;
export const MEASURE_INSTRUCTIONS_MAX = 2000;
export const MEASURE_FIELD_ORDER = ["kind", "title", "instructions", "ownerEmail", "status", "reviewOn"];

/** A measure's name: its own words, or the list's. */
export function measureName(measure: { kind: string; title: string }): string {
  if (measure.kind === "OWN" || !(measure.kind in MEASURE_KINDS)) return measure.title || "A measure";
  return MEASURE_KINDS[measure.kind as MeasureKind];
}
