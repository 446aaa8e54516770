import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useLoaderData, useNavigation, useSearchParams } from "react-router";
import { z } from "zod";
import { getRequestContext } from "~/access/request-context.server";
import { clearedPendingSignInCookie, sessionCookie } from "~/auth/cookie.server";
import { completeSignInFromRequest, pendingSignInStep } from "~/auth/second-factor/sign-in-step.server";
import { endSessionReplacedBySignIn } from "~/auth/sign-out.server";
import { ErrorSummary, TextField } from "~/components/ui";
import { useFormReply } from "~/components/ui/use-form-reply";
import { parseForm, readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/page-title";
import { safeRedirect } from "~/utils/safe-redirect";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Sign in") }];

const CodeSchema = z.discriminatedUnion("method", [
  z.object({
    method: z.literal("totp"),
    code: z
      .string({ error: "Enter the 6-digit code from your authenticator app" })
      .transform((value) => value.replace(/\s/g, ""))
      .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app, numbers only")),
    redirectTo: z.string().optional(),
  }),
  z.object({
    method: z.literal("recovery"),
    code: z
      .string({ error: "Enter one of your recovery codes" })
      .trim()
      .pipe(z.string().regex(/^[A-Za-z2-7]{5}[\s-]?[A-Za-z2-7]{5}$/, "Enter a recovery code as it was shown to you, like ABCDE-FGH23")),
    redirectTo: z.string().optional(),
  }),
]);

const WRONG_CODE = {
  totp: "That code did not work. Enter the code your authenticator app shows now (it changes every 30 seconds).",
  recovery: "That recovery code did not work. Each code works once: try another of your codes.",
} as const;

// A sign-in in progress comes first: with a step pending, the page asks for its code whoever else is signed in in this
// browser (the sign-in ends their session when it completes). Without one, a signed-in person goes home.
export async function loader(args: LoaderFunctionArgs) {
  const firstStep = await pendingSignInStep(args.request);
  if (!firstStep && getRequestContext(args)) throw redirect("/");
  if (!firstStep) throw redirect("/sign-in?codeStepEnded=1", { headers: { "Set-Cookie": clearedPendingSignInCookie() } });
  return { recovery: args.url.searchParams.get("with") === "recovery", firstStep };
}

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  const formData = await readFormData(request);
  const method = formData.get("method") === "recovery" ? "recovery" : "totp";
  const parsed = parseForm(CodeSchema, formData);
  if (!parsed.ok) return { reply: parsed.reply, method };
  const result = await completeSignInFromRequest(request, { method: parsed.data.method, code: parsed.data.code });
  if (!result.ok && !result.again) throw redirect("/sign-in?codeStepEnded=1", { headers: { "Set-Cookie": clearedPendingSignInCookie() } });
  if (!result.ok) return { reply: parsed.reject({ code: WRONG_CODE[method] }), method };
  await endSessionReplacedBySignIn(args);
  const headers = new Headers();
  headers.append("Set-Cookie", clearedPendingSignInCookie());
  headers.append("Set-Cookie", sessionCookie(result.token));
  throw redirect(safeRedirect(parsed.data.redirectTo), { headers });
}

export default function SignInCode() {
  const { recovery: recoveryAsked, firstStep } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const recovery = actionData ? actionData.method === "recovery" : recoveryAsked;
  const form = useFormReply(recovery ? "sign-in-recovery" : "sign-in-code", actionData?.reply);
  const redirectTo = searchParams.get("redirectTo") ?? "/";
  const other = new URLSearchParams({ redirectTo, ...(recovery ? {} : { with: "recovery" }) });
  return (
    <div className="max-w-xl">
      <h1>{recovery ? "Enter a recovery code" : "Enter the code from your authenticator app"}</h1>
      <p className="mb-6">
        {recovery
          ? "Use one of the recovery codes you saved when you set up your authenticator app. Each code works once."
          : `${firstStep === "sso" ? "Your force account confirmed who you are." : "Your password was right."} Open the authenticator app on your phone and enter the 6-digit code it shows for the Staff Portal.`}
      </p>
      <ErrorSummary errors={form.errors} order={["form", "code"]} />
      <Form method="post" {...form.formProps}>
        <input type="hidden" name="method" value={recovery ? "recovery" : "totp"} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField
          key={`${recovery}-${actionData ? "again" : "first"}`}
          name="code"
          label={recovery ? "Recovery code" : "Code"}
          autoComplete="one-time-code"
          inputMode={recovery ? "text" : "numeric"}
          spellCheck={false}
          className={recovery ? "w-48" : "w-32"}
          error={form.errors.code}
        />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Checking…" : "Continue"}
        </button>
      </Form>
      <p className="mt-6">
        <AppLink to={`/sign-in/code?${other}`}>{recovery ? "Use the code from your authenticator app instead" : "Use a recovery code instead"}</AppLink>
      </p>
      <p className="mt-4 text-gray-700">
        Lost your phone and your recovery codes? Contact the service desk: an administrator can propose resetting your second factor, and a second administrator
        must approve it.
      </p>
    </div>
  );
}
