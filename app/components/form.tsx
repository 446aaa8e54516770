import { useEffect, useRef, type InputHTMLAttributes, type ReactNode } from "react";

/** The error summary at the top of a form: each message links to its field (GOV.UK pattern). */
export function ErrorSummary({ errors, order }: { errors?: Record<string, string>; order?: string[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = errors ? Object.entries(errors) : [];
  const sorted = order ? entries.sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)) : entries;
  useEffect(() => {
    if (errors && Object.keys(errors).length > 0) ref.current?.focus();
  }, [errors]);
  if (sorted.length === 0) return null;
  return (
    <div ref={ref} tabIndex={-1} role="alert" aria-labelledby="error-summary-title" className="mb-6 border-4 border-error p-4">
      <h2 id="error-summary-title" className="mb-2 text-xl font-bold">
        There is a problem
      </h2>
      <ul className="list-none">
        {sorted.map(([field, message]) => (
          <li key={field}>
            {field === "form" ? (
              <span className="font-semibold text-error">{message}</span>
            ) : (
              <a href={`#${field}`} className="font-semibold text-error">
                {message}
              </a>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

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
export function FieldShell({ name, id = name, label, hint, error, children }: { name: string; id?: string; label: ReactNode; hint?: ReactNode; error?: string; children: ReactNode }) {
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

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "name"> {
  name: string;
  label: string;
  hint?: ReactNode;
  error?: string;
}

export function TextField({ name, label, hint, error, className, ...input }: TextFieldProps) {
  return (
    <FieldShell name={name} label={label} hint={hint} error={error}>
      <input
        id={name}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, hint, error)}
        className={`input ${error ? "input-error" : ""} ${className ?? ""}`}
        {...input}
      />
    </FieldShell>
  );
}

interface TextAreaFieldProps {
  name: string;
  /** When the same field appears in several forms on one page. */
  id?: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  defaultValue?: string;
  rows?: number;
  maxLength?: number;
}

export function TextAreaField({ name, id = name, label, hint, error, defaultValue, rows = 6, maxLength }: TextAreaFieldProps) {
  return (
    <FieldShell name={name} id={id} label={label} hint={hint} error={error}>
      <textarea
        id={id}
        name={name}
        rows={rows}
        maxLength={maxLength}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        className={`input ${error ? "input-error" : ""}`}
      />
    </FieldShell>
  );
}
