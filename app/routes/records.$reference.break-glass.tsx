import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { z } from "zod";
import { breakGlassFormAttempt, caseActionStart, recordBreakGlass, requireBreakGlassRole, withCaseAction } from "~/access/guard.server";
import { parseForm, readFormData } from "~/utils/forms";
import { ErrorSummary, TextAreaField } from "~/components/ui";
import { useFormReply } from "~/components/ui/use-form-reply";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Emergency access") }];

/** How long break-glass access lasts. */
const BREAK_GLASS_HOURS = 4;

const BreakGlassSchema = z.object({
  reason: z
    .string({ error: "Say who is at risk and why you need the case now" })
    .trim()
    .min(1, "Say who is at risk and why you need the case now")
    .max(1000, "Use 1,000 characters or fewer"),
});

/** Anyone who may not break the glass on this case is answered as for a case that does not exist, and PSD is told. */
const BREAKABLE = { via: "break-glass", auditDecision: false, listedWithoutRight: "not found" } as const;

// The form answers the same for any well-formed reference, existing or not, to anyone who may break the glass at all;
// everyone else gets "not found" for every reference. Either way each look is an audited attempt on the case, alerted
// to PSD when the case exists: the page tells nobody whether a case exists.
export async function loader(args: LoaderFunctionArgs) {
  const { context, reference } = await caseActionStart(args);
  await breakGlassFormAttempt(context, reference);
  return { reference, hours: BREAK_GLASS_HOURS };
}

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  const { context, reference } = await caseActionStart(args);
  await requireBreakGlassRole(context, reference);
  // The form is checked before the case is looked for: its errors are the same whether or not the case exists.
  const parsed = parseForm(BreakGlassSchema, await readFormData(request));
  if (!parsed.ok) return { reply: parsed.reply };
  await withCaseAction(
    context,
    reference,
    "breakGlass",
    "case.breakGlass",
    (tx, { id: caseId }) => recordBreakGlass(context, tx, caseId, parsed.data.reason, BREAK_GLASS_HOURS),
    BREAKABLE,
  );
  throw redirect(`/records/${reference}`);
}

export default function BreakGlass() {
  const { reference, hours } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("break-glass", actionData?.reply);
  return (
    <>
      <p className="mb-2">
        <AppLink to="/records">Cases</AppLink>
      </p>
      <h1>Emergency access to case {reference}</h1>
      <div className="callout-warning mb-6" role="note">
        <p className="font-semibold">You are not on this case's access list.</p>
        <p>
          Use emergency access only to protect someone at risk now. Professional standards and the nominated NPCC officer are told at once, your access ends
          after {hours} hours, every page you open is recorded, and the use is reviewed.
        </p>
      </div>
      <ErrorSummary errors={form.errors} order={["reason"]} />
      <Form method="post" {...form.formProps} className="max-w-2xl">
        <TextAreaField
          name="reason"
          label="Why do you need the case now?"
          hint="Who is at risk, and what you need to protect them."
          rows={4}
          defaultValue={form.text("reason")}
          error={form.errors.reason}
        />
        <button type="submit" className="button-warning" disabled={busy}>
          Open the case with emergency access
        </button>
      </Form>
    </>
  );
}
