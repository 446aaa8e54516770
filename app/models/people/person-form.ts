// The person form (what an administrator may type) and the password forms (what a person types to choose or change
// their own password: an administrator never does), checked before anything is read.
import { z } from "zod";
import { isKnownPassword, KNOWN_PASSWORD_MESSAGE } from "~/auth/known-passwords.server";
import { EmployeeType, Rank, Role } from "~/generated/prisma/enums";
import { RANKS_IN_ORDER } from "~/models/people/rank";
import { tickedBoxes } from "~/utils/forms";
import { isId } from "~/utils/ids";
import { ALL_ROLES, MIN_PASSWORD_LENGTH } from "./person-rules";

// ─── The person form ───────────────────────────────────────────────────────────

const text = (field: string, max: number) =>
  z
    .string({ error: `Enter ${field}` })
    .trim()
    .min(1, `Enter ${field}`)
    .max(max, `${field[0]?.toUpperCase()}${field.slice(1)} must be ${max} characters or fewer`);

const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .optional()
    .transform((value) => value || null);

const optionalId = (message: string) =>
  z
    .string()
    .trim()
    .optional()
    .refine((value) => !value || isId(value), message)
    .transform((value) => value || null);

const personFields = {
  firstName: text("a first name", 80),
  lastName: text("a last name", 80),
  preferredName: optionalText("Preferred name", 80),
  pronouns: optionalText("Pronouns", 40),
  workEmail: z
    .string({ error: "Enter a work email address" })
    .trim()
    .toLowerCase()
    .min(1, "Enter a work email address")
    .max(254, "Email address must be 254 characters or fewer")
    .pipe(z.email({ error: "Enter an email address in the correct format, like name@example.police.uk" })),
  employeeType: z.enum(EmployeeType, { error: "Choose police officer or police staff" }),
  rank: z.string().optional(),
  staffGradeCode: z.string().trim().max(40).optional(),
  collarNumber: optionalText("Collar number", 20),
  forceId: z.string({ error: "Choose a force" }).refine(isId, "Choose a force"),
  unitId: optionalId("Choose a unit from the list"),
  lineManagerId: optionalId("Choose a line manager from the list"),
  lineManagerEmail: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, "Email address must be 254 characters or fewer")
    .optional()
    .transform((value) => value || null),
  active: z
    .string()
    .optional()
    .transform((value) => value === "on" || value === "true"),
  // A refinement (not an enum) so that an unknown role does not stop the other fields being checked.
  roles: tickedBoxes()
    .refine((values) => values.every((value) => (ALL_ROLES as string[]).includes(value)), "Choose roles from the list")
    .transform((values) => [...new Set(values)] as Role[]),
  rolesEditable: z
    .string()
    .optional()
    .transform((value) => value === "1"),
};

type PersonFieldsOutput = z.infer<z.ZodObject<typeof personFields>>;

function checkEmployment(value: PersonFieldsOutput, ctx: z.RefinementCtx) {
  if (value.employeeType === "OFFICER") {
    if (!value.rank) ctx.addIssue({ code: "custom", path: ["rank"], message: "Choose the officer's rank" });
    else if (!(RANKS_IN_ORDER as readonly string[]).includes(value.rank))
      ctx.addIssue({ code: "custom", path: ["rank"], message: "Choose a rank from the list" });
  }
  if (value.employeeType === "STAFF" && !value.staffGradeCode) {
    ctx.addIssue({ code: "custom", path: ["staffGradeCode"], message: "Choose the staff grade" });
  }
}

type NormalisedEmployment<T> = Omit<T, "rank" | "staffGradeCode" | "collarNumber"> & {
  rank: Rank | null;
  staffGradeCode: string | null;
  collarNumber: string | null;
};

function normaliseEmployment<T extends PersonFieldsOutput>(value: T): NormalisedEmployment<T> {
  return {
    ...value,
    rank: value.employeeType === "OFFICER" ? (value.rank as Rank) : null,
    staffGradeCode: value.employeeType === "STAFF" ? (value.staffGradeCode ?? null) : null,
    collarNumber: value.employeeType === "OFFICER" ? value.collarNumber : null,
  };
}

/** The form to add a person. */
export const PersonFormSchema = z.object(personFields).superRefine(checkEmployment).transform(normaliseEmployment);

/** The form to change a person: the same fields and the version the page was showing. */
export const EditPersonFormSchema = z
  .object({ ...personFields, version: z.coerce.number({ error: "Reload the page and try again" }).int().min(1) })
  .superRefine(checkEmployment)
  .transform(normaliseEmployment);

export type PersonForm = z.infer<typeof PersonFormSchema>;

const newPassword = z
  .string({ error: `Enter a password of at least ${MIN_PASSWORD_LENGTH} characters` })
  .min(MIN_PASSWORD_LENGTH, `Enter a password of at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(200, "Password must be 200 characters or fewer")
  .refine((value) => !isKnownPassword(value), KNOWN_PASSWORD_MESSAGE);

/** A person choosing their first password on the set-up page. */
export const PasswordFormSchema = z
  .object({ password: newPassword, confirmPassword: z.string().optional() })
  .refine((value) => value.password === value.confirmPassword, { path: ["confirmPassword"], message: "The two passwords do not match" });

/** A person changing their own password: the current one first. */
export const ChangePasswordSchema = z
  .object({
    currentPassword: z
      .string({ error: "Enter your current password" })
      .min(1, "Enter your current password")
      .max(200, "Password must be 200 characters or fewer"),
    password: newPassword,
    confirmPassword: z.string().optional(),
  })
  .refine((value) => value.password === value.confirmPassword, { path: ["confirmPassword"], message: "The two passwords do not match" });
