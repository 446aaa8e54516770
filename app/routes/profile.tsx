import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, useActionData, useLoaderData } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { ErrorSummary, TextField } from "~/components/ui";
import { useFormReply } from "~/components/ui/use-form-reply";
import { OwnDetailsSchema, readOwnDetails, saveOwnDetails } from "~/models/people/own-details.server";
import { parseForm, readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = () => [{ title: pageTitle("My details") }];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  return { person: await readOwnDetails(context) };
}

export async function action(args: ActionFunctionArgs) {
  const context = await requireUser(args);
  const parsed = parseForm(OwnDetailsSchema, await readFormData(args.request));
  if (!parsed.ok) return { reply: parsed.reply, saved: false };
  if (!(await saveOwnDetails(context, parsed.data))) {
    const reply = parsed.reject({
      form: "Your details were changed somewhere else while you were editing. The page now shows the latest version: check it and save again.",
    });
    return { reply, saved: false };
  }
  return { reply: null, saved: true };
}

export default function Profile() {
  const { person } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const form = useFormReply("own-details", actionData?.reply, person);
  return (
    <>
      <h1>My details</h1>
      {actionData?.saved ? (
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
        <TextField
          name="preferredName"
          label="Preferred name (optional)"
          hint="The first name you would like to be called."
          defaultValue={form.text("preferredName")}
          error={form.errors.preferredName}
          autoComplete="nickname"
        />
        <TextField
          name="pronouns"
          label="Pronouns (optional)"
          hint="For example, she/her, he/him, they/them."
          defaultValue={form.text("pronouns")}
          error={form.errors.pronouns}
        />
        <button type="submit" className="button">
          Save my details
        </button>
      </Form>
    </>
  );
}
