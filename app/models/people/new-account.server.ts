// What a new account holds until a second administrator approves (docs/decisions/023): a rank or grade of inspector
// level or above, a unit and a line manager are proposals, so one administrator cannot create a senior officer or place
// someone in a line chain alone.
import type { DbTx } from "~/db.server";
import { LEVEL, rankLevel } from "./rank";
import { deriveEmployment } from "./person-rules";
import type { PersonData } from "./person.server";
import type { ProposedChange } from "./proposal-rules";

/** The account as it is created, and the changes that wait for approval. */
export async function heldBackOnCreation(tx: DbTx, wanted: PersonData): Promise<{ start: PersonData; changes: ProposedChange[] }> {
  const changes: ProposedChange[] = [];
  let start: PersonData = { ...wanted, unitId: null, lineManagerId: null };
  if (wanted.level >= LEVEL.INSPECTOR) {
    const employment = await juniorEmployment(tx, wanted.employeeType);
    start = { ...start, ...employment };
    changes.push({
      kind: "EMPLOYMENT",
      from: { employeeType: employment.employeeType, rank: employment.rank, staffGradeCode: employment.staffGradeCode },
      to: { employeeType: wanted.employeeType, rank: wanted.rank ?? null, staffGradeCode: wanted.staffGradeCode ?? null },
    });
  }
  if (wanted.unitId) changes.push({ kind: "UNIT", from: null, to: wanted.unitId });
  if (wanted.lineManagerId) changes.push({ kind: "LINE_MANAGER", from: null, to: wanted.lineManagerId });
  return { start, changes };
}

/** Constable for an officer; for police staff, the grade with the lowest equivalent rank. */
async function juniorEmployment(tx: DbTx, employeeType: PersonData["employeeType"]) {
  if (employeeType === "OFFICER") return deriveEmployment({ employeeType, rank: "CONSTABLE", staffGrade: null });
  const grades = await tx.staffGrade.findMany({ select: { code: true, equivalentRank: true }, orderBy: { code: "asc" } });
  const lowest = grades.sort((a, b) => rankLevel(a.equivalentRank) - rankLevel(b.equivalentRank))[0] ?? null;
  return deriveEmployment({ employeeType, rank: null, staffGrade: lowest });
}
