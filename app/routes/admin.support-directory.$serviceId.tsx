import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { notFound } from "~/access/errors.server";
import { requireArea } from "~/access/guard.server";
import { requireUser } from "~/access/request-context.server";
import { CheckboxField, ErrorSummary, RadioGroup, TextAreaField, TextField } from "~/components/ui";
import { useFormReply } from "~/components/ui/use-form-reply";
import { ChangeRejected, parseForm, readFormData } from "~/utils/forms";
import { isId } from "~/utils/ids";
import { directoryEntry, DirectoryEntrySchema, updateDirectoryEntry } from "~/models/support-request/directory.server";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Support directory") }];

const FIELD_ORDER = ["form", "name", "offers", "howToReach", "insideForce", "phone", "email", "active"];

export async function loader(args: LoaderFunctionArgs) {
  const { params } = args;
  const context = await requireUser(args);
  await requireArea(context, "AdminArea");
  if (!isId(params.serviceId)) notFound();
  const entry = await directoryEntry(context, params.serviceId);
  if (!entry) notFound();
  return {
    name: entry.name,
    version: entry.version,
    values: {
      name: entry.name,
      offers: entry.offers,
      howToReach: entry.howToReach,
      insideForce: entry.insideForce ? "inside" : "outside",
      phone: entry.phone ?? "",
      email: entry.email ?? "",
      active: entry.active ? "on" : "",
    },
    saved: args.url.searchParams.get("saved") === "1",
  };
}

export async function action(args: ActionFunctionArgs) {
  const { request, params } = args;
  const context = await requireUser(args);
  await requireArea(context, "AdminArea");
  if (!isId(params.serviceId)) notFound();
  const formData = await readFormData(request);
  const parsed = parseForm(DirectoryEntrySchema, formData);
  if (!parsed.ok) return { reply: parsed.reply };
  try {
    await updateDirectoryEntry(context, params.serviceId, parsed.data);
  } catch (error) {
    // Someone else saved first: what was typed stays on the page, to check against their change and save again.
    if (error instanceof ChangeRejected) return { reply: parsed.reject(error.errors) };
    throw error;
  }
  throw redirect(`/admin/support-directory/${params.serviceId}?saved=1`);
}

export default function EditDirectoryEntry() {
  const { name, version, values, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("directory-entry", actionData?.reply, values);
  const { errors } = form;
  return (
    <>
      <p className="mb-2">
        <AppLink to="/admin/support-directory">Support directory</AppLink>
      </p>
      <h1>{name}</h1>
      {saved && !actionData ? (
        <p role="status" className="mb-6 border-l-4 border-success bg-gray-100 p-3">
          The changes were saved.
        </p>
      ) : null}
      <ErrorSummary errors={errors} order={FIELD_ORDER} />
      <Form method="post" {...form.formProps} className="max-w-2xl">
        <input type="hidden" name="version" value={version} />
        <TextField name="name" label="Name" defaultValue={form.text("name")} error={errors.name} autoComplete="off" />
        <TextAreaField name="offers" label="What the service offers" rows={4} defaultValue={form.text("offers")} error={errors.offers} />
        <TextAreaField name="howToReach" label="How to reach it" rows={3} defaultValue={form.text("howToReach")} error={errors.howToReach} />
        <RadioGroup
          name="insideForce"
          legend="Inside or outside the force"
          options={[
            { value: "inside", label: "Inside the force" },
            { value: "outside", label: "Outside the force" },
          ]}
          defaultValue={form.text("insideForce")}
          error={errors.insideForce}
        />
        <TextField name="phone" label="Phone (optional)" defaultValue={form.text("phone")} error={errors.phone} autoComplete="off" />
        <TextField
          name="email"
          label="Email (optional)"
          type="email"
          spellCheck={false}
          defaultValue={form.text("email")}
          error={errors.email}
          autoComplete="off"
        />
        <CheckboxField
          name="active"
          label="Shown to staff"
          hint="Untick to take the entry out of the directory (requests already sent are not affected)."
          defaultChecked={form.text("active") === "on"}
          error={errors.active}
        />
        <button type="submit" className="button" disabled={busy}>
          Save
        </button>
      </Form>
    </>
  );
}
