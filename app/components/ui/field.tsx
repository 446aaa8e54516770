// What every field shares: its hint and error, their ids for `aria-describedby`, and its frame (GOV.UK order).
import type { ReactNode } from "react";

/** The ids a field's hint and error get, for `aria-describedby`. */
export function describedBy(name: string, hint?: ReactNode, error?: string): string | undefined {
  return [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
}

/** A field's hint and error message, between its label and its control (GOV.UK order). */
export function FieldMessages({ name, hint, error }: { name: string; hint?: ReactNode; error?: string }) {
  return (
    <>
      {hint ? (
        <span id={`${name}-hint`} className="hint">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={`${name}-error`} className="field-error">
          <span className="sr-only">Error:</span> {error}
        </span>
      ) : null}
    </>
  );
}

/** A field's frame: its label, then hint and error, then the control (GOV.UK order), marked when in error. */
export function FieldShell({
  name,
  id = name,
  label,
  hint,
  error,
  children,
}: {
  name: string;
  id?: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className={`mb-5 ${error ? "border-l-4 border-error pl-3" : ""}`}>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <FieldMessages name={id} hint={hint} error={error} />
      {children}
    </div>
  );
}
