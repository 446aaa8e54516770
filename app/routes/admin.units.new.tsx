import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { requireArea } from "~/access/guard.server";
import { requireUser } from "~/access/request-context.server";
import { UnitFields } from "~/components/admin-forms";
import { ErrorSummary } from "~/components/ui";
import { useFormReply } from "~/components/ui/use-form-reply";
import { ChangeRejected, parseForm, readFormData } from "~/utils/forms";
import { NewUnitFormSchema, newUnitFormOptions } from "~/models/people/unit.server";
import { addUnit } from "~/models/people/unit-changes.server";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Add a unit") }];

const FIELD_ORDER = ["form", "forceId", "name", "kind", "commanderId", "commanderEmail"];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  await requireArea(context, "AdminArea");
  const { forces, commanders, homeForceId } = await newUnitFormOptions(context);
  return { forces, commanders, defaults: { forceId: homeForceId } as Record<string, string> };
}

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  const context = await requireUser(args);
  await requireArea(context, "AdminArea");
  const formData = await readFormData(request);
  const parsed = parseForm(NewUnitFormSchema, formData);
  if (!parsed.ok) return { reply: parsed.reply };
  let added: { id: string; proposed: number };
  try {
    added = await addUnit(context, parsed.data);
  } catch (error) {
    if (error instanceof ChangeRejected) return { reply: parsed.reject(error.errors) };
    throw error;
  }
  throw redirect(`/admin/units/${added.id}?added=1${added.proposed > 0 ? "&proposed=1" : ""}`);
}

export default function NewUnit() {
  const { forces, commanders, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("new-unit", actionData?.reply, defaults);
  return (
    <>
      <p className="mb-2">
        <AppLink to="/admin/units">Units</AppLink>
      </p>
      <h1>Add a unit</h1>
      <ErrorSummary errors={form.errors} order={FIELD_ORDER} />
      <Form method="post" {...form.formProps} className="max-w-2xl">
        <UnitFields form={form} forces={forces} commanders={commanders} chooseForce />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Adding…" : "Add the unit"}
        </button>
      </Form>
    </>
  );
}
