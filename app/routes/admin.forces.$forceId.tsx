import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { requireArea } from "~/access/guard.server";
import { requireUser } from "~/access/request-context.server";
import { ErrorSummary } from "~/components/ui";
import { ForceFields } from "~/components/force-fields";
import { useFormReply } from "~/components/ui/use-form-reply";
import { ForceFormSchema, readForce, saveForce } from "~/models/people/force.server";
import { ChangeRejected, parseForm, readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Force") }];

const FIELD_ORDER = ["form", "name", "shortName", "npccContactEmail", "psdContactEmail", "pccContactEmail"];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  await requireArea(context, "AdminArea");
  const force = await readForce(context, args.params.forceId);
  const values = {
    name: force.name,
    shortName: force.shortName,
    npccContactEmail: force.npccContactEmail ?? "",
    psdContactEmail: force.psdContactEmail ?? "",
    pccContactEmail: force.pccContactEmail ?? "",
  };
  return { force: { id: force.id, name: force.name, isHome: force.isHome }, values };
}

export async function action(args: ActionFunctionArgs) {
  const context = await requireUser(args);
  await requireArea(context, "AdminArea");
  const parsed = parseForm(ForceFormSchema, await readFormData(args.request));
  if (!parsed.ok) return { reply: parsed.reply };
  try {
    await saveForce(context, args.params.forceId, parsed.data);
  } catch (error) {
    if (error instanceof ChangeRejected) return { reply: parsed.reject(error.errors) };
    throw error;
  }
  throw redirect("/admin/forces");
}

export default function EditForce() {
  const { force, values } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("force", actionData?.reply, values);
  return (
    <>
      <p className="mb-2">
        <AppLink to="/admin/forces">Forces</AppLink>
      </p>
      <h1>{force.name}</h1>
      <ErrorSummary errors={form.errors} order={FIELD_ORDER} />
      <Form method="post" {...form.formProps} className="max-w-2xl">
        <ForceFields form={form} isHome={force.isHome} />
        <button type="submit" className="button" disabled={busy}>
          Save
        </button>
      </Form>
    </>
  );
}
