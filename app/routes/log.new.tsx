import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { forbidden } from "~/access/errors.server";
import { can } from "~/access/guard.server";
import { requireUser, type RequestContext } from "~/access/request-context.server";
import { ErrorSummary, RadioGroup, TextAreaField, TextField } from "~/components/ui";
import { useFormReply } from "~/components/ui/use-form-reply";
import { INCIDENT_KIND_LABELS } from "~/models/manager-guide/incident-labels";
import { addIncident, incidentFormSchema } from "~/models/manager-guide/incident-log.server";
import { INCIDENT_FIELD_ORDER, INCIDENT_TEXT_MAX, WITNESSES_MAX } from "~/models/support-request/form-limits";
import { parseForm, readFormData } from "~/utils/forms";
import { dayInputValue, ukToday } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Add to your log") }];

function requireOwnLog(context: RequestContext): void {
  if (!can(context.ability, "create", "IncidentEntry", { personId: context.actor.id })) forbidden();
}

export async function loader(args: LoaderFunctionArgs) {
  requireOwnLog(await requireUser(args));
  return { today: dayInputValue(ukToday()) };
}

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  const context = await requireUser(args);
  requireOwnLog(context);
  const formData = await readFormData(request);
  const parsed = parseForm(incidentFormSchema(), formData);
  if (!parsed.ok) return { reply: parsed.reply };
  await addIncident(context, parsed.data);
  throw redirect("/log?added=1");
}

export default function NewLogEntry() {
  const { today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("log-entry", actionData?.reply);
  const { errors } = form;
  return (
    <>
      <p className="mb-2">
        <AppLink to="/log">Your log</AppLink>
      </p>
      <h1>Add to your log</h1>
      <p className="mb-6 max-w-3xl">
        Write it as soon as you can, in your own words. Once saved, the entry cannot be changed or deleted; you can add a note to it later if something needs
        correcting or adding.
      </p>
      <ErrorSummary errors={errors} order={INCIDENT_FIELD_ORDER} />
      <Form method="post" {...form.formProps} className="max-w-3xl">
        <TextField name="occurredOn" label="Date it happened" type="date" max={today} defaultValue={form.text("occurredOn")} error={errors.occurredOn} />
        <TextField
          name="occurredTime"
          label="Time it happened"
          hint="UK time, as hours and minutes, for example 14:05."
          type="time"
          defaultValue={form.text("occurredTime")}
          error={errors.occurredTime}
        />
        <RadioGroup
          name="kind"
          legend="What kind of contact was it?"
          options={Object.entries(INCIDENT_KIND_LABELS).map(([value, label]) => ({ value, label }))}
          defaultValue={form.text("kind")}
          error={errors.kind}
        />
        <TextAreaField
          name="whatHappened"
          label="What happened"
          rows={6}
          maxLength={INCIDENT_TEXT_MAX}
          defaultValue={form.text("whatHappened")}
          error={errors.whatHappened}
        />
        <TextAreaField
          name="witnesses"
          label="Witnesses (optional)"
          hint="Anyone who saw or heard it, and how to reach them at work."
          rows={3}
          maxLength={WITNESSES_MAX}
          defaultValue={form.text("witnesses")}
          error={errors.witnesses}
        />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Saving…" : "Save the entry"}
        </button>
      </Form>
    </>
  );
}
