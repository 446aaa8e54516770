// From what the database counted to the published figures: counts per area × month × category, suppressed together
// per source (suppression.ts), then the slice for the area asked for. Pure: no database, no clock.
import { TZDate } from "@date-fns/tz";
import {
  BREAKDOWNS,
  SOURCE_TITLES,
  type Breakdown,
  type CaseSummary,
  type Category,
  type CountedGroup,
  type Facts,
  type HoursSummary,
  type SourceName,
} from "./definitions";
import { add, cellIndex, emptyCube, suppress, suppressSingle, THRESHOLD, CONFLICT_MINIMUM, type Cube } from "./suppression";

const UK = "Europe/London";
export const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
export const OTHER_AREA = { key: "other", label: "Other or not recorded" };

/** A calendar year in UK time: the periods never overlap, so no two published periods can be subtracted. */
export function yearWindow(year: number): { from: Date; to: Date } {
  return { from: new Date(new TZDate(year, 0, 1, UK).getTime()), to: new Date(new TZDate(year + 1, 0, 1, UK).getTime()) };
}

/** The first instant of each month of a UK calendar year. */
export function monthStarts(year: number): Date[] {
  return Array.from({ length: 12 }, (_, month) => new Date(new TZDate(year, month, 1, UK).getTime()));
}

export function ukMonth(at: Date): number {
  return new TZDate(at.getTime(), UK).getMonth();
}

/** A published table: one row per month and a total row; one column per category and a total column. null is hidden. */
export interface FigureTable {
  id: string;
  title: string;
  unit: string;
  columns: Category[];
  rows: { label: string; cells: (number | null)[]; total: number | null }[];
  totals: { cells: (number | null)[]; total: number | null };
}

export interface Timing {
  month: string;
  supervisor: { count: number | null; median: number | null; p90: number | null };
  fullReferral: { count: number | null; median: number | null; p90: number | null };
}

export interface AreaFigures {
  sources: { source: SourceName; byArea: FigureTable; tables: FigureTable[] }[];
  timings: Timing[];
  repeatVictims: number | null;
}

interface SourceCubes {
  source: SourceName;
  breakdowns: Breakdown<unknown>[];
  cubes: Cube[];
}

function buildSource(
  source: SourceName,
  groups: readonly CountedGroup<unknown>[][],
  areaIndex: (areaUnitId: string | null) => number,
  areas: number,
): SourceCubes {
  const breakdowns = BREAKDOWNS[source] as readonly Breakdown<unknown>[];
  const cubes = breakdowns.map((breakdown, n) => {
    const cube = emptyCube(areas, 12, breakdown.categories.length);
    for (const group of groups[n] ?? []) {
      const key = breakdown.categoryOf(group.fact);
      const category = breakdown.categories.findIndex((c) => c.key === key);
      if (category < 0) throw new Error(`${breakdown.id}: no category for "${key}"`);
      add(cube, areaIndex(group.areaUnitId), group.month, category, group.conflicted, group.count);
    }
    return cube;
  });
  suppress(cubes);
  return { source, breakdowns: [...breakdowns], cubes };
}

const shown = (cube: Cube, i: number) => (cube.hidden[i] ? null : cube.counts[i]!);

function slice(cube: Cube, area: number, meta: { id: string; title: string; unit: string; columns: Category[] }): FigureTable {
  const [, months, categories] = cube.sizes;
  const row = (month: number) => ({
    cells: Array.from({ length: categories }, (_, c) => shown(cube, cellIndex(cube, area, month, c))),
    total: shown(cube, cellIndex(cube, area, month, categories)),
  });
  return { ...meta, rows: MONTHS.slice(0, months).map((label, m) => ({ label, ...row(m) })), totals: row(months) };
}

/** The area × month plane (shared by every breakdown of the source) as a table with one column per area. */
function byAreaTable(source: SourceCubes, areaColumns: Category[]): FigureTable {
  const cube = source.cubes[0]!;
  const [areas, months, categories] = cube.sizes;
  const row = (month: number) => ({
    cells: Array.from({ length: areas }, (_, a) => shown(cube, cellIndex(cube, a, month, categories))),
    total: shown(cube, cellIndex(cube, areas, month, categories)),
  });
  const unit = source.breakdowns[0]!.unit;
  return {
    id: `${source.source}-area`,
    title: SOURCE_TITLES[source.source],
    unit,
    columns: areaColumns,
    rows: MONTHS.map((label, m) => ({ label, ...row(m) })),
    totals: row(months),
  };
}

const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

function timingOf(hours: HoursSummary | undefined) {
  if (!hours) return { count: 0, median: null, p90: null };
  const count = suppressSingle(hours.count, hours.conflicted);
  if (count === null || hours.count < THRESHOLD) return { count, median: null, p90: null };
  return { count, median: round(hours.median), p90: round(hours.p90) };
}

/** Median and 90th percentile by month of report, from the database's summaries of the area asked for. */
function timings(summaries: readonly CaseSummary[]): Timing[] {
  return MONTHS.map((month, m) => {
    const inMonth = summaries.find((summary) => summary.month === m);
    return { month, supervisor: timingOf(inMonth?.supervisor), fullReferral: timingOf(inMonth?.fullReferral) };
  });
}

/** Employee victims with two or more reports within 12 months, the later one in the period (seed 004 §3.4). */
function repeatVictims(summaries: readonly CaseSummary[]): number | null {
  const year = summaries.find((summary) => summary.month === null);
  return suppressSingle(year?.repeatVictims ?? 0, (year?.repeatVictimsConflicted ?? 0) > 0 ? 1 : 0);
}

export interface Computed {
  areas: Category[];
  sources: SourceCubes[];
  /** The figures for one area's index (or areas.length: the whole force). */
  forArea: (area: number) => AreaFigures;
}

/** Every figure of the period for every area, suppressed as one (an adversary may ask for each area in turn). */
export function computeFigures(facts: Facts, units: readonly { id: string; name: string }[]): Computed {
  const areas: Category[] = [...units.map((unit) => ({ key: unit.id, label: unit.name })), OTHER_AREA];
  const position = new Map(units.map((unit, i) => [unit.id, i]));
  const areaIndex = (id: string | null) => (id === null ? units.length : (position.get(id) ?? units.length));
  const sources = (Object.keys(BREAKDOWNS) as SourceName[]).map((source) =>
    buildSource(source, facts.counts[source] as CountedGroup<unknown>[][], areaIndex, areas.length),
  );
  return {
    areas,
    sources,
    forArea: (area) => {
      const all = area >= areas.length;
      // The page asks for the whole force or one policing area ("other" is no place one can ask for: nothing shown).
      const summaries = facts.caseSummaries.filter((summary) =>
        all ? summary.allAreas : !summary.allAreas && area < units.length && summary.areaUnitId === units[area]!.id,
      );
      return {
        sources: sources.map((source) => ({
          source: source.source,
          byArea: byAreaTable(source, areas),
          tables: source.breakdowns.map((breakdown, n) =>
            slice(source.cubes[n]!, all ? areas.length : area, {
              id: breakdown.id,
              title: breakdown.title,
              unit: breakdown.unit,
              columns: [...breakdown.categories],
            }),
          ),
        })),
        timings: timings(summaries),
        repeatVictims: area === units.length ? null : repeatVictims(summaries),
      };
    },
  };
}

export { CONFLICT_MINIMUM, THRESHOLD };
