// Conflict-of-interest declarations on a police-suspect case, and PSD's decisions on them. Declarations and decisions
// are never edited (the database refuses it): a later declaration supersedes an earlier one, and the person's access
// entry carries where they stand now (CaseAccess.declarationState), so that the access rules can read it.
import { z } from "zod";
import type { DbTx } from "~/db.server";
import type { DeclarationState } from "~/generated/prisma/enums";
import { addressName } from "~/utils/names";
import { ChangeRejected, tickedBoxes } from "~/utils/forms";
import { CONNECTION_KINDS, type ConnectionKind } from "~/models/cases/labels";
import { notifyPeople } from "~/models/cases/case.server";

export const DeclarationFormSchema = z
  .object({
    hasConnection: z.enum(["yes", "no"], { error: "Say whether you have any prior connection with anyone involved" }),
    connections: tickedBoxes(Object.keys(CONNECTION_KINDS) as ConnectionKind[]),
    details: z.string().trim().max(2000, "Use 2,000 characters or fewer").optional(),
  })
  .superRefine((form, ctx) => {
    if (form.hasConnection !== "yes") return;
    if (form.connections.length === 0) ctx.addIssue({ code: "custom", path: ["connections"], message: "Choose each kind of connection you have" });
    if (!form.details) ctx.addIssue({ code: "custom", path: ["details"], message: "Describe the connection: with whom, what it is and when" });
  });
export type DeclarationForm = z.infer<typeof DeclarationFormSchema>;

/** Records a declaration and moves the person's access entries on the case to where it leaves them. */
export async function recordDeclaration(tx: DbTx, caseId: string, personId: string, form: DeclarationForm): Promise<DeclarationState> {
  const entries = await tx.caseAccess.findMany({ where: { caseId, personId, revokedAt: null }, select: { id: true, declarationState: true } });
  if (entries.length === 0) throw new ChangeRejected({ form: "You are no longer on this case's access list." });
  if (entries.some((entry) => entry.declarationState === "PENDING_REVIEW")) {
    throw new ChangeRejected({ form: "Your declaration is waiting for professional standards to review it." });
  }
  const hasConnection = form.hasConnection === "yes";
  await tx.conflictDeclaration.create({
    data: { caseId, personId, hasConnection, connections: hasConnection ? form.connections : [], details: hasConnection ? (form.details ?? null) : null },
  });
  const state: DeclarationState = hasConnection ? "PENDING_REVIEW" : "NO_CONNECTION";
  await tx.caseAccess.updateMany({ where: { id: { in: entries.map((entry) => entry.id) } }, data: { declarationState: state } });
  return state;
}

export const ReviewFormSchema = z.object({
  declarationId: z.string({ error: "Choose a declaration to review" }),
  decision: z.enum(["CLEARED", "REMOVED"], { error: "Choose a decision" }),
  rationale: z
    .string({ error: "Give the rationale for the decision" })
    .trim()
    .min(1, "Give the rationale for the decision")
    .max(2000, "Use 2,000 characters or fewer"),
});
export type ReviewForm = z.infer<typeof ReviewFormSchema>;

/**
 * PSD's decision on a declared connection: cleared (access continues, with the rationale) or removed from the case.
 * Refuses a decision on one's own declaration or on a declaration that has been superseded or already decided.
 */
export async function reviewDeclaration(tx: DbTx, caseId: string, reviewerId: string, form: ReviewForm): Promise<{ personId: string }> {
  const declaration = await tx.conflictDeclaration.findFirst({ where: { id: form.declarationId, caseId }, include: { reviews: true } });
  if (!declaration) throw new ChangeRejected({ declarationId: "That declaration is not on this case" });
  if (declaration.personId === reviewerId) throw new ChangeRejected({ declarationId: "Nobody reviews their own declaration: another PSD officer must decide" });
  if (declaration.reviews.length > 0) throw new ChangeRejected({ declarationId: "This declaration has already been decided" });
  const later = await tx.conflictDeclaration.count({ where: { caseId, personId: declaration.personId, declaredAt: { gt: declaration.declaredAt } } });
  if (later > 0) throw new ChangeRejected({ declarationId: "This declaration has been superseded by a later one" });
  if (!declaration.hasConnection) throw new ChangeRejected({ declarationId: "This declaration declares no connection: there is nothing to decide" });
  await tx.declarationReview.create({ data: { declarationId: declaration.id, decision: form.decision, rationale: form.rationale, decidedById: reviewerId } });
  const now = new Date();
  await tx.caseAccess.updateMany({
    where: { caseId, personId: declaration.personId, revokedAt: null },
    data: form.decision === "CLEARED" ? { declarationState: "CLEARED" } : { declarationState: "REMOVED", revokedAt: now, revokedById: reviewerId },
  });
  return { personId: declaration.personId };
}

/** Asks the case's PSD officers to review a declared connection (content-free mail), except the declarer themselves. */
export async function askPsdToReviewDeclaration(tx: DbTx, caseId: string, declarerId: string): Promise<void> {
  const psd = await tx.caseAccess.findMany({
    where: { caseId, capacity: "PROFESSIONAL_STANDARDS", revokedAt: null, personId: { not: declarerId } },
    select: { personId: true },
  });
  await notifyPeople(
    tx,
    psd.map((entry) => entry.personId),
    "/records",
  );
}

/** Every declaration on the case, oldest first, with PSD's decision on it and whether a later one superseded it. */
export async function declarationsView(tx: DbTx, caseId: string) {
  const declarations = await tx.conflictDeclaration.findMany({ where: { caseId }, orderBy: { declaredAt: "asc" }, include: { reviews: true } });
  const peopleIds = [...new Set([...declarations.map((d) => d.personId), ...declarations.flatMap((d) => d.reviews.map((r) => r.decidedById))])];
  const people = await tx.person.findMany({ where: { id: { in: peopleIds } }, select: { id: true, firstName: true, lastName: true, preferredName: true } });
  const name = new Map(people.map((person) => [person.id, addressName(person)]));
  const latestOf = new Map<string, string>();
  for (const declaration of declarations) latestOf.set(declaration.personId, declaration.id);
  return declarations.map((declaration) => ({
    id: declaration.id,
    personId: declaration.personId,
    person: name.get(declaration.personId) ?? "Unknown",
    hasConnection: declaration.hasConnection,
    connections: declaration.connections.map((kind) => CONNECTION_KINDS[kind as ConnectionKind] ?? kind),
    details: declaration.details,
    declaredAt: declaration.declaredAt.toISOString(),
    superseded: latestOf.get(declaration.personId) !== declaration.id,
    review: declaration.reviews[0]
      ? {
          decision: declaration.reviews[0].decision === "CLEARED" ? "Cleared" : "Removed from the case",
          rationale: declaration.reviews[0].rationale,
          by: name.get(declaration.reviews[0].decidedById) ?? "Unknown",
          at: declaration.reviews[0].decidedAt.toISOString(),
        }
      : null,
  }));
}
