import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { SafetyMeasureForm } from "~/components/safety-measure-form";
import { useFormReply } from "~/components/ui/use-form-reply";
import { readDirectReport } from "~/models/manager-guide/conversations.server";
import { parseMeasureForm } from "~/models/safety-plan/form";
import { addMeasure } from "~/models/safety-plan/measures.server";
import { ChangeRejected, readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Team member") }];

export async function loader(args: LoaderFunctionArgs) {
  const { params } = args;
  const context = await requireUser(args);
  return { person: await readDirectReport(context, params.personId ?? "") };
}

export async function action(args: ActionFunctionArgs) {
  const { request, params } = args;
  const context = await requireUser(args);
  const person = await readDirectReport(context, params.personId ?? "");
  const formData = await readFormData(request);
  const parsed = parseMeasureForm(formData);
  if (!parsed.ok) return { reply: parsed.reply };
  try {
    // Checked again in the transaction that writes: only for someone who reports to this manager now (else not found).
    await addMeasure(context, parsed.data, undefined, person.id);
  } catch (error) {
    if (error instanceof ChangeRejected) return { reply: parsed.reject(error.errors) };
    throw error;
  }
  throw redirect(`/team/${person.id}?suggested=1`);
}

export default function SuggestMeasure() {
  const { person } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("measure", actionData?.reply);
  return (
    <>
      <p className="mb-2">
        <AppLink to={`/team/${person.id}`}>{person.name}</AppLink>
      </p>
      <h1>Suggest a safety measure</h1>
      <p className="mb-6 max-w-3xl">
        Only suggest what you have agreed with {person.name}. It goes into their safety plan for them to agree or not. Nobody else sees it, and you see it
        afterwards only if they choose to show it to you.
      </p>
      <SafetyMeasureForm form={form} busy={busy} submitLabel="Suggest the measure" />
    </>
  );
}
