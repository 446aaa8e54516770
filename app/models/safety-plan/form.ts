// The safety-plan forms: a measure, and a grant of sight of one measure. Plain zod, no server code.
import { z } from "zod";
import { type FormResult, parseForm } from "~/utils/forms";
import { parseDay } from "~/utils/dates";
import { MEASURE_INSTRUCTIONS_MAX, MEASURE_KIND_KEYS, MEASURE_STATUS_LABELS, MEASURE_TITLE_MAX, type MeasureStatus } from "./labels";

const OWN_WITHOUT_WORDS = "Say what the measure is, in your own words";

const text = (max: number) =>
  z
    .string()
    .optional()
    .transform((value) => (value ?? "").trim())
    .pipe(z.string().max(max, `Keep this under ${max} characters`));

export const MeasureFormSchema = z
  .object({
    kind: z.enum(MEASURE_KIND_KEYS as [string, ...string[]], {
      error: "Choose a measure",
    }),
    title: text(MEASURE_TITLE_MAX),
    instructions: text(MEASURE_INSTRUCTIONS_MAX),
    ownerEmail: z
      .string({ error: "Give the work email of the person who will see to it" })
      .trim()
      .toLowerCase()
      .min(1, "Give the work email of the person who will see to it")
      .max(254, "Keep this under 254 characters"),
    status: z.enum(Object.keys(MEASURE_STATUS_LABELS) as [MeasureStatus, ...MeasureStatus[]], { error: "Choose a status" }),
    reviewOn: z
      .string({ error: "Give a review date" })
      .trim()
      .min(1, "Give a review date")
      .transform((value, ctx) => {
        const day = parseDay(value);
        if (!day)
          ctx.addIssue({
            code: "custom",
            message: "Give a real date, for example 2027-01-31",
          });
        return day ?? new Date(0);
      }),
    version: z.coerce.number().int().optional(),
  })
  // Checked whatever else is missing, so that every message comes at once.
  .refine((form) => form.kind !== "OWN" || form.title !== "", {
    path: ["title"],
    message: OWN_WITHOUT_WORDS,
    when: ({ value }) => typeof value === "object" && value !== null && typeof (value as { title?: unknown }).title === "string",
  });
export type MeasureForm = z.infer<typeof MeasureFormSchema>;

/** Checks the measure form, every field at once. */
export function parseMeasureForm(formData: FormData): FormResult<MeasureForm> {
  return parseForm(MeasureFormSchema, formData);
}

export const GrantSchema = z
  .object({
    to: z.enum(["LINE_MANAGER", "PERSON"], {
      error: "Choose who may see this measure",
    }),
    email: z
      .string()
      .optional()
      .transform((value) => (value ?? "").trim().toLowerCase()),
    reason: z
      .string()
      .optional()
      .transform((value) => (value ?? "").trim())
      .pipe(z.string().max(500, "Keep this under 500 characters")),
  })
  .superRefine((grant, ctx) => {
    if (grant.to === "PERSON" && grant.email === "")
      ctx.addIssue({
        code: "custom",
        path: ["email"],
        message: "Give their work email",
      });
  });
export type Grant = z.infer<typeof GrantSchema>;
