import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCaseAction } from "~/access/case-guard.server";
import { notFound } from "~/access/errors.server";
import { requireUser } from "~/access/request-context.server";
import { accessLogCsv, caseAccessLog } from "~/models/case-access-log.server";
import { normaliseReference } from "~/models/police-suspect-case.server";

/** PSD's export of a case's access log. The export is itself an access, audited (and refused like any other). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const context = await requireUser(request);
  const reference = normaliseReference(params.reference);
  if (!reference) notFound();
  const found = await requireCaseAction(context, reference, "readAccessLog", "access.export", "export");
  const csv = accessLogCsv(await caseAccessLog(context.prisma, found.id, 100_000));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="access-log-${reference}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
