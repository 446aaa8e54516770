// Legal holds (ADR 037): PSD places one on a case (by its reference) or on one person's records (by work email), with
// a reason and a review date; until it is lifted (by two officers: ./lift-hold.server) the retention job disposes of
// nothing it covers. Placing and lifting are audited (content-free: never the reason) and alerted, content-free through
// the outbox, to PSD, leaving out anyone conflicted on what the hold covers.
import { z } from "zod";
import { changeDecidedInTransaction, listAccessible, requireRight } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import { isConflictedNow } from "~/models/cases/conflicts.server";
import { aboveOrSame, conflictedOnTarget } from "./conflicts.server";
import { parseDay, ukToday } from "~/utils/dates";
import { addressName } from "~/utils/names";
import { queueMails } from "~/utils/outbox.server";
import { PSD_ROLES } from "#policies/rules/police-suspect-cases";
import { attentionNeeded } from "#emails/index";
import { RETENTION_LOCK } from "./job.server";

export const HOLDS_PAGE = "/records/holds";

const reviewDate = z
  .string({ error: "Enter the date the hold is to be reviewed" })
  .trim()
  .min(1, "Enter the date the hold is to be reviewed")
  .refine((value) => parseDay(value) !== null, "Enter a real date, for example 2027-06-30")
  .refine((value) => (parseDay(value) ?? ukToday()) > ukToday(), "The review date must be after today");

export const PlaceHoldSchema = z.object({
  intent: z.literal("place"),
  on: z.enum(["case", "person"], { error: "Say whether the hold is on a case or on a person's records" }),
  target: z
    .string({ error: "Enter the case reference or the person's work email" })
    .trim()
    .min(1, "Enter the case reference or the person's work email")
    .max(200, "Use 200 characters or fewer"),
  reason: z.string({ error: "Give the reason for the hold" }).trim().min(1, "Give the reason for the hold").max(2000, "Use 2,000 characters or fewer"),
  reviewDue: reviewDate,
});
export type PlaceHoldForm = z.infer<typeof PlaceHoldSchema>;

export const LiftHoldSchema = z.object({
  intent: z.literal("lift"),
  holdId: z.string().uuid("Choose a hold to lift"),
  liftReason: z.string({ error: "Say why the hold is lifted" }).trim().min(1, "Say why the hold is lifted").max(2000, "Use 2,000 characters or fewer"),
});

export const DecideLiftSchema = z.object({
  intent: z.enum(["confirm-lift", "refuse-lift"]),
  holdId: z.string().uuid("Choose a hold"),
});

/** Tells PSD, content-free, that a hold was placed or lifted; never the actor, nor anyone conflicted on its target. */
export async function alertPsd(tx: DbTx, target: { caseId: string | null; personId: string | null }, actorId: string): Promise<void> {
  const psd = await tx.person.findMany({
    where: { active: true, id: { not: actorId }, roles: { some: { role: { in: [...PSD_ROLES] } } } },
    select: { id: true, workEmail: true, preferredName: true, firstName: true },
    orderBy: { id: "asc" },
  });
  const told = [];
  for (const person of psd) if (!(await conflictedOnTarget(tx, target, person.id))) told.push(person);
  await queueMails(
    tx,
    told.map((person) => ({ to: person.workEmail, mail: attentionNeeded({ recipientName: person.preferredName ?? person.firstName, link: HOLDS_PAGE }) })),
  );
}

interface HoldTarget {
  caseId: string | null;
  personId: string | null;
  conflicted: boolean;
}

/** Places a hold. A reference or email that finds nothing, or a case the officer is conflicted on, is "not found". */
export async function placeLegalHold(context: RequestContext, form: PlaceHoldForm, now: Date): Promise<{ id: string }> {
  return changeDecidedInTransaction<HoldTarget, { id: string; on: string }>(context, {
    action: "create",
    model: "LegalHold",
    load: async (tx) => {
      // Shared with the retention job's batches: a hold placed now is seen by the next batch, never half-way through one.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${RETENTION_LOCK})`;
      if (form.on === "case") {
        const found = await tx.policeSuspectCase.findUnique({ where: { reference: form.target.toUpperCase() }, select: { id: true, suspectPersonId: true } });
        return found ? { caseId: found.id, personId: null, conflicted: await isConflictedNow(tx, found, context.actor.id) } : null;
      }
      const person = await tx.person.findUnique({ where: { workEmail: form.target.toLowerCase() }, select: { id: true } });
      return person
        ? { caseId: null, personId: person.id, conflicted: (await aboveOrSame(tx, person.id, context.actor.id)) && person.id !== context.actor.id }
        : null;
    },
    alsoRequires: (target) => !target.conflicted,
    change: async (tx, target) => {
      const hold = await tx.legalHold.create({
        data: {
          caseId: target.caseId,
          personId: target.personId,
          reason: form.reason,
          reviewDue: parseDay(form.reviewDue)!,
          placedById: context.actor.id,
          placedAt: now,
        },
        select: { id: true },
      });
      await alertPsd(tx, target, context.actor.id);
      return { id: hold.id, on: form.on };
    },
    audit: {
      action: "legal_hold.place",
      subjectId: (hold) => hold.id,
      details: (hold) => ({ on: hold.on, reviewDue: form.reviewDue }),
      refusedBecause: "conflicted on what the hold would cover",
    },
  });
}

export interface HoldRow {
  id: string;
  on: "case" | "person";
  /** The case's reference or the person's name. */
  target: string;
  reason: string;
  reviewDue: Date;
  placedBy: string;
  placedAt: Date;
  liftedAt: Date | null;
  liftReason: string;
  /** A lift proposed and waiting for a second officer: who proposed it (their name), and whether it was the reader. */
  liftProposed: { by: string; at: Date; byReader: boolean } | null;
}

/** The holds PSD sees: every one but those on what the reader is conflicted on. */
export async function listLegalHolds(context: RequestContext): Promise<HoldRow[]> {
  await requireRight(context, { action: "list", model: "LegalHold", auditAction: "access.list" });
  return listAccessible(context, "LegalHold", async (tx, scope) => {
    const holds = await tx.legalHold.findMany({ where: scope, orderBy: [{ liftedAt: { sort: "desc", nulls: "first" } }, { placedAt: "desc" }], take: 200 });
    const rows: HoldRow[] = [];
    for (const hold of holds) {
      if (await conflictedOnTarget(tx, hold, context.actor.id)) continue;
      const [target, placedBy] = [
        hold.caseId
          ? (await tx.policeSuspectCase.findUnique({ where: { id: hold.caseId }, select: { reference: true } }))?.reference
          : await nameOf(tx, hold.personId!),
        await nameOf(tx, hold.placedById),
      ];
      rows.push({
        id: hold.id,
        on: hold.caseId ? "case" : "person",
        target: target ?? "(disposed of)",
        reason: hold.reason,
        reviewDue: hold.reviewDue,
        placedBy: placedBy ?? "",
        placedAt: hold.placedAt,
        liftedAt: hold.liftedAt,
        liftReason: hold.liftReason,
        liftProposed:
          hold.liftProposedById && hold.liftProposedAt && !hold.liftedAt
            ? { by: (await nameOf(tx, hold.liftProposedById)) ?? "", at: hold.liftProposedAt, byReader: hold.liftProposedById === context.actor.id }
            : null,
      });
    }
    return rows;
  });
}

async function nameOf(tx: DbTx, personId: string): Promise<string | undefined> {
  const person = await tx.person.findUnique({ where: { id: personId }, select: { firstName: true, lastName: true, preferredName: true } });
  return person ? addressName(person) : undefined;
}
