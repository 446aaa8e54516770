import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { requireArea } from "~/access/guard.server";
import { requireUser } from "~/access/request-context.server";
import { PERSON_FIELD_ORDER, PersonFields } from "~/components/admin-forms";
import { ErrorSummary } from "~/components/ui";
import { useFormReply } from "~/components/ui/use-form-reply";
import { addPerson } from "~/models/people/person-changes.server";
import { loadPersonFormOptions } from "~/models/people/person.server";
import { PersonFormSchema } from "~/models/people/person-form";
import { ChangeRejected, parseForm, readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Add a person") }];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  await requireArea(context, "AdminArea");
  const options = await loadPersonFormOptions(context);
  const homeForce = options.forces.find((force) => force.isHome) ?? options.forces[0];
  return { options, defaults: { forceId: homeForce?.id ?? "", active: "on" } as Record<string, string> };
}

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  const context = await requireUser(args);
  await requireArea(context, "AdminArea");
  const formData = await readFormData(request);
  const parsed = parseForm(PersonFormSchema, formData);
  if (!parsed.ok) return { reply: parsed.reply };
  const form = parsed.data;
  const id = randomUUID();
  try {
    await addPerson(context, id, form);
  } catch (error) {
    if (error instanceof ChangeRejected) return { reply: parsed.reject(error.errors) };
    throw error;
  }
  throw redirect(`/admin/people/${id}?added=1`);
}

export default function NewPerson() {
  const { options, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("new-person", actionData?.reply, defaults);
  return (
    <>
      <p className="mb-2">
        <AppLink to="/admin/people">People</AppLink>
      </p>
      <h1>Add a person</h1>
      <p className="mb-6 max-w-2xl">
        Once added, they get a one-time link at their work email to choose their own password. Any role you give them waits for a second administrator&apos;s
        approval before it takes effect.
      </p>
      <ErrorSummary errors={form.errors} order={PERSON_FIELD_ORDER} />
      <Form method="post" {...form.formProps} className="max-w-2xl">
        <PersonFields options={options} form={form} />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Adding…" : "Add the person"}
        </button>
      </Form>
    </>
  );
}
