// Safety-plan measures for database tests: a valid, fictional measure form, and what a rejected change said.
import { MeasureFormSchema, type MeasureForm } from "~/models/safety-plan/form";
import { ChangeRejected } from "~/utils/forms";

export const NS = "northshire.police.invalid";

/** Reception's measure for Jordan's plan, owned by Jordan, with any field overridden. */
export function fictionalMeasure(overrides: Record<string, unknown> = {}): MeasureForm {
  const parsed = MeasureFormSchema.safeParse({
    kind: "RECEPTION",
    instructions: "Fictional: tall, red hatchback AB12 CDE. Do not let them in; call the duty sergeant.",
    ownerEmail: `jordan.mistry-oake@${NS}`,
    status: "PLANNED",
    reviewOn: "2027-01-31",
    ...overrides,
  });
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
  return parsed.data;
}

/** The field errors of a change the person can fix; fails if the change went through or failed otherwise. */
export async function rejected(promise: Promise<unknown>): Promise<Record<string, string>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ChangeRejected) return error.errors;
    throw error;
  }
  throw new Error("expected the change to be rejected");
}
