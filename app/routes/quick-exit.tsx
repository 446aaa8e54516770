import type { ActionFunctionArgs, LoaderFunctionArgs } from "react-router";
import { redirect } from "react-router";
import { getRequestContext } from "~/access/request-context.server";
import { clearedSessionCookie } from "~/auth/cookie.server";
import { endSession } from "~/auth/sign-out.server";
import { env } from "~/config/env.server";

/** Ends the session so that Back, or someone else at the device, finds only the sign-in page. */
async function leave(args: LoaderFunctionArgs | ActionFunctionArgs) {
  const context = getRequestContext(args);
  if (context) await endSession(context, "quick exit");
}

// Without JavaScript the quick exit link comes here and is sent straight on to the neutral site.
export async function loader(args: LoaderFunctionArgs) {
  await leave(args);
  throw redirect(env().QUICK_EXIT_URL, { headers: { "Set-Cookie": clearedSessionCookie(), "Cache-Control": "no-store" } });
}

// With JavaScript the page leaves at once and a beacon ends the session in the background.
export async function action(args: ActionFunctionArgs) {
  await leave(args);
  return new Response(null, { status: 204, headers: { "Set-Cookie": clearedSessionCookie() } });
}
