import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { notFound } from "~/access/errors.server";
import { requireUser } from "~/access/request-context.server";
import { RecordedOutcome, ReviewForm } from "~/components/review-form";
import { ErrorSummary } from "~/components/ui";
import { useFormReply } from "~/components/ui/use-form-reply";
import { AlertReviewSchema, readAlert, reviewAlert } from "~/models/cases/alerts.server";
import { ALERT_OUTCOME_LABELS } from "~/models/cases/labels";
import { submitReview } from "~/models/review.server";
import { readFormData } from "~/utils/forms";
import { isId } from "~/utils/ids";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Alert") }];

function alertIdParam(value: string | undefined): string {
  if (!isId(value)) notFound();
  return value;
}

export async function loader(args: LoaderFunctionArgs) {
  const { params } = args;
  const context = await requireUser(args);
  return { alert: await readAlert(context, alertIdParam(params.alertId)) };
}

export async function action(args: ActionFunctionArgs) {
  const context = await requireUser(args);
  const alertId = alertIdParam(args.params.alertId);
  const refused = await submitReview(
    await readFormData(args.request),
    AlertReviewSchema,
    () => readAlert(context, alertId, "review"),
    (review) => reviewAlert(context, alertId, review),
  );
  if (refused) return refused;
  throw redirect("/alerts?reviewed=1");
}

export default function AlertPage() {
  const { alert } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("alert-review", actionData?.reply);
  return (
    <>
      <p className="mb-2">
        <AppLink to="/alerts">Alerts</AppLink>
      </p>
      <h1>{alert.kind}</h1>
      {/* Above the outcome: when someone else recorded one first, the form is gone and the message points below. */}
      <ErrorSummary errors={form.errors} order={["form", "outcome", "note"]} />
      <dl className="summary-list">
        <dt>Raised</dt>
        <dd>{formatDateTime(new Date(alert.raisedAt))}</dd>
        <dt>Who</dt>
        <dd>
          {alert.person}
          <span className="block text-gray-700">{alert.personEmail}</span>
        </dd>
        <dt>Case</dt>
        <dd className="font-mono">{alert.reference}</dd>
        <dt>Via</dt>
        <dd>{alert.via}</dd>
        <dt>How it came</dt>
        <dd>{alert.arrival ?? "Not recorded"}</dd>
        {alert.outcome ? (
          <RecordedOutcome outcome={alert.outcome} reviewedBy={alert.reviewedBy} reviewedAt={alert.reviewedAt} note={alert.outcomeNote} />
        ) : null}
      </dl>
      <p className="mb-6">
        The case's <AppLink to={`/records/${alert.reference}/access-log`}>access log</AppLink> shows this attempt in context.
      </p>
      {alert.outcome ? null : <ReviewForm form={form} outcomes={ALERT_OUTCOME_LABELS} version={alert.version} busy={busy} />}
    </>
  );
}
