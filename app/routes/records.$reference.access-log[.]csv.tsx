import type { LoaderFunctionArgs } from "react-router";
import { requireCasePage } from "~/access/case-page.server";
import { accessLogCsv, caseAccessLog } from "~/models/case-access-log.server";

/** PSD's export of a case's access log. The export is itself an access, audited (and refused like any other). */
export async function loader(args: LoaderFunctionArgs) {
  const { context, reference, caseId } = await requireCasePage(args, "readAccessLog", "access.export", "export");
  const csv = accessLogCsv(await caseAccessLog(context.prisma, caseId, 100_000));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="access-log-${reference}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
