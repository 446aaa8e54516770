import { CheckboxGroup, TextField } from "~/components/ui";
import type { FormState } from "~/components/ui/use-form-reply";
import { CONTACT_CHANNELS, UNSAFE_CHANNEL_CHOICES } from "~/models/support-request/labels";

/** The ways to reach the person, and the ways not to. */
const SAFE_CONTACT_CHANNELS = [
  { name: "safeChannels", legend: "Safe ways to contact me", options: CONTACT_CHANNELS },
  { name: "unsafeChannels", legend: "Do NOT contact me by", options: UNSAFE_CHANNEL_CHOICES },
] as const;

/** The optional free-text parts of safe contact, in the order asked. */
const SAFE_CONTACT_TEXTS = [
  { name: "safeTimes", label: "Safe times to contact me (optional)", hint: "For example: weekdays 9am to 3pm, never at weekends." },
  {
    name: "safeContactNote",
    label: "Anything else about contacting you (optional)",
    hint: "For example, the number to use, or what to say if someone else answers.",
  },
  { name: "safeWord", label: "A safe word or phrase (optional)", hint: "A word you can use to tell them it is not safe to talk." },
] as const;

/** The support request's safe contact: how it is safe to reach the person, how it is not, when, and a safe word. */
export function SafeContactFields({ form }: { form: FormState }) {
  return (
    <>
      <h2>Safe contact</h2>
      <p className="mb-4">Someone who hurts you may read your phone, email or post. Tell us how it is safe to reach you, and how it is not.</p>
      {SAFE_CONTACT_CHANNELS.map((group) => (
        <CheckboxGroup key={group.name} {...group} checked={new Set(form.list(group.name))} error={form.errors[group.name]} />
      ))}
      {SAFE_CONTACT_TEXTS.map((field) => (
        <TextField key={field.name} {...field} defaultValue={form.text(field.name)} error={form.errors[field.name]} autoComplete="off" />
      ))}
    </>
  );
}
