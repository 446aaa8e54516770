import { Form } from "react-router";
import { ErrorSummary, RadioGroup, TextAreaField, TextField } from "~/components/ui";
import type { FormState } from "~/components/ui/use-form-reply";
import { MEASURE_FIELD_ORDER, MEASURE_INSTRUCTIONS_MAX, MEASURE_KINDS, MEASURE_STATUS_LABELS, MEASURE_TITLE_MAX } from "~/models/safety-plan/labels";

/**
 * The form for one safety-plan measure: what it is, what the people who see it need to know, who sees to it, status, review.
 * `version` is the stored measure's (never the one typed back after a refusal), for a change to an existing measure.
 */
export function SafetyMeasureForm({
  form,
  version,
  busy,
  submitLabel,
  intent,
}: {
  form: FormState;
  version?: number;
  busy: boolean;
  submitLabel: string;
  intent?: string;
}) {
  const { errors } = form;
  return (
    <>
      <ErrorSummary errors={errors} order={MEASURE_FIELD_ORDER} />
      <Form method="post" {...form.formProps} className="max-w-3xl">
        {version === undefined ? null : <input type="hidden" name="version" value={version} />}
        <RadioGroup
          name="kind"
          legend="Which measure"
          options={Object.entries(MEASURE_KINDS).map(([value, label]) => ({
            value,
            label,
          }))}
          defaultValue={form.text("kind")}
          error={errors.kind}
        />
        <TextField
          name="title"
          label="The measure in your own words (if something else)"
          maxLength={MEASURE_TITLE_MAX}
          defaultValue={form.text("title")}
          error={errors.title}
        />
        <TextAreaField
          name="instructions"
          label="What the people who see this measure need to know or do"
          hint="Anyone you later let see this measure reads this and nothing else of your plan or your request. Write only what they need, for example a description of the person and their vehicle for reception; not why."
          rows={5}
          maxLength={MEASURE_INSTRUCTIONS_MAX}
          defaultValue={form.text("instructions")}
          error={errors.instructions}
        />
        <TextField
          name="ownerEmail"
          label="Who will see to it (their work email)"
          hint="Your own work email if it is yours to do. Being named does not let them see the measure: you choose that separately."
          type="email"
          autoComplete="off"
          defaultValue={form.text("ownerEmail")}
          error={errors.ownerEmail}
        />
        <RadioGroup
          name="status"
          legend="Status"
          options={Object.entries(MEASURE_STATUS_LABELS).map(([value, label]) => ({ value, label }))}
          defaultValue={form.text("status") || "PLANNED"}
          error={errors.status}
        />
        <TextField name="reviewOn" label="Review date" type="date" defaultValue={form.text("reviewOn")} error={errors.reviewOn} />
        <button type="submit" name="intent" value={intent ?? "save"} className="button" disabled={busy}>
          {busy ? "Saving…" : submitLabel}
        </button>
      </Form>
    </>
  );
}
