import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, useActionData, useLoaderData } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { changeOwnPassword } from "~/auth/password-change.server";
import { otherSessionsEndedMessage } from "~/components/other-sessions-ended";
import { AddressingFields, NewPasswordFields } from "~/components/person-fields";
import { ErrorSummary, RadioGroup, TextField } from "~/components/ui";
import { useFormReply } from "~/components/ui/use-form-reply";
import { ETHNICITY_OPTIONS, GENDER_OPTIONS } from "~/models/figures/equality";
import { EqualitySchema, OwnDetailsSchema, readOwnDetails, saveOwnDetails, saveOwnEquality } from "~/models/people/own-details.server";
import { ChangePasswordSchema } from "~/models/people/person-form";
import { MIN_PASSWORD_LENGTH } from "~/models/people/person-rules";
import { parseForm, readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("My details") }];

const STALE = "Your details were changed somewhere else while you were editing. The page now shows the latest version: check it and save again.";

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  return { person: await readOwnDetails(context) };
}

export async function action(args: ActionFunctionArgs) {
  const context = await requireUser(args);
  const formData = await readFormData(args.request);
  if (formData.get("intent") === "password") {
    const parsed = parseForm(ChangePasswordSchema, formData);
    if (!parsed.ok) return { passwordReply: parsed.reply };
    const changed = await changeOwnPassword(context, { current: parsed.data.currentPassword, next: parsed.data.password });
    if (!changed.ok) return { passwordReply: parsed.reject({ currentPassword: "That is not your current password" }) };
    return { passwordChanged: true as const, otherSessionsEnded: changed.otherSessionsEnded };
  }
  if (formData.get("intent") === "equality") {
    const parsed = parseForm(EqualitySchema, formData);
    if (!parsed.ok) return { equalityReply: parsed.reply };
    if (!(await saveOwnEquality(context, parsed.data))) return { equalityReply: parsed.reject({ form: STALE }) };
    return { equalitySaved: true as const };
  }
  const parsed = parseForm(OwnDetailsSchema, formData);
  if (!parsed.ok) return { reply: parsed.reply, saved: false };
  if (!(await saveOwnDetails(context, parsed.data))) {
    return { reply: parsed.reject({ form: STALE }), saved: false };
  }
  return { reply: null, saved: true };
}

export default function Profile() {
  const { person } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const form = useFormReply("own-details", actionData && "reply" in actionData ? (actionData.reply ?? undefined) : undefined, person);
  const equalityForm = useFormReply("own-equality", actionData && "equalityReply" in actionData ? actionData.equalityReply : undefined, {
    gender: person.gender,
    ethnicity: person.ethnicity,
  });
  const passwordForm = useFormReply("own-password", actionData && "passwordReply" in actionData ? actionData.passwordReply : undefined);
  return (
    <>
      <h1>My details</h1>
      {actionData && "saved" in actionData && actionData.saved ? (
        <p role="status" className="mb-6 border-l-4 border-success bg-gray-100 p-3">
          Your details were saved.
        </p>
      ) : null}
      <dl className="mb-10 grid max-w-2xl grid-cols-[12rem_1fr] gap-x-4 gap-y-2">
        <dt className="font-semibold">Name</dt>
        <dd>
          {person.firstName} {person.lastName}
        </dd>
        <dt className="font-semibold">Work email</dt>
        <dd>{person.workEmail}</dd>
        <dt className="font-semibold">Rank or grade</dt>
        <dd>{person.rankOrGrade}</dd>
        <dt className="font-semibold">Unit</dt>
        <dd>{person.unit}</dd>
        <dt className="font-semibold">Force</dt>
        <dd>{person.force}</dd>
        <dt className="font-semibold">Line manager</dt>
        <dd>{person.lineManager}</dd>
        <dt className="font-semibold">Roles in the portal</dt>
        <dd>{person.roles.length ? person.roles.join(", ") : "Staff"}</dd>
      </dl>
      <h2>How we address you</h2>
      <p className="mb-4 max-w-2xl">
        The portal uses your preferred name and pronouns wherever it shows your name. Only you and administrators can change them.
      </p>
      <ErrorSummary errors={form.errors} order={["form", "preferredName", "pronouns"]} />
      <Form method="post" {...form.formProps}>
        <input type="hidden" name="version" value={person.version} />
        <AddressingFields form={form} own />
        <button type="submit" className="button">
          Save my details
        </button>
      </Form>

      <h2 className="mt-10">Equality monitoring (optional)</h2>
      <p className="mb-4 max-w-2xl">
        The force must show it treats everyone fairly. If you answer, your answers are used only in aggregate, as counts in the equality monitoring figures,
        where any number under 5 is hidden. Nobody sees your own answers but you, and you can change or remove them at any time.
      </p>
      {actionData && "equalitySaved" in actionData ? (
        <p role="status" className="mb-6 border-l-4 border-success bg-gray-100 p-3">
          Your answers were saved.
        </p>
      ) : null}
      <ErrorSummary errors={equalityForm.errors} order={["form", "gender", "ethnicity"]} />
      <Form method="post" {...equalityForm.formProps}>
        <input type="hidden" name="intent" value="equality" />
        <input type="hidden" name="version" value={person.version} />
        <RadioGroup
          name="gender"
          legend="Your gender"
          options={[...GENDER_OPTIONS, { value: "", label: "No answer" }]}
          defaultValue={equalityForm.text("gender")}
          error={equalityForm.errors.gender}
        />
        <RadioGroup
          name="ethnicity"
          legend="Your ethnic group"
          options={[...ETHNICITY_OPTIONS, { value: "", label: "No answer" }]}
          defaultValue={equalityForm.text("ethnicity")}
          error={equalityForm.errors.ethnicity}
        />
        <button type="submit" className="button-secondary">
          Save my answers
        </button>
      </Form>

      <h2 className="mt-10">Your password</h2>
      <p className="mb-4 max-w-2xl">
        Only you know your password. Changing it signs you out everywhere else. <AppLink to="/account/sessions">Where you&rsquo;re signed in</AppLink> lists
        your sessions and lets you end any of them.
      </p>
      {actionData && "passwordChanged" in actionData ? (
        <p role="status" className="mb-6 border-l-4 border-success bg-gray-100 p-3">
          Your password was changed. {otherSessionsEndedMessage(actionData.otherSessionsEnded ?? 0)}
        </p>
      ) : null}
      <ErrorSummary errors={passwordForm.errors} order={["form", "currentPassword", "password", "confirmPassword"]} />
      <Form method="post" {...passwordForm.formProps} key={actionData && "passwordChanged" in actionData ? "changed" : "form"}>
        <input type="hidden" name="intent" value="password" />
        <TextField
          name="currentPassword"
          label="Current password"
          type="password"
          autoComplete="current-password"
          error={passwordForm.errors.currentPassword}
        />
        <NewPasswordFields form={passwordForm} minLength={MIN_PASSWORD_LENGTH} label="New password" />
        <button type="submit" className="button-secondary">
          Change my password
        </button>
      </Form>

      <h2 className="mt-10">Second factor</h2>
      <p className="mb-4 max-w-2xl">
        A code from an authenticator app on your phone, asked for after your password, so that a stolen password alone does not let anyone in.{" "}
        <AppLink to="/account/second-factor">Set up or change your second factor</AppLink>
      </p>
    </>
  );
}
