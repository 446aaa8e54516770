// Where the identity provider sends the browser back (ADR 031). The GET only shows the provider's answer in a form:
// no GET signs anyone in. The form's POST (sent at once by the page's script, or by the button without JavaScript)
// has the answer checked and the person signed in, sent to the code step, or refused like a failed password.
import { useEffect, useRef } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useLoaderData, useNavigation } from "react-router";
import { answerAcceptedFirstStep } from "~/auth/accepted-sign-in.server";
import { clearedPendingSsoCookie, readPendingSso } from "~/auth/sso/pending.server";
import { CALLBACK_PARAMETERS, signInWithSsoFromRequest } from "~/auth/sso/sso-sign-in.server";
import { readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/page-title";
import { safeRedirect } from "~/utils/safe-redirect";

export const meta: MetaFunction = () => [{ title: pageTitle("Sign in") }];

/** The provider's answer, exactly the parameters the check reads, each no longer than any real one. */
function answerOf(source: URLSearchParams | FormData): Array<[string, string]> {
  return CALLBACK_PARAMETERS.flatMap((name) => {
    const value = source.get(name);
    return typeof value === "string" && value.length <= 2048 ? [[name, value] as [string, string]] : [];
  });
}

export function loader(args: LoaderFunctionArgs) {
  return { answer: answerOf(args.url.searchParams) };
}

export async function action(args: ActionFunctionArgs) {
  const startedAt = performance.now();
  const answer = new URLSearchParams(answerOf(await readFormData(args.request)));
  const redirectTo = safeRedirect(readPendingSso(args.request)?.redirectTo);
  const result = await signInWithSsoFromRequest(args.request, answer, startedAt);
  const headers = new Headers();
  headers.append("Set-Cookie", clearedPendingSsoCookie());
  if (!result.ok) throw redirect("/sign-in?sso=refused", { headers });
  return answerAcceptedFirstStep(args, result, redirectTo, headers);
}

export default function SsoCallback() {
  const { answer } = useLoaderData<typeof loader>();
  const form = useRef<HTMLFormElement>(null);
  const sent = useRef(false);
  const busy = useNavigation().state !== "idle";
  // With JavaScript the answer goes on at once (once: a code works only once); without it, the button does the same.
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    form.current?.requestSubmit();
  }, []);
  return (
    <div className="max-w-xl">
      <h1>Finishing signing in</h1>
      <p className="mb-6">Your force account has answered. Continue to finish signing in to the portal.</p>
      <Form method="post" ref={form} replace>
        {answer.map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Signing in…" : "Continue"}
        </button>
      </Form>
    </div>
  );
}
