import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { notFound } from "~/access/errors.server";
import { requireUser } from "~/access/request-context.server";
import { QuietReadExpiry } from "~/components/oversight/quiet-reads";
import { RecordedOutcome, ReviewForm } from "~/components/review-form";
import { ErrorSummary } from "~/components/ui";
import { useFormReply } from "~/components/ui/use-form-reply";
import { QUIET_READ_OUTCOME_LABELS } from "~/models/oversight/labels";
import { QuietReadReviewSchema, readQuietRead, reviewQuietRead } from "~/models/oversight/quiet-reads.server";
import { formatDateTime } from "~/utils/dates";
import { submitReview } from "~/models/review.server";
import { readFormData } from "~/utils/forms";
import { isId } from "~/utils/ids";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Review") }];

function readIdParam(value: string | undefined): string {
  if (!isId(value)) notFound();
  return value;
}

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  return { read: await readQuietRead(context, readIdParam(args.params.readId)) };
}

export async function action(args: ActionFunctionArgs) {
  const context = await requireUser(args);
  const id = readIdParam(args.params.readId);
  const refused = await submitReview(
    await readFormData(args.request),
    QuietReadReviewSchema,
    () => readQuietRead(context, id, "review"),
    (review) => reviewQuietRead(context, id, review),
  );
  if (refused) return refused;
  throw redirect("/oversight#group-quiet-reads");
}

export default function QuietReadReview() {
  const { read } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("quiet-read-review", actionData?.reply);
  return (
    <>
      <p className="mb-2">
        <AppLink to="/oversight">Oversight</AppLink>
      </p>
      <h1>{read.kind}</h1>
      <ErrorSummary errors={form.errors} order={["form", "outcome", "note"]} />
      <dl className="summary-list">
        <dt>Who</dt>
        <dd>
          {read.who}
          <span className="block text-gray-700">{read.whoEmail}</span>
        </dd>
        <dt>When</dt>
        <dd>{formatDateTime(new Date(read.startedAt))}</dd>
        {read.reference ? (
          <>
            <dt>Case</dt>
            <dd className="font-mono">{read.reference}</dd>
          </>
        ) : null}
        <dt>What and why</dt>
        <dd className="whitespace-pre-wrap">{[read.what, read.reason].filter(Boolean).join(": ") || "Not given"}</dd>
        {read.hiddenFromEmployee ? (
          <>
            <dt>The employee</dt>
            <dd>Was not told (the coordinator said telling them would put someone at risk)</dd>
          </>
        ) : null}
        <dt>For how long</dt>
        <dd>
          <QuietReadExpiry expiresAt={read.expiresAt} expired={read.expired} />
        </dd>
        {read.outcome ? <RecordedOutcome outcome={read.outcome} reviewedBy={read.reviewedBy} reviewedAt={read.reviewedAt} note={read.outcomeNote} /> : null}
      </dl>
      {read.outcome ? null : <ReviewForm form={form} outcomes={QUIET_READ_OUTCOME_LABELS} version={read.version} busy={busy} />}
    </>
  );
}
