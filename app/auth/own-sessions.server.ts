// "Where you're signed in": a person's own sessions, listed and ended through the guard (the rules give every person
// `list` and `end` on sessions whose personId is theirs, and nobody else's). A session is named on the page by an
// opaque handle, SHA-256 of its id, never by the id: the id is half of the cookie, and the page's source is no place
// for it. A handle posted by someone it does not belong to is answered as one that does not exist, and audited.
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { accessScope, changeDecidedInTransaction, changeWithAudit, listAccessible } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import { formatDateTime } from "~/utils/dates";
import { deviceHint } from "./device-hint.server";

export interface OwnSession {
  handle: string;
  device: string;
  address: string;
  signedInAt: string;
  lastSeenAt: string;
  current: boolean;
}

/** The opaque name of a session on the page: SHA-256 of its id, in hex (what the SQL below computes too). */
export function sessionHandle(sessionId: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(sessionId)));
}

const HANDLE = /^[0-9a-f]{64}$/;

/** The person's live sessions, the one of this request first, then the most recently used. */
export async function listOwnSessions(context: RequestContext, now = new Date()): Promise<OwnSession[]> {
  const rows = await listAccessible(context, "Session", (tx, scope) =>
    tx.session.findMany({
      where: { AND: [scope, { idleExpiresAt: { gt: now } }, { absoluteExpiresAt: { gt: now } }] },
      select: { id: true, createdAt: true, lastUsedAt: true, ipAddress: true, userAgent: true },
      orderBy: [{ lastUsedAt: "desc" }, { createdAt: "desc" }],
    }),
  );
  const sessions = rows.map((row) => ({
    handle: sessionHandle(row.id),
    device: deviceHint(row.userAgent),
    address: row.ipAddress ?? "Not recorded",
    signedInAt: formatDateTime(row.createdAt),
    lastSeenAt: formatDateTime(row.lastUsedAt),
    current: row.id === context.sessionId,
  }));
  return [...sessions.filter((session) => session.current), ...sessions.filter((session) => !session.current)];
}

/**
 * Ends one of the person's own sessions, named by its handle: its row is deleted, so that browser is signed out at its
 * next request. False, audited, for a handle that names no session or someone else's (the page says "not found").
 */
export async function endOwnSession(context: RequestContext, handle: string): Promise<boolean> {
  const wanted = HANDLE.test(handle) ? handle : "";
  try {
    await changeDecidedInTransaction(context, {
      action: "end",
      model: "Session",
      load: async (tx) => {
        const [row] = await tx.$queryRaw<{ id: string; personId: string }[]>`
          SELECT "id", "personId"::text AS "personId" FROM "session"
          WHERE encode(sha256(convert_to("id", 'UTF8')), 'hex') = ${wanted} FOR UPDATE`;
        return row ?? null;
      },
      change: (tx, session) => tx.session.deleteMany({ where: { id: session.id } }),
      audit: {
        action: "session.end",
        details: (result) => ({ ended: result.count, which: "one" }),
        refusedBecause: "another person's session",
        missingBecause: "no such session",
        refusalDetails: { which: "one", handle: handle.slice(0, 64) },
      },
    });
    return true;
  } catch (error) {
    if (error instanceof Response && error.status === 404) return false;
    throw error;
  }
}

/** Ends every session of the person but the one of this request; the number ended. */
export async function endOtherOwnSessions(context: RequestContext): Promise<number> {
  const { count } = await changeWithAudit(
    context,
    { action: "end", model: "Session", record: { personId: context.actor.id } },
    (tx) => tx.session.deleteMany({ where: { AND: [accessScope(context.ability, "end", "Session"), { id: { not: context.sessionId } }] } }),
    { action: "session.end", details: (result) => ({ ended: result.count, which: "all others" }) },
  );
  return count;
}
