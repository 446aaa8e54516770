import type { ActionFunctionArgs } from "react-router";
import { redirect } from "react-router";
import { getRequestContext } from "~/access/request-context.server";
import { clearedSessionCookie } from "~/auth/cookie.server";
import { endSession } from "~/auth/sign-out.server";

export async function loader() {
  throw redirect("/");
}

export async function action(args: ActionFunctionArgs) {
  const context = getRequestContext(args);
  if (context) await endSession(context, "sign out");
  throw redirect("/sign-in?signedOut=1", { headers: { "Set-Cookie": clearedSessionCookie() } });
}
