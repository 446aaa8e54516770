import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { sharedWithMe } from "~/models/support-request/request.server";
import { REQUEST_STATUS_LABELS } from "~/models/support-request/labels";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Support") }];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  const rows = await sharedWithMe(context);
  return {
    rows: rows.map((row) => ({
      id: row.id,
      service: row.service ?? "—",
      status: REQUEST_STATUS_LABELS[row.status],
      sentAt: row.submittedAt ? formatDateTime(row.submittedAt) : "—",
      holder: row.holder ?? (row.status === "CLOSED" ? "—" : "Nobody: in the service's queue"),
      unread: row.unread,
    })),
  };
}

export default function SupportQueue() {
  const { rows } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="mb-2">
        <AppLink to="/support">Support</AppLink>
      </p>
      <h1>Requests shared with you</h1>
      <p className="mb-6 max-w-2xl">
        Requests colleagues sent to your service, or shared with you by name. You see only what each person chose to share; if they withdraw their consent, the
        request disappears from here. Never discuss a request with anyone it was not shared with.
      </p>
      {rows.length === 0 ? (
        <p>Nothing has been shared with you.</p>
      ) : (
        <table className="w-full">
          <caption className="sr-only">Requests shared with you</caption>
          <thead>
            <tr>
              <th scope="col">Request</th>
              <th scope="col">Service</th>
              <th scope="col">Status</th>
              <th scope="col">Who is helping</th>
              <th scope="col">New messages</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>
                  <AppLink to={`/support/requests/${row.id}`}>Sent {row.sentAt}</AppLink>
                </td>
                <td>{row.service}</td>
                <td>{row.status}</td>
                <td>{row.holder}</td>
                <td>{row.unread > 0 ? `${row.unread} new` : "None"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
