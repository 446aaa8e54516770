// Who may never see a police-suspect case: the suspect and their line-management chain. Its own module because the
// intake, the access list and the referral chain all ask it.
import type { DbTx } from "~/db.server";
import { managementChain } from "~/models/people/person.server";
import { LEVEL } from "~/models/people/rank";

/**
 * The suspect and their line-management chain, with why each is excluded. The chain stops below the chief officers:
 * every chain in the force ends at them, and the policy routes around a chief officer who is conflicted by name
 * (the suspect is the NPCC officer or the chief officer) rather than by hierarchy.
 */
export async function conflictedPeople(tx: DbTx, suspectPersonId: string | null): Promise<{ personId: string; reason: string }[]> {
  if (!suspectPersonId) return [];
  const suspect = await tx.person.findUnique({ where: { id: suspectPersonId }, select: { lineManagerId: true } });
  const chain = suspect?.lineManagerId ? await managementChain(tx, suspect.lineManagerId) : [];
  const belowChiefOfficers = new Set(
    (await tx.person.findMany({ where: { id: { in: chain }, level: { lt: LEVEL.ASSISTANT_CHIEF_CONSTABLE } }, select: { id: true } })).map(
      (person) => person.id,
    ),
  );
  return [
    { personId: suspectPersonId, reason: "suspect" },
    ...chain.filter((id) => id !== suspectPersonId && belowChiefOfficers.has(id)).map((personId) => ({ personId, reason: "line chain" })),
  ];
}

/** Why this person may not be put on the case's access list, or null. Checked live, whatever was recorded at intake. */
export async function grantRefusal(tx: DbTx, caseRecord: { id: string; suspectPersonId: string | null }, personId: string): Promise<string | null> {
  if (caseRecord.suspectPersonId === personId) return "This person is the suspect: they can never be given access to the case.";
  const recorded = await tx.caseConflict.findUnique({ where: { caseId_personId: { caseId: caseRecord.id, personId } } });
  if (recorded) return "This person is in the suspect's line-management chain, so is treated as conflicted and cannot be given access.";
  // The chain as it is now, in one statement (the same check the referral chain makes before anyone acts).
  if (await isConflictedNow(tx, caseRecord, personId)) {
    return "This person is now in the suspect's line-management chain, so is treated as conflicted and cannot be given access.";
  }
  return null;
}

/**
 * Whether the person may not act on the case now: the suspect, recorded as conflicted at intake, or in the suspect's
 * line chain as it is now (below the chief officers). One statement, for the referral chain's acknowledgement.
 */
export async function isConflictedNow(tx: DbTx, caseRecord: { id: string; suspectPersonId: string | null }, personId: string): Promise<boolean> {
  if (caseRecord.suspectPersonId === personId) return true;
  const [row] = await tx.$queryRaw<{ conflicted: boolean }[]>`
    WITH RECURSIVE chain("id", "lineManagerId", "depth", "path") AS (
      SELECT p."id", p."lineManagerId", 1, ARRAY[p."id"] FROM "person" p
      WHERE p."id" = (SELECT "lineManagerId" FROM "person" WHERE "id" = ${caseRecord.suspectPersonId}::uuid)
      UNION ALL
      SELECT p."id", p."lineManagerId", c."depth" + 1, c."path" || p."id" FROM "person" p JOIN chain c ON p."id" = c."lineManagerId"
      WHERE NOT p."id" = ANY(c."path") AND c."depth" < 1000
    )
    SELECT EXISTS (SELECT 1 FROM "case_conflict" WHERE "caseId" = ${caseRecord.id}::uuid AND "personId" = ${personId}::uuid)
        OR EXISTS (SELECT 1 FROM chain c JOIN "person" p ON p."id" = c."id" WHERE c."id" = ${personId}::uuid AND p."level" < ${LEVEL.ASSISTANT_CHIEF_CONSTABLE}) AS "conflicted"`;
  return row?.conflicted ?? false;
}
