// The one way a session ends at the person's own request, whatever the way out: the session is deleted from the
// database (a replayed cookie then gets nothing) and the audit trail says how they left, in one transaction.
import { getRequestContext, type RequestContext, type RouterArgs } from "~/access/request-context.server";
import { appendAudit } from "~/utils/audit.server";
import { invalidateSession } from "./session.server";

/**
 * Signing out from the header, leaving at once by the quick exit, or someone signing in in a browser that still held
 * a session (a sign-in page left open in another tab): that session ends rather than outlive the cookie it loses.
 */
export type WayOut = "sign out" | "quick exit" | "another sign-in";

const AUDIT_ACTION: Record<WayOut, string> = {
  "sign out": "auth.sign_out",
  "quick exit": "auth.quick_exit",
  "another sign-in": "auth.session_replaced",
};

export async function endSession(context: RequestContext, way: WayOut): Promise<void> {
  await context.prisma.$transaction(async (tx) => {
    await invalidateSession(tx, context.sessionId);
    await appendAudit(tx, {
      actorId: context.actor.id,
      action: AUDIT_ACTION[way],
      subjectType: "Person",
      subjectId: context.actor.id,
      outcome: "SUCCESS",
      ...context.client,
    });
  });
}

/**
 * A sign-in was just accepted in this browser: the session it still held (someone else's, signed in from another tab)
 * ends, rather than outlive the cookie it is about to lose (ADR 051). Returns whether there was one.
 */
export async function endSessionReplacedBySignIn(args: RouterArgs): Promise<boolean> {
  const previous = getRequestContext(args);
  if (previous) await endSession(previous, "another sign-in");
  return previous !== null;
}
