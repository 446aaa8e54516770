import type { FigureTable } from "~/models/figures/compute";
import { BarChart, type BarDatum } from "./bar-chart";

const HIDDEN_MARK = "[c]";
const show = (value: number | null) => (value === null ? HIDDEN_MARK : value.toLocaleString("en-GB"));

/** "Of 48 cases, the most were Police officer (31)…": the chart's message in words, from shown counts only. */
export function chartSummary(title: string, unit: string, data: BarDatum[], total: number | null): string {
  const shown = data.filter((datum) => datum.value !== null && datum.value > 0).sort((a, b) => b.value! - a.value!);
  const hidden = data.filter((datum) => datum.value === null).length;
  const parts = [`${title}.`, total === null ? `The total is hidden.` : `${total.toLocaleString("en-GB")} ${unit} in all.`];
  if (shown.length > 0) parts.push(`Most: ${shown[0]!.label} (${shown[0]!.value}).`);
  if (shown.length > 1) parts.push(`Next: ${shown[1]!.label} (${shown[1]!.value}).`);
  if (hidden > 0) parts.push(`${hidden} ${hidden === 1 ? "count is" : "counts are"} hidden to protect small numbers.`);
  return parts.join(" ");
}

export function FigureTableView({ table }: { table: FigureTable }) {
  return (
    <div className="overflow-x-auto">
      <table className="table text-sm">
        <caption className="text-left font-semibold">
          {table.title}: number of {table.unit} by month
        </caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            {table.columns.map((column) => (
              <th scope="col" key={column.key}>
                {column.label}
              </th>
            ))}
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {[...table.rows, { label: "Total", ...table.totals }].map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              {row.cells.map((cell, i) => (
                <td key={table.columns[i]!.key}>{show(cell)}</td>
              ))}
              <td>{show(row.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The table behind a chart: the period's count for each category, and the total. */
export function TotalsTable({ table }: { table: FigureTable }) {
  return (
    <table className="table mb-2 max-w-3xl text-sm">
      <caption className="text-left font-semibold">
        {table.title}: number of {table.unit} in the period
      </caption>
      <thead>
        <tr>
          <th scope="col">Category</th>
          <th scope="col">Number of {table.unit}</th>
        </tr>
      </thead>
      <tbody>
        {table.columns.map((column, i) => (
          <tr key={column.key}>
            <th scope="row">{column.label}</th>
            <td>{show(table.totals.cells[i] ?? null)}</td>
          </tr>
        ))}
        <tr>
          <th scope="row">Total</th>
          <td>{show(table.totals.total)}</td>
        </tr>
      </tbody>
    </table>
  );
}

/** The month-by-month table, folded away (a native <details>, no JavaScript) until asked for. */
export function MonthByMonth({ table }: { table: FigureTable }) {
  return (
    <details className="mb-2">
      <summary className="cursor-pointer">
        Month by month<span className="sr-only"> ({table.title})</span>
      </summary>
      <FigureTableView table={table} />
    </details>
  );
}

/** One figure: its chart of the period's totals, the chart's message in words, the table behind it and its CSV. */
export function Figure({ table, downloadHref, headingLevel = 3 }: { table: FigureTable; downloadHref?: string; headingLevel?: 2 | 3 }) {
  const data = table.columns.map((column, i) => ({ label: column.label, value: table.totals.cells[i] ?? null }));
  const summary = chartSummary(table.title, table.unit, data, table.totals.total);
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section aria-labelledby={`${table.id}-heading`} className="figure mb-10">
      <Heading id={`${table.id}-heading`}>{table.title}</Heading>
      <BarChart id={`${table.id}-chart`} title={table.title} summary={summary} data={data} unit={table.unit} />
      <p className="mb-3 max-w-3xl">{summary}</p>
      <TotalsTable table={table} />
      <MonthByMonth table={table} />
      {downloadHref ? (
        <p className="no-print mt-2">
          <a href={downloadHref} download>
            Download this table as CSV<span className="sr-only"> ({table.title})</span>
          </a>
        </p>
      ) : null}
    </section>
  );
}
