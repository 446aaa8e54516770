import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useNavigation } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { ErrorSummary, RadioGroup, TextAreaField, TextField } from "~/components/ui";
import { useFormReply } from "~/components/ui/use-form-reply";
import { ORDER_KIND_LABELS } from "~/models/manager-guide/order-notice-labels";
import { OrderNoticeSchema, sendOrderNotice } from "~/models/manager-guide/order-notices.server";
import { parseForm, readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("New notice") }];

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args);
  return null;
}

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  const context = await requireUser(args);
  const parsed = parseForm(OrderNoticeSchema, await readFormData(request));
  if (!parsed.ok) return { reply: parsed.reply };
  const created = await sendOrderNotice(context, parsed.data);
  throw redirect(`/notices?sent=${created.toCommander ? "commander" : "psd"}`);
}

export default function NewNotice() {
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("order-notice", actionData?.reply);
  return (
    <>
      <p className="mb-2">
        <AppLink to="/notices">Notices</AppLink>
      </p>
      <h1>Tell your commander about an order</h1>
      <p className="mb-6 max-w-2xl">
        Your commander and professional standards will see this notice. Nobody else will. The mail telling them about it says nothing about it.
      </p>
      <ErrorSummary errors={form.errors} order={["kind", "madeOn", "details"]} />
      <Form method="post" {...form.formProps} className="max-w-2xl">
        <RadioGroup
          name="kind"
          legend="What kind of order or restriction?"
          options={Object.entries(ORDER_KIND_LABELS).map(([value, label]) => ({ value, label }))}
          defaultValue={form.text("kind")}
          error={form.errors.kind}
        />
        <TextField
          name="madeOn"
          label="When was it made?"
          hint="For example 2026-11-02."
          type="date"
          defaultValue={form.text("madeOn")}
          error={form.errors.madeOn}
        />
        <TextAreaField
          name="details"
          label="Details"
          hint="The court, what the order or restriction requires and for how long, and anything your commander needs to know about your duties."
          rows={5}
          defaultValue={form.text("details")}
          error={form.errors.details}
        />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Sending…" : "Send the notice"}
        </button>
      </Form>
    </>
  );
}
