import type { LoaderFunctionArgs } from "react-router";
import { addDays } from "date-fns";
import { badRequest } from "~/access/errors.server";
import { requireUser } from "~/access/request-context.server";
import { exportAuditTrail } from "~/models/audit-export.server";
import { parseDay } from "~/utils/dates";

/** A day from the query, or undefined when empty; 400 for anything that is not a real date. */
function dayParam(url: URL, name: string): Date | undefined {
  const value = url.searchParams.get(name)?.trim() ?? "";
  if (value === "") return undefined;
  return parseDay(value) ?? badRequest(`"${name}" must be a date such as 2026-11-30`);
}

/** The download: decided and audited before it is streamed (a GET may record what it gave, never change anything). */
export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  const { url } = args;
  const from = dayParam(url, "from");
  const to = dayParam(url, "to");
  const exported = await exportAuditTrail(context, { from, to: to ? addDays(to, 1) : undefined });
  return new Response(exported.body, {
    headers: {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exported.fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}
