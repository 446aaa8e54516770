import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { Link, useLoaderData } from "react-router";
import { auditCaseEvent, caseScope, refuseCase } from "~/access/case-guard.server";
import { notFound } from "~/access/errors.server";
import { requireUser } from "~/access/request-context.server";
import { addressName } from "~/models/person.server";
import { normaliseReference, RECEIVED_HOW_LABELS } from "~/models/police-suspect-case.server";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = () => [{ title: pageTitle("Report received") }];

/**
 * The first recipient's receipt: the reference, when it was sent, what happens next, and what they submitted. It shows
 * nothing of the case as it develops (who was told, decisions, the investigation) unless they are given access.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { params } = args;
  const context = await requireUser(args);
  const reference = normaliseReference(params.reference);
  if (!reference) notFound();
  const submission = await context.prisma.$transaction(async (tx) => {
    const found = await tx.policeSuspectCase.findFirst({
      where: { AND: [caseScope(context, "readSubmission"), { reference }] },
      select: {
        id: true,
        reference: true,
        reportedAt: true,
        receivedAt: true,
        receivedHow: true,
        childrenInvolved: true,
        immediateDanger: true,
        account: true,
        suspectName: true,
        victimName: true,
        victimPersonId: true,
        reportedById: true,
        suspectForce: { select: { name: true } },
        suspectPerson: { select: { firstName: true, lastName: true, preferredName: true } },
        victimPerson: { select: { firstName: true, lastName: true, preferredName: true } },
      },
    });
    if (found) await auditCaseEvent(context, tx, { action: "access.readSubmission", caseId: found.id, outcome: "ALLOWED" });
    return found;
  });
  if (!submission) return refuseCase(context, { reference, action: "access.readSubmission", via: "page" });
  return {
    reference: submission.reference,
    reportedAt: submission.reportedAt.toISOString(),
    receivedAt: submission.receivedAt.toISOString(),
    receivedHow: RECEIVED_HOW_LABELS[submission.receivedHow],
    suspect: submission.suspectPerson ? addressName(submission.suspectPerson) : `${submission.suspectName ?? "Unnamed"} (${submission.suspectForce.name})`,
    victim: submission.victimPersonId === submission.reportedById ? "You" : submission.victimPerson ? addressName(submission.victimPerson) : (submission.victimName ?? "Not given"),
    childrenInvolved: submission.childrenInvolved,
    immediateDanger: submission.immediateDanger,
    account: submission.account,
  };
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
        <Link to="/records">Your reports and cases</Link>
      </p>
    </>
  );
}
