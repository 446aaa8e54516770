import type { RequestContext } from "~/access/request-context.server";
import { listAccessible } from "~/access/guard.server";
import type { DbTx } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";

const SHOWN = 200;

/** Mail the outbox gave up on, newest first: who it was for, what kind, and the mail server's last answer. Never its body. */
export function listFailedMail(context: RequestContext) {
  return listAccessible(context, "OutboxMessage", (tx: DbTx, scope: Prisma.OutboxMessageWhereInput) =>
    tx.outboxMessage.findMany({
      where: { AND: [scope, { status: "FAILED" }] },
      select: { id: true, toAddress: true, template: true, attempts: true, lastError: true, createdAt: true },
      orderBy: { queuedSeq: "desc" },
      take: SHOWN,
    }),
  );
}
