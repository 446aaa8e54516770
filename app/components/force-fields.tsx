import { TextField } from "~/components/ui";
import type { FormState } from "~/components/ui/use-form-reply";

/** A force's name and contacts; the PCC's mailbox only for the home force. */
export function ForceFields({ form, isHome }: { form: FormState; isHome: boolean }) {
  return (
    <>
      <TextField name="name" label="Name" defaultValue={form.text("name")} error={form.errors.name} autoComplete="off" />
      <TextField
        name="shortName"
        label="Short name"
        hint="As it appears in mail, for example Northshire."
        defaultValue={form.text("shortName")}
        error={form.errors.shortName}
        autoComplete="off"
      />
      <TextField
        name="npccContactEmail"
        label="Nominated NPCC officer's mailbox"
        hint={isHome ? "Optional." : "Told at once when one of this force's employees is the suspect in a report here."}
        type="email"
        defaultValue={form.text("npccContactEmail")}
        error={form.errors.npccContactEmail}
        autoComplete="off"
      />
      <TextField
        name="psdContactEmail"
        label="Professional standards mailbox"
        hint="Optional."
        type="email"
        defaultValue={form.text("psdContactEmail")}
        error={form.errors.psdContactEmail}
        autoComplete="off"
      />
      {isHome ? (
        <TextField
          name="pccContactEmail"
          label="Police and crime commissioner's mailbox"
          hint="A report whose suspect is the chief officer goes directly here. Until it is set, such a report is shown in red and administrators are alerted."
          type="email"
          defaultValue={form.text("pccContactEmail")}
          error={form.errors.pccContactEmail}
          autoComplete="off"
        />
      ) : null}
    </>
  );
}
