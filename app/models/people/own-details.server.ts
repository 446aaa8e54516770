// A person's own record, as they see it on "My details", and the two things they may change themselves: the name
// they would like to be called and their pronouns.
import { z } from "zod";
import { changeWithAudit, readAccessible } from "~/access/guard.server";
import type { RequestContext } from "~/access/request-context.server";
import { ETHNICITY_OPTIONS, GENDER_OPTIONS, isEqualityAnswer } from "~/models/figures/equality";
import { RANK_LABELS } from "~/models/people/rank";
import { ROLE_LABELS } from "~/models/people/roles";

export const OwnDetailsSchema = z.object({
  preferredName: z.string().trim().max(80, "Preferred name must be 80 characters or fewer"),
  pronouns: z.string().trim().max(40, "Pronouns must be 40 characters or fewer"),
  version: z.coerce.number().int(),
});

export async function readOwnDetails(context: RequestContext) {
  const person = await readAccessible(context, {
    model: "Person",
    id: context.actor.id,
    find: (tx, where) =>
      tx.person.findFirst({
        where,
        include: { unit: true, lineManager: { select: { firstName: true, lastName: true, preferredName: true } }, roles: true, staffGrade: true, force: true },
      }),
    exists: async (tx, id) => (await tx.person.count({ where: { id } })) > 0,
  });
  return {
    firstName: person.firstName,
    lastName: person.lastName,
    preferredName: person.preferredName ?? "",
    pronouns: person.pronouns ?? "",
    workEmail: person.workEmail,
    rankOrGrade: person.rank ? RANK_LABELS[person.rank] : (person.staffGrade?.title ?? "Police staff"),
    unit: person.unit?.name ?? "Not recorded",
    force: person.force.name,
    lineManager: person.lineManager ? `${person.lineManager.preferredName ?? person.lineManager.firstName} ${person.lineManager.lastName}` : "Not recorded",
    roles: person.roles.map((role) => ROLE_LABELS[role.role]),
    gender: person.gender ?? "",
    ethnicity: person.ethnicity ?? "",
    version: person.version,
  };
}

/** Saves the person's own preferred name and pronouns; false when their record changed since the page was loaded. */
export async function saveOwnDetails(context: RequestContext, form: z.infer<typeof OwnDetailsSchema>): Promise<boolean> {
  const { preferredName, pronouns, version } = form;
  const updated = await changeWithAudit(
    context,
    { action: "update", model: "Person", record: { id: context.actor.id }, subjectId: context.actor.id, fields: ["preferredName", "pronouns"] },
    (tx) =>
      tx.person.updateMany({
        where: { id: context.actor.id, version },
        data: { preferredName: preferredName || null, pronouns: pronouns || null, version: { increment: 1 } },
      }),
    { action: "person.update_own_details" },
  );
  return updated.count > 0;
}

const equalityAnswer = (options: readonly { value: string }[], message: string) =>
  z
    .string()
    .optional()
    .transform((value) => value ?? "")
    .refine((value) => isEqualityAnswer(options, value), message);

/** The two optional equality questions: an answer from the list, "Prefer not to say", or nothing. */
export const EqualitySchema = z.object({
  gender: equalityAnswer(GENDER_OPTIONS, "Choose one of the answers, or leave it unanswered"),
  ethnicity: equalityAnswer(ETHNICITY_OPTIONS, "Choose one of the answers, or leave it unanswered"),
  version: z.coerce.number().int(),
});

/**
 * Saves the person's own answers to the equality questions; false when their record changed since the page was
 * loaded. The audit row says that they were changed, never what they are: they are read only into counts.
 */
export async function saveOwnEquality(context: RequestContext, form: z.infer<typeof EqualitySchema>): Promise<boolean> {
  const { gender, ethnicity, version } = form;
  const updated = await changeWithAudit(
    context,
    { action: "update", model: "Person", record: { id: context.actor.id }, subjectId: context.actor.id, fields: ["gender", "ethnicity"] },
    (tx) =>
      tx.person.updateMany({
        where: { id: context.actor.id, version },
        data: { gender: gender || null, ethnicity: ethnicity || null, version: { increment: 1 } },
      }),
    { action: "person.update_own_equality" },
  );
  return updated.count > 0;
}
