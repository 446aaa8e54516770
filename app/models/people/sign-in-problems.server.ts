// Accounts whose sign-in is locked or failing, for the administrators' security page, within their scope.
import type { DbTx } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { ChangeRejected } from "~/utils/forms";
import { forgetAccountLocks } from "~/auth/sign-in-throttle.server";

/** Accounts whose sign-in is locked at `now`, within the caller's scope of credentials. */
export function countLockedAccounts(tx: DbTx, scope: Prisma.CredentialWhereInput, now: Date): Promise<number> {
  return tx.credential.count({ where: { AND: [scope, { lockedUntil: { gt: now } }] } });
}

/** Accounts locked now, or with failed sign-ins since `since`, within the caller's scope of credentials. */
export function listSignInProblems(tx: DbTx, scope: Prisma.CredentialWhereInput, now: Date, since: Date) {
  return tx.credential.findMany({
    where: { AND: [scope, { OR: [{ lockedUntil: { gt: now } }, { failedAttempts: { gt: 0 }, lastFailedAt: { gt: since } }] }] },
    select: {
      personId: true,
      failedAttempts: true,
      lastFailedAt: true,
      lockedUntil: true,
      person: { select: { firstName: true, lastName: true, preferredName: true, workEmail: true } },
    },
    orderBy: [{ lastFailedAt: { sort: "desc", nulls: "last" } }, { personId: "asc" }],
    take: 200,
  });
}

/**
 * Lifts a sign-in lock (and forgets the failures, including each address's lockout from the account) if the account
 * is still locked; throws ChangeRejected if not.
 */
export async function unlockCredential(tx: DbTx, scope: Prisma.CredentialWhereInput, personId: string, now: Date): Promise<void> {
  const { count } = await tx.credential.updateMany({
    where: { AND: [scope, { personId, lockedUntil: { gt: now } }] },
    data: { failedAttempts: 0, lockedUntil: null },
  });
  if (count === 0) throw new ChangeRejected({ form: "That account is not locked any more." });
  const person = await tx.person.findUniqueOrThrow({ where: { id: personId }, select: { workEmail: true } });
  await forgetAccountLocks(tx, person.workEmail);
}
