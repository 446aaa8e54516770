import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, Link, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { notFound } from "~/access/errors.server";
import { changeWithAudit, readAccessible, requireArea } from "~/access/guard.server";
import { requireUser, type RequestContext } from "~/access/request-context.server";
import { ForceFields } from "~/components/force-fields";
import { ErrorSummary } from "~/components/ui";
import { FORCE_SELECT, ForceFormSchema, updateForce } from "~/models/force.server";
import { ChangeRejected, parseForm, readFormData, submittedValues } from "~/utils/forms";
import { isId } from "~/utils/ids";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = () => [{ title: pageTitle("Force") }];

const FIELD_ORDER = ["form", "name", "shortName", "npccContactEmail", "psdContactEmail", "pccContactEmail"];

function readForce(context: RequestContext, id: string | undefined) {
  if (!isId(id)) notFound();
  return readAccessible(context, {
    model: "Force",
    id,
    find: (tx, where) => tx.force.findFirst({ where, select: FORCE_SELECT }),
    exists: async (tx) => (await tx.force.count({ where: { id } })) > 0,
  });
}

export async function loader(args: LoaderFunctionArgs) {
  const { params } = args;
  const context = await requireUser(args);
  await requireArea(context, "AdminArea");
  const force = await readForce(context, params.forceId);
  const values: Record<string, string> = { name: force.name, shortName: force.shortName, npccContactEmail: force.npccContactEmail ?? "", psdContactEmail: force.psdContactEmail ?? "", pccContactEmail: force.pccContactEmail ?? "" };
  return { force: { id: force.id, name: force.name, isHome: force.isHome }, values };
}

export async function action(args: ActionFunctionArgs) {
  const { request, params } = args;
  const context = await requireUser(args);
  await requireArea(context, "AdminArea");
  const force = await readForce(context, params.forceId);
  const formData = await readFormData(request);
  const values = submittedValues(formData);
  const parsed = parseForm(ForceFormSchema, formData);
  if (!parsed.ok) return { errors: parsed.errors, values };
  try {
    await changeWithAudit(context, { action: "update", model: "Force", subjectId: force.id }, (tx) => updateForce(tx, force.id, parsed.data), { action: "force.update" });
  } catch (error) {
    if (error instanceof ChangeRejected) return { errors: error.errors, values };
    throw error;
  }
  throw redirect("/admin/forces");
}

export default function EditForce() {
  const { force, values } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <p className="mb-2">
        <Link to="/admin/forces">Forces</Link>
      </p>
      <h1>{force.name}</h1>
      <ErrorSummary errors={actionData?.errors} order={FIELD_ORDER} />
      <Form method="post" noValidate className="max-w-2xl">
        <ForceFields values={actionData?.values ?? values} errors={actionData?.errors} isHome={force.isHome} />
        <button type="submit" className="button" disabled={busy}>
          Save
        </button>
      </Form>
    </>
  );
}
