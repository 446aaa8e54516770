import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { ErrorSummary, TextAreaField } from "~/components/ui";
import { useFormReply } from "~/components/ui/use-form-reply";
import { INCIDENT_KIND_LABELS } from "~/models/manager-guide/incident-labels";
import { AnnotationFormSchema, annotateIncident, readIncident } from "~/models/manager-guide/incident-log.server";
import { ANNOTATION_MAX } from "~/models/support-request/form-limits";
import { parseForm, readFormData } from "~/utils/forms";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Log entry") }];

export async function loader(args: LoaderFunctionArgs) {
  const { params } = args;
  const context = await requireUser(args);
  const entry = await readIncident(context, params.entryId ?? "");
  return { entry, noted: args.url.searchParams.get("noted") === "1" };
}

export async function action(args: ActionFunctionArgs) {
  const { request, params } = args;
  const context = await requireUser(args);
  const id = params.entryId ?? "";
  const formData = await readFormData(request);
  const parsed = parseForm(AnnotationFormSchema, formData);
  if (!parsed.ok) {
    await readIncident(context, id); // "not found" for an entry that is not theirs, before any field error
    return { reply: parsed.reply };
  }
  await annotateIncident(context, id, parsed.data.body);
  throw redirect(`/log/${id}?noted=1`);
}

export default function LogEntry() {
  const { entry, noted } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("note", actionData?.reply);
  return (
    <>
      <p className="mb-2">
        <AppLink to="/log">Your log</AppLink>
      </p>
      <h1>Log entry: {formatDateTime(new Date(entry.occurredAt))}</h1>
      {noted && !actionData ? (
        <p role="status" className="mb-6 border-l-4 border-success bg-gray-100 p-3">
          Your note was added.
        </p>
      ) : null}
      <dl className="summary-list mb-6">
        <dt>Kind</dt>
        <dd>{INCIDENT_KIND_LABELS[entry.kind]}</dd>
        <dt>What happened</dt>
        <dd className="whitespace-pre-line">{entry.whatHappened}</dd>
        <dt>Witnesses</dt>
        <dd className="whitespace-pre-line">{entry.witnesses || "None recorded"}</dd>
        <dt>Saved in the portal</dt>
        <dd>{formatDateTime(new Date(entry.recordedAt))}</dd>
      </dl>
      <h2>Notes</h2>
      {entry.annotations.length === 0 ? (
        <p className="mb-6">No notes yet.</p>
      ) : (
        <ul className="mb-6 list-none">
          {entry.annotations.map((note) => (
            <li key={note.id} className="mb-2 bg-gray-50 p-2">
              <span className="font-semibold">{formatDateTime(new Date(note.at))}:</span> <span className="whitespace-pre-line">{note.body}</span>
            </li>
          ))}
        </ul>
      )}
      <h2>Add a note</h2>
      <p className="mb-3 max-w-3xl">The entry itself stays as it was saved. A note is added below it with the date, and cannot be changed either.</p>
      <ErrorSummary errors={form.errors} order={["form", "body"]} />
      <Form method="post" {...form.formProps} className="max-w-3xl">
        <TextAreaField name="body" label="Note" rows={4} maxLength={ANNOTATION_MAX} defaultValue={form.text("body")} error={form.errors.body} />
        <button type="submit" className="button" disabled={busy}>
          Add the note
        </button>
      </Form>
    </>
  );
}
