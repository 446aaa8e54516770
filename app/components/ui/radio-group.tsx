import type { ReactNode } from "react";
import { describedBy, FieldMessages } from "./field";

/** Radio buttons in a fieldset whose legend is the question. */
export function RadioGroup({
  name,
  id = name,
  legend,
  options,
  defaultValue,
  error,
  hint,
}: {
  name: string;
  /** When the same question appears in several forms on one page. */
  id?: string;
  legend: string;
  options: { value: string; label: string }[];
  defaultValue?: string;
  error?: string;
  hint?: ReactNode;
}) {
  return (
    <fieldset id={id} className={`mb-5 ${error ? "border-l-4 border-error pl-3" : ""}`} aria-describedby={describedBy(id, hint, error)}>
      <legend className="label">{legend}</legend>
      <FieldMessages name={id} hint={hint} error={error} />
      {options.map((option) => (
        <div key={option.value} className="mb-1 flex items-center gap-2">
          <input
            type="radio"
            id={`${id}-${option.value}`}
            name={name}
            value={option.value}
            defaultChecked={defaultValue === option.value}
            className="h-5 w-5"
          />
          <label htmlFor={`${id}-${option.value}`}>{option.label}</label>
        </div>
      ))}
    </fieldset>
  );
}
