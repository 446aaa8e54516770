// Who may never see a police-suspect case: the suspect and their line-management chain, as it is at the moment of
// each decision, right up to the chief constable, plus everyone recorded as conflicted at intake. The chain as it is
// now is `line_chain`, kept by the database in the transaction of every change to a person (ADR 024). Its own module
// because the intake, the access list, the alerts and the referral chain all ask it.
import type { DbTx } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";

/**
 * The SQL condition "this person is conflicted on this case now" (the suspect, recorded at intake, or above the suspect
 * in line management as it is now), for statements that ask it of many rows at once. `caseId`, `suspectPersonId` and
 * `personId` are SQL expressions of the caller's statement (uuid columns or parameters).
 */
export function conflictedNowCondition(caseId: Prisma.Sql, suspectPersonId: Prisma.Sql, personId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(${suspectPersonId} = ${personId}
    OR EXISTS (SELECT 1 FROM "case_conflict" cc WHERE cc."caseId" = ${caseId} AND cc."personId" = ${personId})
    OR EXISTS (SELECT 1 FROM "line_chain" lc WHERE lc."personId" = ${suspectPersonId} AND lc."ancestorId" = ${personId}))`;
}

/** The suspect and everyone above them in line management now, nearest first, with why each is excluded. */
export async function conflictedPeople(tx: DbTx, suspectPersonId: string | null): Promise<{ personId: string; reason: string }[]> {
  if (!suspectPersonId) return [];
  const chain = await tx.lineChain.findMany({ where: { personId: suspectPersonId }, orderBy: { depth: "asc" }, select: { ancestorId: true, depth: true } });
  return [
    { personId: suspectPersonId, reason: "suspect" },
    ...chain.filter((link) => link.depth > 0).map((link) => ({ personId: link.ancestorId, reason: "line chain" })),
  ];
}

/** Everyone conflicted on the case now: recorded at intake, or the suspect and their line chain as it is now. */
export async function conflictedOnCase(tx: DbTx, caseId: string): Promise<Set<string>> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT cc."personId"::text AS "id" FROM "case_conflict" cc WHERE cc."caseId" = ${caseId}::uuid
    UNION
    SELECT l."ancestorId"::text FROM "line_chain" l JOIN "police_suspect_case" c ON c."suspectPersonId" = l."personId" WHERE c."id" = ${caseId}::uuid`;
  return new Set(rows.map((row) => row.id));
}

/** Why this person may not be put on the case's access list, or null. Checked live, whatever was recorded at intake. */
export async function grantRefusal(tx: DbTx, caseRecord: { id: string; suspectPersonId: string | null }, personId: string): Promise<string | null> {
  if (caseRecord.suspectPersonId === personId) return "This person is the suspect: they can never be given access to the case.";
  const recorded = await tx.caseConflict.findUnique({ where: { caseId_personId: { caseId: caseRecord.id, personId } } });
  if (recorded) return "This person is in the suspect's line-management chain, so is treated as conflicted and cannot be given access.";
  if (await isConflictedNow(tx, caseRecord, personId)) {
    return "This person is now in the suspect's line-management chain, so is treated as conflicted and cannot be given access.";
  }
  return null;
}

/**
 * Whether the person may not act on the case now: the suspect, recorded as conflicted at intake, or above the suspect
 * in line management as it is now (at any rank). One statement of two index lookups.
 */
export async function isConflictedNow(tx: DbTx, caseRecord: { id: string; suspectPersonId: string | null }, personId: string): Promise<boolean> {
  if (caseRecord.suspectPersonId === personId) return true;
  const [row] = await tx.$queryRaw<{ conflicted: boolean }[]>`
    SELECT ${conflictedNowCondition(Prisma.sql`${caseRecord.id}::uuid`, Prisma.sql`${caseRecord.suspectPersonId}::uuid`, Prisma.sql`${personId}::uuid`)} AS "conflicted"`;
  return row?.conflicted ?? false;
}
