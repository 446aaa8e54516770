// The answer to a sign-in's accepted first step, a password or the identity provider's, in one place for both ways in
// (ADR 051): the session this browser still held ends, then the browser goes to the code step or is signed in.
import { redirect } from "react-router";
import type { RouterArgs } from "~/access/request-context.server";
import { clearedPendingSignInCookie, clearedSessionCookie, pendingSignInCookie, readPendingSignInToken, sessionCookie } from "./cookie.server";
import { CHALLENGE_MINUTES } from "./second-factor/challenge.server";
import { endSessionReplacedBySignIn } from "./sign-out.server";

/** What an accepted first step gives: a session, or a code step still to come. */
export type AcceptedFirstStep = { token: string } | { challenge: string };

/**
 * Throws the redirect that answers an accepted first step, adding its cookies to `headers` (which may already hold
 * others, such as the cleared single sign-on cookie).
 */
export async function answerAcceptedFirstStep(
  args: RouterArgs & { request: Request },
  accepted: AcceptedFirstStep,
  redirectTo: string,
  headers = new Headers(),
): Promise<never> {
  // Someone else's session in this browser (the sign-in page was open in another tab while they signed in) ends here,
  // so that the person at the keyboard never carries on as them.
  const replaced = await endSessionReplacedBySignIn(args);
  if ("challenge" in accepted) {
    if (replaced) headers.append("Set-Cookie", clearedSessionCookie());
    headers.append("Set-Cookie", pendingSignInCookie(accepted.challenge, CHALLENGE_MINUTES * 60));
    throw redirect(`/sign-in/code?${new URLSearchParams({ redirectTo })}`, { headers });
  }
  // A code step left open in another tab cannot then complete over this session.
  if (readPendingSignInToken(args.request)) headers.append("Set-Cookie", clearedPendingSignInCookie());
  headers.append("Set-Cookie", sessionCookie(accepted.token));
  throw redirect(redirectTo, { headers });
}
