// The support request form, for a new request and for a draft: plain HTML, so it works without JavaScript; the
// server checks everything and shows each error beside its field, with everything typed kept.
import { Form } from "react-router";
import { DirectorySearch } from "~/components/directory-search";
import { CheckboxField, CheckboxGroup, describedBy, ErrorSummary, FieldMessages, RadioGroup, TextAreaField } from "~/components/ui";
import type { FormState } from "~/components/ui/use-form-reply";
import type { DirectoryMatch } from "~/models/people/directory-match";
import { DRAFT_KEPT_DAYS, SHARE_LABELS } from "~/models/support-request/labels";
import { SafeContactFields } from "./support-request/safe-contact-fields";

const FIELD_ORDER = [
  "form",
  "serviceId",
  "supportWanted",
  "message",
  "shareWithService",
  "abuserWorksHere",
  "abuserQuery",
  "abuserPersonId",
  "safeChannels",
  "unsafeChannels",
  "safeTimes",
  "safeContactNote",
  "safeWord",
  "termsAccepted",
];

export function ImmediateDanger() {
  return (
    <div className="callout mb-6" role="note">
      <p className="font-semibold">If you or anyone else is in immediate danger, call 999 now. If you cannot speak, call 999 and press 55 when asked.</p>
    </div>
  );
}

/** The terms, in plain words, shown before anything is sent. */
export function WhoSeesWhat() {
  return (
    <section aria-labelledby="terms-title" className="mb-6 border-l-4 border-brand bg-gray-50 p-4">
      <h2 id="terms-title">Before you send: who will see what</h2>
      <ul className="list-disc pl-6">
        <li>
          Only the service you choose sees your request, and only the parts you tick above. Your line manager, HR, colleagues and professional standards see
          nothing unless you choose to share with them.
        </li>
        <li>
          Your information is shared only with your knowledge and consent, except where a child is at risk or someone (you or anyone else) is at high risk of
          serious harm or death. Then a safeguarding lead may share what is needed to keep people safe, and this will be shown to you unless telling you would
          itself put someone at risk.
        </li>
        <li>If you tell the service about a criminal offence, it will be recorded. Your views on what happens next will be considered.</li>
        <li>
          You can see who has opened your request, share more, or withdraw your consent at any time from your request's page. Withdrawing stops sharing from
          then on.
        </li>
        <li>
          Messages stay inside this portal. If you chose your work email as safe, you get an email that says only that there is a new message: never what it
          says.
        </li>
      </ul>
    </section>
  );
}

/**
 * The optional question about who is harming them, if they work for this force, with the directory search (a "Find"
 * button that works without JavaScript and keeps every other answer). Why it is asked is said in plain words.
 */
function NamedColleague({ form, matches }: { form: FormState; matches: DirectoryMatch[] | null }) {
  return (
    <fieldset className="mb-6 border-t border-gray-300 pt-4">
      <legend className="text-xl font-bold">If the person harming you works here (optional)</legend>
      <p className="mb-2">
        You do not have to answer this. If the person who is harming you works for this force, you can tell us who they are. We use it for one thing only: so
        that they, and nobody in their line management, can ever see or be told about your request, even if their manager changes later.
      </p>
      <p className="hint mb-4">
        It stays with your request and is not sent to them, to their managers or to anyone else. You can change it while this is a draft.
      </p>
      <RadioGroup
        name="abuserWorksHere"
        legend="Does the person who is harming you work for this force?"
        options={[
          { value: "yes", label: "Yes" },
          { value: "no", label: "No" },
          { value: "rather-not-say", label: "I would rather not say" },
        ]}
        defaultValue={form.text("abuserWorksHere")}
        error={form.errors.abuserWorksHere}
      />
      <DirectorySearch
        queryName="abuserQuery"
        choiceName="abuserPersonId"
        label="If yes: find them in the force directory"
        hint="Part of their name or work email, then “Find”. Nothing is saved or sent by searching."
        findIntent="find-abuser"
        findLabel="the person in the directory"
        choiceLegend="Choose the person"
        values={{ abuserQuery: form.text("abuserQuery"), abuserPersonId: form.text("abuserPersonId") }}
        errors={form.errors}
        matches={matches}
      />
    </fieldset>
  );
}

/**
 * `form`: the form's state from useFormReply (its messages, and what was typed or the draft as saved); `colleagues`:
 * the directory's matches for the person they name (or the one already chosen).
 */
export function SupportRequestForm({
  services,
  form,
  busy,
  draftExpires,
  colleagues,
}: {
  services: { id: string; name: string; offers: string }[];
  form: FormState;
  busy: boolean;
  draftExpires?: string | null;
  colleagues: DirectoryMatch[] | null;
}) {
  const { errors, text } = form;
  const service = text("serviceId");
  const ticked = (name: string) => new Set(form.list(name));
  return (
    <>
      <ErrorSummary errors={errors} order={FIELD_ORDER} />
      {/* Re-keyed after each search, so that the new matches and what was typed are shown. */}
      <Form method="post" {...form.formProps} className="max-w-2xl" key={JSON.stringify(colleagues ?? null)}>
        <fieldset
          id="serviceId"
          className={`mb-6 ${errors.serviceId ? "border-l-4 border-error pl-3" : ""}`}
          aria-describedby={describedBy("serviceId", true, errors.serviceId)}
        >
          <legend className="label">Who would you like support from?</legend>
          <FieldMessages
            name="serviceId"
            hint="You can ask another service later, or find how to reach the others in the support directory."
            error={errors.serviceId}
          />
          {services.map((option) => (
            <div key={option.id} className="mb-3 flex items-start gap-2">
              <input
                type="radio"
                id={`serviceId-${option.id}`}
                name="serviceId"
                value={option.id}
                defaultChecked={service === option.id}
                aria-describedby={`serviceId-${option.id}-offers`}
                className="mt-1 h-5 w-5"
              />
              <div>
                <label htmlFor={`serviceId-${option.id}`} className="font-semibold">
                  {option.name}
                </label>
                <p id={`serviceId-${option.id}-offers`} className="hint">
                  {option.offers}
                </p>
              </div>
            </div>
          ))}
        </fieldset>

        <TextAreaField
          name="supportWanted"
          label="What kind of help would you like? (optional)"
          hint="For example: someone to talk to, help with a safety plan at work, time off for appointments."
          rows={3}
          defaultValue={text("supportWanted")}
          error={errors.supportWanted}
        />
        <TextAreaField
          name="message"
          label="Anything you want to tell them (optional)"
          hint="Say as much or as little as you like. You do not have to say anything: “please contact me” is enough."
          rows={5}
          defaultValue={text("message")}
          error={errors.message}
        />
        <CheckboxGroup
          name="shareWithService"
          legend="What may the service see?"
          options={SHARE_LABELS}
          checked={ticked("shareWithService")}
          error={errors.shareWithService}
        />

        <NamedColleague form={form} matches={colleagues} />

        <SafeContactFields form={form} />

        <WhoSeesWhat />
        <CheckboxField
          name="termsAccepted"
          label="I have read who will see what"
          hint="Needed to send; not needed to save a draft."
          defaultChecked={text("termsAccepted") === "on"}
          error={errors.termsAccepted}
        />

        <p className="hint mb-4">
          {draftExpires
            ? `Your draft is kept for you alone until ${draftExpires}, then deleted if you have not sent it. Saving again keeps it for another ${DRAFT_KEPT_DAYS} days.`
            : `A draft is kept for you alone for ${DRAFT_KEPT_DAYS} days from when you last save it, then deleted if you have not sent it. Nothing is sent until you choose.`}
        </p>
        <div className="flex flex-wrap gap-4">
          <button type="submit" name="intent" value="send" className="button" disabled={busy}>
            Send my request
          </button>
          <button type="submit" name="intent" value="save" className="button-secondary" disabled={busy}>
            Save as a draft
          </button>
        </div>
      </Form>
    </>
  );
}
