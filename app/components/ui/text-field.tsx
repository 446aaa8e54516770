import type { InputHTMLAttributes, ReactNode } from "react";
import { describedBy, FieldShell } from "./field";

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "name"> {
  name: string;
  label: string;
  hint?: ReactNode;
  error?: string;
}

/** A one-line input (text, email, date, password...) with its label, hint and error. */
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
