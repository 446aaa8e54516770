import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, useActionData, useLoaderData } from "react-router";
import { z } from "zod";
import { changeWithAudit, readAccessible } from "~/access/guard.server";
import { requireUser, type RequestContext } from "~/access/request-context.server";
import { ErrorSummary, TextField } from "~/components/ui";
import { RANK_LABELS } from "~/models/rank";
import { ROLE_LABELS } from "~/models/roles";
import { parseForm, readFormData, type FieldErrors } from "~/utils/forms";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = () => [{ title: pageTitle("My details") }];

const ProfileSchema = z.object({
  preferredName: z.string().trim().max(80, "Preferred name must be 80 characters or fewer"),
  pronouns: z.string().trim().max(40, "Pronouns must be 40 characters or fewer"),
  version: z.coerce.number().int(),
});

function readOwnRecord(context: RequestContext) {
  return readAccessible(context, {
    model: "Person",
    id: context.actor.id,
    find: (tx, where) =>
      tx.person.findFirst({
        where,
        include: { unit: true, lineManager: { select: { firstName: true, lastName: true, preferredName: true } }, roles: true, staffGrade: true, force: true },
      }),
    exists: async (tx, id) => (await tx.person.count({ where: { id } })) > 0,
  });
}

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  const person = await readOwnRecord(context);
  return {
    person: {
      firstName: person.firstName,
      lastName: person.lastName,
      preferredName: person.preferredName ?? "",
      pronouns: person.pronouns ?? "",
      workEmail: person.workEmail,
      rankOrGrade: person.rank ? RANK_LABELS[person.rank] : (person.staffGrade?.title ?? "Police staff"),
      unit: person.unit?.name ?? "Not recorded",
      force: person.force.name,
      lineManager: person.lineManager ? `${person.lineManager.preferredName ?? person.lineManager.firstName} ${person.lineManager.lastName}` : "Not recorded",
      roles: person.roles.map((role) => ROLE_LABELS[role.role]),
      version: person.version,
    },
  };
}

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  const context = await requireUser(args);
  const parsed = parseForm(ProfileSchema, await readFormData(request));
  if (!parsed.ok) return { errors: parsed.errors, values: parsed.values, saved: false };
  const { preferredName, pronouns, version } = parsed.data;
  const updated = await changeWithAudit(
    context,
    { action: "update", model: "Person", record: { id: context.actor.id }, subjectId: context.actor.id, fields: ["preferredName", "pronouns"] },
    (tx) => tx.person.updateMany({ where: { id: context.actor.id, version }, data: { preferredName: preferredName || null, pronouns: pronouns || null, version: { increment: 1 } } }),
    { action: "person.update_own_details" },
  );
  if (updated.count === 0) {
    const errors: FieldErrors = {
      form: "Your details were changed somewhere else while you were editing. The page now shows the latest version: check it and save again.",
    };
    return { errors, values: { preferredName, pronouns }, saved: false };
  }
  return { errors: undefined, values: undefined, saved: true };
}

export default function Profile() {
  const { person } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  const values = actionData?.values;
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
        <dd>{person.firstName} {person.lastName}</dd>
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
      <p className="mb-4 max-w-2xl">The portal uses your preferred name and pronouns wherever it shows your name. Only you and administrators can change them.</p>
      <ErrorSummary errors={errors} order={["form", "preferredName", "pronouns"]} />
      <Form method="post" noValidate>
        <input type="hidden" name="version" value={person.version} />
        <TextField name="preferredName" label="Preferred name (optional)" hint="The first name you would like to be called." defaultValue={values?.preferredName ?? person.preferredName} error={errors?.preferredName} autoComplete="nickname" />
        <TextField name="pronouns" label="Pronouns (optional)" hint="For example, she/her, he/him, they/them." defaultValue={values?.pronouns ?? person.pronouns} error={errors?.pronouns} />
        <button type="submit" className="button">
          Save my details
        </button>
      </Form>
    </>
  );
}
