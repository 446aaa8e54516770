import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { redirect } from "react-router";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "react-router";
import { z } from "zod";
import { getRequestContext } from "~/access/request-context.server";
import { answerAcceptedFirstStep } from "~/auth/accepted-sign-in.server";
import { CHALLENGE_MINUTES } from "~/auth/second-factor/challenge.server";
import { signInFromRequest } from "~/auth/sign-in.server";
import { passwordSignInEnabled, ssoSettings } from "~/auth/sso/settings.server";
import { ErrorSummary, TextField } from "~/components/ui";
import { useFormReply } from "~/components/ui/use-form-reply";
import { env } from "~/config/env.server";
import { parseForm, readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/page-title";
import { safeRedirect } from "~/utils/safe-redirect";

export const meta: MetaFunction = () => [{ title: pageTitle("Sign in") }];

const SignInSchema = z.object({
  email: z
    .string({ error: "Enter your work email address" })
    .trim()
    .min(1, "Enter your work email address")
    .max(254, "Email address must be 254 characters or fewer")
    .pipe(z.email({ error: "Enter an email address in the correct format, like name@example.police.uk" })),
  password: z.string({ error: "Enter your password" }).min(1, "Enter your password").max(200, "Password must be 200 characters or fewer"),
  redirectTo: z.string().optional(),
});

// One message for every failure, so that the page never reveals whether an account exists or is locked. Single sign-on
// refused by the portal (an unknown, disabled or unverified email) shows the same one.
const NOT_SIGNED_IN =
  "Those details did not work. Check your email address and password. After several failed attempts sign-in is paused for a while: wait, then try again, or contact the service desk.";

const PASSWORD_SIGN_IN_OFF = "Sign-in with a password is switched off. Choose “Use your force account” instead.";
const SSO_UNAVAILABLE = "Your force account could not be reached just now. Wait a few minutes, then try again, or contact the service desk.";

export async function loader(args: LoaderFunctionArgs) {
  if (getRequestContext(args)) throw redirect("/");
  const url = args.url;
  return {
    expired: url.searchParams.get("expired") === "1",
    signedOut: url.searchParams.get("signedOut") === "1",
    setUp: url.searchParams.get("setUp") === "1",
    codeStepEnded: url.searchParams.get("codeStepEnded") === "1",
    codeStepMinutes: CHALLENGE_MINUTES,
    idleMinutes: env().SESSION_IDLE_MINUTES,
    sso: ssoSettings() !== null,
    passwordSignIn: passwordSignInEnabled(),
    ssoProblem: ({ refused: NOT_SIGNED_IN, unavailable: SSO_UNAVAILABLE } as Record<string, string>)[url.searchParams.get("sso") ?? ""] ?? null,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  const startedAt = performance.now();
  const parsed = parseForm(SignInSchema, await readFormData(request));
  // Each answer is a new attempt: the password box starts empty again even when the page's scripts kept it.
  const attempt = randomUUID();
  if (!parsed.ok) return { reply: parsed.reply, attempt };
  // With password sign-in switched off (PASSWORD_SIGN_IN=off, ADR 031) no password is checked at all.
  if (!passwordSignInEnabled()) return { reply: parsed.reject({ form: PASSWORD_SIGN_IN_OFF }), attempt };
  // A failure comes back only once the same time has passed for every kind (sign-in.server.ts).
  const result = await signInFromRequest(request, { email: parsed.data.email, password: parsed.data.password }, startedAt);
  if (!result.ok) return { reply: parsed.reject({ form: NOT_SIGNED_IN }), attempt };
  return answerAcceptedFirstStep(args, result, safeRedirect(parsed.data.redirectTo));
}

export default function SignIn() {
  const { expired, signedOut, setUp, codeStepEnded, codeStepMinutes, idleMinutes, sso, passwordSignIn, ssoProblem } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  // The email typed is shown again after a refusal; the password never is.
  const form = useFormReply("sign-in", actionData?.reply);
  return (
    <div className="max-w-xl">
      <h1>Sign in</h1>
      {expired && !actionData ? (
        <p role="status" className="mb-6 border-l-4 border-brand bg-gray-100 p-3">
          You were signed out: the portal was not used for {idleMinutes} minutes, your session reached its time limit, or it was ended from another device. Sign
          in again to continue.
        </p>
      ) : null}
      {signedOut && !actionData ? (
        <p role="status" className="mb-6 border-l-4 border-success bg-gray-100 p-3">
          You have signed out.
        </p>
      ) : null}
      {setUp && !actionData ? (
        <p role="status" className="mb-6 border-l-4 border-success bg-gray-100 p-3">
          Your password is saved. Sign in with your work email address and your new password.
        </p>
      ) : null}
      {codeStepEnded && !actionData ? (
        <p role="status" className="mb-6 border-l-4 border-brand bg-gray-100 p-3">
          Sign-in was not completed: too many wrong codes, or it took longer than {codeStepMinutes} minutes. Start again with your email address and password.
        </p>
      ) : null}
      <ErrorSummary errors={actionData ? form.errors : ssoProblem ? { form: ssoProblem } : undefined} order={["form", "email", "password"]} />
      {sso ? (
        <Form method="post" action="/sign-in/sso" className="mb-8">
          <p className="mb-4">Use the account you sign in to your force&apos;s computers with.</p>
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
          <button type="submit" className="button">
            Use your force account
          </button>
        </Form>
      ) : null}
      {passwordSignIn ? <PasswordForm form={form} attempt={actionData?.attempt} busy={busy} withSso={sso} /> : null}
      <p className="mt-8 text-gray-700">
        On a shared or borrowed device, sign out when you finish and close the browser. The quick exit button at the top of every page leaves the portal at
        once.
      </p>
    </div>
  );
}

function PasswordForm({ form, attempt, busy, withSso }: { form: ReturnType<typeof useFormReply>; attempt?: string; busy: boolean; withSso: boolean }) {
  const [searchParams] = useSearchParams();
  return (
    <>
      {withSso ? <h2 className="mb-4 text-xl font-bold">Or use your portal password</h2> : null}
      <Form method="post" {...form.formProps}>
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
        <TextField
          name="email"
          label="Work email address"
          type="email"
          autoComplete="username"
          spellCheck={false}
          defaultValue={form.text("email")}
          error={form.errors.email}
        />
        <TextField key={attempt} name="password" label="Password" type="password" autoComplete="current-password" error={form.errors.password} />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </Form>
    </>
  );
}
