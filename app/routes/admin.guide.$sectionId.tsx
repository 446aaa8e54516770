import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { notFound } from "~/access/errors.server";
import { requireArea } from "~/access/guard.server";
import { requireUser } from "~/access/request-context.server";
import { ErrorSummary, TextAreaField, TextField } from "~/components/ui";
import { GuideText } from "~/components/guide-content";
import { useFormReply } from "~/components/ui/use-form-reply";
import { GuideSectionFormSchema, readSectionForEditing, updateGuideSection } from "~/models/manager-guide/guide.server";
import { GUIDE_BODY_MAX, GUIDE_TITLE_MAX } from "~/models/support-request/form-limits";
import { ChangeRejected, parseForm, readFormData, rejectedReply } from "~/utils/forms";
import { isId } from "~/utils/ids";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Guide section") }];

const FIELD_ORDER = ["form", "title", "body"];

function sectionIdParam(value: string | undefined): string {
  if (!isId(value)) notFound();
  return value.toLowerCase();
}

export async function loader(args: LoaderFunctionArgs) {
  const { params } = args;
  const context = await requireUser(args);
  await requireArea(context, "AdminArea");
  const { section, revisions } = await readSectionForEditing(context, sectionIdParam(params.sectionId));
  return { section, revisions, saved: args.url.searchParams.get("saved") === "1" };
}

export async function action(args: ActionFunctionArgs) {
  const { request, params } = args;
  const context = await requireUser(args);
  await requireArea(context, "AdminArea");
  const id = sectionIdParam(params.sectionId);
  const formData = await readFormData(request);
  const parsed = parseForm(GuideSectionFormSchema, formData);
  if (!parsed.ok) return { reply: parsed.reply };
  try {
    await updateGuideSection(context, id, parsed.data);
  } catch (error) {
    // Someone else saved first: the page shows their version, not what was typed over it.
    if (error instanceof ChangeRejected) return { reply: rejectedReply(error.errors) };
    throw error;
  }
  throw redirect(`/admin/guide/${id}?saved=1`);
}

export default function GuideSectionPage() {
  const { section, revisions, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("guide-section", actionData?.reply, { title: section.title, body: section.body });
  return (
    <>
      <p className="mb-2">
        <AppLink to="/admin/guide">Conversation guide</AppLink>
      </p>
      <h1>Change a section of the guide</h1>
      {saved && !actionData ? (
        <p role="status" className="mb-6 border-l-4 border-success bg-gray-100 p-3">
          Saved as version {section.version}. Managers see it now.
        </p>
      ) : null}
      <ErrorSummary errors={form.errors} order={FIELD_ORDER} />
      <Form method="post" {...form.formProps} className="max-w-3xl" key={section.version}>
        <input type="hidden" name="version" value={section.version} />
        <TextField name="title" label="Title" maxLength={GUIDE_TITLE_MAX} defaultValue={form.text("title")} error={form.errors.title} autoComplete="off" />
        <TextAreaField
          name="body"
          label="Text"
          rows={16}
          maxLength={GUIDE_BODY_MAX}
          hint="Plain text. Leave a blank line between paragraphs; start a line with “- ” for a list item; write [words](/records/new) for a link to a page of the portal. Write it in the portal’s own words; no HTML."
          defaultValue={form.text("body")}
          error={form.errors.body}
        />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Saving…" : "Save a new version"}
        </button>
      </Form>
      <h2 className="mt-10">As managers see it now</h2>
      <div className="border-l-4 border-gray-300 pl-4">
        <h3 className="text-xl">{section.title}</h3>
        <GuideText body={section.body} />
      </div>
      <h2 className="mt-10">Versions</h2>
      <table className="table">
        <caption className="sr-only">Versions of this section, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Title</th>
            <th scope="col">Saved</th>
            <th scope="col">By</th>
          </tr>
        </thead>
        <tbody>
          {revisions.map((revision) => (
            <tr key={revision.version}>
              <td>{revision.version}</td>
              <td>{revision.title}</td>
              <td>{formatDateTime(new Date(revision.editedAt))}</td>
              <td>{revision.editedBy}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
