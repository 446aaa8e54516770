// The forms on a tracked risk item, each posted with its own intent (the page's action says which).
import type { ReactNode } from "react";
import { Form } from "react-router";
import { RadioGroup, TextAreaField, TextField } from "~/components/ui";
import type { FormState } from "~/components/ui/use-form-reply";

interface ItemFormProps {
  itemId: string;
  form: FormState;
  busy: boolean;
}

/** The form of one item: its id travels with it; the button posts the form's intent. */
function ItemForm({ itemId, form, busy, intent, button, children }: ItemFormProps & { intent: string; button: string; children?: ReactNode }) {
  return (
    <Form method="post" {...form.formProps} className="max-w-2xl">
      <input type="hidden" name="itemId" value={itemId} />
      {children}
      <button type="submit" name="intent" value={intent} className="button-secondary" disabled={busy}>
        {button}
      </button>
    </Form>
  );
}

export function ThreatToLifeForm(props: ItemFormProps) {
  const { form } = props;
  return (
    <ItemForm {...props} intent="ttl" button="Record the decision">
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
    </ItemForm>
  );
}

export function MaracListingForm(props: ItemFormProps) {
  const { form } = props;
  return (
    <ItemForm {...props} intent="marac-list" button="Record the listing">
      <h3 className="font-semibold">Listed for a meeting</h3>
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
    </ItemForm>
  );
}

export function MaracActionForm(props: ItemFormProps) {
  const { form } = props;
  return (
    <ItemForm {...props} intent="marac-action" button="Add the action">
      <h3 className="font-semibold">Add an action agreed at MARAC</h3>
      <TextAreaField name="action" label="Action" rows={2} defaultValue={form.text("action")} error={form.errors.action} />
      <TextField name="owner" label="Owner (agency or person)" defaultValue={form.text("owner")} error={form.errors.owner} />
    </ItemForm>
  );
}

export function MaracOutcomeForm(props: ItemFormProps) {
  const { form } = props;
  return (
    <ItemForm {...props} intent="marac-outcome" button="Record the outcome">
      <TextAreaField name="outcome" label="Outcome of the meeting" rows={3} defaultValue={form.text("outcome")} error={form.errors.outcome} />
    </ItemForm>
  );
}

export function IdvaAnswerForm(props: ItemFormProps) {
  const { form } = props;
  return (
    <ItemForm {...props} intent="idva" button="Record the answer">
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
    </ItemForm>
  );
}

export function FirstContactForm(props: ItemFormProps) {
  return <ItemForm {...props} intent="first-contact" button="Record that first contact was made" />;
}
