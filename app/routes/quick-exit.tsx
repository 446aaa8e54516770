import type { ActionFunctionArgs } from "react-router";
import { redirect } from "react-router";
import { getRequestContext } from "~/access/request-context.server";
import { clearedSessionCookie } from "~/auth/cookie.server";
import { endSession } from "~/auth/sign-out.server";
import { env } from "~/config/env.server";

// A GET changes nothing (a link from anywhere could otherwise sign someone out): it only sends the browser on to the
// neutral site. Ending the session takes a POST from the portal's own page (the Origin check, ADR 007).
export function loader() {
  throw redirect(env().QUICK_EXIT_URL, { headers: { "Cache-Control": "no-store" } });
}

// The quick exit button's form (without JavaScript): the session ends, and the browser goes on to the neutral site.
// With JavaScript the page leaves at once and a beacon (`?beacon`) ends the session in the background: no redirect for
// the browser to follow to the neutral site a second time.
export async function action(args: ActionFunctionArgs) {
  const context = getRequestContext(args);
  if (context) await endSession(context, "quick exit");
  const headers = { "Set-Cookie": clearedSessionCookie(), "Cache-Control": "no-store" };
  if (args.url.searchParams.has("beacon")) return new Response(null, { status: 204, headers });
  throw redirect(env().QUICK_EXIT_URL, { status: 303, headers });
}
