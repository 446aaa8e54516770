// Fields about a person that more than one form asks for: how they are addressed (the administrator's person form and
// the person's own details), and a new password (the set-up link and the change of one's own password).
import { TextField } from "~/components/ui";
import type { FormState } from "~/components/ui/use-form-reply";

/** Preferred name and pronouns; `own` when the person fills them in for themselves. */
export function AddressingFields({ form, own }: { form: FormState; own: boolean }) {
  return (
    <>
      <TextField
        name="preferredName"
        label="Preferred name (optional)"
        hint={own ? "The first name you would like to be called." : "The first name they would like to be called. The portal shows it exactly as written here."}
        defaultValue={form.text("preferredName")}
        error={form.errors.preferredName}
        autoComplete={own ? "nickname" : "off"}
      />
      <TextField
        name="pronouns"
        label="Pronouns (optional)"
        hint="For example, she/her, he/him, they/them."
        defaultValue={form.text("pronouns")}
        error={form.errors.pronouns}
        autoComplete="off"
      />
    </>
  );
}

/** A new password, typed twice; never filled in again after a refusal. */
export function NewPasswordFields({ form, minLength, label }: { form: FormState; minLength: number; label: "Password" | "New password" }) {
  return (
    <>
      <TextField
        name="password"
        label={label}
        hint={`At least ${minLength} characters.`}
        type="password"
        autoComplete="new-password"
        error={form.errors.password}
      />
      <TextField
        name="confirmPassword"
        label={`Type the ${label.toLowerCase()} again`}
        type="password"
        autoComplete="new-password"
        error={form.errors.confirmPassword}
      />
    </>
  );
}
