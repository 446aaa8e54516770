import type { LoaderFunctionArgs } from "react-router";
import { requireCasePage } from "~/access/guard.server";
import { accessLogCsv, exportedAccessLogPages } from "~/models/cases/access-log.server";

/** PSD's export of a case's access log. The export is itself an access, audited (and refused like any other). */
export async function loader(args: LoaderFunctionArgs) {
  const { context, reference, caseId } = await requireCasePage(args, "readAccessLog", "access.export", "export");
  // Streamed: the rows are read a page at a time while the file is sent, so a long log never sits in memory whole; each
  // page is read only while the person may still read the log.
  return new Response(accessLogCsv(exportedAccessLogPages(context, caseId, { limit: 100_000 })), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="access-log-${reference}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
