import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { ownsRiskDeadlines } from "~/models/risk/item-rules";
import { requireUser } from "~/access/request-context.server";
import { ImmediateDanger } from "~/components/support-request-form";
import { measuresSharedWithMe } from "~/models/safety-plan/ledger.server";
import { myRequests, offerSharedRequests } from "~/models/support-request/request.server";
import { DRAFT_KEPT_DAYS, REQUEST_STATUS_LABELS } from "~/models/support-request/labels";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Support") }];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  const mine = await myRequests(context);
  const sharedMeasures = await measuresSharedWithMe(context);
  return {
    sharedMeasures: sharedMeasures.map((row) => ({ id: row.id, name: row.name })),
    requests: mine.map((row) => ({
      id: row.id,
      status: REQUEST_STATUS_LABELS[row.status],
      isDraft: row.status === "DRAFT",
      service: row.service ?? "Not chosen yet",
      date: formatDateTime(row.submittedAt ?? row.createdAt),
      deletedOn: row.draftExpiresAt ? formatDateTime(row.draftExpiresAt) : null,
      unread: row.unread,
      suggestedBy: row.status === "DRAFT" ? row.suggestedBy : null,
    })),
    showShared: await offerSharedRequests(context),
    showDeadlines: ownsRiskDeadlines(context.actor.roles),
  };
}

export default function SupportHome() {
  const { requests, showShared, showDeadlines, sharedMeasures } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Support</h1>
      <ImmediateDanger />
      <p className="mb-4 max-w-2xl text-lg">
        You can ask for support in confidence. You decide what to share, with whom, and what happens next. You can save a draft and come back to it; nothing is
        sent until you choose.
      </p>
      <p className="mb-8 flex flex-wrap gap-4">
        <AppLink to="/support/new" className="button no-underline">
          Ask for support
        </AppLink>
        <AppLink to="/support/directory" className="button-secondary no-underline">
          Support directory
        </AppLink>
      </p>

      <h2>Your requests</h2>
      {requests.length === 0 ? (
        <p className="mb-6">You have no requests or drafts.</p>
      ) : (
        <table className="mb-6 w-full">
          <caption className="sr-only">Your requests and drafts</caption>
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">Status</th>
              <th scope="col">Date</th>
              <th scope="col">New messages</th>
            </tr>
          </thead>
          <tbody>
            {requests.map((row) => (
              <tr key={row.id}>
                <td>
                  <AppLink to={row.isDraft ? `/support/requests/${row.id}/edit` : `/support/requests/${row.id}`}>{row.service}</AppLink>
                </td>
                <td>
                  {row.status}
                  {row.suggestedBy ? (
                    <span className="hint">Suggested by {row.suggestedBy}, with your agreement. Nothing is sent unless you send it.</span>
                  ) : null}
                  {row.deletedOn ? <span className="hint">Deleted on {row.deletedOn} unless you send or save it again</span> : null}
                </td>
                <td>{row.date}</td>
                <td>{row.unread > 0 ? `${row.unread} new` : "None"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="hint mb-8">Drafts are yours alone and are deleted {DRAFT_KEPT_DAYS} days after you last save them.</p>

      <h2>If the person harming you works for the police</h2>
      <p className="mb-8">
        <AppLink to="/support/options">What reporting would mean, and your choices</AppLink>. Nothing happens unless you choose.
      </p>

      <h2>If you are harming someone at home</h2>
      <p className="mb-8">
        <AppLink to="/support/help-to-stop">Programmes that help people stop, and how to tell professional standards</AppLink>. This is not confidential if you
        send anything; the page says why before you write.
      </p>

      <h2>Your safety plan at work</h2>
      <p className="mb-8">
        <AppLink to="/support/plan">Your safety plan</AppLink>: the measures that keep you safe at work, and who may see each one.
      </p>

      <h2>Your information</h2>
      <p className="mb-8">
        <a href="/support/my-data">Download everything the portal holds about you</a> (a JSON file).
      </p>

      {sharedMeasures.length > 0 ? (
        <>
          <h2>Measures shared with you</h2>
          <ul className="mb-6">
            {sharedMeasures.map((row) => (
              <li key={row.id}>
                <AppLink to={`/support/plan/${row.id}`}>{row.name}</AppLink>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {showShared ? (
        <>
          <h2>Requests shared with you</h2>
          <p className="mb-6">
            <AppLink to="/support/queue">Open the requests colleagues have shared with you or your service</AppLink>
          </p>
        </>
      ) : null}

      {showDeadlines ? (
        <p className="mb-6">
          <AppLink to="/support/deadlines">Your risk deadlines</AppLink>: threat-to-life decisions, MARAC and IDVA referrals, first contact, acknowledgement.
        </p>
      ) : null}
    </>
  );
}
