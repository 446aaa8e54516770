import type { LoaderFunctionArgs } from "react-router";
import { notFound } from "~/access/errors.server";
import { requireUser } from "~/access/request-context.server";
import { figuresCsv } from "~/models/figures/figures.server";
import { figuresQuery } from "~/models/figures/query.server";

const TABLE = /^[a-z-]{1,40}$/;

/** One figures table as CSV: the same suppressed counts as the page; the download is audited. */
export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  const { url } = args;
  const query = figuresQuery(url);
  const table = url.searchParams.get("table") ?? "";
  if (!TABLE.test(table)) notFound();
  const csv = await figuresCsv(context, { ...query, table });
  if (csv === null) notFound();
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="figures-${table}-${query.year}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
