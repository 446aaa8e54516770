// The rules about people that need no database: employment, line management, role changes, the directory search.
import type { Prisma } from "~/generated/prisma/client";
import { EmployeeType, Rank, Role } from "~/generated/prisma/enums";
import { rankLevel } from "~/models/people/rank";

export const PEOPLE_PAGE_SIZE = 50;
/** Above this many people, a "choose a person" field becomes a work-email box instead of a long list. */
export const PERSON_CHOICE_LIMIT = 500;
export const MIN_PASSWORD_LENGTH = 12;
export const ALL_ROLES = Object.values(Role);

type PersonScope = Prisma.PersonWhereInput;

// ─── Rules without a database ──────────────────────────────────────────────────

export interface Employment {
  employeeType: EmployeeType;
  rank: Rank | null;
  staffGradeCode: string | null;
  level: number;
}

/**
 * The stored rank, grade and level for an officer or a member of staff: an officer keeps a rank (and no grade),
 * staff keep a grade (and no rank) whose equivalent rank gives the level.
 */
export function deriveEmployment(input: {
  employeeType: EmployeeType;
  rank: Rank | null;
  staffGrade: { code: string; equivalentRank: Rank } | null;
}): Employment {
  if (input.employeeType === "OFFICER") {
    if (!input.rank) throw new Error("an officer needs a rank");
    return { employeeType: "OFFICER", rank: input.rank, staffGradeCode: null, level: rankLevel(input.rank) };
  }
  if (!input.staffGrade) throw new Error("police staff need a grade");
  return { employeeType: "STAFF", rank: null, staffGradeCode: input.staffGrade.code, level: rankLevel(input.staffGrade.equivalentRank) };
}

export type LineManagerProblem = "self" | "cycle" | null;

/**
 * Whether making `managerId` the line manager of `personId` is refused. `chainAboveManager` lists the manager and
 * then everyone above them (their manager, that manager's manager, ...): if `personId` is among them, the change
 * would close a loop.
 */
export function lineManagerProblem(personId: string | null, managerId: string | null, chainAboveManager: readonly string[]): LineManagerProblem {
  if (!personId || !managerId) return null;
  if (personId === managerId) return "self";
  return chainAboveManager.includes(personId) ? "cycle" : null;
}

/** Which role assignments to add and remove to go from `current` to `wanted`. */
export function roleChanges(current: readonly Role[], wanted: readonly Role[]): { add: Role[]; remove: Role[] } {
  const have = new Set(current);
  const want = new Set(wanted);
  return {
    add: ALL_ROLES.filter((role) => want.has(role) && !have.has(role)),
    remove: ALL_ROLES.filter((role) => have.has(role) && !want.has(role)),
  };
}

/** Search words: each must match the first, last or preferred name or the work email. */
export function personSearchWhere(q: string): PersonScope {
  const terms = q.trim().split(/\s+/).filter(Boolean).slice(0, 5);
  if (terms.length === 0) return {};
  return {
    AND: terms.map((term) => ({
      OR: [
        { firstName: { contains: term, mode: "insensitive" as const } },
        { lastName: { contains: term, mode: "insensitive" as const } },
        { preferredName: { contains: term, mode: "insensitive" as const } },
        { workEmail: { contains: term, mode: "insensitive" as const } },
      ],
    })),
  };
}
