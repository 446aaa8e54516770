import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { auditCaseEvent, caseActionStart, mayOnCase, readCasePage, withCaseAction } from "~/access/guard.server";
import { ChangeRejected, parseForm, readFormData } from "~/utils/forms";
import { ErrorSummary, TextAreaField } from "~/components/ui";
import { useFormReply } from "~/components/ui/use-form-reply";
import { caseTimeline, EmployerUpdateSchema, recordEmployerUpdate } from "~/models/referrals/timeline.server";
import { chainTiming, referralNow } from "~/models/referrals/timing.server";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Referral chain") }];

export async function loader(args: LoaderFunctionArgs) {
  return readCasePage(args, "read", "access.read.referrals", async (tx, { id: caseId }, context) => ({
    timeline: await caseTimeline(tx, caseId, referralNow()),
    mayRecordUpdate: (await mayOnCase(context, caseId, ["recordEmployerUpdate"], tx)).recordEmployerUpdate,
  }));
}

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  const { context, reference } = await caseActionStart(args);
  const formData = await readFormData(request);
  const parsed = parseForm(EmployerUpdateSchema, formData);
  try {
    const refused = await withCaseAction(context, reference, "recordEmployerUpdate", "case.employer-update", async (tx, { id: caseId }) => {
      if (!parsed.ok) return parsed.reply;
      await recordEmployerUpdate(tx, caseId, context.actor.id, parsed.data.note, chainTiming());
      await auditCaseEvent(context, tx, { action: "case.employer-update", caseId, outcome: "SUCCESS" });
      return null;
    });
    if (refused) return { reply: refused };
  } catch (error) {
    if (error instanceof ChangeRejected) return { reply: parsed.reject(error.errors) };
    throw error;
  }
  throw redirect(`/records/${reference}/referrals`);
}

const STATE_LABELS: Record<string, string> = {
  AWAITING: "Waiting for acknowledgement",
  ACKNOWLEDGED: "Acknowledged",
  DELIVERED: "Sent",
  REPLACED: "Passed on",
  NO_RECIPIENT: "Nobody to receive it",
};

const when = (iso: string | null) => (iso ? formatDateTime(new Date(iso)) : "—");

export default function ReferralChain() {
  const { reference, timeline, mayRecordUpdate } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("employer-update", actionData?.reply);
  const problems = timeline.steps.filter((step) => step.overdue || step.state === "NO_RECIPIENT");
  return (
    <>
      <p className="mb-2">
        <AppLink to={`/records/${reference}`}>Case {reference}</AppLink>
      </p>
      <h1>Referral chain</h1>
      <dl className="summary-list">
        <dt>Reported</dt>
        <dd>{when(timeline.reportedAt)}</dd>
        <dt>Passed on by the supervising officer</dt>
        <dd>{timeline.chainStartedAt ? when(timeline.chainStartedAt) : "Not yet: waiting for the supervising officer"}</dd>
        <dt>Everyone told and acknowledged</dt>
        <dd>{timeline.fullyReferredAt ? when(timeline.fullyReferredAt) : "Not yet"}</dd>
      </dl>
      {problems.length ? (
        <div className="callout-warning mb-6" role="alert">
          <p className="font-semibold">{problems.length === 1 ? "One step needs attention" : `${problems.length} steps need attention`}</p>
          <ul className="list-disc pl-6">
            {problems.map((step) => (
              <li key={step.id}>
                {step.roleLabel}:{" "}
                {step.state === "NO_RECIPIENT"
                  ? `${step.missing ?? "nobody could receive it"}. Put the organisation data right; the step is sent as soon as someone can receive it.`
                  : `overdue since ${when(step.dueAt)}.`}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <table className="table mb-8">
        <caption className="text-left font-semibold">Who was told</caption>
        <thead>
          <tr>
            <th scope="col">Role</th>
            <th scope="col">Recipient</th>
            <th scope="col">State</th>
            <th scope="col">Sent</th>
            <th scope="col">Opened</th>
            <th scope="col">Acknowledged</th>
            <th scope="col">Due</th>
          </tr>
        </thead>
        <tbody>
          {timeline.steps.map((step) => (
            <tr key={step.id}>
              <td>
                {step.roleLabel}
                <span className="block text-sm text-gray-700">{step.ruleText}</span>
                {step.substitution ? <span className="block text-sm text-gray-700">{step.substitution}</span> : null}
              </td>
              <td>{step.recipient}</td>
              <td className={step.overdue || step.state === "NO_RECIPIENT" ? "font-semibold text-error" : undefined}>
                {step.overdue ? "Overdue" : STATE_LABELS[step.state]}
                {step.state === "NO_RECIPIENT" && step.missing ? <span className="block text-sm">{step.missing}</span> : null}
                {step.replacedBecause ? <span className="block text-sm font-normal">{step.replacedBecause}</span> : null}
              </td>
              <td>{when(step.sentAt)}</td>
              <td>{when(step.openedAt)}</td>
              <td>{when(step.acknowledgedAt)}</td>
              <td>{step.state === "AWAITING" ? when(step.dueAt) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {timeline.interForce ? (
        <section aria-labelledby="employer-heading" className="mb-8">
          <h2 id="employer-heading">Updates to {timeline.interForce.force}</h2>
          <p className={timeline.interForce.overdue ? "mb-4 font-semibold text-error" : "mb-4"}>
            {timeline.interForce.nextUpdateDue
              ? `${timeline.interForce.overdue ? "Overdue: the" : "The"} employer force's professional standards department is next due an update on the investigation and any prosecution by ${when(timeline.interForce.nextUpdateDue)}.`
              : "Updates fall due once the supervising officer has passed the report on."}
          </p>
          {mayRecordUpdate ? (
            <>
              <ErrorSummary errors={form.errors} order={["note"]} />
              <Form method="post" {...form.formProps} className="max-w-2xl">
                <TextAreaField
                  name="note"
                  label="Record an update sent to the employer force"
                  hint="What they were told, when and how."
                  rows={3}
                  defaultValue={form.text("note")}
                  error={form.errors.note}
                />
                <button type="submit" className="button" disabled={busy}>
                  Record the update
                </button>
              </Form>
            </>
          ) : null}
        </section>
      ) : null}

      <h2>History</h2>
      <ol className="list-none pl-0">
        {timeline.events.map((e, index) => (
          <li key={index} className="mb-2">
            <span className="font-semibold">{when(e.at)}</span>: {e.kind}
            {e.roleLabel ? ` (${e.roleLabel.toLowerCase()})` : ""}
            {e.who ? `, ${e.who}` : ""}
            {e.note ? <span className="block text-sm">{e.note}</span> : null}
          </li>
        ))}
      </ol>
    </>
  );
}
