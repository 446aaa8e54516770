import type { LoaderFunctionArgs } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { incidentsCsv, listOwnIncidents } from "~/models/manager-guide/incident-log.server";
import { formatDateTime } from "~/utils/dates";

/** The employee's own log as CSV, to keep or hand over as evidence. The export is an access like any other (audited). */
export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  const csv = incidentsCsv(await listOwnIncidents(context, "export"), formatDateTime);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      // A neutral file name: it may be seen in a downloads folder.
      "Content-Disposition": 'attachment; filename="log.csv"',
      "Cache-Control": "no-store",
    },
  });
}
