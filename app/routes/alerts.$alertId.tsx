import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, Link, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { notFound } from "~/access/errors.server";
import { requireUser } from "~/access/request-context.server";
import { ErrorSummary, RadioGroup, TextAreaField } from "~/components/ui";
import { useFormReply } from "~/components/ui/use-form-reply";
import { AlertReviewSchema, readAlert, reviewAlert } from "~/models/cases/alerts.server";
import { ALERT_OUTCOME_LABELS } from "~/models/cases/labels";
import { ChangeRejected, parseForm, readFormData, rejectedReply } from "~/utils/forms";
import { isId } from "~/utils/ids";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";

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
  const { request, params } = args;
  const context = await requireUser(args);
  const alertId = alertIdParam(params.alertId);
  const formData = await readFormData(request);
  const parsed = parseForm(AlertReviewSchema, formData);
  if (!parsed.ok) {
    // Someone who may not review this alert gets "not found" (audited), whatever they posted.
    await readAlert(context, alertId, "review");
    return { reply: parsed.reply };
  }
  try {
    await reviewAlert(context, alertId, parsed.data);
  } catch (error) {
    // Someone else reviewed it first: the page shows their outcome (and no form), so nothing typed is shown again.
    if (error instanceof ChangeRejected) return { reply: rejectedReply(error.errors) };
    throw error;
  }
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
        <Link to="/alerts">Alerts</Link>
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
          <>
            <dt>Outcome</dt>
            <dd>
              {alert.outcome}, by {alert.reviewedBy} on {formatDateTime(new Date(alert.reviewedAt!))}
              <span className="block whitespace-pre-wrap">{alert.outcomeNote}</span>
            </dd>
          </>
        ) : null}
      </dl>
      <p className="mb-6">
        The case's <Link to={`/records/${alert.reference}/access-log`}>access log</Link> shows this attempt in context.
      </p>
      {alert.outcome ? null : (
        <>
          <h2>Record the outcome</h2>
          <Form method="post" {...form.formProps} className="max-w-2xl">
            <input type="hidden" name="version" value={alert.version} />
            <RadioGroup
              name="outcome"
              legend="Outcome"
              options={Object.entries(ALERT_OUTCOME_LABELS).map(([value, label]) => ({ value, label }))}
              defaultValue={form.text("outcome")}
              error={form.errors.outcome}
            />
            <TextAreaField
              name="note"
              label="Rationale"
              hint="What you found and why this outcome."
              rows={4}
              defaultValue={form.text("note")}
              error={form.errors.note}
            />
            <button type="submit" className="button" disabled={busy}>
              {busy ? "Recording…" : "Record the outcome"}
            </button>
          </Form>
        </>
      )}
    </>
  );
}
