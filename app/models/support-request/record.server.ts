// A support request as the guard finds it: the id check every entry point makes, and what a change holds of the
// request it was allowed to make (found through the scope of its action, in the transaction of the change).
import type { Action } from "#policies/subjects";
import { notFound } from "~/access/errors.server";
import type { DbTx } from "~/db.server";
import type { Prisma, Role } from "~/generated/prisma/client";
import { isId } from "~/utils/ids";

export const SUBJECT = "SupportRequest";

/** Whether the id names a request at all: for the audit trail only (the person sees "not found" either way). */
export async function requestExists(tx: DbTx, id: string): Promise<boolean> {
  return (await tx.supportRequest.count({ where: { id } })) > 0;
}

/**
 * What a request must carry for the rules to decide on it in memory: the colleague the employee named, if any, and
 * whether the reader is in that colleague's line chain now (`notConflictedOnRequest` in policies/rules/support.ts),
 * and whether the reader is above the employee in line management now (`notAboveTheEmployee`).
 */
export function conflictFacts(readerId: string) {
  return {
    abuserPersonId: true,
    abuserPerson: { select: { chain: { where: { ancestorId: readerId }, select: { ancestorId: true } } } },
    employee: { select: { chain: { where: { ancestorId: readerId }, select: { ancestorId: true } } } },
  } as const;
}

/**
 * The person's own request as the rules see it before there is one to load (a new draft, the export of all of
 * theirs): decided by its owner alone. It names nobody, so the conflict facts the guard asks for are empty.
 */
export function ownRequest(employeeId: string) {
  return { employeeId, abuserPersonId: null, abuserPerson: null, employee: { chain: [] } };
}

/** What a change holds of the request it was allowed to make. */
export interface RequestInHand {
  id: string;
  employeeId: string;
  status: string;
  assignedToId: string | null;
  safeChannels: string[];
  unsafeChannels: string[];
  service: { name: string; queueRole: Role | null } | null;
}

/**
 * The guard's query for a change to request `id` by `action` (for `changeAccessible`): someone who may read the
 * request but not do this is refused with 403; anyone else finds nothing. Anything that is not a request id is
 * "not found" at once.
 */
export function requestInHand(id: string, action: Action) {
  if (!isId(id)) notFound();
  return {
    model: SUBJECT,
    id,
    action,
    knownThrough: "read",
    find: (tx: DbTx, where: Prisma.SupportRequestWhereInput): Promise<RequestInHand | null> =>
      tx.supportRequest.findFirst({
        where,
        select: {
          id: true,
          employeeId: true,
          status: true,
          assignedToId: true,
          safeChannels: true,
          unsafeChannels: true,
          service: { select: { name: true, queueRole: true } },
        },
      }),
    exists: requestExists,
  } as const;
}
