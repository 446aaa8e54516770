// The review of something overseen (an access alert, a quiet read): the outcome once recorded, or the form that
// records it. Plain HTML controls: the form works without JavaScript.
import { Form } from "react-router";
import { RadioGroup, TextAreaField } from "~/components/ui";
import type { FormState } from "~/components/ui/use-form-reply";
import { formatDateTime } from "~/utils/dates";

/** The recorded outcome, as rows of the page's summary list. */
export function RecordedOutcome({
  outcome,
  reviewedBy,
  reviewedAt,
  note,
}: {
  outcome: string;
  reviewedBy: string | null;
  reviewedAt: string | Date | null;
  note: string | null;
}) {
  return (
    <>
      <dt>Outcome</dt>
      <dd>
        {outcome}, by {reviewedBy} on {formatDateTime(new Date(reviewedAt!))}
        <span className="block whitespace-pre-wrap">{note}</span>
      </dd>
    </>
  );
}

/** Records the outcome of a review, against the version the reviewer saw; the page shows the form's error summary. */
export function ReviewForm({ form, outcomes, version, busy }: { form: FormState; outcomes: Record<string, string>; version: number; busy: boolean }) {
  return (
    <>
      <h2>Record the outcome</h2>
      <Form method="post" {...form.formProps} className="max-w-2xl">
        <input type="hidden" name="version" value={version} />
        <RadioGroup
          name="outcome"
          legend="Outcome"
          options={Object.entries(outcomes).map(([value, label]) => ({ value, label }))}
          defaultValue={form.text("outcome")}
          error={form.errors.outcome}
        />
        <TextAreaField
          name="note"
          label="Rationale"
          hint="What you found and why this outcome."
          rows={4}
          defaultValue={form.text("note")}
          error={form.errors.note}
        />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Recording…" : "Record the outcome"}
        </button>
      </Form>
    </>
  );
}
