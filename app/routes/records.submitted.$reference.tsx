import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { caseActionStart, withCaseAction } from "~/access/guard.server";
import { submissionView } from "~/models/cases/case.server";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Report received") }];

/**
 * The first recipient's receipt: the reference, when it was sent, what happens next, and what they submitted. It shows
 * nothing of the case as it develops (who was told, decisions, the investigation) unless they are given access.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { context, reference } = await caseActionStart(args);
  const submission = await withCaseAction(context, reference, "readSubmission", "access.readSubmission", (tx, { id }) => submissionView(tx, id), {
    listedWithoutRight: "not found",
  });
  return { reference, ...submission };
}

export default function Receipt() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Report received</h1>
      <div className="callout mb-6" role="status">
        <p className="text-lg">
          Reference: <strong className="font-mono">{data.reference}</strong>
        </p>
        <p>Sent {formatDateTime(new Date(data.reportedAt))}.</p>
      </div>
      {data.immediateDanger ? (
        <div className="callout-warning mb-6" role="note">
          <p className="font-semibold">You said someone is in immediate danger. If you have not already, call 999 or the control room now.</p>
        </div>
      ) : null}
      <h2>What happens next</h2>
      <ul className="mb-6 list-disc pl-6">
        <li>The report is restricted: only the people it is referred to can open it, and the suspect can never see it or learn of it from the portal.</li>
        <li>A supervising officer of inspector rank or above, and professional standards, have been told that something needs their attention.</li>
        <li>They may contact you for more detail. Keep the reference; you will not see the case as it develops unless you are given access.</li>
      </ul>
      <h2>What you submitted</h2>
      <dl className="summary-list">
        <dt>Suspect</dt>
        <dd>{data.suspect}</dd>
        <dt>Victim</dt>
        <dd>{data.victim}</dd>
        <dt>Children involved</dt>
        <dd>{data.childrenInvolved ? "Yes" : "No"}</dd>
        <dt>Anyone in immediate danger</dt>
        <dd>{data.immediateDanger ? "Yes" : "No"}</dd>
        <dt>How it was received</dt>
        <dd>{data.receivedHow}</dd>
        <dt>When it was received</dt>
        <dd>{formatDateTime(new Date(data.receivedAt))}</dd>
        <dt>Account</dt>
        <dd className="whitespace-pre-wrap">{data.account}</dd>
      </dl>
      <p>
        <AppLink to="/records">Your reports and cases</AppLink>
      </p>
    </>
  );
}
