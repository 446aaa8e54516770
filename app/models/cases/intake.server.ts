// Recording a report about a police employee: what the intake form offers (forces, local policing areas, supervising
// officers), the directory search that finds the suspect or victim, and the report itself. Anyone signed in may
// record a report; the searches and the report are audited in the transactions that make them.
import { auditCaseEvent } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import {
  createPoliceSuspectCase,
  directoryPerson,
  eligibleSupervisors,
  searchDirectory,
  type DirectoryMatch,
  type IntakeForm,
} from "~/models/cases/case.server";
import { isUniqueViolation } from "~/utils/database-errors.server";
import { kickOutbox } from "~/utils/outbox.server";

/** The choices of the intake form: other forces, the home force's local policing areas, and supervising officers. */
export async function intakeChoices(context: RequestContext) {
  return context.prisma.$transaction(async (tx) => ({
    forces: await tx.force.findMany({ where: { isHome: false }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    areas: await tx.unit.findMany({
      where: { force: { isHome: true }, kind: { in: ["BCU", "OCU"] } },
      select: { id: true, name: true },
      orderBy: { name: "asc" },
    }),
    supervisors: await eligibleSupervisors(tx, context.actor.id, new Set()),
  }));
}

/** A search of the home force's directory for the suspect or the victim; the search (not what was typed) is audited. */
export async function searchIntakeDirectory(context: RequestContext, q: string): Promise<DirectoryMatch[]> {
  return context.prisma.$transaction(async (tx) => {
    const found = await searchDirectory(tx, q);
    await auditCaseEvent(context, tx, { action: "directory.search", caseId: null, outcome: "ALLOWED", details: { purpose: "intake", count: found.length } });
    return found;
  });
}

/** A person already chosen on the form (by id), shown again when the form comes back; null if no longer in the directory. */
export function chosenDirectoryPerson(context: RequestContext, id: string | undefined): Promise<DirectoryMatch | null> {
  return directoryPerson(context.prisma, id);
}

/** The report form's one-time key, when the submission carries a well-formed one (anything else is no key). */
export function submissionKeyOf(value: FormDataEntryValue | null): string | undefined {
  return typeof value === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) ? value.toLowerCase() : undefined;
}

/** The case this reporter already made from the submission with this key, with the repeat audited; null if none. */
async function earlierSubmission(context: RequestContext, submissionKey: string): Promise<{ id: string; reference: string } | null> {
  return context.prisma.$transaction(async (tx) => {
    const earlier = await tx.policeSuspectCase.findUnique({
      where: { reportedById_submissionKey: { reportedById: context.actor.id, submissionKey } },
      select: { id: true, reference: true },
    });
    if (earlier)
      await auditCaseEvent(context, tx, { action: "case.create.repeated", caseId: earlier.id, outcome: "SUCCESS", details: { reference: earlier.reference } });
    return earlier;
  });
}

/**
 * Records the report as the signed-in person: the case, restricted at once, and its audit row in one transaction.
 * Throws ChangeRejected (nothing written) for a problem the reporter can put right. The same submission sent again
 * (its `submissionKey`: a retry after an answer lost on the way, though the report was saved, or a second click) gives
 * back the case it made, and makes no second one.
 */
export async function submitReport(context: RequestContext, form: IntakeForm, submissionKey?: string): Promise<{ id: string; reference: string }> {
  const earlier = submissionKey ? await earlierSubmission(context, submissionKey) : null;
  if (earlier) return earlier;
  let created: { id: string; reference: string };
  try {
    created = await context.prisma.$transaction(async (tx) => {
      const made = await createPoliceSuspectCase(tx, { reporterId: context.actor.id, form, submissionKey });
      await auditCaseEvent(context, tx, { action: "case.create", caseId: made.id, outcome: "SUCCESS", details: { reference: made.reference } });
      return made;
    });
  } catch (error) {
    // Two copies of one submission at once: the second finds the key taken, and the case the first made.
    const raced = submissionKey && isUniqueViolation(error) ? await earlierSubmission(context, submissionKey) : null;
    if (raced) return raced;
    throw error;
  }
  kickOutbox();
  return created;
}
