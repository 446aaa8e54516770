import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, useActionData, useLoaderData, useNavigation } from "react-router";
import { notFound } from "~/access/errors.server";
import { requireRight } from "~/access/guard.server";
import { requireUser } from "~/access/request-context.server";
import { ErrorSummary, RadioGroup, TextAreaField, TextField } from "~/components/ui";
import { useFormReply } from "~/components/ui/use-form-reply";
import { referralNow } from "~/models/referrals/timing.server";
import { DecideLiftSchema, LiftHoldSchema, listLegalHolds, placeLegalHold, PlaceHoldSchema } from "~/models/retention/legal-hold.server";
import { decideLift, proposeLift } from "~/models/retention/lift-hold.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { parseForm, readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = () => [{ title: pageTitle("Legal holds") }];

const isNotFound = (error: unknown) => error instanceof Response && error.status === 404;

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  const holds = await listLegalHolds(context);
  return {
    holds: holds.map((hold) => ({
      ...hold,
      reviewDue: formatDate(hold.reviewDue),
      placedAt: formatDateTime(hold.placedAt),
      liftedAt: hold.liftedAt ? formatDateTime(hold.liftedAt) : null,
      liftProposed: hold.liftProposed ? { ...hold.liftProposed, at: formatDateTime(hold.liftProposed.at) } : null,
    })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const context = await requireUser(args);
  const formData = await readFormData(args.request);
  const intent = formData.get("intent");
  if (intent === "lift") {
    const parsed = parseForm(LiftHoldSchema, formData);
    if (!parsed.ok) return { lift: parsed.reply, placed: false };
    await proposeLift(context, parsed.data.holdId, parsed.data.liftReason, referralNow());
    return { lifted: "proposed" as const };
  }
  if (intent === "confirm-lift" || intent === "refuse-lift") {
    const parsed = parseForm(DecideLiftSchema, formData);
    if (!parsed.ok) notFound();
    await decideLift(context, parsed.data.holdId, parsed.data.intent === "confirm-lift" ? "confirm" : "refuse", referralNow());
    return { lifted: parsed.data.intent === "confirm-lift" ? ("confirmed" as const) : ("refused" as const) };
  }
  await requireRight(context, { action: "create", model: "LegalHold", auditAction: "legal_hold.place" });
  const parsed = parseForm(PlaceHoldSchema, formData);
  if (!parsed.ok) return { reply: parsed.reply };
  try {
    await placeLegalHold(context, parsed.data, referralNow());
  } catch (error) {
    // Nothing there, or something the officer may not hold: the same words either way.
    if (isNotFound(error)) return { reply: parsed.reject({ target: "There is no case or person with that reference or email that you can place a hold on" }) };
    throw error;
  }
  return { placed: true };
}

export default function LegalHolds() {
  const { holds } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("place-hold", actionData && "reply" in actionData ? actionData.reply : undefined);
  const liftErrors = useFormReply("lift-hold", actionData && "lift" in actionData ? actionData.lift : undefined).errors;
  return (
    <>
      <h1>Legal holds</h1>
      <p className="mb-4 max-w-3xl">
        A legal hold stops the portal deleting a case, or everything about one person, when its retention period ends, until the hold is lifted. Lifting takes
        two officers: one proposes it, another confirms. Every step is recorded in the audit trail and professional standards is told.
      </p>
      {actionData && "placed" in actionData && actionData.placed ? (
        <p className="callout mb-4" role="status">
          The hold is in place.
        </p>
      ) : null}
      {actionData && "lifted" in actionData && actionData.lifted ? (
        <p className="callout mb-4" role="status">
          {LIFT_MESSAGES[actionData.lifted]}
        </p>
      ) : null}
      <h2>Holds</h2>
      {holds.length === 0 ? (
        <p className="mb-6">There are no legal holds.</p>
      ) : (
        <table className="table mb-8">
          <caption className="sr-only">Legal holds</caption>
          <thead>
            <tr>
              <th scope="col">On</th>
              <th scope="col">Reason</th>
              <th scope="col">Review by</th>
              <th scope="col">Placed</th>
              <th scope="col">Lifted</th>
            </tr>
          </thead>
          <tbody>
            {holds.map((hold) => (
              <tr key={hold.id}>
                <td>
                  {hold.on === "case" ? "Case " : ""}
                  <span className={hold.on === "case" ? "font-mono" : ""}>{hold.target}</span>
                </td>
                <td className="max-w-md">{hold.reason}</td>
                <td>{hold.reviewDue}</td>
                <td>
                  {hold.placedAt}
                  <span className="block text-gray-700">by {hold.placedBy}</span>
                </td>
                <td>
                  {hold.liftedAt ? (
                    <>
                      {hold.liftedAt}
                      <span className="block text-gray-700">{hold.liftReason}</span>
                    </>
                  ) : hold.liftProposed ? (
                    <LiftWaiting holdId={hold.id} target={hold.target} reason={hold.liftReason} proposed={hold.liftProposed} busy={busy} />
                  ) : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="lift" />
                      <input type="hidden" name="holdId" value={hold.id} />
                      <TextField name="liftReason" label="Why it is lifted" error={liftErrors.liftReason} />
                      <button type="submit" className="button-secondary" disabled={busy}>
                        Propose lifting the hold<span className="sr-only"> on {hold.target}</span>
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Place a hold</h2>
      <ErrorSummary errors={form.errors} order={["on", "target", "reason", "reviewDue"]} />
      <Form method="post" {...form.formProps} className="max-w-2xl">
        <input type="hidden" name="intent" value="place" />
        <RadioGroup
          name="on"
          legend="What is the hold on?"
          options={[
            { value: "case", label: "A case" },
            { value: "person", label: "Everything about one person" },
          ]}
          defaultValue={form.text("on")}
          error={form.errors.on}
        />
        <TextField
          name="target"
          label="Case reference or work email"
          hint="The case's reference, for example K7Q4-M2XD, or the person's work email."
          defaultValue={form.text("target")}
          error={form.errors.target}
        />
        <TextAreaField name="reason" label="Reason" rows={3} defaultValue={form.text("reason")} error={form.errors.reason} />
        <TextField
          name="reviewDue"
          label="Review the hold by"
          hint="For example 2027-06-30."
          type="date"
          defaultValue={form.text("reviewDue")}
          error={form.errors.reviewDue}
        />
        <button type="submit" className="button" disabled={busy}>
          Place the hold
        </button>
      </Form>
    </>
  );
}

const LIFT_MESSAGES = {
  proposed: "The lift is proposed. The hold stays in place until another professional standards officer confirms it.",
  confirmed: "The hold is lifted.",
  refused: "The hold stays in place: the proposal to lift it is withdrawn.",
} as const;

/** A lift waiting for a second officer: its proposer may only withdraw it; anyone else confirms or refuses it. */
function LiftWaiting(props: { holdId: string; target: string; reason: string; proposed: { by: string; at: string; byReader: boolean }; busy: boolean }) {
  const { holdId, target, reason, proposed, busy } = props;
  const decide = (intent: "confirm-lift" | "refuse-lift", label: string, className: string) => (
    <Form method="post" className="inline-block mr-2">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="holdId" value={holdId} />
      <button type="submit" className={className} disabled={busy}>
        {label}
        <span className="sr-only"> on {target}</span>
      </button>
    </Form>
  );
  return (
    <>
      <span className="block">
        Lift proposed by {proposed.by} on {proposed.at}
      </span>
      <span className="block text-gray-700">{reason}</span>
      {proposed.byReader ? (
        <>
          <span className="block">Another professional standards officer must confirm this.</span>
          {decide("refuse-lift", "Withdraw the proposal", "button-secondary")}
        </>
      ) : (
        <>
          {decide("confirm-lift", "Confirm lifting the hold", "button-warning")}
          {decide("refuse-lift", "Keep the hold", "button-secondary")}
        </>
      )}
    </>
  );
}
