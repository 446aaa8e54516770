// What the retention schedule makes due, as database filters: shared by the daily job (which disposes of it) and the
// administrator's preview (which counts it). A record covered by a legal hold that is not lifted is never due.
import { subDays, subMonths } from "date-fns";
import type { DbTx } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";

export const DISPOSABLE_TYPES = ["SUPPORT_DRAFT", "SUPPORT_REQUEST", "POLICE_SUSPECT_CASE"] as const;
export type DisposableType = (typeof DISPOSABLE_TYPES)[number];

export interface RetentionRuleRow {
  recordType: string;
  startsFrom: string;
  keepMonths: number;
  keepDays: number;
  disposal: string;
  basis: string;
}

export const isDisposable = (type: string): type is DisposableType => (DISPOSABLE_TYPES as readonly string[]).includes(type);

/** The schedule in a fixed order: what the job acts on first, the audit trail last. */
export async function retentionRules(tx: DbTx): Promise<RetentionRuleRow[]> {
  const rules = await tx.retentionRule.findMany({
    select: { recordType: true, startsFrom: true, keepMonths: true, keepDays: true, disposal: true, basis: true },
  });
  const order = [...DISPOSABLE_TYPES, "AUDIT_EVENT"] as string[];
  return rules.sort((a, b) => order.indexOf(a.recordType) - order.indexOf(b.recordType));
}

/** The latest start (closing date, last save) a record may have to be due at `at`. */
export function cutoffFor(rule: Pick<RetentionRuleRow, "keepMonths" | "keepDays">, at: Date): Date {
  return subDays(subMonths(at, rule.keepMonths), rule.keepDays);
}

/** Ids of the people whose records are under a legal hold now. */
export async function heldPeople(tx: DbTx): Promise<string[]> {
  const holds = await tx.legalHold.findMany({ where: { personId: { not: null }, liftedAt: null }, select: { personId: true } });
  return [...new Set(holds.map((hold) => hold.personId!))];
}

/** Ids of the cases under a legal hold now. */
export async function heldCases(tx: DbTx): Promise<string[]> {
  const holds = await tx.legalHold.findMany({ where: { caseId: { not: null }, liftedAt: null }, select: { caseId: true } });
  return [...new Set(holds.map((hold) => hold.caseId!))];
}

export interface Holds {
  people: string[];
  cases: string[];
}

export async function currentHolds(tx: DbTx): Promise<Holds> {
  return { people: await heldPeople(tx), cases: await heldCases(tx) };
}

/** Support drafts and requests whose rule makes them due at `at`, held or not (`held` picks which). */
export function supportRequestsDue(type: "SUPPORT_DRAFT" | "SUPPORT_REQUEST", cutoff: Date, holds: Holds, held: boolean): Prisma.SupportRequestWhereInput {
  const due: Prisma.SupportRequestWhereInput =
    type === "SUPPORT_DRAFT" ? { status: "DRAFT", updatedAt: { lte: cutoff } } : { status: "CLOSED", closedAt: { lte: cutoff } };
  return { AND: [due, held ? { employeeId: { in: holds.people } } : { employeeId: { notIn: holds.people } }] };
}

/** Closed cases due at `at`: a hold on the case, or on its reporter, victim, suspect or interested person, keeps it. */
export function casesDue(cutoff: Date, holds: Holds, held: boolean): Prisma.PoliceSuspectCaseWhereInput {
  const people = holds.people;
  const coveredByHold: Prisma.PoliceSuspectCaseWhereInput = {
    OR: [
      { id: { in: holds.cases } },
      { reportedById: { in: people } },
      { victimPersonId: { in: people } },
      { suspectPersonId: { in: people } },
      { interestedPersonId: { in: people } },
    ],
  };
  // Spelt out rather than NOT(coveredByHold): in SQL, NOT (NULL IN (...)) is not true, so a case with no victim in
  // the directory would never fall due.
  const notHeldPerson = (field: "victimPersonId" | "suspectPersonId" | "interestedPersonId"): Prisma.PoliceSuspectCaseWhereInput => ({
    OR: [{ [field]: null }, { [field]: { notIn: people } }],
  });
  const free: Prisma.PoliceSuspectCaseWhereInput = {
    AND: [
      { id: { notIn: holds.cases } },
      { reportedById: { notIn: people } },
      notHeldPerson("victimPersonId"),
      notHeldPerson("suspectPersonId"),
      notHeldPerson("interestedPersonId"),
    ],
  };
  return { AND: [{ status: "CLOSED", closedAt: { lte: cutoff } }, held ? coveredByHold : free] };
}

/** How many records of a type are due at `at`, and how many of those a legal hold keeps. */
export async function countDue(
  tx: DbTx,
  rule: RetentionRuleRow & { recordType: DisposableType },
  at: Date,
  holds: Holds,
): Promise<{ due: number; held: number }> {
  const cutoff = cutoffFor(rule, at);
  if (rule.recordType === "POLICE_SUSPECT_CASE") {
    const due = await tx.policeSuspectCase.count({ where: casesDue(cutoff, holds, false) });
    return { due, held: await tx.policeSuspectCase.count({ where: casesDue(cutoff, holds, true) }) };
  }
  // One after the other: an interactive transaction runs one statement at a time.
  const due = await tx.supportRequest.count({ where: supportRequestsDue(rule.recordType, cutoff, holds, false) });
  return { due, held: await tx.supportRequest.count({ where: supportRequestsDue(rule.recordType, cutoff, holds, true) }) };
}
