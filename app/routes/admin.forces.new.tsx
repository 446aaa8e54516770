import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useNavigation } from "react-router";
import { requireArea } from "~/access/guard.server";
import { requireUser } from "~/access/request-context.server";
import { ErrorSummary } from "~/components/ui";
import { ForceFields } from "~/components/force-fields";
import { useFormReply } from "~/components/ui/use-form-reply";
import { addForce, ForceFormSchema } from "~/models/people/force.server";
import { ChangeRejected, parseForm, readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Add a force") }];

const FIELD_ORDER = ["form", "name", "shortName", "npccContactEmail", "psdContactEmail"];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  await requireArea(context, "AdminArea");
  return null;
}

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  const context = await requireUser(args);
  await requireArea(context, "AdminArea");
  const formData = await readFormData(request);
  const parsed = parseForm(ForceFormSchema, formData);
  if (!parsed.ok) return { reply: parsed.reply };
  try {
    await addForce(context, parsed.data);
  } catch (error) {
    if (error instanceof ChangeRejected) return { reply: parsed.reject(error.errors) };
    throw error;
  }
  throw redirect("/admin/forces");
}

export default function NewForce() {
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("new-force", actionData?.reply);
  return (
    <>
      <p className="mb-2">
        <AppLink to="/admin/forces">Forces</AppLink>
      </p>
      <h1>Add a force</h1>
      <ErrorSummary errors={form.errors} order={FIELD_ORDER} />
      <Form method="post" {...form.formProps} className="max-w-2xl">
        <ForceFields form={form} isHome={false} />
        <button type="submit" className="button" disabled={busy}>
          Add the force
        </button>
      </Form>
    </>
  );
}
