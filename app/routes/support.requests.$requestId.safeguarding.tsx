import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { redirect } from "react-router";
import { Form, useActionData, useLoaderData, useNavigation } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { ErrorSummary, RadioGroup, TextAreaField } from "~/components/ui";
import { OVERRIDE_GROUNDS } from "~/models/support-request/labels";
import { OverrideSchema, recordOverride, requireOverridePage } from "~/models/support-request/consent.server";
import { ChangeRejected, parseForm, readFormData } from "~/utils/forms";
import { useFormReply } from "~/components/ui/use-form-reply";
import { kickOutbox } from "~/utils/outbox.server";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Support") }];

const FIELD_ORDER = ["form", "ground", "reason", "tellEmployee", "withheldReason"];

export async function loader(args: LoaderFunctionArgs) {
  const { params } = args;
  const context = await requireUser(args);
  const found = await requireOverridePage(context, params.requestId ?? "");
  return { id: found.id, already: found.already };
}

export async function action(args: ActionFunctionArgs) {
  const { request, params } = args;
  const context = await requireUser(args);
  const found = await requireOverridePage(context, params.requestId ?? "");
  const formData = await readFormData(request);
  const parsed = parseForm(OverrideSchema, formData);
  if (!parsed.ok) return { reply: parsed.reply };
  try {
    await recordOverride(context, found.id, parsed.data);
  } catch (error) {
    if (error instanceof ChangeRejected) return { reply: parsed.reject(error.errors) };
    throw error;
  }
  kickOutbox();
  throw redirect(`/support/requests/${found.id}`);
}

export default function SafeguardingOverride() {
  const { id, already } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("safeguarding-override", actionData?.reply);
  const errors = form.errors;
  return (
    <>
      <h1>Safeguarding override</h1>
      <p className="mb-4 max-w-2xl">
        Use this only where a child is at risk (at any risk level), or someone assessed as high risk is at risk of serious harm or death. Information shared
        without the person's consent must be what is needed to keep people safe, and no more. What you record here is kept, cannot be changed, and is shown to
        the person unless telling them would itself put someone at risk.
      </p>
      {already ? (
        <p className="mb-6">
          You have recorded an override on this request. <AppLink to={`/support/requests/${id}`}>Open the request</AppLink>
        </p>
      ) : null}
      <ErrorSummary errors={errors} order={FIELD_ORDER} />
      <Form method="post" {...form.formProps} className="max-w-2xl">
        <RadioGroup
          name="ground"
          legend="Ground for sharing without consent"
          options={Object.entries(OVERRIDE_GROUNDS).map(([value, label]) => ({ value, label }))}
          defaultValue={form.text("ground")}
          error={errors.ground}
        />
        <TextAreaField
          name="reason"
          label="Reason"
          hint="What you know, and why it cannot wait for consent."
          rows={4}
          defaultValue={form.text("reason")}
          error={errors.reason}
        />
        <RadioGroup
          name="tellEmployee"
          legend="Will the person be told?"
          options={[
            { value: "yes", label: "Yes: show it in their ledger and tell them through their safe route" },
            { value: "no", label: "No: telling them would put someone at risk" },
          ]}
          defaultValue={form.text("tellEmployee")}
          error={errors.tellEmployee}
        />
        <TextAreaField
          name="withheldReason"
          label="If not: why telling them would put someone at risk"
          rows={3}
          defaultValue={form.text("withheldReason")}
          error={errors.withheldReason}
        />
        <button type="submit" className="button-warning" disabled={busy}>
          Record the override
        </button>
      </Form>
    </>
  );
}
