import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, Link, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { notFound } from "~/access/errors.server";
import { changeWithAudit, readAccessible, requireArea } from "~/access/guard.server";
import { requireUser, type RequestContext } from "~/access/request-context.server";
import { PERSON_FIELD_ORDER, PersonFields } from "~/components/admin-forms";
import { ErrorSummary, TextField } from "~/components/ui";
import { useFormReply } from "~/components/ui/use-form-reply";
import { ALL_ROLES, MIN_PASSWORD_LENGTH, roleChanges } from "~/models/people/person-rules";
import {
  changedPersonFields,
  checkPersonForm,
  findPersonRecord,
  loadPersonFormOptions,
  personExists,
  refusedRoleChanges,
  refuseRoleChange,
  setInitialPassword,
  STALE_PERSON_MESSAGE,
  updatePerson,
  type PersonRecord,
} from "~/models/people/person.server";
import { EditPersonFormSchema, PasswordFormSchema } from "~/models/people/person-form";
import { ChangeRejected, type FormReply, parseForm, readFormData, rejectedReply } from "~/utils/forms";
import { fullName } from "~/utils/names";
import { isId } from "~/utils/ids";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { hashPassword } from "~/utils/password.server";

// Neutral on purpose: the tab shows no one's name.
export const meta: MetaFunction = () => [{ title: pageTitle("Person") }];

function personIdParam(value: string | undefined): string {
  if (!isId(value)) notFound();
  return value.toLowerCase();
}

function readPerson(context: RequestContext, id: string): Promise<PersonRecord> {
  return readAccessible(context, { model: "Person", id, find: findPersonRecord, exists: personExists });
}

/** The stored record as the form's fields. */
function formValues(person: PersonRecord): Record<string, string> {
  return {
    firstName: person.firstName,
    lastName: person.lastName,
    preferredName: person.preferredName ?? "",
    pronouns: person.pronouns ?? "",
    workEmail: person.workEmail,
    employeeType: person.employeeType,
    rank: person.rank ?? "",
    collarNumber: person.collarNumber ?? "",
    staffGradeCode: person.staffGradeCode ?? "",
    forceId: person.forceId,
    unitId: person.unitId ?? "",
    lineManagerId: person.lineManagerId ?? "",
    lineManagerEmail: person.lineManager?.workEmail ?? "",
    active: person.active ? "on" : "",
  };
}

export async function loader(args: LoaderFunctionArgs) {
  const { request, params } = args;
  const context = await requireUser(args);
  await requireArea(context, "AdminArea");
  const id = personIdParam(params.personId);
  const person = await readPerson(context, id);
  const options = await loadPersonFormOptions(context, id);
  // A line manager who was deactivated since stays choosable for this person, so that saving keeps them.
  const manager = person.lineManager;
  if (options.managers && manager && !options.managers.some((choice) => choice.id === manager.id)) {
    options.managers.unshift({
      id: manager.id,
      forceId: manager.forceId,
      label: `${fullName(manager)}, ${manager.workEmail}${manager.active ? "" : " (deactivated)"}`,
    });
  }
  const roles = person.roles.map((assignment) => assignment.role);
  const url = new URL(request.url);
  const now = new Date();
  return {
    id,
    name: fullName(person),
    version: person.version,
    values: formValues(person),
    roles,
    rolesLocked: refusedRoleChanges(context.ability, id, { add: ALL_ROLES, remove: ALL_ROLES }).length > 0,
    isSelf: id === context.actor.id,
    minPasswordLength: MIN_PASSWORD_LENGTH,
    options,
    credential: person.credential
      ? {
          lockedUntil: person.credential.lockedUntil && person.credential.lockedUntil > now ? formatDateTime(person.credential.lockedUntil) : null,
          failedAttempts: person.credential.failedAttempts,
        }
      : null,
    notice: url.searchParams.get("added") === "1" ? "added" : url.searchParams.get("saved") === "1" ? "saved" : null,
  };
}

type ActionResult = { intent: "save" | "password"; reply: FormReply } | { intent: "password"; saved: true };

export async function action(args: ActionFunctionArgs): Promise<ActionResult> {
  const { request, params } = args;
  const context = await requireUser(args);
  await requireArea(context, "AdminArea");
  const id = personIdParam(params.personId);
  const formData = await readFormData(request);
  const current = await readPerson(context, id);
  if (formData.get("intent") === "password") return setPassword(context, current, formData);

  const parsed = parseForm(EditPersonFormSchema, formData);
  if (!parsed.ok) return { intent: "save", reply: parsed.reply };
  const form = parsed.data;
  if (id === context.actor.id && !form.active)
    return { intent: "save", reply: parsed.reject({ active: "You cannot deactivate your own account. Ask another administrator." }) };

  // Roles change only when the checkboxes were on the form (on one's own record they are shown disabled).
  const currentRoles = current.roles.map((assignment) => assignment.role);
  const changes = form.rolesEditable ? roleChanges(currentRoles, form.roles) : { add: [], remove: [] };
  const refused = refusedRoleChanges(context.ability, id, changes);
  if (refused[0]) await refuseRoleChange(context, id, refused[0]);

  const changed = changedPersonFields(current, form);
  try {
    await changeWithAudit(
      context,
      { action: "update", model: "Person", record: current, subjectId: id, fields: changed.length > 0 ? changed : undefined },
      async (tx) => updatePerson(tx, id, form.version, await checkPersonForm(tx, form, id, current.lineManagerId), changes, context.actor.id),
      {
        action: "person.update",
        details: {
          changed,
          ...(changes.add.length ? { rolesAdded: changes.add } : {}),
          ...(changes.remove.length ? { rolesRemoved: changes.remove } : {}),
          ...(current.active && !form.active ? { deactivated: true, sessionsEnded: true } : {}),
        },
      },
    );
  } catch (error) {
    // Someone else saved first: the page shows their version, as the message says; other refusals keep what was typed.
    if (error instanceof ChangeRejected)
      return { intent: "save", reply: error.errors.form === STALE_PERSON_MESSAGE ? rejectedReply(error.errors) : parsed.reject(error.errors) };
    throw error;
  }
  throw redirect(`/admin/people/${id}?saved=1`);
}

async function setPassword(context: RequestContext, person: PersonRecord, formData: FormData): Promise<ActionResult> {
  const parsed = parseForm(PasswordFormSchema, formData);
  if (!parsed.ok) return { intent: "password", reply: parsed.reply };
  if (person.credential) return { intent: "password", reply: rejectedReply({ form: "This person already has a password, so an initial one cannot be set." }) };
  const passwordHash = await hashPassword(parsed.data.password);
  try {
    await changeWithAudit(
      context,
      { action: "update", model: "Person", record: person, subjectId: person.id },
      (tx) => setInitialPassword(tx, person.id, passwordHash),
      { action: "credential.set" },
    );
  } catch (error) {
    if (error instanceof ChangeRejected) return { intent: "password", reply: rejectedReply(error.errors) };
    throw error;
  }
  return { intent: "password", saved: true };
}

export default function PersonPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busyIntent = navigation.state === "submitting" ? (navigation.formData?.get("intent") ?? "save") : null;
  const replyTo = (intent: string) => (actionData && "reply" in actionData && actionData.intent === intent ? actionData.reply : undefined);
  const passwordSaved = actionData !== undefined && "saved" in actionData;
  // Two forms, each with its own id and seeing only the reply to its own submission. The password is never echoed.
  const passwordForm = useFormReply("person-password", replyTo("password"));
  const form = useFormReply("person", replyTo("save"), { ...data.values, roles: data.roles });
  return (
    <>
      <p className="mb-2">
        <Link to="/admin/people">People</Link>
      </p>
      <h1>{data.name}</h1>
      {data.notice && !actionData ? (
        <p role="status" className="mb-6 border-l-4 border-success bg-gray-100 p-3">
          {data.notice === "added" ? "The person was added. They cannot sign in until you set them a password below." : "The changes were saved."}
        </p>
      ) : null}

      <section aria-labelledby="sign-in-heading" className="mb-10 max-w-2xl">
        <h2 id="sign-in-heading">Signing in</h2>
        {passwordSaved ? (
          <p role="status" className="mb-4 border-l-4 border-success bg-gray-100 p-3">
            The password was set. Give it to them in a secure way, not by email.
          </p>
        ) : null}
        {data.credential ? (
          <>
            <ErrorSummary errors={passwordForm.errors} />
            <p className="mb-2">They have a password and can sign in{form.text("active") === "on" ? "" : " once their account is active again"}.</p>
            {data.credential.lockedUntil ? (
              <p className="mb-2">
                Sign-in is locked after failed attempts until {data.credential.lockedUntil}.{" "}
                <Link to="/admin/security">Unlock it on the sign-in security page</Link>.
              </p>
            ) : null}
          </>
        ) : (
          <>
            <p className="mb-4">They have no password yet, so they cannot sign in. Set an initial password for them.</p>
            <ErrorSummary errors={passwordForm.errors} order={["form", "password", "confirmPassword"]} />
            <Form method="post" {...passwordForm.formProps}>
              <input type="hidden" name="intent" value="password" />
              <TextField
                name="password"
                label="Initial password"
                hint={`At least ${data.minPasswordLength} characters. It is never shown again.`}
                type="password"
                autoComplete="new-password"
                error={passwordForm.errors.password}
              />
              <TextField
                name="confirmPassword"
                label="Type the password again"
                type="password"
                autoComplete="new-password"
                error={passwordForm.errors.confirmPassword}
              />
              <button type="submit" className="button-secondary" disabled={busyIntent === "password"}>
                {busyIntent === "password" ? "Setting…" : "Set the password"}
              </button>
            </Form>
          </>
        )}
      </section>

      <section aria-labelledby="details-heading" className="max-w-2xl">
        <h2 id="details-heading" className="sr-only">
          Details
        </h2>
        <ErrorSummary errors={form.errors} order={PERSON_FIELD_ORDER} />
        <Form method="post" {...form.formProps} key={data.version}>
          <input type="hidden" name="intent" value="save" />
          <input type="hidden" name="version" value={data.version} />
          <PersonFields options={data.options} form={form} lockedRoles={data.rolesLocked ? data.roles : undefined} />
          <button type="submit" className="button" disabled={busyIntent === "save"}>
            {busyIntent === "save" ? "Saving…" : "Save the changes"}
          </button>
        </Form>
      </section>
    </>
  );
}
