// A person changes their own password: the current one first, then the new one. Their other sessions end, so a
// password changed because it leaked also ends the sessions of whoever used it. Audited either way.
import type { RequestContext } from "~/access/request-context.server";
import { appendAudit } from "~/utils/audit.server";
import { hashPassword, verifyPassword } from "~/utils/password.server";

export type PasswordChange = { ok: true; otherSessionsEnded: number } | { ok: false; problem: "wrong-current" | "no-password" };

export async function changeOwnPassword(context: RequestContext, input: { current: string; next: string }): Promise<PasswordChange> {
  const personId = context.actor.id;
  const credential = await context.prisma.credential.findUnique({ where: { personId }, select: { passwordHash: true } });
  const matches = credential ? await verifyPassword(credential.passwordHash, input.current) : false;
  const audit = { actorId: personId, action: "credential.change", subjectType: "Person", subjectId: personId, ...context.client };
  if (!credential || !matches) {
    await context.prisma.$transaction((tx) =>
      appendAudit(tx, { ...audit, outcome: "FAILURE", reason: credential ? "current password did not match" : "no password to change" }),
    );
    return { ok: false, problem: credential ? "wrong-current" : "no-password" };
  }
  const passwordHash = await hashPassword(input.next);
  const otherSessionsEnded = await context.prisma.$transaction(async (tx) => {
    await tx.credential.update({ where: { personId }, data: { passwordHash, failedAttempts: 0, lastFailedAt: null, lockedUntil: null } });
    const { count } = await tx.session.deleteMany({ where: { personId, id: { not: context.sessionId } } });
    await appendAudit(tx, { ...audit, outcome: "SUCCESS", details: { otherSessionsEnded: count } });
    return count;
  });
  return { ok: true, otherSessionsEnded };
}
