// Who may not act on a person's records or a case under the records rules (legal holds, subject access): the person
// themselves, anyone above them in line management as it is now (ADR 024), and anyone conflicted on the case.
import type { DbTx } from "~/db.server";
import { isConflictedNow } from "~/models/cases/conflicts.server";

/** Whether `personId` may not act on `subjectId`'s records: the person themselves, or above them in line management. */
export async function aboveOrSame(tx: DbTx, subjectId: string, personId: string): Promise<boolean> {
  if (subjectId === personId) return true;
  const [row] = await tx.$queryRaw<{ above: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM "line_chain" WHERE "personId" = ${subjectId}::uuid AND "ancestorId" = ${personId}::uuid) AS "above"`;
  return row?.above ?? false;
}

/** Whether `personId` is conflicted on what a hold covers (a case, or someone's records). */
export async function conflictedOnTarget(tx: DbTx, target: { caseId: string | null; personId: string | null }, personId: string): Promise<boolean> {
  if (target.caseId) {
    const found = await tx.policeSuspectCase.findUnique({ where: { id: target.caseId }, select: { id: true, suspectPersonId: true } });
    return found ? isConflictedNow(tx, found, personId) : false;
  }
  return target.personId ? aboveOrSame(tx, target.personId, personId) : false;
}

/** Whether `personId` is conflicted on any case `subjectId` is in (as reporter, victim, interested person or suspect). */
export async function conflictedOnCasesOf(tx: DbTx, subjectId: string, personId: string): Promise<boolean> {
  const cases = await tx.policeSuspectCase.findMany({
    where: { OR: [{ reportedById: subjectId }, { victimPersonId: subjectId }, { interestedPersonId: subjectId }, { suspectPersonId: subjectId }] },
    select: { id: true, suspectPersonId: true },
  });
  for (const found of cases) if (await isConflictedNow(tx, found, personId)) return true;
  return false;
}
