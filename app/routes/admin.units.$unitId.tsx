import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { notFound } from "~/access/errors.server";
import { readAccessible, requireArea } from "~/access/guard.server";
import { requireUser, type RequestContext } from "~/access/request-context.server";
import { UnitFields } from "~/components/admin-forms";
import { ErrorSummary } from "~/components/ui";
import { useFormReply } from "~/components/ui/use-form-reply";
import { loadPersonChoices } from "~/models/people/person.server";
import { ChangeRejected, parseForm, readFormData, rejectedReply } from "~/utils/forms";
import { fullName } from "~/utils/names";
import { isId } from "~/utils/ids";
import { EditUnitFormSchema, findUnitRecord, STALE_UNIT_MESSAGE, unitExists, type UnitRecord } from "~/models/people/unit.server";
import { saveUnit } from "~/models/people/unit-changes.server";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Unit") }];

const FIELD_ORDER = ["form", "name", "kind", "commanderId", "commanderEmail"];

function unitIdParam(value: string | undefined): string {
  if (!isId(value)) notFound();
  return value.toLowerCase();
}

function readUnit(context: RequestContext, id: string): Promise<UnitRecord> {
  return readAccessible(context, { model: "Unit", id, find: findUnitRecord, exists: unitExists });
}

const COMMANDER_WAITS = "The new commander waits for a second administrator: see Changes waiting for approval.";

function noticeFor(search: URLSearchParams): string | null {
  const waits = search.get("proposed") === "1" ? ` ${COMMANDER_WAITS}` : "";
  if (search.get("added") === "1") return `The unit was added.${waits}`;
  if (search.get("saved") === "1") return `The changes were saved.${waits}`;
  return null;
}

export async function loader(args: LoaderFunctionArgs) {
  const { params } = args;
  const context = await requireUser(args);
  await requireArea(context, "AdminArea");
  const id = unitIdParam(params.unitId);
  const unit = await readUnit(context, id);
  const commanders = await loadPersonChoices(context, unit.forceId);
  // A commander who was deactivated since stays choosable, so that saving the unit keeps them.
  const commander = unit.commander;
  if (commanders && commander && !commanders.some((choice) => choice.id === commander.id)) {
    commanders.unshift({ id: commander.id, forceId: unit.forceId, label: `${fullName(commander)}, ${commander.workEmail} (deactivated)` });
  }
  const url = args.url;
  return {
    unit: { id: unit.id, name: unit.name, force: unit.force.name, forceId: unit.forceId, version: unit.version },
    values: { name: unit.name, kind: unit.kind, commanderId: unit.commanderId ?? "", commanderEmail: commander?.workEmail ?? "" } as Record<string, string>,
    commanders,
    notice: noticeFor(url.searchParams),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { request, params } = args;
  const context = await requireUser(args);
  await requireArea(context, "AdminArea");
  const id = unitIdParam(params.unitId);
  const formData = await readFormData(request);
  const current = await readUnit(context, id);
  const parsed = parseForm(EditUnitFormSchema, formData);
  if (!parsed.ok) return { reply: parsed.reply };
  const form = parsed.data;
  let saved: { proposed: number };
  try {
    saved = await saveUnit(context, current, form);
  } catch (error) {
    // Someone else saved first: the page shows their version, as the message says; other refusals keep what was typed.
    if (error instanceof ChangeRejected) return { reply: error.errors.form === STALE_UNIT_MESSAGE ? rejectedReply(error.errors) : parsed.reject(error.errors) };
    throw error;
  }
  throw redirect(`/admin/units/${id}?saved=1${saved.proposed > 0 ? "&proposed=1" : ""}`);
}

export default function UnitPage() {
  const { unit, values, commanders, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("unit", actionData?.reply, values);
  return (
    <>
      <p className="mb-2">
        <AppLink to="/admin/units">Units</AppLink>
      </p>
      <h1>{unit.name}</h1>
      {notice && !actionData ? (
        <p role="status" className="mb-6 border-l-4 border-success bg-gray-100 p-3">
          {notice}
        </p>
      ) : null}
      <p className="mb-6">Force: {unit.force}</p>
      <ErrorSummary errors={form.errors} order={FIELD_ORDER} />
      <Form method="post" {...form.formProps} className="max-w-2xl" key={unit.version}>
        <input type="hidden" name="version" value={unit.version} />
        <UnitFields form={form} forces={[{ id: unit.forceId, name: unit.force }]} commanders={commanders} chooseForce={false} />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Saving…" : "Save the changes"}
        </button>
      </Form>
    </>
  );
}
