import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, useActionData, useLoaderData, useNavigation } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { ErrorSummary, RadioGroup, TextField } from "~/components/ui";
import { SafetyMeasureForm } from "~/components/safety-measure-form";
import { useFormReply } from "~/components/ui/use-form-reply";
import { GrantSchema, parseMeasureForm } from "~/models/safety-plan/form";
import { MEASURE_STATUS_LABELS } from "~/models/safety-plan/labels";
import { agreeMeasure, openMeasure, updateMeasure } from "~/models/safety-plan/measures.server";
import { grantSight, withdrawSight } from "~/models/safety-plan/sight.server";
import { myLineManager } from "~/models/support-request/consent.server";
import { ChangeRejected, parseForm, readFormData, rejectedReply } from "~/utils/forms";
import { type FieldErrors, firstErrors, type FormReply } from "~/utils/form-reply";
import { dayInputValue, formatDateTime, formatDay } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Support") }];

export async function loader(args: LoaderFunctionArgs) {
  const { params } = args;
  const context = await requireUser(args);
  const measure = await openMeasure(context, params.measureId ?? "");
  const url = args.url;
  return {
    measure: {
      ...measure,
      statusLabel: MEASURE_STATUS_LABELS[measure.status],
      reviewLabel: measure.reviewOn ? formatDay(measure.reviewOn) : "—",
      grants: measure.grants.map((grant) => ({
        ...grant,
        grantedAt: formatDateTime(grant.grantedAt),
        withdrawnAt: grant.withdrawnAt ? formatDateTime(grant.withdrawnAt) : null,
      })),
    },
    formValues: measure.may.update
      ? {
          kind: measure.kind,
          title: measure.title,
          instructions: measure.instructions,
          ownerEmail: measure.ownerEmail ?? "",
          status: measure.status,
          reviewOn: measure.reviewOn ? dayInputValue(measure.reviewOn) : "",
        }
      : null,
    lineManager: measure.may.manageConsent ? await myLineManager(context) : null,
    notice:
      url.searchParams.get("added") === "1"
        ? "The measure was saved. Nobody else can see it unless you choose below."
        : url.searchParams.get("proposed") === "1"
          ? "Proposed. The person you support decides whether to agree it."
          : null,
  };
}

type ActionResult = { intent: string; reply: FormReply } | { intent: string; done: string };

export async function action(args: ActionFunctionArgs): Promise<ActionResult> {
  const { request, params } = args;
  const context = await requireUser(args);
  const id = params.measureId ?? "";
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  // A refusal of agree or withdraw (which have no fields to keep) answers with its messages only.
  let refuse = (errors: FieldErrors) => rejectedReply(errors);
  try {
    switch (intent) {
      case "save": {
        const parsed = parseMeasureForm(formData);
        if (!parsed.ok) return { intent, reply: parsed.reply };
        refuse = parsed.reject;
        await updateMeasure(context, id, parsed.data);
        return { intent, done: "The measure was changed." };
      }
      case "agree":
        await agreeMeasure(context, id);
        return { intent, done: "You agreed this measure." };
      case "grant": {
        const parsed = parseForm(GrantSchema, formData);
        if (!parsed.ok) return { intent, reply: parsed.reply };
        refuse = parsed.reject;
        await grantSight(context, id, parsed.data);
        return {
          intent,
          done: "They can now see this measure, and nothing else. You can withdraw it at any time.",
        };
      }
      case "withdraw":
        await withdrawSight(context, id, String(formData.get("grantId") ?? ""));
        return {
          intent,
          done: "Withdrawn. From now on they cannot open this measure.",
        };
      default:
        return { intent, reply: rejectedReply({ form: "Choose what to do." }) };
    }
  } catch (error) {
    if (error instanceof ChangeRejected) return { intent, reply: refuse(error.errors) };
    throw error;
  }
}

export default function SafetyMeasurePage() {
  const { measure, formValues, lineManager, notice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const replyTo = (intent: string) => (result && "reply" in result && result.intent === intent ? result.reply : undefined);
  // Each form on the page has its own id, and sees only the reply to its own submission.
  const agreeForm = useFormReply("measure-agree", replyTo("agree"));
  // One withdraw form per grant, none with fields: only the messages of the refusal matter.
  const withdrawErrors = firstErrors(replyTo("withdraw")?.error);
  const grantForm = useFormReply("measure-grant", replyTo("grant"));
  const changeForm = useFormReply("measure-change", replyTo("save"), formValues ?? undefined);
  const activeGrants = measure.grants.filter((grant) => !grant.withdrawnAt);
  return (
    <>
      <p className="mb-2">
        {measure.isOwn ? (
          <AppLink to="/support/plan">Your safety plan</AppLink>
        ) : measure.requestId ? (
          <AppLink to={`/support/requests/${measure.requestId}`}>Back to the request</AppLink>
        ) : (
          <AppLink to="/support">Support</AppLink>
        )}
      </p>
      <h1>{measure.name}</h1>
      {notice ? (
        <p role="status" className="mb-4 font-semibold">
          {notice}
        </p>
      ) : null}
      {result && "done" in result ? (
        <p role="status" className="mb-4 font-semibold">
          {result.done}
        </p>
      ) : null}
      <ErrorSummary errors={agreeForm.errors} />
      <ErrorSummary errors={withdrawErrors} />
      {measure.sharedBy ? (
        <p className="mb-4">{measure.sharedBy} chose to let you see this measure. Please keep it to yourself and those who need to act on it.</p>
      ) : null}

      <dl className="mb-8 grid max-w-3xl grid-cols-[max-content_1fr] gap-x-6 gap-y-2">
        <dt className="font-semibold">What to know or do</dt>
        <dd className="whitespace-pre-wrap">{measure.instructions || "Nothing more written."}</dd>
        <dt className="font-semibold">Who sees to it</dt>
        <dd>{measure.owner ?? "—"}</dd>
        <dt className="font-semibold">Status</dt>
        <dd>{measure.statusLabel}</dd>
        <dt className="font-semibold">Review date</dt>
        <dd>{measure.reviewLabel}</dd>
        {measure.isOwn || measure.may.update ? (
          <>
            <dt className="font-semibold">Agreed</dt>
            <dd>{measure.agreed ? "Yes" : "Not yet: proposed, waiting for agreement"}</dd>
          </>
        ) : null}
      </dl>

      {measure.may.agree && !measure.agreed ? (
        <Form method="post" {...agreeForm.formProps} className="mb-8">
          <p className="mb-2">Agree this measure if it is right for you. You can change it at any time.</p>
          <button type="submit" name="intent" value="agree" className="button" disabled={busy}>
            Agree this measure
          </button>
        </Form>
      ) : null}

      {measure.may.manageConsent ? (
        <section aria-labelledby="sight-title" className="mb-8">
          <h2 id="sight-title">Who may see this measure</h2>
          {measure.grants.length === 0 ? (
            <p className="mb-4">
              Only you
              {measure.requestId ? " and the service you are working on it with" : ""}.
            </p>
          ) : (
            <table className="mb-4 w-full">
              <caption className="sr-only">People you let see this measure</caption>
              <thead>
                <tr>
                  <th scope="col">Who</th>
                  <th scope="col">From</th>
                  <th scope="col">Until</th>
                  <th scope="col">
                    <span className="sr-only">Withdraw</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {measure.grants.map((grant) => (
                  <tr key={grant.id}>
                    <td>{grant.to}</td>
                    <td>{grant.grantedAt}</td>
                    <td>{grant.withdrawnAt ? `Withdrawn ${grant.withdrawnAt}` : "Now"}</td>
                    <td>
                      {grant.withdrawnAt ? null : (
                        <Form method="post">
                          <input type="hidden" name="grantId" value={grant.id} />
                          <button
                            type="submit"
                            name="intent"
                            value="withdraw"
                            className="button-warning"
                            disabled={busy}
                            aria-label={`Stop ${grant.to} seeing this measure`}
                          >
                            Withdraw
                          </button>
                        </Form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {measure.agreed ? (
            <>
              <h3 className="mb-2 text-xl font-bold">Let someone see this measure</h3>
              <p className="mb-4 max-w-3xl">
                They will see this measure's name, what to know or do, who sees to it, its status and review date. Not why, and nothing else of your plan or
                your requests.
              </p>
              <ErrorSummary errors={grantForm.errors} order={["to", "email", "reason"]} />
              <Form method="post" {...grantForm.formProps} className="max-w-3xl">
                <RadioGroup
                  name="to"
                  legend="Who may see it"
                  options={[
                    ...(lineManager
                      ? [
                          {
                            value: "LINE_MANAGER",
                            label: `My line manager, ${lineManager}`,
                          },
                        ]
                      : []),
                    {
                      value: "PERSON",
                      label: "Someone else at work (for example reception or facilities)",
                    },
                  ]}
                  defaultValue={grantForm.text("to")}
                  error={grantForm.errors.to}
                />
                <TextField
                  name="email"
                  label="Their work email (if someone else)"
                  type="email"
                  autoComplete="off"
                  defaultValue={grantForm.text("email")}
                  error={grantForm.errors.email}
                />
                <button type="submit" name="intent" value="grant" className="button-secondary" disabled={busy}>
                  Let them see this measure
                </button>
              </Form>
            </>
          ) : (
            <p className="mb-4">Agree this measure first; then you can choose who may see it.</p>
          )}
          {activeGrants.length > 0 ? <p className="hint mt-4">Withdrawing takes effect at once: their next look is refused.</p> : null}
        </section>
      ) : null}

      {formValues ? (
        <section aria-labelledby="change-title" className="mb-8">
          <h2 id="change-title">Change this measure</h2>
          {measure.isOwn ? null : <p className="mb-4 max-w-3xl">A change you make waits for the person you support to agree it again.</p>}
          <SafetyMeasureForm form={changeForm} version={measure.version} busy={busy} submitLabel="Save the change" />
        </section>
      ) : null}
    </>
  );
}
