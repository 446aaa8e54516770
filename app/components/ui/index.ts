// The generic form controls, GOV.UK style: an error summary whose messages link to their fields, each field's hint
// and error linked to its control with aria-describedby, and what was typed kept (as each control's default value).
// Plain HTML controls: every form works without JavaScript. Forms of one journey live beside their pages' components.
export { CheckboxField, CheckboxGroup } from "./checkbox";
export { ErrorSummary } from "./error-summary";
export { describedBy, FieldMessages, FieldShell } from "./field";
export { RadioGroup } from "./radio-group";
export { Notice } from "./notice";
export { GroupedSelectField, type Option } from "./select-field";
export { TextAreaField, TextField } from "./text-field";
