// The form an employee fills in to ask for support: what a draft may hold, and what sending it needs.
import { z } from "zod";
import { SHARE_ITEMS } from "#policies/rules/support";
import { CONTACT_CHANNEL_KEYS, CONTACT_CHANNELS, type ContactChannel } from "~/models/support-request/labels";
import { FORM_ERROR, tickedBoxes, type FieldErrors } from "~/utils/forms";
import { isId } from "~/utils/ids";

const text = (max: number) =>
  z
    .string()
    .optional()
    .transform((value) => (value ?? "").trim())
    .pipe(z.string().max(max, `Keep this under ${max} characters`));

const RequestFields = z.object({
  serviceId: z
    .string()
    .optional()
    .transform((value) => value || ""),
  supportWanted: text(2000),
  message: text(10000),
  // Every ticked value is kept, so that one the form did not offer is refused with a message rather than dropped.
  shareWithService: tickedBoxes(),
  safeChannels: tickedBoxes(),
  unsafeChannels: tickedBoxes(),
  safeTimes: text(500),
  safeContactNote: text(500),
  safeWord: text(100),
  // Optional: whether the person harming them works for this force, and if so who (found in the directory).
  abuserWorksHere: text(20),
  abuserQuery: text(200),
  abuserPersonId: text(40),
  termsAccepted: z.string().optional(),
});
export type RequestForm = z.infer<typeof RequestFields>;

export type RequestIntent = "save" | "send";

/** The answers to "Does the person who is harming you work for this force?" (unanswered is fine too). */
export const ABUSER_ANSWERS = ["yes", "no", "rather-not-say"];

const channelName = (channel: string) => (CONTACT_CHANNELS[channel as ContactChannel] ?? channel).replace(/^My /, "your ").toLowerCase();

/** What is wrong with a request form whose fields are each well formed: one message per field. */
function requestFormProblems(form: RequestForm, intent: RequestIntent, serviceIds: ReadonlySet<string>): FieldErrors {
  const errors: FieldErrors = {};
  if (form.serviceId && !serviceIds.has(form.serviceId)) errors.serviceId = "Choose one of the services listed";
  if (form.shareWithService.some((item) => !(SHARE_ITEMS as readonly string[]).includes(item))) errors.shareWithService = "Choose from the list";
  const known = new Set<string>(CONTACT_CHANNEL_KEYS);
  if (form.safeChannels.some((channel) => !known.has(channel))) errors.safeChannels = "Choose from the list";
  if (form.unsafeChannels.some((channel) => !known.has(channel) || channel === "PORTAL_ONLY")) errors.unsafeChannels = "Choose from the list";
  const both = form.safeChannels.filter((channel) => form.unsafeChannels.includes(channel));
  if (!errors.safeChannels && both.length > 0) {
    errors.safeChannels =
      both.length === form.safeChannels.length
        ? `You also marked ${both.map(channelName).join(" and ")} as not safe, so there would be no safe way to reach you. Choose a way that is safe, or “only through messages in this portal”.`
        : `You marked ${both.map(channelName).join(" and ")} as both safe and not safe. Untick it in one of the two lists.`;
  }
  if (form.abuserWorksHere && !ABUSER_ANSWERS.includes(form.abuserWorksHere)) errors.abuserWorksHere = "Choose from the list";
  if (form.abuserPersonId && !isId(form.abuserPersonId)) errors.abuserPersonId = "Choose someone from the search results";
  if (intent === "send") {
    if (!form.serviceId) errors.serviceId ??= "Choose who you would like support from";
    if (form.safeChannels.length === 0) errors.safeChannels ??= "Choose at least one safe way to contact you (messages in this portal are always possible)";
    if (form.message && !form.shareWithService.includes("MESSAGE"))
      errors.shareWithService ??= "You wrote a message but chose not to share it. Tick “What I wrote”, or clear the message.";
    if (form.termsAccepted !== "on") errors.termsAccepted = "Confirm that you have read who will see what";
  }
  return errors;
}

/**
 * The request form's rules. A draft needs nothing (it is theirs alone); sending needs a service, a safe way to
 * contact them that they did not also mark unsafe, and that they have read the terms. Saying nothing more than
 * "please contact me" is a valid request. `serviceIds`: the services a request can be sent to now.
 */
export function requestFormSchema(intent: RequestIntent, serviceIds: ReadonlySet<string>) {
  return RequestFields.superRefine((form, ctx) => {
    for (const [field, message] of Object.entries(requestFormProblems(form, intent, serviceIds))) ctx.addIssue({ code: "custom", path: [field], message });
  });
}

/** Checks a request form's fields given as an object (a test's, or anything not posted as a form). */
export function checkRequestForm(
  raw: Record<string, unknown>,
  intent: RequestIntent,
  serviceIds: ReadonlySet<string>,
): { ok: true; form: RequestForm } | { ok: false; errors: FieldErrors } {
  const parsed = requestFormSchema(intent, serviceIds).safeParse(raw);
  if (parsed.success) return { ok: true, form: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? FORM_ERROR)] ??= issue.message;
  return { ok: false, errors };
}
