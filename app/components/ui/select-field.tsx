import type { ReactNode } from "react";
import { describedBy, FieldShell } from "./field";

export interface Option {
  value: string;
  label: string;
  /** Options with a group are shown under that group's heading. */
  group?: string;
}

/** A select whose options may be grouped (e.g. units by force); `blank` adds a first, empty choice. */
export function GroupedSelectField({
  name,
  label,
  options,
  defaultValue,
  error,
  hint,
  blank,
}: {
  name: string;
  label: string;
  options: Option[];
  defaultValue?: string;
  error?: string;
  hint?: ReactNode;
  blank?: string;
}) {
  const groups = [...new Set(options.map((option) => option.group ?? ""))];
  const render = (list: Option[]) =>
    list.map((option) => (
      <option key={option.value} value={option.value}>
        {option.label}
      </option>
    ));
  return (
    <FieldShell name={name} label={label} hint={hint} error={error}>
      <select
        id={name}
        name={name}
        defaultValue={defaultValue ?? ""}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, hint, error)}
        className={`input ${error ? "input-error" : ""}`}
      >
        {blank !== undefined ? <option value="">{blank}</option> : null}
        {groups.length > 1
          ? groups.map((group) => (
              <optgroup key={group} label={group || "Other"}>
                {render(options.filter((option) => (option.group ?? "") === group))}
              </optgroup>
            ))
          : render(options)}
      </select>
    </FieldShell>
  );
}
