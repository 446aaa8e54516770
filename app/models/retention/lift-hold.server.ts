// Lifting a legal hold takes two PSD officers (four eyes, as for privileged roles: docs/features/four-eyes-on-privilege.md).
// One proposes it with the reason; the hold stands until another officer confirms, and either may refuse (the proposer
// withdraws). Nobody confirms their own proposal, and nobody conflicted on what the hold covers takes any part: to
// them the hold is "not found". Each step is audited (never the reason's text) and alerted, content-free, to PSD.
import { changeDecidedInTransaction } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import type { DbTx } from "~/db.server";
import { conflictedOnTarget } from "./conflicts.server";
import { alertPsd } from "./legal-hold.server";

interface LoadedHold {
  id: string;
  caseId: string | null;
  personId: string | null;
  liftedAt: Date | null;
  liftProposedById: string | null;
  conflicted: boolean;
}

/** The hold, locked, with whether the officer is conflicted on what it covers. */
async function loadHold(tx: DbTx, holdId: string, officerId: string): Promise<LoadedHold | null> {
  const [hold] = await tx.$queryRaw<Omit<LoadedHold, "conflicted">[]>`
    SELECT "id"::text AS "id", "caseId"::text AS "caseId", "personId"::text AS "personId", "liftedAt", "liftProposedById"::text AS "liftProposedById"
    FROM "legal_hold" WHERE "id" = ${holdId}::uuid FOR UPDATE`;
  return hold ? { ...hold, conflicted: await conflictedOnTarget(tx, hold, officerId) } : null;
}

/** Proposes lifting a hold, with the reason; it stays in force until a second officer confirms. */
export async function proposeLift(context: RequestContext, holdId: string, liftReason: string, now: Date): Promise<void> {
  await changeDecidedInTransaction(context, {
    action: "lift",
    model: "LegalHold",
    load: (tx) => loadHold(tx, holdId, context.actor.id),
    alsoRequires: (hold) => !hold.conflicted && hold.liftedAt === null && hold.liftProposedById === null,
    change: async (tx, hold) => {
      await tx.legalHold.update({ where: { id: hold.id }, data: { liftProposedById: context.actor.id, liftProposedAt: now, liftReason } });
      await alertPsd(tx, hold, context.actor.id);
      return hold.id;
    },
    audit: {
      action: "legal_hold.lift.propose",
      subjectType: "LegalHold",
      subjectId: (id) => id,
      refusedBecause: "conflicted on what the hold covers, or the hold is lifted or has a lift waiting",
    },
  });
}

/**
 * A second officer's decision on a proposed lift: "confirm" lifts the hold (never by the officer who proposed it);
 * "refuse" leaves it in force and clears the proposal (the proposer may so withdraw it).
 */
export async function decideLift(context: RequestContext, holdId: string, decision: "confirm" | "refuse", now: Date): Promise<void> {
  await changeDecidedInTransaction(context, {
    action: "lift",
    model: "LegalHold",
    load: (tx) => loadHold(tx, holdId, context.actor.id),
    alsoRequires: (hold) =>
      !hold.conflicted && hold.liftedAt === null && hold.liftProposedById !== null && (decision === "refuse" || hold.liftProposedById !== context.actor.id),
    change: async (tx, hold) => {
      await tx.legalHold.update({
        where: { id: hold.id },
        data: decision === "confirm" ? { liftedAt: now, liftedById: context.actor.id } : { liftProposedById: null, liftProposedAt: null, liftReason: "" },
      });
      await alertPsd(tx, hold, context.actor.id);
      return { id: hold.id, proposedById: hold.liftProposedById };
    },
    audit: {
      action: decision === "confirm" ? "legal_hold.lift" : "legal_hold.lift.refuse",
      subjectType: "LegalHold",
      subjectId: (result) => result.id,
      details: (result) => ({ proposedById: result.proposedById }),
      refusedBecause: "conflicted on what the hold covers, no lift waiting, or confirming their own proposal",
    },
  });
}
