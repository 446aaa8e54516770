import { CheckboxGroup, RadioGroup, TextAreaField } from "~/components/ui";
import { CONNECTION_KINDS } from "~/models/cases/labels";

/** The conflict-of-interest questions, as the case page and a referral ask them. */
export function DeclarationFields({
  values,
  chosen,
  errors,
}: {
  values: Record<string, string>;
  chosen: ReadonlySet<string>;
  errors?: Record<string, string>;
}) {
  return (
    <>
      <RadioGroup
        name="hasConnection"
        legend="Do you have any prior connection with the suspect, the victim or any witness?"
        hint="Personal, professional, social, line management, or having worked together."
        options={[
          { value: "no", label: "No, I have no connection" },
          { value: "yes", label: "Yes, I have a connection" },
        ]}
        defaultValue={values.hasConnection}
        error={errors?.hasConnection}
      />
      <CheckboxGroup
        name="connections"
        legend="If yes: what kind of connection?"
        options={CONNECTION_KINDS}
        checked={new Set(chosen)}
        error={errors?.connections}
      />
      <TextAreaField
        name="details"
        label="If yes: details"
        hint="With whom, what the connection is, and when."
        rows={4}
        defaultValue={values.details ?? ""}
        error={errors?.details}
      />
    </>
  );
}
