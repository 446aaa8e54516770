// The page's side of a form: Conform's form state, fed by the action's reply, gives each field its message and what
// was typed (or the stored value, before anything was sent), for the GOV.UK-style components to show.
import { getFormProps, useForm } from "@conform-to/react";
import { useMemo } from "react";
import { firstErrors, type FieldErrors, type FormReply } from "~/utils/form-reply";

export type FormValues = Record<string, string | string[] | undefined>;

export interface FormState {
  /** Spread on `<Form>`: its id, and `noValidate` (the server validates; messages come back in the reply). */
  formProps: ReturnType<typeof getFormProps>;
  /** The first message for each field; a message about the whole form is under "form". */
  errors: FieldErrors;
  /** What was typed, after a refusal that kept it; otherwise the defaults. */
  values: FormValues;
  /** The first value of a field, as text. */
  text: (name: string) => string;
  /** Every value of a field (checkboxes), as a list. */
  list: (name: string) => string[];
}

/**
 * @param id unique on the page; it names the form for Conform (and for the error summary's links).
 * @param reply the action's reply, when the last submission of this form was refused.
 * @param defaults what the fields show before anything was sent (e.g. the stored record).
 */
export function useFormReply(id: string, reply: FormReply | null | undefined, defaults?: Record<string, unknown>): FormState {
  // Conform holds the form's state (its id, the reply's messages); the values shown come from the reply or the defaults.
  const [form] = useForm<Record<string, unknown>>({ id, lastResult: reply ?? undefined, defaultValue: defaults as Record<string, string> | undefined });
  // Only the reply now on the page counts: after a successful post the page has none, and Conform's state from an
  // earlier refusal must not linger. A reply without what was typed (a stale form) shows the record as it is now.
  // The same messages keep the same object, so the error summary moves focus only when the messages change (not on
  // every render, such as the busy state of sending again).
  const messages = reply ? JSON.stringify(form.allErrors) : "{}";
  const errors = useMemo(() => firstErrors(JSON.parse(messages) as Record<string, string[]>), [messages]);
  // What was typed is read from the reply itself: Conform sets its own `initialValue` only when the form is created,
  // so after a post answered in the browser it would still hold the first answer, and a form re-keyed to show new
  // choices (the directory searches) would lose what was typed.
  const values = (reply?.initialValue ?? defaults) as FormValues | undefined;
  const text = (name: string) => {
    const value = values?.[name];
    return (Array.isArray(value) ? value[0] : value === undefined || value === null ? "" : String(value)) ?? "";
  };
  const list = (name: string) => {
    const value = values?.[name];
    return value === undefined || value === null ? [] : Array.isArray(value) ? value.map(String) : [String(value)];
  };
  return { formProps: getFormProps(form), errors, values: values ?? {}, text, list };
}
