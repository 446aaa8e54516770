// Oversight of quiet reads (docs/features/oversight-of-quiet-reads.md): every safeguarding override, every
// break-glass and every PSD officer's read of a case about PSD is written here in the transaction of the read, and
// listed for a reviewer who is neither the reader nor the person read (policies/rules/quiet-reads.ts), whatever the
// employee was told. The reviewer records an outcome, audited. Mail to the reviewers carries no content.
import { PSD_ROLES } from "#policies/rules/police-suspect-cases";
import { changeAccessible, listAccessible, readAccessible } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import type { QuietReadKind, QuietReadReviewer, Role } from "~/generated/prisma/enums";
import { QuietReadOutcome } from "~/generated/prisma/enums";
import { mailRecipients, type MailRecipient } from "~/models/cases/case.server";
import { referralNow } from "~/models/referrals/timing.server";
import { outsideConflictSetOf } from "~/models/support-request/notify.server";
import { reviewSchema, type Review } from "~/models/review.server";
import { ChangeRejected } from "~/utils/forms";
import { addressName } from "~/utils/names";
import { QUIET_READ_KIND_LABELS, QUIET_READ_OUTCOME_LABELS } from "./labels";

/**
 * How long a safeguarding override lasts: the same 4 hours as break-glass, the other emergency way round consent or
 * the access list. Long enough to act on a risk today; past it the lead asks again, and the reviewer sees it again.
 */
export const OVERRIDE_HOURS = 4;

/** The moment for expiries: the real clock, or the end-to-end tests' clock where that is on. */
export const quietReadNow = referralNow;

/** In PSD: holds a PSD role, or works in the unit of someone who holds one (PSD's own staff). */
function inPsdWhere(): Prisma.PersonWhereInput {
  const psd: Role[] = [...PSD_ROLES];
  return { OR: [{ roles: { some: { role: { in: psd } } } }, { unit: { members: { some: { roles: { some: { role: { in: psd } } } } } } }] };
}

async function inPsd(tx: DbTx, personId: string | null): Promise<boolean> {
  if (!personId) return false;
  return (await tx.person.count({ where: { id: personId, ...inPsdWhere() } })) > 0;
}

/** PSD reviews, except where the reader or the person read is in PSD: then the nominated NPCC officer does. */
async function reviewerFor(tx: DbTx, readerId: string, subjectPersonId: string | null): Promise<QuietReadReviewer> {
  return (await inPsd(tx, readerId)) || (await inPsd(tx, subjectPersonId)) ? "NPCC" : "PSD";
}

/**
 * Everyone who may review the entry: holders of the reviewer's roles, active, not the reader or anyone above them in
 * line management, not the person read, not conflicted on the case, nor in the conflict set of the colleague named on
 * the support request.
 */
async function reviewerRecipients(
  tx: DbTx,
  entry: { reviewer: QuietReadReviewer; readerId: string; subjectPersonId: string | null; caseId: string | null; requestId: string | null },
): Promise<MailRecipient[]> {
  const roles: Role[] = entry.reviewer === "NPCC" ? ["NPCC_OFFICER"] : [...PSD_ROLES];
  const conflicted = entry.caseId ? await tx.caseConflict.findMany({ where: { caseId: entry.caseId }, select: { personId: true } }) : [];
  const except = [entry.readerId, ...(entry.subjectPersonId ? [entry.subjectPersonId] : []), ...conflicted.map((row) => row.personId)];
  return tx.person.findMany({
    where: {
      AND: [
        { active: true, id: { notIn: except }, roles: { some: { role: { in: roles } } } },
        { chainBelow: { none: { personId: entry.readerId } } },
        ...(entry.requestId ? [outsideConflictSetOf(entry.requestId)] : []),
      ],
    },
    select: { workEmail: true, firstName: true, preferredName: true },
    orderBy: { id: "asc" },
  });
}

interface NewQuietRead {
  kind: QuietReadKind;
  readerId: string;
  subjectPersonId: string | null;
  caseId?: string | null;
  requestId?: string | null;
  what?: string;
  reason?: string;
  hiddenFromEmployee?: boolean;
  startedAt: Date;
  expiresAt?: Date | null;
  auditEventId?: bigint | null;
}

/** Writes the entry in the caller's transaction and, if `alert`, tells its reviewers at once: a content-free mail with a link. */
async function recordQuietRead(tx: DbTx, entry: NewQuietRead, alert: boolean): Promise<void> {
  const reviewer = await reviewerFor(tx, entry.readerId, entry.subjectPersonId);
  const row = await tx.quietRead.create({ data: { ...entry, reviewer }, select: { id: true } });
  if (alert)
    await mailRecipients(
      tx,
      await reviewerRecipients(tx, { ...entry, caseId: entry.caseId ?? null, requestId: entry.requestId ?? null, reviewer }),
      `/oversight/quiet-reads/${row.id}`,
    );
}

/** A safeguarding override, just recorded: listed for review and alerted, whether or not the employee is told. */
export function noteOverride(
  tx: DbTx,
  override: {
    readerId: string;
    employeeId: string;
    requestId: string;
    ground: string;
    reason: string;
    tellEmployee: boolean;
    startedAt: Date;
    expiresAt: Date;
  },
): Promise<void> {
  return recordQuietRead(
    tx,
    {
      kind: "SAFEGUARDING_OVERRIDE",
      readerId: override.readerId,
      subjectPersonId: override.employeeId,
      requestId: override.requestId,
      what: override.ground,
      reason: override.reason,
      hiddenFromEmployee: !override.tellEmployee,
      startedAt: override.startedAt,
      expiresAt: override.expiresAt,
    },
    true,
  );
}

/** A break-glass, just recorded (its alert to PSD and the NPCC officer is raised with it): listed for review. */
export async function noteBreakGlass(
  tx: DbTx,
  use: { readerId: string; caseId: string; reason: string; startedAt: Date; expiresAt: Date; auditEventId: bigint },
): Promise<void> {
  const suspect = await tx.policeSuspectCase.findUniqueOrThrow({ where: { id: use.caseId }, select: { suspectPersonId: true } });
  await recordQuietRead(tx, { kind: "BREAK_GLASS", subjectPersonId: suspect.suspectPersonId, ...use }, false);
}

/** Whether the person holds a PSD role: only their decisions on a case can be PSD reads (decided in memory). */
export function mayReadAsPsd(context: RequestContext): boolean {
  return context.actor.roles.some((role) => PSD_ROLES.includes(role));
}

/** The case's suspect if they are in PSD, else null: one query, for callers that have not read it with the case. */
async function suspectInPsd(tx: DbTx, caseId: string): Promise<{ personId: string | null; inPsd: boolean }> {
  const found = await tx.policeSuspectCase.findFirst({ where: { id: caseId, suspectPerson: { is: inPsdWhere() } }, select: { suspectPersonId: true } });
  return { personId: found?.suspectPersonId ?? null, inPsd: found !== null };
}

/**
 * A decision on a case allowed to a PSD officer: if the suspect is in PSD, the read is listed for the NPCC officer's
 * review, and the NPCC officer is mailed for the first such read of the case by that officer awaiting review.
 * `suspect`: whether the suspect is in PSD, where the caller read it with the case (the case page does, in its one
 * statement); otherwise it is looked up here, for PSD officers only.
 */
export async function notePsdCaseRead(
  tx: DbTx,
  context: RequestContext,
  read: { caseId: string; action: string; auditEventId: bigint; suspect?: { personId: string | null; inPsd: boolean } },
): Promise<void> {
  // A break-glass is listed as one (noteBreakGlass).
  if (read.action === "case.breakGlass" || !mayReadAsPsd(context)) return;
  const suspect = read.suspect ?? (await suspectInPsd(tx, read.caseId));
  if (!suspect.inPsd) return;
  const waiting = await tx.quietRead.count({ where: { kind: "PSD_READ", readerId: context.actor.id, caseId: read.caseId, outcome: null } });
  await recordQuietRead(
    tx,
    {
      kind: "PSD_READ",
      readerId: context.actor.id,
      subjectPersonId: suspect.personId,
      caseId: read.caseId,
      what: read.action,
      startedAt: new Date(),
      auditEventId: read.auditEventId,
    },
    waiting === 0,
  );
}

// ─── The reviewer's side ───────────────────────────────────────────────────────

const GROUND_LABELS: Record<string, string> = { CHILD_AT_RISK: "A child is at risk", HIGH_RISK_OF_HARM: "High risk of serious harm or death" };

const quietReadSelect = {
  id: true,
  kind: true,
  reviewer: true,
  readerId: true,
  what: true,
  reason: true,
  hiddenFromEmployee: true,
  startedAt: true,
  expiresAt: true,
  outcome: true,
  outcomeNote: true,
  reviewedById: true,
  reviewedAt: true,
  version: true,
  case: { select: { reference: true } },
} satisfies Prisma.QuietReadSelect;
type QuietReadRow = Prisma.QuietReadGetPayload<{ select: typeof quietReadSelect }>;

async function presentAll(tx: DbTx, rows: QuietReadRow[]) {
  const ids = [...new Set(rows.flatMap((row) => [row.readerId, ...(row.reviewedById ? [row.reviewedById] : [])]))];
  const people = await tx.person.findMany({
    where: { id: { in: ids } },
    select: { id: true, firstName: true, lastName: true, preferredName: true, workEmail: true },
  });
  const byId = new Map(people.map((person) => [person.id, person]));
  const now = quietReadNow().getTime();
  return rows.map((row) => {
    const reader = byId.get(row.readerId);
    const reviewer = row.reviewedById ? byId.get(row.reviewedById) : undefined;
    return {
      id: row.id,
      kind: QUIET_READ_KIND_LABELS[row.kind],
      reviewer: row.reviewer,
      who: reader ? addressName(reader) : "Unknown",
      whoEmail: reader?.workEmail ?? "",
      what: row.kind === "SAFEGUARDING_OVERRIDE" ? (GROUND_LABELS[row.what] ?? row.what) : row.what,
      reason: row.reason,
      hiddenFromEmployee: row.hiddenFromEmployee,
      reference: row.case?.reference ?? null,
      startedAt: row.startedAt.toISOString(),
      expiresAt: row.expiresAt?.toISOString() ?? null,
      expired: row.expiresAt ? row.expiresAt.getTime() <= now : null,
      outcome: row.outcome ? QUIET_READ_OUTCOME_LABELS[row.outcome] : null,
      outcomeNote: row.outcomeNote,
      reviewedBy: reviewer ? addressName(reviewer) : null,
      reviewedAt: row.reviewedAt?.toISOString() ?? null,
      version: row.version,
    };
  });
}
export type QuietReadView = Awaited<ReturnType<typeof presentAll>>[number];

/** The reviewer's list: awaiting review first, then the latest reviewed. Listed through the scope, the read audited. */
export async function quietReadsForReview(context: RequestContext): Promise<{ awaiting: QuietReadView[]; reviewed: QuietReadView[] }> {
  const [rows] = await listAccessible(
    context,
    "QuietRead",
    async (tx, scope) => {
      const awaiting = await tx.quietRead.findMany({
        where: { AND: [scope, { outcome: null }] },
        orderBy: { startedAt: "asc" },
        take: 200,
        select: quietReadSelect,
      });
      const reviewed = await tx.quietRead.findMany({
        where: { AND: [scope, { outcome: { not: null } }] },
        orderBy: { reviewedAt: "desc" },
        take: 50,
        select: quietReadSelect,
      });
      const [awaitingViews, reviewedViews] = [await presentAll(tx, awaiting), await presentAll(tx, reviewed)];
      return [{ awaiting: awaitingViews, reviewed: reviewedViews }];
    },
    { purpose: "quiet reads" },
  );
  return rows!;
}

async function quietReadExists(tx: DbTx, id: string): Promise<boolean> {
  return (await tx.quietRead.count({ where: { id } })) > 0;
}

/** One entry through the scope of `action`, the decision audited; "not found" for anyone else (the reader, the person read, the conflicted). */
export function readQuietRead(context: RequestContext, id: string, action: "read" | "review" = "read"): Promise<QuietReadView> {
  return readAccessible(context, {
    model: "QuietRead",
    id,
    action,
    find: async (tx, where) => {
      const row = await tx.quietRead.findFirst({ where, select: quietReadSelect });
      return row ? (await presentAll(tx, [row]))[0]! : null;
    },
    exists: quietReadExists,
  });
}

export const QuietReadReviewSchema = reviewSchema(QuietReadOutcome);

/** Records the reviewer's outcome: found through the review scope, written and audited in one transaction; once only. */
export function reviewQuietRead(context: RequestContext, id: string, form: Review<QuietReadOutcome>): Promise<void> {
  return changeAccessible(
    context,
    { model: "QuietRead", id, action: "review", find: (tx, where) => tx.quietRead.findFirst({ where, select: { id: true } }), exists: quietReadExists },
    async (tx) => {
      const updated = await tx.quietRead.updateMany({
        where: { id, version: form.version, outcome: null },
        data: { outcome: form.outcome, outcomeNote: form.note, reviewedById: context.actor.id, reviewedAt: new Date(), version: { increment: 1 } },
      });
      if (updated.count === 0) throw new ChangeRejected({ form: "Someone else reviewed this while you were looking at it. Their outcome is shown below." });
    },
    { action: "quietRead.review", details: { outcome: form.outcome } },
  );
}
