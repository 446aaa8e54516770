// Finding a person in the force's directory inside a larger form, without JavaScript: a search box, a "Find" button
// that submits the form with its own intent (the action searches and shows the form again, nothing saved), and the
// matches as radio buttons.
import { RadioGroup, TextField } from "~/components/ui";
import type { DirectoryMatch } from "~/models/people/directory-match";

export function DirectorySearch({
  queryName,
  choiceName,
  label,
  hint,
  findIntent,
  findLabel,
  choiceLegend,
  values,
  errors,
  matches,
}: {
  queryName: string;
  choiceName: string;
  label: string;
  hint: string;
  findIntent: string;
  /** Said to screen readers after "Find", e.g. "the suspect", when a form has two searches. */
  findLabel?: string;
  choiceLegend: string;
  values: Record<string, string | undefined>;
  errors?: Record<string, string>;
  matches: DirectoryMatch[] | null;
}) {
  const chosen = values[choiceName];
  return (
    <>
      <div className="flex items-end gap-2">
        <div className="grow">
          <TextField name={queryName} label={label} hint={hint} defaultValue={values[queryName] ?? ""} error={errors?.[queryName]} autoComplete="off" />
        </div>
        <button type="submit" name="intent" value={findIntent} className="button-secondary mb-5" formNoValidate>
          Find{findLabel ? <span className="sr-only"> {findLabel}</span> : null}
        </button>
      </div>
      {matches && matches.length > 0 ? (
        <RadioGroup
          name={choiceName}
          legend={choiceLegend}
          options={matches.map((match) => ({ value: match.id, label: `${match.name} (${match.detail})` }))}
          defaultValue={chosen || (matches.length === 1 ? matches[0]!.id : undefined)}
          error={errors?.[choiceName]}
        />
      ) : errors?.[choiceName] ? (
        <p id={choiceName} className="field-error mb-4">
          {errors[choiceName]}
        </p>
      ) : null}
    </>
  );
}
