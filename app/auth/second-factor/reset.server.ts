// Resetting someone's second factor once a second administrator has approved it (ADR 023, ADR 029): the factor and the
// recovery codes go, and so do all of the person's sessions. Applied only to the enrolment the proposer saw.
import type { DbTx } from "~/db.server";
import { invalidateAllSessionsOf } from "../session.server";
import { deleteSecondFactor } from "./second-factor.server";

/** When the person's current factor was enrolled (what a reset proposal records), or null. */
export async function currentEnrolment(tx: DbTx, personId: string): Promise<string | null> {
  const factor = await tx.secondFactor.findUnique({ where: { personId }, select: { enrolledAt: true } });
  return factor?.enrolledAt.toISOString() ?? null;
}

export async function applySecondFactorReset(tx: DbTx, personId: string, enrolledAt: string): Promise<boolean> {
  await tx.$queryRaw`SELECT 1 FROM "second_factor" WHERE "personId" = ${personId}::uuid FOR UPDATE`;
  if ((await currentEnrolment(tx, personId)) !== enrolledAt) return false;
  await deleteSecondFactor(tx, personId);
  await invalidateAllSessionsOf(tx, personId);
  return true;
}
