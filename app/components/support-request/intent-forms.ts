// The request page holds several forms, each posted with its own intent; what the last post answered belongs to the
// form that sent it: its errors beside its fields, and what was typed kept in it.

export type IntentResult = { intent: string; errors: Record<string, string>; values: Record<string, string | string[]> } | { intent: string; done: string };

export interface IntentForms {
  busy: boolean;
  /** The errors of the form that posted `intent`, if that was the last post and it failed. */
  errorsFor: (intent: string) => Record<string, string> | undefined;
  /** What was typed in that form's field, to show again. */
  valueFor: (intent: string, key: string) => string;
  /** What was ticked in that form's group of checkboxes, to tick again. */
  listFor: (intent: string, key: string) => string[];
}

export function intentForms(result: IntentResult | undefined, busy: boolean): IntentForms {
  const failed = (intent: string) => (result && "errors" in result && result.intent === intent ? result : undefined);
  return {
    busy,
    errorsFor: (intent) => failed(intent)?.errors,
    valueFor: (intent, key) => String(failed(intent)?.values[key] ?? ""),
    listFor: (intent, key) => {
      const value = failed(intent)?.values[key];
      return Array.isArray(value) ? value : [];
    },
  };
}
