import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { redirect } from "react-router";
import { useActionData, useLoaderData, useNavigation } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { ImmediateDanger, SupportRequestForm } from "~/components/support-request-form";
import { useFormReply } from "~/components/ui/use-form-reply";
import { requestableServices, submitRequestForm } from "~/models/support-request/request.server";
import { kickOutbox } from "~/utils/outbox.server";
import { readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Support") }];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  const services = await requestableServices(context);
  const chosen = args.url.searchParams.get("service") ?? "";
  return {
    services,
    // Who I am and how to contact me are ticked to start with; what they write is shared only if they tick it.
    defaults: { serviceId: services.some((service) => service.id === chosen) ? chosen : "", shareWithService: ["IDENTITY", "SAFE_CONTACT"] } as Record<
      string,
      string | string[]
    >,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  const context = await requireUser(args);
  const result = await submitRequestForm(context, await readFormData(request));
  if ("saved" in result) {
    kickOutbox();
    const { id, sent } = result.saved;
    throw redirect(sent ? `/support/requests/${id}?sent=1` : `/support/requests/${id}/edit?saved=1`);
  }
  return result;
}

export default function NewSupportRequest() {
  const { services, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("support-request", actionData?.reply, defaults);
  return (
    <>
      <p className="mb-2">
        <AppLink to="/support">Support</AppLink>
      </p>
      <h1>Ask for support</h1>
      <ImmediateDanger />
      <SupportRequestForm services={services} form={form} busy={busy} colleagues={actionData && "found" in actionData ? (actionData.found ?? null) : null} />
    </>
  );
}
