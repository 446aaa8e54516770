// The monitoring figures for PSD, the nominated NPCC officer and the auditor (docs/features/monitoring-figures.md):
// read through the guard (decided, read and audited in one transaction), suppressed, and sliced for one area.
import { readAreaAudited } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import { csvDocument } from "~/utils/csv.server";
import { computeFigures, monthStarts, yearWindow, type AreaFigures, type FigureTable } from "./compute";
import type { Category } from "./definitions";
import { readFacts } from "./facts.server";

export interface FiguresQuery {
  year: number;
  /** A unit id, or "all". */
  area: string;
}

export interface FiguresPage extends AreaFigures {
  year: number;
  years: number[];
  area: string;
  areas: Category[];
}

/** The force's policing areas (its BCUs and OCUs), in name order. */
export async function policingAreas(tx: DbTx): Promise<{ id: string; name: string }[]> {
  return tx.unit.findMany({
    where: { force: { isHome: true }, kind: { in: ["BCU", "OCU"] } },
    select: { id: true, name: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
}

/** The years there are figures for: from the first report or request to this year. */
async function figureYears(tx: DbTx, now: Date): Promise<number[]> {
  const [first] = await tx.$queryRawUnsafe<{ first: Date | null }[]>(
    `SELECT least((SELECT min("reportedAt") FROM "police_suspect_case"), (SELECT min("submittedAt") FROM "support_request")) AS "first"`,
  );
  const thisYear = now.getUTCFullYear();
  const from = Math.max(thisYear - 10, first?.first?.getUTCFullYear() ?? thisYear);
  return Array.from({ length: thisYear - from + 1 }, (_, i) => thisYear - i);
}

async function compute(tx: DbTx, context: RequestContext, query: FiguresQuery, now: Date): Promise<FiguresPage> {
  const units = await policingAreas(tx);
  const years = await figureYears(tx, now);
  const facts = await readFacts(tx, context.actor.id, { ...yearWindow(query.year), monthStarts: monthStarts(query.year), now });
  const computed = computeFigures(facts, units);
  const index = query.area === "all" ? computed.areas.length : computed.areas.findIndex((area) => area.key === query.area);
  const area = index < 0 ? "all" : query.area;
  return { ...computed.forArea(index < 0 ? computed.areas.length : index), year: query.year, years, area, areas: computed.areas };
}

/** The figures page: audited as a read of the figures, with the period and area asked for. */
export function monitoringFigures(context: RequestContext, query: FiguresQuery, now = new Date()): Promise<FiguresPage> {
  return readAreaAudited(context, { area: "MonitoringFigures", action: "read" }, (tx) => compute(tx, context, query, now), {
    action: "figures.read",
    details: { year: query.year, area: query.area },
  });
}

const HIDDEN = "[c]";

export function tableCsv(table: FigureTable): string {
  const cell = (value: number | null) => (value === null ? HIDDEN : String(value));
  return csvDocument(
    ["Month", ...table.columns.map((column) => column.label), "Total"],
    [...table.rows.map((row) => [row.label, ...row.cells.map(cell), cell(row.total)]), ["Total", ...table.totals.cells.map(cell), cell(table.totals.total)]],
  );
}

export function findTable(page: AreaFigures, id: string): FigureTable | null {
  for (const source of page.sources) {
    if (source.byArea.id === id) return source.byArea;
    const table = source.tables.find((candidate) => candidate.id === id);
    if (table) return table;
  }
  return null;
}

/** One table as CSV, the same suppressed counts the page shows: every download is audited with what was taken. */
export async function figuresCsv(context: RequestContext, query: FiguresQuery & { table: string }, now = new Date()): Promise<string | null> {
  return readAreaAudited(
    context,
    { area: "MonitoringFigures", action: "export" },
    async (tx) => {
      const table = findTable(await compute(tx, context, query, now), query.table);
      return table ? tableCsv(table) : null;
    },
    { action: "figures.export", details: { year: query.year, area: query.area, table: query.table } },
  );
}
