import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { CheckboxField, CheckboxGroup, ErrorSummary, TextAreaField, TextField } from "~/components/ui";
import { conversationFormSchema, conversationPoints, readDirectReport, recordConversation } from "~/models/manager-guide/conversations.server";
import { CONVERSATION_FIELD_ORDER, CONVERSATION_TEXT_MAX } from "~/models/support-request/form-limits";
import { parseForm, readFormData } from "~/utils/forms";
import { useFormReply } from "~/components/ui/use-form-reply";
import { dayInputValue, ukToday } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Record a conversation") }];

export async function loader(args: LoaderFunctionArgs) {
  const { params } = args;
  const context = await requireUser(args);
  const person = await readDirectReport(context, params.personId ?? "");
  return { person, points: await conversationPoints(context), today: dayInputValue(ukToday()) };
}

export async function action(args: ActionFunctionArgs) {
  const { request, params } = args;
  const context = await requireUser(args);
  const person = await readDirectReport(context, params.personId ?? "");
  const formData = await readFormData(request);
  const points = await conversationPoints(context);
  const parsed = parseForm(conversationFormSchema(Object.keys(points)), formData);
  if (!parsed.ok) return { reply: parsed.reply };
  // Checked again in the transaction that writes: only for someone who reports to this manager now (else not found).
  await recordConversation(context, person.id, parsed.data);
  throw redirect(`/team/${person.id}?recorded=1`);
}

export default function RecordConversation() {
  const { person, points, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("conversation", actionData?.reply, { heldOn: today });
  const errors = form.errors;
  return (
    <>
      <p className="mb-2">
        <AppLink to={`/team/${person.id}`}>{person.name}</AppLink>
      </p>
      <h1>Record a conversation</h1>
      <div className="callout callout-warning mb-6 max-w-3xl">
        <p className="mb-2 font-semibold">Write nothing about the abuse itself: no events, no names, no details of what is happening at home.</p>
        <p>
          Record only that you talked, what support you offered and what you agreed. {person.name} will see this record, can agree with it or comment on it, and
          can ask for it to be removed. Nobody else sees it: not your own manager, not HR, not colleagues.
        </p>
      </div>
      <ErrorSummary errors={errors} order={CONVERSATION_FIELD_ORDER} />
      <Form method="post" {...form.formProps} className="max-w-3xl">
        <TextField name="heldOn" label="Date of the conversation" type="date" max={today} defaultValue={form.text("heldOn")} error={errors.heldOn} />
        <CheckboxGroup
          name="pointsCovered"
          legend="Which points of the guide did you cover? (optional)"
          options={points}
          checked={new Set(form.list("pointsCovered"))}
          error={errors.pointsCovered}
        />
        <TextAreaField
          name="supportOffered"
          label="Support you offered"
          hint="For example: the staff IDVA service, occupational health, a workplace champion. Write “None” if you offered none."
          rows={4}
          maxLength={CONVERSATION_TEXT_MAX}
          defaultValue={form.text("supportOffered")}
          error={errors.supportOffered}
        />
        <TextAreaField
          name="agreed"
          label="What you agreed"
          hint="For example: changes to hours or duties, when you will next talk. Write “None” if nothing was agreed."
          rows={4}
          maxLength={CONVERSATION_TEXT_MAX}
          defaultValue={form.text("agreed")}
          error={errors.agreed}
        />
        <TextField
          name="followUpOn"
          label="Follow-up date (optional)"
          hint="You will get a reminder by email shortly before it. The email says only that something in the portal needs your attention."
          type="date"
          min={today}
          defaultValue={form.text("followUpOn")}
          error={errors.followUpOn}
        />
        <CheckboxField
          name="nothingAboutAbuse"
          label="This record says nothing about the abuse itself"
          defaultChecked={form.text("nothingAboutAbuse") === "on"}
          error={errors.nothingAboutAbuse}
        />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Saving…" : "Save the record"}
        </button>
      </Form>
    </>
  );
}
