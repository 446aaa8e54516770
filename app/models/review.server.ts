// The review of something overseen (an access alert, a quiet read): an outcome from the thing's own list, the
// reviewer's rationale, and the version the reviewer saw (a second reviewer meanwhile is refused, not overwritten).
import { z } from "zod";
import { ChangeRejected, parseForm, rejectedReply, type FormReply } from "~/utils/forms";

/** The review form's schema for a list of outcomes (a Prisma enum's values). */
export function reviewSchema<Outcome extends string>(outcomes: Record<string, Outcome>) {
  return z.object({
    outcome: z.enum(Object.values(outcomes) as [Outcome, ...Outcome[]], { error: "Choose the outcome" }),
    note: z
      .string({ error: "Give the rationale for the outcome" })
      .trim()
      .min(1, "Give the rationale for the outcome")
      .max(2000, "Use 2,000 characters or fewer"),
    version: z.coerce.number().int().min(1),
  });
}

/** What a review records: the outcome, the rationale and the version it was made against. */
export interface Review<Outcome extends string> {
  outcome: Outcome;
  note: string;
  version: number;
}

/**
 * A review page's POST: the form parsed and the review recorded (by `record`, through the guard). Answers the reply
 * for the page when the review was refused, or null once it is recorded. Someone who may not review the thing gets
 * "not found" (audited, by `refuseUnlessReviewer`), whatever they posted; someone else reviewing it first refuses the
 * form without what was typed, since the page then shows their outcome and no form.
 */
export async function submitReview<Outcome extends string>(
  formData: FormData,
  schema: ReturnType<typeof reviewSchema<Outcome>>,
  refuseUnlessReviewer: () => Promise<unknown>,
  record: (review: Review<Outcome>) => Promise<void>,
): Promise<{ reply: FormReply } | null> {
  const parsed = parseForm(schema, formData);
  if (!parsed.ok) {
    await refuseUnlessReviewer();
    return { reply: parsed.reply };
  }
  try {
    await record(parsed.data as Review<Outcome>);
  } catch (error) {
    if (error instanceof ChangeRejected) return { reply: rejectedReply(error.errors) };
    throw error;
  }
  return null;
}
