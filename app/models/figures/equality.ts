// The optional equality fields a person may record on their own profile, used only in aggregate (counts, suppressed
// below 5) for the equality duty's monitoring. Nobody else ever sees one person's answer.

export const PREFER_NOT_TO_SAY = "PREFER_NOT_TO_SAY";

export const GENDER_OPTIONS = [
  { value: "WOMAN", label: "Woman" },
  { value: "MAN", label: "Man" },
  { value: "NON_BINARY", label: "Non-binary" },
  { value: "ANOTHER_WAY", label: "In another way" },
  { value: PREFER_NOT_TO_SAY, label: "Prefer not to say" },
] as const;

/** The five high-level groups of the census classification for England and Wales. */
export const ETHNICITY_OPTIONS = [
  { value: "ASIAN", label: "Asian or Asian British" },
  { value: "BLACK", label: "Black, Black British, Caribbean or African" },
  { value: "MIXED", label: "Mixed or multiple ethnic groups" },
  { value: "WHITE", label: "White" },
  { value: "OTHER", label: "Another ethnic group" },
  { value: PREFER_NOT_TO_SAY, label: "Prefer not to say" },
] as const;

export const NOT_RECORDED = "NOT_RECORDED";

/** An answer as a category of the figures: anything not one of the options counts as not recorded. */
export function equalityCategory(options: readonly { value: string }[], value: string | null): string {
  return value !== null && options.some((option) => option.value === value) ? value : NOT_RECORDED;
}

export function isEqualityAnswer(options: readonly { value: string }[], value: string): boolean {
  return value === "" || options.some((option) => option.value === value);
}
