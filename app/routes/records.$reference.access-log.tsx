import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { readCasePage } from "~/access/guard.server";
import { actionLabel, caseAccessLog } from "~/models/cases/access-log.server";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Access log") }];

export async function loader(args: LoaderFunctionArgs) {
  return readCasePage(args, "readAccessLog", "access.read.accessLog", async (tx, { id: caseId }) => ({
    rows: (await caseAccessLog(tx, caseId)).map((row) => ({ ...row, what: actionLabel(row.action) })),
  }));
}

const OUTCOME_LABELS: Record<string, string> = { ALLOWED: "Allowed", REFUSED: "Refused", SUCCESS: "Done", FAILURE: "Failed" };

export default function AccessLog() {
  const { reference, rows } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="mb-2">
        <AppLink to={`/records/${reference}`}>Case {reference}</AppLink>
      </p>
      <h1>Access log</h1>
      <p className="mb-4">Every attempt to reach this case, allowed or refused, newest first, from the tamper-evident audit trail.</p>
      <p className="mb-6">
        <a href={`/records/${reference}/access-log.csv`} download>
          Export the access log (CSV)
        </a>
      </p>
      <table className="table">
        <caption className="sr-only">Access to case {reference}</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Person</th>
            <th scope="col">What</th>
            <th scope="col">Outcome</th>
            <th scope="col">From</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td>{formatDateTime(new Date(row.at))}</td>
              <td>{row.person}</td>
              <td>
                {row.what}
                {row.via ? <span className="block text-gray-700">via {row.via}</span> : null}
                {row.arrival ? <span className="block text-gray-700">{row.arrival}</span> : null}
                {row.reason ? <span className="block text-gray-700">{row.reason}</span> : null}
              </td>
              <td>{OUTCOME_LABELS[row.outcome] ?? row.outcome}</td>
              <td>{row.address ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
