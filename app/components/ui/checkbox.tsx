import type { ReactNode } from "react";
import { describedBy, FieldMessages } from "./field";

/** Checkboxes in a fieldset whose legend is the question (any number may be chosen). */
export function CheckboxGroup({
  name,
  legend,
  options,
  checked,
  error,
}: {
  name: string;
  legend: string;
  options: Record<string, string>;
  checked: ReadonlySet<string>;
  error?: string;
}) {
  return (
    <fieldset id={name} className={`mb-5 ${error ? "border-l-4 border-error pl-3" : ""}`} aria-describedby={error ? `${name}-error` : undefined}>
      <legend className="label">{legend}</legend>
      <FieldMessages name={name} error={error} />
      {Object.entries(options).map(([value, label]) => (
        <div key={value} className="mb-1 flex items-center gap-2">
          <input type="checkbox" id={`${name}-${value}`} name={name} value={value} defaultChecked={checked.has(value)} className="h-5 w-5" />
          <label htmlFor={`${name}-${value}`}>{label}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** One checkbox with its label (and an optional hint). */
export function CheckboxField({
  name,
  label,
  hint,
  defaultChecked,
  error,
}: {
  name: string;
  label: string;
  hint?: ReactNode;
  defaultChecked: boolean;
  error?: string;
}) {
  return (
    <div className={`mb-5 ${error ? "border-l-4 border-error pl-3" : ""}`}>
      <div className="flex items-start gap-2">
        <input
          type="checkbox"
          id={name}
          name={name}
          value="on"
          defaultChecked={defaultChecked}
          aria-describedby={describedBy(name, hint, error)}
          className="mt-1 h-5 w-5"
        />
        <div>
          <label htmlFor={name} className="font-semibold">
            {label}
          </label>
          <FieldMessages name={name} hint={hint} error={error} />
        </div>
      </div>
    </div>
  );
}
