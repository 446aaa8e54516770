import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, useLoaderData } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { Figure, MonthByMonth, TotalsTable } from "~/components/figures/figure";
import { TimingTable } from "~/components/figures/timing-table";
import { monitoringFigures } from "~/models/figures/figures.server";
import { pageTitle } from "~/utils/page-title";
import { figuresSearch } from "~/models/figures/links";
import { figuresQuery } from "~/models/figures/query.server";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Monitoring figures") }];

const TOPICS = ["cases", "support", "alerts", "steps"] as const;
type Topic = (typeof TOPICS)[number];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  const { url } = args;
  const asked = url.searchParams.get("topic") ?? "cases";
  // One topic's charts at a time keeps the page light enough to read and to scan; an unknown topic is the first.
  const topic: Topic = (TOPICS as readonly string[]).includes(asked) ? (asked as Topic) : "cases";
  const page = await monitoringFigures(context, figuresQuery(url));
  return { ...page, topic, sources: page.sources.filter((source) => source.source === topic) };
}

const SOURCE_HEADINGS = {
  cases: "Police-suspect cases",
  support: "Support requests",
  alerts: "Access alerts and break-glass",
  steps: "The referral chain",
} as const;

export default function MonitoringFigures() {
  const page = useLoaderData<typeof loader>();
  const query = { year: page.year, area: page.area };
  const download = (table: string) => `/oversight/figures/download?${figuresSearch(query, { table })}`;
  const areaName = page.area === "all" ? "the whole force" : (page.areas.find((area) => area.key === page.area)?.label ?? "the whole force");
  return (
    <>
      <h1>Monitoring figures</h1>
      <p className="mb-4 max-w-3xl">
        Counts for {page.year}, {areaName}. They name no one: any count from 1 to 4 is hidden and shown as [c], and so are enough others that it cannot be
        worked out from totals or other tables. Every download is recorded in the audit trail.
      </p>
      <Form method="get" className="no-print mb-6 flex flex-wrap items-end gap-4">
        <div>
          <label htmlFor="year" className="label">
            Year
          </label>
          <select id="year" name="year" defaultValue={String(page.year)} className="select">
            {page.years.map((year) => (
              <option key={year} value={year}>
                {year}
              </option>
            ))}
          </select>
        </div>
        <input type="hidden" name="topic" value={page.topic} />
        <div>
          <label htmlFor="area" className="label">
            Area
          </label>
          <select id="area" name="area" defaultValue={page.area} className="select">
            <option value="all">Whole force</option>
            {page.areas
              .filter((area) => area.key !== "other")
              .map((area) => (
                <option key={area.key} value={area.key}>
                  {area.label}
                </option>
              ))}
          </select>
        </div>
        <button type="submit" className="button-secondary">
          Show figures
        </button>
      </Form>
      <nav aria-label="Topics" className="no-print mb-6">
        <ul className="flex list-none flex-wrap gap-4">
          {TOPICS.map((topic) => (
            <li key={topic}>
              <AppLink to={`/oversight/figures?${figuresSearch(query, { topic })}`} aria-current={page.topic === topic ? "page" : undefined}>
                {SOURCE_HEADINGS[topic]}
              </AppLink>
            </li>
          ))}
        </ul>
      </nav>
      <p className="no-print mb-8">
        <AppLink to={`/oversight/figures/report?${figuresSearch(query)}`}>The equality monitoring report for {page.year}</AppLink> (prints to PDF)
      </p>

      <section aria-labelledby="repeat-heading" className="mb-8">
        <h2 id="repeat-heading">Repeat victims</h2>
        <p>
          Employees named as the victim in two or more reports within 12 months, the later one in {page.year}:{" "}
          <strong>{page.repeatVictims === null ? "[c] (hidden: fewer than 5)" : page.repeatVictims}</strong>
        </p>
      </section>

      <section aria-labelledby="timing-heading" className="mb-10">
        <h2 id="timing-heading">Time from report to the supervising officer and to full referral</h2>
        <TimingTable timings={page.timings} />
      </section>

      {page.sources.map((source) => (
        <section key={source.source} aria-labelledby={`${source.source}-heading`} className="mb-12">
          <h2 id={`${source.source}-heading`}>{SOURCE_HEADINGS[source.source]}</h2>
          <h3>{source.byArea.title}</h3>
          <TotalsTable table={source.byArea} />
          <MonthByMonth table={source.byArea} />
          <p className="no-print mb-8 mt-2">
            <a href={download(source.byArea.id)} download>
              Download this table as CSV<span className="sr-only"> ({source.byArea.title})</span>
            </a>
          </p>
          {source.tables.map((table) => (
            <Figure key={table.id} table={table} downloadHref={download(table.id)} />
          ))}
        </section>
      ))}
    </>
  );
}
