import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { redirect } from "react-router";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "react-router";
import { z } from "zod";
import { auditCaseEvent, caseScope, raiseAlert, refuseCase } from "~/access/case-guard.server";
import { notFound } from "~/access/errors.server";
import { requireUser } from "~/access/request-context.server";
import { ErrorSummary, TextAreaField } from "~/components/form";
import { submittedValues } from "~/models/person.server";
import { normaliseReference } from "~/models/police-suspect-case.server";
import { parseForm, readFormData } from "~/utils/forms";
import { kickOutbox } from "~/utils/outbox.server";
import { pageTitle } from "~/utils/page-title";

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

async function breakableCase(args: LoaderFunctionArgs | ActionFunctionArgs) {
  const context = await requireUser(args);
  const reference = normaliseReference(args.params.reference);
  if (!reference) notFound();
  const found = await context.prisma.policeSuspectCase.findFirst({ where: { AND: [caseScope(context, "breakGlass"), { reference }] }, select: { id: true } });
  if (!found) return refuseCase(context, { reference, action: "case.breakGlass", via: "break-glass" });
  return { context, reference, caseId: found.id };
}

export async function loader(args: LoaderFunctionArgs) {
  const { reference } = await breakableCase(args);
  return { reference, hours: BREAK_GLASS_HOURS };
}

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  const { context, reference, caseId } = await breakableCase(args);
  const formData = await readFormData(request);
  const parsed = parseForm(BreakGlassSchema, formData);
  if (!parsed.ok) return { errors: parsed.errors, values: submittedValues(formData) };
  await context.prisma.$transaction(async (tx) => {
    const expiresAt = new Date(Date.now() + BREAK_GLASS_HOURS * 3_600_000);
    await tx.breakGlassAccess.create({ data: { caseId, personId: context.actor.id, reason: parsed.data.reason, expiresAt } });
    const auditEventId = await auditCaseEvent(context, tx, { action: "case.breakGlass", caseId, outcome: "SUCCESS", reason: parsed.data.reason, details: { via: "break-glass", hours: BREAK_GLASS_HOURS } });
    await raiseAlert(tx, { caseId, personId: context.actor.id, kind: "BREAK_GLASS", via: "break-glass", auditEventId });
  });
  kickOutbox();
  throw redirect(`/records/${reference}`);
}

export default function BreakGlass() {
  const { reference, hours } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <p className="mb-2">
        <Link to="/records">Cases</Link>
      </p>
      <h1>Emergency access to case {reference}</h1>
      <div className="callout-warning mb-6" role="note">
        <p className="font-semibold">You are not on this case's access list.</p>
        <p>
          Use emergency access only to protect someone at risk now. Professional standards and the nominated NPCC officer are told at once, your access ends
          after {hours} hours, every page you open is recorded, and the use is reviewed.
        </p>
      </div>
      <ErrorSummary errors={actionData?.errors} order={["reason"]} />
      <Form method="post" noValidate className="max-w-2xl">
        <TextAreaField name="reason" label="Why do you need the case now?" hint="Who is at risk, and what you need to protect them." rows={4} defaultValue={actionData?.values.reason ?? ""} error={actionData?.errors.reason} />
        <button type="submit" className="button-warning" disabled={busy}>
          Open the case with emergency access
        </button>
      </Form>
    </>
  );
}
