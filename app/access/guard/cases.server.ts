// The guard for police-suspect cases. On top of the general guard (scope in the query, audit in the same
// transaction, "not found" for anything out of scope) every attempt by someone not on the case's access list raises
// an alert to PSD at once: an alert row for PSD's queue and content-free mail through the outbox, written in the
// transaction of the attempt's audit row.
import type { Action } from "#policies/subjects";
import { PSD_ROLES } from "#policies/rules/police-suspect-cases";
import type { DbTx } from "~/db.server";
import type { AlertKind, Role } from "~/generated/prisma/client";
import { mailRecipients, type CaseScope, type MailRecipient } from "~/models/cases/case.server";
import { appendAudit, type AuditOutcome } from "~/utils/audit.server";
import { kickOutbox } from "~/utils/outbox.server";
import { mayReadAsPsd, noteBreakGlass, notePsdCaseRead, quietReadNow } from "~/models/oversight/quiet-reads.server";
import { forbidden, notFound } from "../errors.server";
import { subject as asSubject } from "@casl/ability";
import { accessScope } from "./records.server";
import type { RequestContext } from "../request-context.server";
import { caseDetails, type CaseDetails } from "./case-details.server";
import type { Arrival } from "../arrival.server";

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

async function audit(
  context: RequestContext,
  tx: DbTx,
  entry: {
    action: string;
    caseId: string | null;
    outcome: AuditOutcome;
    reason?: string | null;
    details?: Record<string, unknown>;
    /** Whether the suspect is in PSD, where the caller read it with the case (spares the quiet-read hook its query). */
    suspect?: { personId: string | null; inPsd: boolean };
  },
): Promise<bigint> {
  const auditEventId = await appendAudit(tx, {
    actorId: context.actor.id,
    action: entry.action,
    subjectType: "PoliceSuspectCase",
    subjectId: entry.caseId,
    outcome: entry.outcome,
    reason: entry.reason ?? null,
    details: entry.details,
    ...context.client,
  });
  // A PSD officer's read of a case about PSD is listed for the nominated NPCC officer's review (quiet reads).
  if (entry.caseId && (entry.outcome === "ALLOWED" || entry.outcome === "SUCCESS"))
    await notePsdCaseRead(tx, context, { caseId: entry.caseId, action: entry.action, auditEventId, suspect: entry.suspect });
  return auditEventId;
}

/**
 * PSD officers (and any extra roles) who may be told about something on this case: active, not conflicted on it
 * (recorded, or in the suspect's line chain as it is now), and not the person concerned. One statement, with what their mail needs.
 */
async function psdRecipients(tx: DbTx, caseId: string, exceptPersonId: string, extraRoles: Role[] = []): Promise<MailRecipient[]> {
  const roles: Role[] = [...PSD_ROLES, ...extraRoles];
  return tx.$queryRaw<MailRecipient[]>`
    SELECT p."workEmail", p."firstName", p."preferredName"
    FROM "person" p
    WHERE p."active" AND p."id" <> ${exceptPersonId}::uuid
      AND EXISTS (SELECT 1 FROM "role_assignment" r WHERE r."personId" = p."id" AND r."role"::text = ANY(${roles}::text[]))
      AND NOT EXISTS (SELECT 1 FROM "case_conflict" c WHERE c."caseId" = ${caseId}::uuid AND c."personId" = p."id")
      AND NOT EXISTS (SELECT 1 FROM "line_chain" l JOIN "police_suspect_case" k ON k."suspectPersonId" = l."personId"
                      WHERE k."id" = ${caseId}::uuid AND l."ancestorId" = p."id")
    ORDER BY p."id"`;
}

/**
 * Raises an alert for PSD's queue and mails PSD (and, for break-glass, the nominated NPCC officer): content-free,
 * in the caller's transaction.
 */
export async function raiseAlert(
  tx: DbTx,
  alert: { caseId: string; personId: string; kind: AlertKind; via: CaseVia; auditEventId: bigint; arrival?: Arrival },
): Promise<void> {
  const { arrival, ...fields } = alert;
  await tx.accessAlert.create({ data: { ...fields, arrival: arrival?.how ?? null, arrivalOrigin: arrival?.origin ?? null }, select: { id: true } });
  const recipients = await psdRecipients(tx, alert.caseId, alert.personId, alert.kind === "BREAK_GLASS" ? ["NPCC_OFFICER"] : []);
  await mailRecipients(tx, recipients, "/alerts", arrival);
}

/** How the attempt came, for its audit row: "arrival", and for another site its origin ("from"). */
function arrivalDetails(context: RequestContext): Record<string, string> {
  if (!context.arrival) return {};
  return { arrival: context.arrival.how, ...(context.arrival.origin ? { from: context.arrival.origin } : {}) };
}

/**
 * Refuses an attempt on a case the person may not reach: audited, alerted to PSD if the case exists, and answered
 * exactly as a case that does not exist.
 */
export async function refuseCaseAttempt(context: RequestContext, tx: DbTx, attempt: { reference: string; action: string; via: CaseVia }): Promise<void> {
  // A typed address may hold anything: NUL, which PostgreSQL refuses in a query (a 500), or thousands of characters.
  const reference = attempt.reference.replaceAll("\u0000", "").slice(0, 100);
  const existing = await tx.policeSuspectCase.findUnique({ where: { reference }, select: { id: true } });
  const auditEventId = await audit(context, tx, {
    action: attempt.action,
    caseId: existing?.id ?? null,
    outcome: existing ? "REFUSED" : "FAILURE",
    reason: existing ? "not on the access list" : "no such record",
    details: { via: attempt.via, ...arrivalDetails(context), ...(existing ? {} : { reference }) },
  });
  if (existing)
    await raiseAlert(tx, {
      caseId: existing.id,
      personId: context.actor.id,
      kind: "UNLISTED_ATTEMPT",
      via: attempt.via,
      auditEventId,
      arrival: context.arrival,
    });
}

/** Runs `refuseCaseAttempt` in its own transaction, wakes the mail worker, then answers "not found". */
export async function refuseCase(context: RequestContext, attempt: { reference: string; action: string; via: CaseVia }): Promise<never> {
  await context.prisma.$transaction((tx) => refuseCaseAttempt(context, tx, attempt));
  kickOutbox();
  notFound();
}

/**
 * Emergency access is offered to anyone who may break the glass at all (a safeguarding role), for any well-formed
 * reference, so that the form tells nobody whether a case exists; to everyone else it answers "not found", audited
 * and alerted as any attempt. Returns only for the former.
 */
export async function requireBreakGlassRole(context: RequestContext, reference: string): Promise<void> {
  if (!context.ability.can("breakGlass", "PoliceSuspectCase")) await refuseCase(context, { reference, action: "case.breakGlass", via: "break-glass" });
}

/** A look at the emergency access form: an attempt on the case like any other (audited; PSD alerted if it exists). */
export async function breakGlassFormAttempt(context: RequestContext, reference: string): Promise<void> {
  await requireBreakGlassRole(context, reference);
  await context.prisma.$transaction((tx) => refuseCaseAttempt(context, tx, { reference, action: "case.breakGlass.form", via: "break-glass" }));
  kickOutbox();
}

/** The actions the case page offers links for, decided on the case as a record (the same rules as the scopes). */
export const CASE_PAGE_ACTIONS = [
  "read",
  "readSafeguarding",
  "readCriminalTrack",
  "readConductTrack",
  "readSuspectPlan",
  "readCaseRisk",
  "manageAccess",
  "reviewDeclaration",
  "readAccessLog",
  "recordOwnership",
  "recordReview",
  "manageInterestedPerson",
] as const;
export type CasePageAction = (typeof CASE_PAGE_ACTIONS)[number];

export interface OpenedCase {
  caseId: string;
  reference: string;
  stance: CaseStance;
  /** Names of the people involved (for the declaration form) and, when readable, the content. */
  details: CaseDetails;
  may: Record<CasePageAction, boolean>;
  /** The victim's contact details, only for those who need them for safeguarding. */
  victimContact: string | null;
}

/**
 * Opens a case by reference for the person: the content if they may read it, the declaration form if they are on
 * the list and have not declared, "blocked" while a declared connection awaits PSD. Audited either way; anyone
 * else gets "not found", and PSD an alert. The case is found through the database scope; the person's own entries
 * come with it, so the rest of what they may do is decided on that record without further queries.
 */
export async function openCase(context: RequestContext, reference: string, via: CaseVia = "page"): Promise<OpenedCase> {
  const me = context.actor.id;
  let alerted = false;
  const opened = await context.prisma.$transaction(async (tx) => {
    alerted = false;
    const shell = await tx.policeSuspectCase.findFirst({
      where: { AND: [caseScope(context, "open"), { reference }] },
      select: { id: true, reference: true, reportedById: true, interestedPersonId: true, interestedAgreedAt: true },
    });
    if (!shell) {
      await refuseCaseAttempt(context, tx, { reference, action: "access.read", via });
      return null;
    }
    // The names and facts, with this person's own entries on the access list and break-glass uses: one statement.
    // Whether the suspect is in PSD comes with it, for a PSD officer, whose read is then a quiet read.
    const { access, breakGlass, suspectForOversight, ...details } = await caseDetails(tx, shell.id, me, mayReadAsPsd(context));
    // The scope let them open it, so they are not conflicted on it (recorded or by the line chain as it is now): the
    // record stands for that with no conflicts and no suspect chain to look at.
    const record = asSubject("PoliceSuspectCase", { ...shell, access, breakGlass, conflicts: [], suspectPersonId: null } as never);
    const may = Object.fromEntries(CASE_PAGE_ACTIONS.map((action) => [action, context.ability.can(action, record)])) as Record<CasePageAction, boolean>;
    // The content itself (the account, and the victim's contact for safeguarding) is read through the database
    // scope for "read".
    const content = may.read
      ? await tx.policeSuspectCase.findFirst({
          where: { AND: [caseScope(context, "read"), { id: shell.id }] },
          select: { id: true, account: true, victimContact: may.readSafeguarding },
        })
      : null;
    const readable = content !== null;
    if (content) details.account = content.account;
    const now = Date.now();
    const entries = access.filter((entry) => entry.revokedAt === null && (entry.expiresAt === null || entry.expiresAt.getTime() > now));
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
      details: { via, ...(readable ? { basis: (stance as { basis: string }).basis, safeguardingDetails: may.readSafeguarding } : {}) },
      suspect: suspectForOversight,
    });
    // Content reached without a declaration on record (break-glass): PSD is told, once per break-glass window.
    if (readable && !declared) {
      const window = breakGlass.filter((use) => use.expiresAt.getTime() > now).sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime())[0];
      const alreadyAlerted = window
        ? await tx.accessAlert.count({ where: { caseId: shell.id, personId: me, kind: "MISSING_DECLARATION", raisedAt: { gte: window.startedAt } } })
        : 0;
      if (!alreadyAlerted) {
        await raiseAlert(tx, { caseId: shell.id, personId: me, kind: "MISSING_DECLARATION", via, auditEventId, arrival: context.arrival });
        alerted = true;
      }
    }
    const victimContact = readable && may.readSafeguarding ? ((content as { victimContact?: string | null }).victimContact ?? null) : null;
    return { caseId: shell.id, reference: shell.reference, stance, details, may: readable ? may : { ...may, read: false }, victimContact };
  });
  // Only a refusal or an alert queues mail. Waking the mail worker after every read would have it claim (a transaction
  // of its own) on almost every page a busy reader opens, for nothing.
  if (!opened || alerted) kickOutbox();
  if (!opened) notFound();
  return opened;
}

/** The case an allowed action is taken on. */
export interface CaseInHand {
  id: string;
  suspectPersonId: string | null;
  version: number;
}

export interface CaseActionOptions {
  via?: CaseVia;
  /** Whether the decision gets an audit row of its own; false where the act's own row says it all. */
  auditDecision?: boolean;
  /** How someone on the list without this right is answered: 403, or exactly as someone not on the list. */
  listedWithoutRight?: "forbidden" | "not found";
}

/**
 * Decides whether the person may do `action` on the case, audits the decision, and, if allowed, does `act` on it: all
 * in one transaction, so an access list changed before the transaction (a revocation committed between the page
 * load and the form post) is seen, and the act and its audit rows commit together or not at all.
 * Refused: on the list without this right, 403 (audited); otherwise "not found", audited and alerted to PSD when the
 * case exists.
 */
export async function withCaseAction<T>(
  context: RequestContext,
  reference: string,
  action: Action,
  auditAction: string,
  act: (tx: DbTx, found: CaseInHand) => Promise<T>,
  options: CaseActionOptions = {},
): Promise<T> {
  const { via = "page", auditDecision = true, listedWithoutRight = "forbidden" } = options;
  const outcome = await context.prisma.$transaction(async (tx) => {
    const record = await tx.policeSuspectCase.findFirst({
      where: { AND: [caseScope(context, action), { reference }] },
      select: { id: true, suspectPersonId: true, version: true },
    });
    if (record) {
      if (auditDecision) await audit(context, tx, { action: auditAction, caseId: record.id, outcome: "ALLOWED", details: { via } });
      return { kind: "done" as const, value: await act(tx, record) };
    }
    // On the list but without this right: refused and audited, no alert (they may know the case exists).
    const listed =
      listedWithoutRight === "forbidden"
        ? await tx.policeSuspectCase.findFirst({ where: { AND: [caseScope(context, "open"), { reference }] }, select: { id: true } })
        : null;
    if (listed) {
      await audit(context, tx, { action: auditAction, caseId: listed.id, outcome: "REFUSED", reason: "no rule allows it", details: { via } });
      return { kind: "refused" as const };
    }
    await refuseCaseAttempt(context, tx, { reference, action: auditAction, via });
    return { kind: "absent" as const };
  });
  kickOutbox();
  if (outcome.kind === "absent") notFound();
  if (outcome.kind === "refused") forbidden();
  return outcome.value;
}

/** Checks that the person may do `action` on the case (audited either way); refused attempts alert PSD. Only for what
 * cannot happen inside the decision's transaction (a streamed export); everything else goes through `withCaseAction`. */
export function requireCaseAction(context: RequestContext, reference: string, action: Action, auditAction: string, via: CaseVia = "page"): Promise<CaseInHand> {
  return withCaseAction(context, reference, action, auditAction, async (_tx, found) => found, { via });
}

/**
 * Emergency access for someone protecting a person at risk: recorded with their reason, time-limited, audited, and
 * alerted at once to PSD and the nominated NPCC officer, in the caller's transaction. The reason is case content, so it
 * lives on the break-glass record, which goes with the case when retention disposes of it; the audit row, which outlives
 * the case, names that record by id and never holds the text.
 */
export async function recordBreakGlass(context: RequestContext, tx: DbTx, caseId: string, reason: string, hours: number): Promise<void> {
  const startedAt = quietReadNow();
  const expiresAt = new Date(startedAt.getTime() + hours * 3_600_000);
  const use = await tx.breakGlassAccess.create({ data: { caseId, personId: context.actor.id, reason, startedAt, expiresAt }, select: { id: true } });
  const details = { via: "break-glass", hours, breakGlassId: use.id };
  const auditEventId = await audit(context, tx, { action: "case.breakGlass", caseId, outcome: "SUCCESS", details });
  await raiseAlert(tx, { caseId, personId: context.actor.id, kind: "BREAK_GLASS", via: "break-glass", auditEventId, arrival: context.arrival });
  await noteBreakGlass(tx, { readerId: context.actor.id, caseId, reason, startedAt, expiresAt, auditEventId });
}

export { audit as auditCaseEvent };

/** Which of these actions the person may take on the case (one scoped count each), in the page's transaction. */
export async function mayOnCase<A extends Action>(context: RequestContext, caseId: string, actions: readonly A[], tx: DbTx): Promise<Record<A, boolean>> {
  const entries = await Promise.all(
    actions.map(async (action) => [action, (await tx.policeSuspectCase.count({ where: { AND: [caseScope(context, action), { id: caseId }] } })) > 0] as const),
  );
  return Object.fromEntries(entries) as Record<A, boolean>;
}
