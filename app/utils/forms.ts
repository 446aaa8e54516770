import type { z } from "zod";

export type FieldErrors = Record<string, string>;

export type FormResult<T> =
  | { ok: true; data: T }
  | { ok: false; errors: FieldErrors; values: Record<string, string> };

/** A change refused for a reason the person can fix: thrown inside a transaction so that nothing is written. */
export class ChangeRejected extends Error {
  constructor(public readonly errors: FieldErrors) {
    super("change rejected");
    this.name = "ChangeRejected";
  }
}

/**
 * What was typed into a form, to show again beside the errors: never a password, and not the person form's role
 * checkboxes (a list its page echoes itself). An unticked checkbox is simply absent.
 */
export function submittedValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && key !== "roles" && !/password/i.test(key)) values[key] = value;
  }
  return values;
}

/** Validates a submitted form against its schema; on failure gives one message per field and what was typed. */
export function parseForm<S extends z.ZodType>(schema: S, formData: FormData): FormResult<z.infer<S>> {
  const raw: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key).filter((value): value is string => typeof value === "string");
    raw[key] = all.length > 1 ? all : all[0];
  }
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message;
  }
  return { ok: false, errors, values: submittedValues(formData) };
}

/** Reads a form body, answering 400 (never 500) for a body that is not a form. */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response("The form could not be read", { status: 400, statusText: "Bad Request" });
  }
}
