import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, Link, redirect, useActionData, useNavigation } from "react-router";
import { changeWithAudit, requireArea } from "~/access/guard.server";
import { requireUser } from "~/access/request-context.server";
import { ForceFields } from "~/components/force-fields";
import { ErrorSummary } from "~/components/ui";
import { createForce, ForceFormSchema } from "~/models/force.server";
import { ChangeRejected, parseForm, readFormData, submittedValues } from "~/utils/forms";
import { pageTitle } from "~/utils/page-title";

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
  const values = submittedValues(formData);
  const parsed = parseForm(ForceFormSchema, formData);
  if (!parsed.ok) return { errors: parsed.errors, values };
  try {
    await changeWithAudit(context, { action: "create", model: "Force" }, (tx) => createForce(tx, parsed.data), { action: "force.create", details: { name: parsed.data.name } });
  } catch (error) {
    if (error instanceof ChangeRejected) return { errors: error.errors, values };
    throw error;
  }
  throw redirect("/admin/forces");
}

export default function NewForce() {
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <p className="mb-2">
        <Link to="/admin/forces">Forces</Link>
      </p>
      <h1>Add a force</h1>
      <ErrorSummary errors={actionData?.errors} order={FIELD_ORDER} />
      <Form method="post" noValidate className="max-w-2xl">
        <ForceFields values={actionData?.values ?? {}} errors={actionData?.errors} isHome={false} />
        <button type="submit" className="button" disabled={busy}>
          Add the force
        </button>
      </Form>
    </>
  );
}
