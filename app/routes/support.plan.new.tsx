import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { SafetyMeasureForm } from "~/components/safety-measure-form";
import { useFormReply } from "~/components/ui/use-form-reply";
import { parseMeasureForm } from "~/models/safety-plan/form";
import { addMeasure } from "~/models/safety-plan/measures.server";
import { ChangeRejected, readFormData } from "~/utils/forms";
import { isId } from "~/utils/ids";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Support") }];

/** `?request=<id>`: a supporter proposes a measure on a request shared with their service. */
function requestFrom(url: URL): string | undefined {
  const id = url.searchParams.get("request");
  return id && isId(id) ? id : undefined;
}

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args);
  const requestId = requestFrom(args.url);
  return { requestId: requestId ?? null };
}

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  const context = await requireUser(args);
  const requestId = requestFrom(args.url);
  const formData = await readFormData(request);
  const parsed = parseMeasureForm(formData);
  if (!parsed.ok) return { reply: parsed.reply };
  try {
    const { id } = await addMeasure(context, parsed.data, requestId);
    throw redirect(requestId ? `/support/plan/${id}?proposed=1` : `/support/plan/${id}?added=1`);
  } catch (error) {
    if (error instanceof ChangeRejected) return { reply: parsed.reject(error.errors) };
    throw error;
  }
}

export default function NewMeasure() {
  const { requestId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("measure", actionData?.reply);
  return (
    <>
      <p className="mb-2">
        {requestId ? <AppLink to={`/support/requests/${requestId}`}>Back to the request</AppLink> : <AppLink to="/support/plan">Your safety plan</AppLink>}
      </p>
      <h1>{requestId ? "Propose a measure" : "Add a measure"}</h1>
      <p className="mb-6 max-w-3xl">
        {requestId
          ? "The person you support sees your proposal and decides whether to agree it. Nobody else sees it unless they choose."
          : "Nobody else sees this measure unless you choose who may, on the next page."}
      </p>
      <SafetyMeasureForm form={form} busy={busy} submitLabel={requestId ? "Propose the measure" : "Save the measure"} />
    </>
  );
}
