// Police-suspect cases for database tests: a fictional report as the intake form gives it.
import { IntakeFormSchema, type IntakeForm } from "~/models/cases/case.server";

/** A member of the public's report, received in person, against the person `suspectPersonId`; `overrides` as typed. */
export function fictionalIntake(suspectPersonId: string, overrides: Partial<Record<keyof IntakeForm, string>> = {}): IntakeForm {
  const parsed = IntakeFormSchema.safeParse({
    reporting: "received",
    suspectKind: "directory",
    suspectPersonId,
    victimKind: "public",
    victimName: "Fictional Member-of-Public",
    victimContact: "Fictional: 01632 960001",
    childrenInvolved: "yes",
    immediateDanger: "no",
    account: "Fictional account for the tests.",
    receivedHow: "IN_PERSON",
    receivedAt: "2026-11-20T10:30",
    ...overrides,
  });
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
  return parsed.data;
}
