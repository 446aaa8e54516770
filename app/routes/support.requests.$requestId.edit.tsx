import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { redirect } from "react-router";
import { useActionData, useLoaderData, useNavigation } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { ImmediateDanger, SupportRequestForm } from "~/components/support-request-form";
import { useFormReply } from "~/components/ui/use-form-reply";
import { chosenAsMatches } from "~/models/support-request/named-colleague.server";
import { draftForEditing, requestableServices, submitRequestForm } from "~/models/support-request/request.server";
import { formatDateTime } from "~/utils/dates";
import { kickOutbox } from "~/utils/outbox.server";
import { readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Support") }];

export async function loader(args: LoaderFunctionArgs) {
  const { params } = args;
  const context = await requireUser(args);
  const draft = await draftForEditing(context, params.requestId ?? "");
  const services = await requestableServices(context);
  const { id, draftExpiresAt, serviceId, abuserPersonId, ...fields } = draft;
  const colleague = await chosenAsMatches(context, abuserPersonId);
  return {
    id,
    services,
    chosen: colleague ?? null,
    draftExpires: draftExpiresAt ? formatDateTime(draftExpiresAt) : null,
    values: { ...fields, serviceId: serviceId ?? "", abuserWorksHere: colleague ? "yes" : "", abuserPersonId: colleague?.[0]?.id ?? "" } as Record<
      string,
      string | string[]
    >,
    saved: args.url.searchParams.get("saved") === "1",
  };
}

export async function action(args: ActionFunctionArgs) {
  const { request, params } = args;
  const context = await requireUser(args);
  // Only their own draft, still unsent: checked again inside the save, through the "update" scope.
  await draftForEditing(context, params.requestId ?? "");
  const result = await submitRequestForm(context, await readFormData(request), params.requestId);
  if ("saved" in result) {
    kickOutbox();
    const { id, sent } = result.saved;
    throw redirect(sent ? `/support/requests/${id}?sent=1` : `/support/requests/${id}/edit?saved=1`);
  }
  return result;
}

export default function EditSupportRequest() {
  const { services, values, draftExpires, saved, chosen } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("support-request", actionData?.reply, values);
  return (
    <>
      <p className="mb-2">
        <AppLink to="/support">Support</AppLink>
      </p>
      <h1>Your draft request</h1>
      {saved && !actionData ? (
        <p role="status" className="mb-6 border-l-4 border-success bg-gray-100 p-3">
          Your draft was saved. Nothing has been sent.
        </p>
      ) : null}
      <ImmediateDanger />
      <SupportRequestForm
        services={services}
        form={form}
        busy={busy}
        draftExpires={draftExpires}
        colleagues={actionData && "found" in actionData ? (actionData.found ?? null) : chosen}
      />
    </>
  );
}
