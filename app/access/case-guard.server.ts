// The guard for police-suspect cases. On top of the general guard (scope in the query, audit in the same
// transaction, "not found" for anything out of scope) every attempt by someone not on the case's access list raises
// an alert to PSD at once: an alert row for PSD's queue and content-free mail through the outbox, written in the
// transaction of the attempt's audit row.
import type { Action } from "#policies/subjects";
import { PSD_ROLES } from "#policies/rules/police-suspect-cases";
import type { DbTx } from "~/db.server";
import type { AlertKind, Prisma } from "~/generated/prisma/client";
import { notifyPeople, type CaseScope } from "~/models/police-suspect-case.server";
import { appendAudit, type AuditOutcome } from "~/utils/audit.server";
import { kickOutbox } from "~/utils/outbox.server";
import { forbidden, notFound } from "./errors.server";
import { accessScope } from "./guard.server";
import type { RequestContext } from "./request-context.server";

/** How the attempt reached the case: recorded with every decision and alert. */
export type CaseVia = "page" | "search" | "export" | "break-glass";

/** Where the person stands on an existing case they reached. */
export type CaseStance =
  | { kind: "read"; basis: "access list" | "break-glass" }
  | { kind: "declare" } // on the list, declaration missing: they see only the declaration form
  | { kind: "blocked" }; // declared a connection that PSD has not reviewed yet

export function caseScope(context: RequestContext, action: Action): CaseScope {
  return accessScope(context.ability, action, "PoliceSuspectCase");
}

function audit(context: RequestContext, tx: DbTx, entry: { action: string; caseId: string | null; outcome: AuditOutcome; reason?: string | null; details?: Record<string, unknown> }) {
  return appendAudit(tx, {
    actorId: context.actor.id,
    action: entry.action,
    subjectType: "PoliceSuspectCase",
    subjectId: entry.caseId,
    outcome: entry.outcome,
    reason: entry.reason ?? null,
    details: entry.details,
    ...context.client,
  });
}

/** PSD officers who may be told about something on this case: not conflicted on it, and not the person concerned. */
async function psdRecipients(tx: DbTx, caseId: string, exceptPersonId: string, extraRoles: Prisma.RoleAssignmentWhereInput["role"][] = []) {
  const roles = [...PSD_ROLES, ...extraRoles.filter(Boolean)] as Prisma.EnumRoleFilter["in"];
  const people = await tx.person.findMany({
    where: {
      active: true,
      id: { not: exceptPersonId },
      roles: { some: { role: { in: roles } } },
      NOT: { id: { in: (await tx.caseConflict.findMany({ where: { caseId }, select: { personId: true } })).map((row) => row.personId) } },
    },
    select: { id: true },
  });
  return people.map((person) => person.id);
}

/**
 * Raises an alert for PSD's queue and mails PSD (and, for break-glass, the nominated NPCC officer): content-free,
 * in the caller's transaction.
 */
export async function raiseAlert(tx: DbTx, alert: { caseId: string; personId: string; kind: AlertKind; via: CaseVia; auditEventId: bigint }): Promise<void> {
  await tx.accessAlert.create({ data: alert });
  const recipients = await psdRecipients(tx, alert.caseId, alert.personId, alert.kind === "BREAK_GLASS" ? ["NPCC_OFFICER"] : []);
  await notifyPeople(tx, recipients, "/alerts");
}

/**
 * Refuses an attempt on a case the person may not reach: audited, alerted to PSD if the case exists, and answered
 * exactly as a case that does not exist.
 */
export async function refuseCaseAttempt(context: RequestContext, tx: DbTx, attempt: { reference: string; action: string; via: CaseVia }): Promise<void> {
  const existing = await tx.policeSuspectCase.findUnique({ where: { reference: attempt.reference }, select: { id: true } });
  const auditEventId = await audit(context, tx, {
    action: attempt.action,
    caseId: existing?.id ?? null,
    outcome: existing ? "REFUSED" : "FAILURE",
    reason: existing ? "not on the access list" : "no such record",
    details: { via: attempt.via, ...(existing ? {} : { reference: attempt.reference }) },
  });
  if (existing) await raiseAlert(tx, { caseId: existing.id, personId: context.actor.id, kind: "UNLISTED_ATTEMPT", via: attempt.via, auditEventId });
}

/** Runs `refuseCaseAttempt` in its own transaction, wakes the mail worker, then answers "not found". */
export async function refuseCase(context: RequestContext, attempt: { reference: string; action: string; via: CaseVia }): Promise<never> {
  await context.prisma.$transaction((tx) => refuseCaseAttempt(context, tx, attempt));
  kickOutbox();
  notFound();
}

const caseRecordSelect = {
  id: true,
  reference: true,
  status: true,
  reportedAt: true,
  receivedAt: true,
  receivedHow: true,
  childrenInvolved: true,
  immediateDanger: true,
  account: true,
  suspectPersonId: true,
  suspectName: true,
  victimKind: true,
  victimPersonId: true,
  victimName: true,
  version: true,
  suspectForce: { select: { name: true, isHome: true } },
  suspectPerson: { select: { firstName: true, lastName: true, preferredName: true, workEmail: true, unit: { select: { name: true } } } },
  victimPerson: { select: { firstName: true, lastName: true, preferredName: true, workEmail: true } },
  supervisingOfficer: { select: { firstName: true, lastName: true, preferredName: true } },
  reportedBy: { select: { firstName: true, lastName: true, preferredName: true } },
} satisfies Prisma.PoliceSuspectCaseSelect;

export type CaseRecord = Prisma.PoliceSuspectCaseGetPayload<{ select: typeof caseRecordSelect }>;

export interface OpenedCase {
  caseRecord: CaseRecord | null; // null unless the person may read the content
  caseId: string;
  reference: string;
  stance: CaseStance;
  /** The victim's contact details, only for those who need them for safeguarding. */
  mayReadSafeguarding: boolean;
  victimContact: string | null;
}

/**
 * Opens a case by reference for the person: the content if they may read it, the declaration form if they are on
 * the list and have not declared, "blocked" while a declared connection awaits PSD. Audited either way; anyone
 * else gets "not found", and PSD an alert.
 */
export async function openCase(context: RequestContext, reference: string, via: CaseVia = "page"): Promise<OpenedCase> {
  const opened = await context.prisma.$transaction(async (tx) => {
    const shell = await tx.policeSuspectCase.findFirst({ where: { AND: [caseScope(context, "open"), { reference }] }, select: { id: true, reference: true } });
    if (!shell) {
      await refuseCaseAttempt(context, tx, { reference, action: "access.read", via });
      return null;
    }
    const readable = await tx.policeSuspectCase.findFirst({ where: { AND: [caseScope(context, "read"), { id: shell.id }] }, select: caseRecordSelect });
    const safeguarding = readable
      ? await tx.policeSuspectCase.findFirst({ where: { AND: [caseScope(context, "readSafeguarding"), { id: shell.id }] }, select: { victimContact: true } })
      : null;
    const entries = await tx.caseAccess.findMany({
      where: { caseId: shell.id, personId: context.actor.id, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
      select: { declarationState: true },
    });
    const declared = entries.some((entry) => entry.declarationState === "NO_CONNECTION" || entry.declarationState === "CLEARED");
    let stance: CaseStance;
    if (readable) stance = { kind: "read", basis: declared ? "access list" : "break-glass" };
    else if (entries.some((entry) => entry.declarationState === "PENDING_REVIEW")) stance = { kind: "blocked" };
    else stance = { kind: "declare" };
    const auditEventId = await audit(context, tx, {
      action: readable ? "access.read" : "access.open",
      caseId: shell.id,
      outcome: "ALLOWED",
      reason: readable ? null : stance.kind === "blocked" ? "declared connection awaiting review: content withheld" : "declaration required: content withheld",
      details: { via, ...(readable ? { basis: (stance as { basis: string }).basis, safeguardingDetails: Boolean(safeguarding) } : {}) },
    });
    // Content reached without a declaration on record (break-glass): PSD is told, once per break-glass window.
    if (readable && !declared) {
      const window = await tx.breakGlassAccess.findFirst({ where: { caseId: shell.id, personId: context.actor.id, expiresAt: { gt: new Date() } }, orderBy: { startedAt: "desc" } });
      const alreadyAlerted = window
        ? await tx.accessAlert.count({ where: { caseId: shell.id, personId: context.actor.id, kind: "MISSING_DECLARATION", raisedAt: { gte: window.startedAt } } })
        : 0;
      if (!alreadyAlerted) await raiseAlert(tx, { caseId: shell.id, personId: context.actor.id, kind: "MISSING_DECLARATION", via, auditEventId });
    }
    return { caseRecord: readable, caseId: shell.id, reference: shell.reference, stance, mayReadSafeguarding: safeguarding !== null, victimContact: safeguarding?.victimContact ?? null };
  });
  kickOutbox();
  if (!opened) notFound();
  return opened;
}

/** Checks that the person may do `action` on the case (audited either way); refused attempts alert PSD. */
export async function requireCaseAction(context: RequestContext, reference: string, action: Action, auditAction: string, via: CaseVia = "page"): Promise<{ id: string; suspectPersonId: string | null; version: number }> {
  const found = await context.prisma.$transaction(async (tx) => {
    const record = await tx.policeSuspectCase.findFirst({ where: { AND: [caseScope(context, action), { reference }] }, select: { id: true, suspectPersonId: true, version: true } });
    if (record) {
      await audit(context, tx, { action: auditAction, caseId: record.id, outcome: "ALLOWED", details: { via } });
      return { record };
    }
    // On the list but without this right: refused and audited, no alert (they may know the case exists).
    const listed = await tx.policeSuspectCase.findFirst({ where: { AND: [caseScope(context, "open"), { reference }] }, select: { id: true } });
    if (listed) {
      await audit(context, tx, { action: auditAction, caseId: listed.id, outcome: "REFUSED", reason: "no rule allows it", details: { via } });
      return { refused: true as const };
    }
    await refuseCaseAttempt(context, tx, { reference, action: auditAction, via });
    return null;
  });
  kickOutbox();
  if (!found) notFound();
  if ("refused" in found) forbidden();
  return found.record;
}

export { audit as auditCaseEvent };

/** Which of these actions the person may take on the case (one scoped count each). */
export async function mayOnCase<A extends Action>(context: RequestContext, caseId: string, actions: readonly A[]): Promise<Record<A, boolean>> {
  const entries = await Promise.all(
    actions.map(async (action) => [action, (await context.prisma.policeSuspectCase.count({ where: { AND: [caseScope(context, action), { id: caseId }] } })) > 0] as const),
  );
  return Object.fromEntries(entries) as Record<A, boolean>;
}
