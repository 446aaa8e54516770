// The forms on a tracked risk item, each posted with its own intent (the page's action says which).
import { Form } from "react-router";
import { RadioGroup, TextAreaField, TextField } from "~/components/ui";
import type { FormState } from "~/components/ui/use-form-reply";

interface ItemFormProps {
  itemId: string;
  form: FormState;
  busy: boolean;
}

export function ThreatToLifeForm({ itemId, form, busy }: ItemFormProps) {
  return (
    <Form method="post" {...form.formProps} className="max-w-2xl">
      <input type="hidden" name="itemId" value={itemId} />
      <RadioGroup
        name="assessed"
        legend="Was a threat-to-life assessment done?"
        options={[
          { value: "yes", label: "Yes: a threat-to-life assessment was done" },
          { value: "no", label: "No: not needed" },
        ]}
        defaultValue={form.text("assessed")}
        error={form.errors.assessed}
      />
      <TextAreaField name="rationale" label="Rationale" rows={3} defaultValue={form.text("rationale")} error={form.errors.rationale} />
      <button type="submit" name="intent" value="ttl" className="button-secondary" disabled={busy}>
        Record the decision
      </button>
    </Form>
  );
}

export function MaracListingForm({ itemId, form, busy }: ItemFormProps) {
  return (
    <Form method="post" {...form.formProps} className="max-w-2xl">
      <h3 className="font-semibold">Listed for a meeting</h3>
      <input type="hidden" name="itemId" value={itemId} />
      <TextField
        name="listedFor"
        label="Date of the MARAC meeting"
        hint="For example, 2027-01-14"
        type="date"
        defaultValue={form.text("listedFor")}
        error={form.errors.listedFor}
      />
      <TextAreaField
        name="pastReason"
        label="If the date has passed: why it is recorded now"
        rows={2}
        defaultValue={form.text("pastReason")}
        error={form.errors.pastReason}
      />
      <TextAreaField
        name="childrenForScreening"
        label="Children noted for joint screening (optional)"
        hint="Ages and schools only: no names."
        rows={2}
        defaultValue={form.text("childrenForScreening")}
        error={form.errors.childrenForScreening}
      />
      <button type="submit" name="intent" value="marac-list" className="button-secondary" disabled={busy}>
        Record the listing
      </button>
    </Form>
  );
}

export function MaracActionForm({ itemId, form, busy }: ItemFormProps) {
  return (
    <Form method="post" {...form.formProps} className="max-w-2xl">
      <h3 className="font-semibold">Add an action agreed at MARAC</h3>
      <input type="hidden" name="itemId" value={itemId} />
      <TextAreaField name="action" label="Action" rows={2} defaultValue={form.text("action")} error={form.errors.action} />
      <TextField name="owner" label="Owner (agency or person)" defaultValue={form.text("owner")} error={form.errors.owner} />
      <button type="submit" name="intent" value="marac-action" className="button-secondary" disabled={busy}>
        Add the action
      </button>
    </Form>
  );
}

export function MaracOutcomeForm({ itemId, form, busy }: ItemFormProps) {
  return (
    <Form method="post" {...form.formProps} className="max-w-2xl">
      <input type="hidden" name="itemId" value={itemId} />
      <TextAreaField name="outcome" label="Outcome of the meeting" rows={3} defaultValue={form.text("outcome")} error={form.errors.outcome} />
      <button type="submit" name="intent" value="marac-outcome" className="button-secondary" disabled={busy}>
        Record the outcome
      </button>
    </Form>
  );
}

export function IdvaAnswerForm({ itemId, form, busy }: ItemFormProps) {
  return (
    <Form method="post" {...form.formProps} className="max-w-2xl">
      <input type="hidden" name="itemId" value={itemId} />
      <RadioGroup
        name="response"
        legend="The IDVA's answer"
        options={[
          { value: "ACCEPTED", label: "Accepted" },
          { value: "DECLINED", label: "Declined" },
        ]}
        defaultValue={form.text("response")}
        error={form.errors.response}
      />
      <button type="submit" name="intent" value="idva" className="button-secondary" disabled={busy}>
        Record the answer
      </button>
    </Form>
  );
}

export function FirstContactForm({ itemId, form, busy }: ItemFormProps) {
  return (
    <Form method="post" {...form.formProps}>
      <input type="hidden" name="itemId" value={itemId} />
      <button type="submit" name="intent" value="first-contact" className="button-secondary" disabled={busy}>
        Record that first contact was made
      </button>
    </Form>
  );
}
