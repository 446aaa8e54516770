// Starts single sign-on with the force's identity provider (ADR 031): a POST from the sign-in page's button. The state,
// nonce and PKCE verifier go into a sealed, short-lived cookie; the browser goes to the provider with the state only.
import type { ActionFunctionArgs } from "react-router";
import { redirect } from "react-router";
import { pendingSsoCookie } from "~/auth/sso/pending.server";
import { startSsoSignIn } from "~/auth/sso/sso-sign-in.server";
import { ssoSettings } from "~/auth/sso/settings.server";
import { appLogger } from "~/utils/logger.server";
import { readFormData } from "~/utils/forms";
import { safeRedirect } from "~/utils/safe-redirect";

// Nothing to show: a GET changes nothing and leads back to the sign-in page.
export function loader() {
  return redirect("/sign-in");
}

// Whoever else is signed in in this browser (the sign-in page was open in another tab) stays so until the callback
// completes this sign-in, which ends their session.
export async function action(args: ActionFunctionArgs) {
  const settings = ssoSettings();
  if (!settings) throw redirect("/sign-in");
  const redirectTo = safeRedirect((await readFormData(args.request)).get("redirectTo"));
  const started = await startSsoSignIn(settings, redirectTo).catch((error: unknown) => {
    appLogger().error({ err: error }, "single sign-on: the identity provider could not be reached");
    return null;
  });
  if (!started) throw redirect("/sign-in?sso=unavailable");
  throw redirect(started.url, { headers: { "Set-Cookie": pendingSsoCookie(started.pending) } });
}
