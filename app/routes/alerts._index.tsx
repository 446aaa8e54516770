import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { requireArea } from "~/access/guard.server";
import { requireUser } from "~/access/request-context.server";
import { alertQueue } from "~/models/cases/alerts.server";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Alerts") }];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  await requireArea(context, "CaseOversight");
  const reviewed = args.url.searchParams.get("show") === "reviewed";
  return { alerts: await alertQueue(context, reviewed), reviewed };
}

export default function Alerts() {
  const { alerts, reviewed } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Alerts</h1>
      <p className="mb-4">
        Attempts on restricted cases by people not on their access list, emergency access, cases opened without a declaration, and access that lapsed when a
        change to the organisation put someone above a suspect.
      </p>
      <nav aria-label="Which alerts" className="mb-6 flex gap-4">
        {reviewed ? <AppLink to="/alerts">Awaiting review</AppLink> : <strong>Awaiting review</strong>}
        {reviewed ? <strong>Reviewed</strong> : <AppLink to="/alerts?show=reviewed">Reviewed</AppLink>}
      </nav>
      {alerts.length === 0 ? (
        <p>{reviewed ? "No reviewed alerts." : "No alerts are waiting for review."}</p>
      ) : (
        <table className="table">
          <caption className="sr-only">{reviewed ? "Reviewed alerts" : "Alerts awaiting review"}</caption>
          <thead>
            <tr>
              <th scope="col">Raised</th>
              <th scope="col">What</th>
              <th scope="col">Who</th>
              <th scope="col">Case</th>
              <th scope="col">{reviewed ? "Outcome" : "Review"}</th>
            </tr>
          </thead>
          <tbody>
            {alerts.map((alert) => (
              <tr key={alert.id}>
                <td>{formatDateTime(new Date(alert.raisedAt))}</td>
                <td>
                  {alert.kind}
                  <span className="block text-gray-700">via {alert.via}</span>
                  {alert.arrival ? <span className="block text-gray-700">{alert.arrival}</span> : null}
                </td>
                <td>{alert.person}</td>
                <td className="font-mono">{alert.reference}</td>
                <td>
                  {alert.outcome ? <span className="block">{alert.outcome}</span> : null}
                  <AppLink to={`/alerts/${alert.id}`}>
                    {alert.outcome ? "Details" : "Review"}
                    <span className="sr-only"> the alert about {alert.person}</span>
                  </AppLink>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
