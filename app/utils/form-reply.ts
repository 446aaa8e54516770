// What a page needs of a refused form's reply, without the schemas: this module is loaded in the browser, so it must
// not bring zod (whose object schemas probe for eval when built, which the portal's CSP reports) or anything server-only.
import type { SubmissionResult } from "@conform-to/react";

export type FieldErrors = Record<string, string>;

/** What an action answers to a form it refused: the errors per field, and what was typed, for the page to show again. */
export type FormReply = SubmissionResult<string[]>;

/** The key under which a message about the whole form (not one field) travels in `FieldErrors`. */
export const FORM_ERROR = "form";

/** The first message for each field, from Conform's lists of messages. */
export function firstErrors(errors: Record<string, string[] | null | undefined> | null | undefined): FieldErrors {
  const first: FieldErrors = {};
  for (const [field, messages] of Object.entries(errors ?? {})) {
    if (messages?.[0]) first[field === "" ? FORM_ERROR : field] ??= messages[0];
  }
  return first;
}
