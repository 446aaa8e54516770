import { GroupedSelectField, TextAreaField } from "~/components/ui";
import { Form } from "react-router";
import type { IntentForms } from "./intent-forms";

interface WorkSectionProps {
  assignedTo: string | null;
  colleagues: { id: string; name: string }[];
  closed: boolean;
  forms: IntentForms;
}

/** The supporter's work on a request: pick it up, record an action, hand it over, close it. */
export function WorkSection({ assignedTo, colleagues, closed, forms }: WorkSectionProps) {
  const { busy, recordAction, handover } = forms;
  return (
    <section aria-labelledby="work-title" className="mb-8">
      <h2 id="work-title">Your work on this request</h2>
      {!closed ? (
        <Form method="post" className="mb-4">
          <button type="submit" name="intent" value="acknowledge" className="button" disabled={busy}>
            {assignedTo ? "Take this request" : "Pick up this request"}
          </button>
        </Form>
      ) : null}
      <Form method="post" {...recordAction.formProps} className="mb-4 max-w-2xl">
        <TextAreaField
          name="note"
          label="Record an action"
          hint="The person who asked sees this in their request's history."
          rows={3}
          defaultValue={recordAction.text("note")}
          error={recordAction.errors.note}
        />
        <button type="submit" name="intent" value="record-action" className="button-secondary" disabled={busy}>
          Record the action
        </button>
      </Form>
      {colleagues.length > 0 && !closed ? (
        <Form method="post" {...handover.formProps} className="mb-4 max-w-2xl">
          <GroupedSelectField
            name="toPersonId"
            label="Hand over to a colleague in the same service"
            hint="The person who asked is told that a colleague has taken over."
            blank="Choose a colleague"
            options={colleagues.map((person) => ({ value: person.id, label: person.name }))}
            error={handover.errors.toPersonId}
          />
          <button type="submit" name="intent" value="handover" className="button-secondary" disabled={busy}>
            Hand over
          </button>
        </Form>
      ) : null}
      {!closed ? (
        <Form method="post">
          <button type="submit" name="intent" value="close" className="button-secondary" disabled={busy}>
            Close the request
          </button>
        </Form>
      ) : null}
    </section>
  );
}
