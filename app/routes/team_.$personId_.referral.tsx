import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { CheckboxField, ErrorSummary, RadioGroup, TextAreaField } from "~/components/ui";
import { readDirectReport } from "~/models/manager-guide/conversations.server";
import { ChangeRejected, parseForm, readFormData } from "~/utils/forms";
import { useFormReply } from "~/components/ui/use-form-reply";
import { referableServices, referToService, ReferralFormSchema } from "~/models/manager-guide/service-referral.server";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Team member") }];

export async function loader(args: LoaderFunctionArgs) {
  const { params } = args;
  const context = await requireUser(args);
  const person = await readDirectReport(context, params.personId ?? "");
  return { person, services: await referableServices(context) };
}

export async function action(args: ActionFunctionArgs) {
  const { request, params } = args;
  const context = await requireUser(args);
  const person = await readDirectReport(context, params.personId ?? "");
  const formData = await readFormData(request);
  const parsed = parseForm(ReferralFormSchema, formData);
  if (!parsed.ok) return { reply: parsed.reply };
  try {
    // Checked again in the transaction that writes: only for someone who reports to this manager now (else not found).
    await referToService(context, person.id, parsed.data);
  } catch (error) {
    if (error instanceof ChangeRejected) return { reply: parsed.reject(error.errors) };
    throw error;
  }
  throw redirect(`/team/${person.id}?referred=1`);
}

export default function ReferToService() {
  const { person, services } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("referral", actionData?.reply);
  const errors = form.errors;
  return (
    <>
      <p className="mb-2">
        <AppLink to={`/team/${person.id}`}>{person.name}</AppLink>
      </p>
      <h1>Suggest a support service</h1>
      <div className="callout mb-6 max-w-3xl">
        <p className="mb-2 font-semibold">Only with {person.name}&rsquo;s agreement.</p>
        <p>
          This starts a request for support that is addressed to {person.name}. It stays theirs alone: you will not be able to open it, and the service sees
          nothing until {person.name} checks it, chooses what to share and how they may be contacted, and sends it. If they do not, it is deleted after a time
          they can see.
        </p>
      </div>
      <ErrorSummary errors={errors} order={["serviceId", "note", "consent"]} />
      <Form method="post" {...form.formProps} className="max-w-3xl">
        <RadioGroup
          name="serviceId"
          legend="Which service"
          options={services.map((service) => ({ value: service.id, label: service.name }))}
          defaultValue={form.text("serviceId")}
          error={errors.serviceId}
        />
        <TextAreaField
          name="note"
          label="The support you talked about (optional)"
          hint={`${person.name} sees this and can change or remove it before sending. Write nothing about the abuse itself.`}
          rows={3}
          maxLength={1000}
          defaultValue={form.text("note")}
          error={errors.note}
        />
        <CheckboxField
          name="consent"
          label={`${person.name} agreed that I suggest this for them`}
          defaultChecked={form.text("consent") === "on"}
          error={errors.consent}
        />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Sending…" : `Send to ${person.name} to confirm`}
        </button>
      </Form>
    </>
  );
}
