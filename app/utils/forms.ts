// Forms are parsed with Conform on the existing zod schemas, and answered with Conform's reply: the one way a page
// gets back what was typed (never a password) and one message per field (ADR 021).
import { parseWithZod } from "@conform-to/zod/v4";
import { z } from "zod";
import { FORM_ERROR, firstErrors, type FieldErrors, type FormReply } from "./form-reply";

export { FORM_ERROR, firstErrors, type FieldErrors, type FormReply };

interface Rejectable {
  /** The reply refusing this submission with more messages (a rule checked later), keeping what was typed. */
  reject: (errors: FieldErrors) => FormReply;
}

export type FormResult<T> = ({ ok: true; data: T } & Rejectable) | ({ ok: false; errors: FieldErrors; reply: FormReply } & Rejectable);

/** A change refused for a reason the person can fix: thrown inside a transaction so that nothing is written. */
export class ChangeRejected extends Error {
  constructor(public readonly errors: FieldErrors) {
    super("change rejected");
    this.name = "ChangeRejected";
  }
}

const isSecret = (name: string) => /password|secret|code/i.test(name);

/** The top-level name Conform files a field under: `password[]` and `password.0` are `password`. Hiding the name as
 * sent would make Conform throw on a malformed path (`password[]`), a 500 for a hand-made submission. */
const topLevelName = (name: string) => name.split(/[.[]/)[0] ?? "";

/** Conform keeps a message for the whole form under "", ours under "form". */
function asConformErrors(errors: FieldErrors): Record<string, string[]> {
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [field === FORM_ERROR ? "" : field, [message]]));
}

/**
 * Validates a submitted form against its schema, without coercing (the schemas say what an empty field means).
 * A failure gives one message per field and the reply for the page; a success can still be refused later (a rule
 * checked in the database) with `reject`, which answers with the same reply.
 */
export function parseForm<S extends z.ZodType>(schema: S, formData: FormData): FormResult<z.infer<S>> {
  const submission = parseWithZod(formData, { schema, disableAutoCoercion: true });
  const hideFields = [...new Set([...formData.keys()].filter(isSecret).map(topLevelName))].filter(Boolean);
  const reject = (errors: FieldErrors) => submission.reply({ fieldErrors: asConformErrors(errors), hideFields });
  if (submission.status === "success") return { ok: true, data: submission.value as z.infer<S>, reject };
  return { ok: false, errors: firstErrors(submission.error), reply: submission.reply({ hideFields }), reject };
}

/**
 * A reply refusing a form that was not (or could not be) parsed against a schema, such as a stale form whose
 * values should not be shown again: the errors only.
 */
export function rejectedReply(errors: FieldErrors): FormReply {
  return { status: "error", error: asConformErrors(errors) };
}

const NOTHING_CHECKED = z.object({});

/**
 * The reply to a step that is not the form being sent, such as a "Find" button that searches the directory: the form
 * as typed, with only the step's own messages (the form's schema would add one for every field not filled in yet).
 */
export function replyKeepingTyped(formData: FormData, errors: FieldErrors): FormReply {
  return parseForm(NOTHING_CHECKED, formData).reject(errors);
}

/**
 * A list of ticked checkboxes: a form sends nothing when none is ticked, one value for one, several for several.
 * Always a list after parsing, of the values the form offered.
 */
export function tickedBoxes<T extends string = string>(allowed?: readonly T[]) {
  return z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
    .transform((values) => (allowed ? values.filter((value): value is T => (allowed as readonly string[]).includes(value)) : (values as T[])));
}

/**
 * Reads a form body, answering 400 (never 500) for a body that is not a form. NUL characters are taken out of every
 * value: nobody types one, and PostgreSQL cannot store one in text (it would refuse the whole change, a 500).
 */
export async function readFormData(request: Request): Promise<FormData> {
  let formData: FormData;
  try {
    formData = await request.formData();
  } catch {
    throw new Response("The form could not be read", { status: 400, statusText: "Bad Request" });
  }
  const hasNul = (text: unknown) => typeof text === "string" && text.includes("\u0000");
  if (![...formData].some(([name, value]) => hasNul(name) || hasNul(value))) return formData;
  const cleaned = new FormData();
  for (const [name, value] of formData) cleaned.append(name.replaceAll("\u0000", ""), typeof value === "string" ? value.replaceAll("\u0000", "") : value);
  return cleaned;
}
