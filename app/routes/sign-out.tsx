import type { ActionFunctionArgs } from "react-router";
import { redirect } from "react-router";
import { getRequestContext } from "~/access/request-context.server";
import { clearedSessionCookie } from "~/auth/cookie.server";
import { invalidateSession } from "~/auth/session.server";
import { appendAudit } from "~/utils/audit.server";

export async function loader() {
  throw redirect("/");
}

export async function action(args: ActionFunctionArgs) {
  const context = getRequestContext(args);
  if (context) {
    await context.prisma.$transaction(async (tx) => {
      await invalidateSession(tx, context.sessionId);
      await appendAudit(tx, { actorId: context.actor.id, action: "auth.sign_out", subjectType: "Person", subjectId: context.actor.id, outcome: "SUCCESS", ...context.client });
    });
  }
  throw redirect("/sign-in?signedOut=1", { headers: { "Set-Cookie": clearedSessionCookie() } });
}
