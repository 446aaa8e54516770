// Four eyes on privilege, the rules that need no database: which changes to a person wait for a second
// administrator, and how a proposal is described. See docs/decisions/023-four-eyes-on-privilege.md.
import type { EmployeeType, ProposalKind, Rank, Role } from "~/generated/prisma/enums";

/** Every role widens what its holder may reach, so every role granted waits for a second administrator. */
export const PRIVILEGED_ROLES: readonly Role[] = [
  "PSD_OFFICER",
  "HEAD_OF_PSD",
  "NPCC_OFFICER",
  "CHIEF_OFFICER",
  "DA_COORDINATOR",
  "CAIU_SUPERVISOR",
  "DUTY_INSPECTOR",
  "DA_CHAMPION",
  "STAFF_IDVA_LIAISON",
  "OCCUPATIONAL_HEALTH",
  "WELFARE",
  "ADMINISTRATOR",
  // Reads the whole general audit trail: granted with four eyes and signed in with a second factor like the rest.
  "AUDITOR",
];

export interface EmploymentFacts {
  employeeType: EmployeeType;
  rank: Rank | null;
  staffGradeCode: string | null;
}

/** What a proposal changes: `from` is the record as the proposer saw it, `to` what it becomes. */
export type ProposedChange =
  | { kind: "ROLE_GRANT"; role: Role }
  | { kind: "EMPLOYMENT"; from: EmploymentFacts; to: EmploymentFacts }
  | { kind: "UNIT"; from: string | null; to: string | null }
  | { kind: "LINE_MANAGER"; from: string | null; to: string | null }
  | { kind: "WORK_EMAIL"; from: string; to: string }
  | { kind: "UNIT_COMMANDER"; unitId: string; from: string | null; to: string | null }
  /** `from`: when the factor being reset was enrolled (a newer one, set up since, is not reset). */
  | { kind: "SECOND_FACTOR_RESET"; from: string };

/** The fields of a person's record that change only through a proposal. */
export const PROPOSED_FIELDS = ["employeeType", "rank", "staffGradeCode", "unitId", "lineManagerId", "workEmail"] as const;

interface PrivilegeFacts extends EmploymentFacts {
  unitId: string | null;
  lineManagerId: string | null;
  workEmail: string;
}

/** The proposals a save makes: each privileged field that changes, and each role added. */
export function proposedChanges(current: PrivilegeFacts, wanted: PrivilegeFacts, rolesAdded: readonly Role[]): ProposedChange[] {
  const changes: ProposedChange[] = rolesAdded.map((role) => ({ kind: "ROLE_GRANT" as const, role }));
  const employment = (facts: EmploymentFacts): EmploymentFacts => ({
    employeeType: facts.employeeType,
    rank: facts.rank,
    staffGradeCode: facts.staffGradeCode,
  });
  if (!sameEmployment(current, wanted)) changes.push({ kind: "EMPLOYMENT", from: employment(current), to: employment(wanted) });
  if (current.unitId !== wanted.unitId) changes.push({ kind: "UNIT", from: current.unitId, to: wanted.unitId });
  if (current.lineManagerId !== wanted.lineManagerId) changes.push({ kind: "LINE_MANAGER", from: current.lineManagerId, to: wanted.lineManagerId });
  if (current.workEmail !== wanted.workEmail) changes.push({ kind: "WORK_EMAIL", from: current.workEmail, to: wanted.workEmail });
  return changes;
}

export function sameEmployment(a: EmploymentFacts, b: EmploymentFacts): boolean {
  return a.employeeType === b.employeeType && (a.rank ?? null) === (b.rank ?? null) && (a.staffGradeCode ?? null) === (b.staffGradeCode ?? null);
}

/** The stored row's kind and JSON for a change, and back. */
export function toStored(change: ProposedChange): { kind: ProposalKind; change: Record<string, unknown> } {
  const { kind, ...rest } = change;
  return { kind, change: rest };
}

export function fromStored(kind: ProposalKind, stored: unknown): ProposedChange {
  return { kind, ...(stored as object) } as ProposedChange;
}

/** Whether a new proposal replaces an older pending one on the same person (same field, or the same role). */
export function supersedes(newer: ProposedChange, older: ProposedChange): boolean {
  if (newer.kind !== older.kind) return false;
  if (newer.kind === "UNIT_COMMANDER") return newer.unitId === (older as { unitId: string }).unitId;
  return newer.kind !== "ROLE_GRANT" || newer.role === (older as { role: Role }).role;
}
