import { CheckboxField, GroupedSelectField, RadioGroup, TextAreaField } from "~/components/ui";
import { Form } from "react-router";
import { RISK_LEVEL_LABELS } from "~/models/support-request/labels";
import type { FormState } from "~/components/ui/use-form-reply";

interface RiskSectionProps {
  risk: { level: string; scored: string; rationale: string; referred: boolean; at: string } | null;
  questions: { id: string; text: string }[];
  closed: boolean;
  forms: { busy: boolean; risk: FormState };
}

/** The latest risk assessment, and the force's checklist for recording one. */
export function RiskSection({ risk, questions, closed, forms }: RiskSectionProps) {
  const { busy, risk: form } = forms;
  return (
    <section aria-labelledby="risk-title" className="mb-8">
      <h2 id="risk-title">Risk</h2>
      {risk ? (
        <p className="mb-4">
          Latest assessment, {risk.at}: <strong>{risk.level}</strong>
          {risk.level !== risk.scored ? ` (the answers scored ${risk.scored.toLowerCase()}; raised by professional judgement: ${risk.rationale})` : ""}
          {risk.referred ? ". Referred to an IDVA and to MARAC." : "."}
        </p>
      ) : (
        <p className="mb-4">No risk assessment yet.</p>
      )}
      {questions.length > 0 && !closed ? (
        <Form method="post" {...form.formProps} className="max-w-2xl">
          <h3 className="font-semibold">Record a risk assessment</h3>
          {questions.map((question) => (
            <RadioGroup
              key={question.id}
              name={`q-${question.id}`}
              legend={question.text}
              options={[
                { value: "yes", label: "Yes" },
                { value: "no", label: "No" },
                { value: "not-known", label: "Not known" },
              ]}
              defaultValue={form.text(`q-${question.id}`)}
              error={form.errors[`q-${question.id}`]}
            />
          ))}
          <GroupedSelectField
            name="judgement"
            label="Level (professional judgement)"
            hint="Leave it to use the level the answers score. You may raise it, never lower it; give the rationale."
            blank="As the answers score"
            options={Object.entries(RISK_LEVEL_LABELS).map(([value, label]) => ({ value, label }))}
            defaultValue={form.text("judgement")}
            error={form.errors.judgement}
          />
          <TextAreaField
            name="rationale"
            label="Rationale (needed when you raise the level)"
            rows={3}
            defaultValue={form.text("rationale")}
            error={form.errors.rationale}
          />
          <CheckboxField
            name="childConcern"
            label="A child-protection concern"
            hint="At any level: the DA coordinator may then record a child-protection override."
            defaultChecked={form.text("childConcern") === "on"}
          />
          <button type="submit" name="intent" value="risk" className="button-secondary" disabled={busy}>
            Record the assessment
          </button>
        </Form>
      ) : null}
    </section>
  );
}
