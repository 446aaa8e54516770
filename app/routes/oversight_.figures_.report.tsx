import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { Figure } from "~/components/figures/figure";
import { figuresSearch } from "~/models/figures/links";
import { monitoringFigures } from "~/models/figures/figures.server";
import { figuresQuery } from "~/models/figures/query.server";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Equality monitoring report") }];

/** The figures the equality duty asks for, for one year, laid out to print (the browser's "Save as PDF"). */
const EQUALITY_TABLES = ["case-victim-gender", "case-victim-ethnicity", "support-gender", "support-ethnicity", "case-repeat", "support-risk"];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  const page = await monitoringFigures(context, figuresQuery(args.url));
  const tables = page.sources.flatMap((source) => source.tables).filter((table) => EQUALITY_TABLES.includes(table.id));
  const cases = page.sources.find((source) => source.source === "cases")!.byArea.totals.total;
  const requests = page.sources.find((source) => source.source === "support")!.byArea.totals.total;
  return { year: page.year, area: page.area, tables, cases, requests, repeatVictims: page.repeatVictims };
}

const shown = (value: number | null) => (value === null ? "[c] (hidden: fewer than 5)" : value.toLocaleString("en-GB"));

export default function EqualityReport() {
  const report = useLoaderData<typeof loader>();
  return (
    <article>
      <p className="no-print mb-4">
        <AppLink to={`/oversight/figures?${figuresSearch(report)}`}>Back to the monitoring figures</AppLink>. To keep a copy, print this page and choose
        &ldquo;Save as PDF&rdquo;.
      </p>
      <h1>Equality monitoring report {report.year}</h1>
      <p className="mb-4 max-w-3xl">
        Northshire Constabulary (fictional), staff affected by domestic abuse, 1 January to 31 December {report.year}. Gender and ethnic group are counted only
        where the person chose to record them on their profile; &ldquo;Prefer not to say&rdquo; and &ldquo;Not recorded&rdquo; are shown as they are. Every
        count from 1 to 4 is hidden ([c]), with enough others that it cannot be worked out.
      </p>
      <dl className="summary-list">
        <dt>Police-suspect cases reported</dt>
        <dd>{shown(report.cases)}</dd>
        <dt>Support requests sent</dt>
        <dd>{shown(report.requests)}</dd>
        <dt>Repeat victims (two or more reports within 12 months)</dt>
        <dd>{shown(report.repeatVictims)}</dd>
      </dl>
      {report.tables.map((table) => (
        <Figure key={table.id} table={table} headingLevel={2} />
      ))}
    </article>
  );
}
