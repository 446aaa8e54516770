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

/**
 * Records the report as the signed-in person: the case, restricted at once, and its audit row in one transaction.
 * Throws ChangeRejected (nothing written) for a problem the reporter can put right.
 */
export async function submitReport(context: RequestContext, form: IntakeForm): Promise<{ id: string; reference: string }> {
  const created = await context.prisma.$transaction(async (tx) => {
    const made = await createPoliceSuspectCase(tx, { reporterId: context.actor.id, form });
    await auditCaseEvent(context, tx, { action: "case.create", caseId: made.id, outcome: "SUCCESS", details: { reference: made.reference } });
    return made;
  });
  kickOutbox();
  return created;
}
