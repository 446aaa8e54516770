// From the period's items to the published figures: counts per area × month × category, suppressed together per
// source (suppression.ts), then the slice for the area asked for. Pure: the tests give it items with known answers.
import { TZDate } from "@date-fns/tz";
import { BREAKDOWNS, SOURCE_TITLES, type Breakdown, type CaseFact, type Category, type FactBase, type Facts, type SourceName } from "./definitions";
import { median, percentile } from "./statistics";
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
  breakdowns: Breakdown<FactBase>[];
  cubes: Cube[];
}

function buildSource(source: SourceName, items: readonly FactBase[], areaIndex: (areaUnitId: string | null) => number, areas: number): SourceCubes {
  const breakdowns = BREAKDOWNS[source] as unknown as Breakdown<FactBase>[];
  const cubes = breakdowns.map((breakdown) => emptyCube(areas, 12, breakdown.categories.length));
  for (const item of items) {
    const area = areaIndex(item.areaUnitId);
    const month = ukMonth(item.at);
    breakdowns.forEach((breakdown, n) => {
      const key = breakdown.categoryOf(item);
      const category = breakdown.categories.findIndex((c) => c.key === key);
      if (category < 0) throw new Error(`${breakdown.id}: no category for "${key}"`);
      add(cubes[n]!, area, month, category, item.conflicted, item.count ?? 1);
    });
  }
  suppress(cubes);
  return { source, breakdowns, cubes };
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

function timingOf(values: number[], conflicted: number) {
  const count = suppressSingle(values.length, conflicted);
  if (count === null || values.length < THRESHOLD) return { count, median: null, p90: null };
  const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
  return { count, median: round(median(values)), p90: round(percentile(values, 90)) };
}

function timings(cases: readonly CaseFact[]): Timing[] {
  return MONTHS.map((month, m) => {
    const inMonth = cases.filter((fact) => ukMonth(fact.at) === m);
    const pick = (hours: (fact: CaseFact) => number | null) => {
      const withData = inMonth.filter((fact) => hours(fact) !== null);
      return timingOf(
        withData.map((fact) => hours(fact)!),
        withData.filter((fact) => fact.conflicted).length,
      );
    };
    return { month, supervisor: pick((fact) => fact.hoursToSupervisor), fullReferral: pick((fact) => fact.hoursToFullReferral) };
  });
}

/** Employee victims with two or more reports within 12 months, the later one in the period (seed 004 §3.4). */
function repeatVictims(cases: readonly CaseFact[]): number | null {
  const repeat = cases.filter((fact) => fact.repeatReport === true && fact.victimPersonId !== null);
  const victims = new Set(repeat.map((fact) => fact.victimPersonId));
  const conflicted = new Set(repeat.filter((fact) => fact.conflicted).map((fact) => fact.victimPersonId));
  return suppressSingle(victims.size, conflicted.size > 0 ? 1 : 0);
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
  const sources = (Object.keys(BREAKDOWNS) as SourceName[]).map((source) => buildSource(source, facts[source], areaIndex, areas.length));
  return {
    areas,
    sources,
    forArea: (area) => {
      const all = area >= areas.length;
      const cases = all ? facts.cases : facts.cases.filter((fact) => areaIndex(fact.areaUnitId) === area);
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
        timings: timings(cases),
        repeatVictims: repeatVictims(cases),
      };
    },
  };
}

export { CONFLICT_MINIMUM, THRESHOLD };
