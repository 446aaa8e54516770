import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { getRequestContext } from "~/access/request-context.server";
import { completeSetupFromRequest, SETUP_LINK_HOURS, usableSetupLink } from "~/auth/account-setup.server";
import { NewPasswordFields } from "~/components/person-fields";
import { ErrorSummary } from "~/components/ui";
import { useFormReply } from "~/components/ui/use-form-reply";
import { MIN_PASSWORD_LENGTH } from "~/models/people/person-rules";
import { PasswordFormSchema } from "~/models/people/person-form";
import { parseForm, readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

// The link's secret is in the address: the page title and the request log (which names the route pattern only) never
// show it, and the page links nowhere outside the portal.
export const meta: MetaFunction = () => [{ title: pageTitle("Choose your password") }];

export async function loader(args: LoaderFunctionArgs) {
  // Someone signed in who opens a set-up link is not the person it was sent to, or has set up already.
  if (getRequestContext(args)) throw redirect("/");
  const link = await usableSetupLink(args.params.token ?? "");
  return { workEmail: link?.workEmail ?? null, minLength: MIN_PASSWORD_LENGTH, hours: SETUP_LINK_HOURS };
}

export async function action(args: ActionFunctionArgs) {
  if (getRequestContext(args)) throw redirect("/");
  const parsed = parseForm(PasswordFormSchema, await readFormData(args.request));
  if (!parsed.ok) return { reply: parsed.reply, expired: false };
  const result = await completeSetupFromRequest(args.request, { secret: args.params.token ?? "", password: parsed.data.password });
  if (!result.ok) return { reply: null, expired: true };
  throw redirect("/sign-in?setUp=1");
}

export default function SetUp() {
  const { workEmail, minLength, hours } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("set-up", actionData?.reply ?? undefined);
  if (!workEmail || actionData?.expired) {
    return (
      <div className="max-w-xl">
        <h1>This link no longer works</h1>
        <p className="mb-4">
          A set-up link works once and for {hours} hours, and a newer link replaces it. Ask an administrator to send you a new one, or, if you have already
          chosen your password, <AppLink to="/sign-in">sign in</AppLink>.
        </p>
      </div>
    );
  }
  return (
    <div className="max-w-xl">
      <h1>Choose your password</h1>
      <p className="mb-4">
        This sets up the account for <strong className="break-all">{workEmail}</strong>. Only you will know the password: nobody at the portal, not even an
        administrator, can see it. This link works once.
      </p>
      <ErrorSummary errors={form.errors} order={["form", "password", "confirmPassword"]} />
      <Form method="post" {...form.formProps}>
        <NewPasswordFields form={form} minLength={minLength} label="Password" />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Saving…" : "Save my password"}
        </button>
      </Form>
    </div>
  );
}
