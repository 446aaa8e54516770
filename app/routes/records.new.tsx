import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, ShouldRevalidateFunction } from "react-router";
import { Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { ErrorSummary, GroupedSelectField, RadioGroup, TextAreaField, TextField } from "~/components/ui";
import { DirectorySearch } from "~/components/directory-search";
import { ChangeRejected, parseForm, readFormData, replyKeepingTyped } from "~/utils/forms";
import { useFormReply } from "~/components/ui/use-form-reply";
import { chosenDirectoryPerson, intakeChoices, submitReport, searchIntakeDirectory, submissionKeyOf } from "~/models/cases/intake.server";
import { IntakeFormSchema, type DirectoryMatch } from "~/models/cases/case.server";
import { RECEIVED_HOW_LABELS } from "~/models/cases/labels";
import { ukDateTimeInputValue } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = () => [{ title: pageTitle("Record a report") }];

const YES_NO = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
];

const FIELD_ORDER = [
  "form",
  "reporting",
  "suspectKind",
  "suspectQuery",
  "suspectPersonId",
  "suspectName",
  "suspectForceId",
  "victimKind",
  "victimQuery",
  "victimPersonId",
  "victimName",
  "victimContact",
  "childrenInvolved",
  "immediateDanger",
  "account",
  "admitted",
  "receivedHow",
  "receivedAt",
  "areaUnitId",
  "supervisingOfficerId",
];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  const { forces, areas, supervisors } = await intakeChoices(context);
  // `?reporting=self`: the support route's offer (support.police-employee) starts the form as the person's own report.
  const reporting = args.url.searchParams.get("reporting") === "self" ? { reporting: "self" } : {};
  // A new key for each form shown: sending this form again (a retry after an error) finds the report it made.
  return { forces, areas, supervisors, submissionKey: randomUUID(), defaults: { receivedAt: ukDateTimeInputValue(), ...reporting } as Record<string, string> };
}

// A form's key lasts as long as the form: a "Find" or a refused submission does not replace it (the choices it loads do
// not change with either), so sending the same report again from this page is recognised.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod === "POST" ? false : defaultShouldRevalidate;

interface Found {
  suspect: DirectoryMatch[] | null;
  victim: DirectoryMatch[] | null;
}

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  const context = await requireUser(args);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const personId = (which: "suspect" | "victim") => String(formData.get(`${which}PersonId`) ?? "");

  // "Find" buttons: search the directory and show the form again with the matches; nothing is saved.
  if (intent === "find-suspect" || intent === "find-victim") {
    const which = intent === "find-suspect" ? "suspect" : "victim";
    const q = String(formData.get(`${which}Query`) ?? "");
    const matches = await searchIntakeDirectory(context, q);
    const errors: Record<string, string> = {};
    if (q.trim().length < 2) errors[`${which}Query`] = "Type at least two letters of a name or work email";
    else if (matches.length === 0)
      errors[`${which}Query`] =
        `Nobody in the directory matches “${q.trim()}”. Check the spelling, or ${which === "suspect" ? "choose “another force” if they work elsewhere" : "choose “a member of the public”"}.`;
    // The other person, if already chosen, stays chosen; a new search forgets the person chosen from the last one.
    const other = which === "suspect" ? "victim" : "suspect";
    const kept = await chosenDirectoryPerson(context, personId(other));
    const found = { [which]: matches, [other]: kept ? [kept] : null } as unknown as Found;
    formData.delete(`${which}PersonId`);
    return { reply: replyKeepingTyped(formData, errors), found };
  }

  const parsed = parseForm(IntakeFormSchema, formData);
  const chosen = async (): Promise<Found> => {
    const [suspect, victim] = await Promise.all([chosenDirectoryPerson(context, personId("suspect")), chosenDirectoryPerson(context, personId("victim"))]);
    return { suspect: suspect ? [suspect] : null, victim: victim ? [victim] : null };
  };
  if (!parsed.ok) return { reply: parsed.reply, found: await chosen() };
  try {
    const created = await submitReport(context, parsed.data, submissionKeyOf(formData.get("submissionKey")));
    throw redirect(`/records/submitted/${created.reference}`);
  } catch (error) {
    if (error instanceof ChangeRejected) return { reply: parsed.reject(error.errors), found: await chosen() };
    throw error;
  }
}

export default function RecordReport() {
  const { forces, areas, supervisors, submissionKey, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("record-report", actionData?.reply, defaults);
  const errors = form.errors;
  const searches = {
    suspectQuery: form.text("suspectQuery"),
    suspectPersonId: form.text("suspectPersonId"),
    victimQuery: form.text("victimQuery"),
    victimPersonId: form.text("victimPersonId"),
  };
  const found = actionData?.found;
  // Re-key the form after each answer so that the defaults of the new answer are shown.
  return (
    <>
      <h1>Record a report</h1>
      <div className="callout mb-6" role="note">
        <p className="font-semibold">If anyone is in immediate danger, call 999 now, or the control room, before you go on.</p>
      </div>
      <p className="mb-2">
        Use this page when you have received a report of domestic abuse in which the suspect is a police officer or a member of police staff, of this force or
        another, or when you are reporting it yourself.
      </p>
      <p className="mb-6">
        What you record is restricted at once: only the people it is referred to can open it, and the suspect can never see it. It goes straight to a
        supervising officer of inspector rank or above and to professional standards. You will get a reference; you will not see the case as it develops unless
        you are given access.
      </p>
      <ErrorSummary errors={errors} order={FIELD_ORDER} />
      <Form method="post" {...form.formProps} className="max-w-2xl" key={JSON.stringify(found ?? null)}>
        <input type="hidden" name="submissionKey" value={submissionKey} />
        <RadioGroup
          name="reporting"
          legend="Who is recording this?"
          options={[
            { value: "received", label: "I received this report from someone else" },
            { value: "self", label: "It is about me: I am reporting it myself" },
          ]}
          defaultValue={form.text("reporting")}
          error={errors.reporting}
        />

        <fieldset className="mb-6 border-t border-gray-300 pt-4">
          <legend className="text-xl font-bold">The suspect</legend>
          <RadioGroup
            name="suspectKind"
            legend="Where does the suspect work?"
            options={[
              { value: "directory", label: "This force (find them in the directory)" },
              { value: "other-force", label: "Another force" },
            ]}
            defaultValue={form.text("suspectKind")}
            error={errors.suspectKind}
          />
          <DirectorySearch
            queryName="suspectQuery"
            choiceName="suspectPersonId"
            label="Search for the suspect in this force's directory"
            hint="Part of their name or work email."
            findIntent="find-suspect"
            findLabel="the suspect"
            choiceLegend="Choose the suspect"
            values={searches}
            errors={errors}
            matches={found?.suspect ?? null}
          />
          <TextField
            name="suspectName"
            label="If they work for another force: their name"
            defaultValue={form.text("suspectName")}
            error={errors.suspectName}
            autoComplete="off"
          />
          <GroupedSelectField
            name="suspectForceId"
            label="If they work for another force: which force"
            blank="Choose a force"
            options={forces.map((force) => ({ value: force.id, label: force.name }))}
            defaultValue={form.text("suspectForceId")}
            error={errors.suspectForceId}
          />
        </fieldset>

        <fieldset className="mb-6 border-t border-gray-300 pt-4">
          <legend className="text-xl font-bold">The victim</legend>
          <p className="hint mb-4">Leave this part if you are reporting something that happened to you.</p>
          <RadioGroup
            name="victimKind"
            legend="Who is the victim?"
            options={[
              { value: "employee", label: "Someone who works for this force" },
              { value: "public", label: "A member of the public" },
            ]}
            defaultValue={form.text("victimKind")}
            error={errors.victimKind}
          />
          <DirectorySearch
            queryName="victimQuery"
            choiceName="victimPersonId"
            label="Search for the victim in this force's directory"
            hint="If the victim works for this force."
            findIntent="find-victim"
            findLabel="the victim"
            choiceLegend="Choose the victim"
            values={searches}
            errors={errors}
            matches={found?.victim ?? null}
          />
          <TextField
            name="victimName"
            label="If a member of the public: their name"
            defaultValue={form.text("victimName")}
            error={errors.victimName}
            autoComplete="off"
          />
          <TextAreaField
            name="victimContact"
            label="How to contact the victim safely (optional)"
            hint="Address, phone, safe times. Only the people who keep the victim safe will see this."
            rows={3}
            defaultValue={form.text("victimContact")}
            error={errors.victimContact}
          />
        </fieldset>

        <RadioGroup
          name="childrenInvolved"
          legend="Are any children involved?"
          options={YES_NO}
          defaultValue={form.text("childrenInvolved")}
          error={errors.childrenInvolved}
        />
        <RadioGroup
          name="immediateDanger"
          legend="Is anyone in immediate danger?"
          hint="If yes, call 999 or the control room first."
          options={YES_NO}
          defaultValue={form.text("immediateDanger")}
          error={errors.immediateDanger}
        />
        <TextAreaField
          name="account"
          label="A short account of what was reported"
          hint="What happened, as you were told it. Keep to the facts; the investigation will gather the detail."
          maxLength={5000}
          defaultValue={form.text("account")}
          error={errors.account}
        />
        <RadioGroup
          name="admitted"
          legend="Did the person admit it? (if you were told this by someone else)"
          hint="If the suspect told you themselves that they did it, say yes: an admission to anyone in the force is not confidential and is treated as an admission of a crime."
          options={YES_NO}
          defaultValue={form.text("admitted")}
          error={errors.admitted}
        />
        <GroupedSelectField
          name="receivedHow"
          label="How was it received?"
          blank="Choose one"
          options={Object.entries(RECEIVED_HOW_LABELS).map(([value, label]) => ({ value, label }))}
          defaultValue={form.text("receivedHow")}
          error={errors.receivedHow}
        />
        <TextField
          name="receivedAt"
          label="When was it received?"
          hint="UK time."
          type="datetime-local"
          defaultValue={form.text("receivedAt")}
          error={errors.receivedAt}
        />
        <GroupedSelectField
          name="areaUnitId"
          label="Local policing area where it happened"
          hint="Its commander is told. Leave it if it happened where you work."
          blank="Where I work"
          options={areas.map((area) => ({ value: area.id, label: area.name }))}
          defaultValue={form.text("areaUnitId")}
          error={errors.areaUnitId}
        />
        <GroupedSelectField
          name="supervisingOfficerId"
          label="Supervising officer (inspector or above)"
          hint="Leave this to refer it to the first eligible officer: your own chain at inspector level or above, then the duty inspector. Anyone connected to the suspect is never chosen."
          blank="Choose for me"
          options={supervisors.map((person) => ({ value: person.id, label: person.detail ? `${person.name} (${person.detail})` : person.name }))}
          defaultValue={form.text("supervisingOfficerId")}
          error={errors.supervisingOfficerId}
        />
        <button type="submit" name="intent" value="submit" className="button" disabled={busy}>
          {busy ? "Sending…" : "Send the report"}
        </button>
      </Form>
    </>
  );
}
