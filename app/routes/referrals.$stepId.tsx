import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useLoaderData, useNavigation, useSearchParams } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { ErrorSummary } from "~/components/ui";
import { DeclarationFields } from "~/components/declaration-fields";
import { useFormReply } from "~/components/ui/use-form-reply";
import { DeclarationFormSchema } from "~/models/cases/declarations.server";
import { ChangeRejected, parseForm, readFormData } from "~/utils/forms";
import { answerReferral, openReferral } from "~/models/referrals/referral-page.server";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Referral") }];

export async function loader(args: LoaderFunctionArgs) {
  const { params } = args;
  const context = await requireUser(args);
  return { referral: await openReferral(context, params.stepId ?? "") };
}

export async function action(args: ActionFunctionArgs) {
  const { request, params } = args;
  const context = await requireUser(args);
  const stepId = params.stepId ?? "";
  const formData = await readFormData(request);
  const parsed = parseForm(DeclarationFormSchema, formData);
  if (!parsed.ok) return { reply: parsed.reply };
  try {
    const answered = await answerReferral(context, stepId, parsed.data);
    throw redirect(answered.outcome === "acknowledged" ? `/records/${answered.reference}?acknowledged=1` : `/referrals/${stepId}?passed=1`);
  } catch (error) {
    if (error instanceof ChangeRejected) return { reply: parsed.reject(error.errors) };
    throw error;
  }
}

function Notice() {
  return (
    <>
      <h1>A notice for you as a commander</h1>
      <div className="callout mb-6">
        <p className="mb-2">An allegation of domestic abuse has been made against a member of your command.</p>
        <p className="mb-2">
          You are told because commanders are notified of every such allegation against their officers and staff. You do not have access to the record and do
          not need it: professional standards will contact you about what happens next, including any decision on restricting duties.
        </p>
        <p>Please do not discuss this with anyone in your command, and do not try to find the record: every attempt is recorded and reported.</p>
      </div>
      <p>
        <AppLink to="/records">Back to records</AppLink>
      </p>
    </>
  );
}

export default function Referral() {
  const { referral } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [searchParams] = useSearchParams();
  const form = useFormReply("declaration", actionData?.reply);
  if (referral.notice) return <Notice />;
  return (
    <>
      <p className="mb-2">
        <AppLink to="/records">Records</AppLink>
      </p>
      <h1>Referral for you: {referral.roleLabel.toLowerCase()}</h1>
      {searchParams.get("passed") && referral.state === "REPLACED" ? (
        <div className="callout mb-6" role="status">
          <p className="font-semibold">Thank you. Your declaration is on the record, and the referral has passed to the next eligible person.</p>
          <p>You have not been given access to the record. Professional standards can see your declaration.</p>
        </div>
      ) : null}
      <dl className="summary-list">
        <dt>Record</dt>
        <dd className="font-mono">{referral.reference}</dd>
        <dt>Why you</dt>
        <dd>
          {referral.ruleText}
          {referral.substitution ? <span className="block text-sm">{referral.substitution}</span> : null}
        </dd>
        <dt>Sent</dt>
        <dd>{referral.sentAt ? formatDateTime(new Date(referral.sentAt)) : "Not sent"}</dd>
        {referral.state === "AWAITING" && referral.dueAt ? (
          <>
            <dt>Acknowledge by</dt>
            <dd>{formatDateTime(new Date(referral.dueAt))}</dd>
          </>
        ) : null}
        {referral.acknowledgedAt ? (
          <>
            <dt>Acknowledged</dt>
            <dd>{formatDateTime(new Date(referral.acknowledgedAt))}</dd>
          </>
        ) : null}
      </dl>
      {referral.state === "AWAITING" && referral.people ? (
        <>
          <h2>Declare, then acknowledge</h2>
          <p className="mb-4">
            Before you act on this referral, declare whether you have any prior connection with the people involved. If you have none, acknowledging confirms
            that you have received it and are acting on it, and opens the record to you. If you have a connection, the referral passes at once to the next
            eligible person, and your declaration stays on the record.
          </p>
          <dl className="summary-list">
            <dt>Suspect</dt>
            <dd>{referral.people.suspect}</dd>
            <dt>Victim</dt>
            <dd>{referral.people.victim}</dd>
          </dl>
          <ErrorSummary errors={form.errors} order={["form", "hasConnection", "connections", "details"]} />
          <Form method="post" {...form.formProps} className="max-w-2xl">
            <DeclarationFields
              values={{ hasConnection: form.text("hasConnection"), details: form.text("details") }}
              chosen={new Set(form.list("connections"))}
              errors={form.errors}
            />
            <button type="submit" className="button" disabled={busy}>
              {busy ? "Recording…" : "Declare and acknowledge: I have received this and I am acting"}
            </button>
          </Form>
        </>
      ) : null}
      {referral.state === "ACKNOWLEDGED" && referral.reference ? (
        <p>
          <AppLink to={`/records/${referral.reference}`}>Open the record</AppLink>
        </p>
      ) : null}
      {referral.state === "REPLACED" && !searchParams.get("passed") ? (
        <p className="callout">This referral has passed to someone else and no longer needs your answer.</p>
      ) : null}
    </>
  );
}
