import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { notFound } from "~/access/errors.server";
import { readAccessible, requireArea } from "~/access/guard.server";
import { requireUser, type RequestContext } from "~/access/request-context.server";
import { PERSON_FIELD_ORDER, PersonFields } from "~/components/admin-forms";
import { ErrorSummary } from "~/components/ui";
import { useFormReply } from "~/components/ui/use-form-reply";
import { ALL_ROLES } from "~/models/people/person-rules";
import {
  findPersonRecord,
  loadPersonFormOptions,
  personExists,
  refusedRoleChanges,
  STALE_PERSON_MESSAGE,
  type PersonRecord,
} from "~/models/people/person.server";
import { loadProposals, proposeSecondFactorReset, savePerson, sendSetupLink } from "~/models/people/person-changes.server";
import { EditPersonFormSchema } from "~/models/people/person-form";
import { ChangeRejected, type FormReply, parseForm, readFormData, rejectedReply } from "~/utils/forms";
import { fullName } from "~/utils/names";
import { isId } from "~/utils/ids";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

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
  const { params } = args;
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
  const url = args.url;
  const now = new Date();
  return {
    id,
    name: fullName(person),
    version: person.version,
    values: formValues(person),
    roles,
    rolesLocked: refusedRoleChanges(context.ability, id, { add: ALL_ROLES, remove: ALL_ROLES }).length > 0,
    isSelf: id === context.actor.id,
    pending: (await loadProposals(context, { personId: id, decidedLimit: 0 })).map((proposal) => ({
      id: proposal.id,
      change: proposal.change,
      proposedBy: proposal.proposedBy,
      proposedAt: formatDateTime(proposal.proposedAt),
    })),
    options,
    credential: person.credential
      ? {
          lockedUntil: person.credential.lockedUntil && person.credential.lockedUntil > now ? formatDateTime(person.credential.lockedUntil) : null,
          failedAttempts: person.credential.failedAttempts,
        }
      : null,
    secondFactorSince: person.secondFactor ? formatDateTime(person.secondFactor.enrolledAt) : null,
    notice: (["added", "saved", "proposed", "linkSent", "resetProposed"] as const).find((notice) => url.searchParams.get(notice) === "1") ?? null,
  };
}

type ActionResult = { intent: "save" | "send-link" | "reset-second-factor"; reply: FormReply };

export async function action(args: ActionFunctionArgs): Promise<ActionResult> {
  const { request, params } = args;
  const context = await requireUser(args);
  await requireArea(context, "AdminArea");
  const id = personIdParam(params.personId);
  const formData = await readFormData(request);
  const current = await readPerson(context, id);
  if (formData.get("intent") === "send-link") return sendLink(context, current);
  if (formData.get("intent") === "reset-second-factor") return proposeReset(context, current);

  const parsed = parseForm(EditPersonFormSchema, formData);
  if (!parsed.ok) return { intent: "save", reply: parsed.reply };
  const form = parsed.data;
  if (id === context.actor.id && !form.active)
    return { intent: "save", reply: parsed.reject({ active: "You cannot deactivate your own account. Ask another administrator." }) };
  let proposed = 0;
  try {
    ({ proposed } = await savePerson(context, current, form));
  } catch (error) {
    // Someone else saved first: the page shows their version, as the message says; other refusals keep what was typed.
    if (error instanceof ChangeRejected)
      return { intent: "save", reply: error.errors.form === STALE_PERSON_MESSAGE ? rejectedReply(error.errors) : parsed.reject(error.errors) };
    throw error;
  }
  throw redirect(`/admin/people/${id}?${proposed > 0 ? "proposed" : "saved"}=1`);
}

async function sendLink(context: RequestContext, person: PersonRecord): Promise<ActionResult> {
  try {
    await sendSetupLink(context, person);
  } catch (error) {
    if (error instanceof ChangeRejected) return { intent: "send-link", reply: rejectedReply(error.errors) };
    throw error;
  }
  throw redirect(`/admin/people/${person.id}?linkSent=1`);
}

async function proposeReset(context: RequestContext, person: PersonRecord): Promise<ActionResult> {
  try {
    await proposeSecondFactorReset(context, person);
  } catch (error) {
    if (error instanceof ChangeRejected) return { intent: "reset-second-factor", reply: rejectedReply(error.errors) };
    throw error;
  }
  throw redirect(`/admin/people/${person.id}?resetProposed=1`);
}

const NOTICES = {
  added:
    "The person was added: the account is created; its rank (inspector and above), unit and line manager, and any role you gave it, wait for a second administrator. A link to choose their own password was sent to their work email.",
  saved: "The changes were saved.",
  proposed:
    "The changes were saved. What widens their access (a role given, rank, unit, line manager or work email) waits for a second administrator's approval.",
  linkSent: "A new set-up link was sent to their work email. Any earlier link no longer works.",
  resetProposed: "Resetting their second factor waits for a second administrator's approval. PSD has been told.",
} as const;

export default function PersonPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busyIntent = navigation.state === "submitting" ? (navigation.formData?.get("intent") ?? "save") : null;
  const replyTo = (intent: string) => (actionData && actionData.intent === intent ? actionData.reply : undefined);
  const linkForm = useFormReply("person-setup-link", replyTo("send-link"));
  const resetForm = useFormReply("person-second-factor-reset", replyTo("reset-second-factor"));
  const form = useFormReply("person", replyTo("save"), { ...data.values, roles: data.roles });
  return (
    <>
      <p className="mb-2">
        <AppLink to="/admin/people">People</AppLink>
      </p>
      <h1>{data.name}</h1>
      {data.notice && !actionData ? (
        <p role="status" className="mb-6 border-l-4 border-success bg-gray-100 p-3">
          {NOTICES[data.notice]}
        </p>
      ) : null}

      {data.pending.length > 0 ? (
        <section aria-labelledby="pending-heading" className="mb-10 max-w-2xl">
          <h2 id="pending-heading">Waiting for a second administrator</h2>
          <ul className="list-disc pl-6">
            {data.pending.map((proposal) => (
              <li key={proposal.id}>
                {proposal.change}: proposed by {proposal.proposedBy} on {proposal.proposedAt}
              </li>
            ))}
          </ul>
          <p>
            <AppLink to="/admin/changes">Changes waiting for approval</AppLink>
          </p>
        </section>
      ) : null}

      <section aria-labelledby="sign-in-heading" className="mb-10 max-w-2xl">
        <h2 id="sign-in-heading">Signing in</h2>
        <ErrorSummary errors={linkForm.errors} order={["form"]} />
        {data.credential ? (
          <>
            <p className="mb-2">They have chosen a password and can sign in{form.text("active") === "on" ? "" : " once their account is active again"}.</p>
            {data.credential.lockedUntil ? (
              <p className="mb-2">
                Sign-in is locked after failed attempts until {data.credential.lockedUntil}.{" "}
                <AppLink to="/admin/security">Unlock it on the sign-in security page</AppLink>.
              </p>
            ) : null}
          </>
        ) : (
          <>
            <p className="mb-4">
              They have not chosen a password yet, so they cannot sign in. They choose it themselves, with a one-time link sent to their work email that works
              for 72 hours. Nobody else ever sees it.
            </p>
            <Form method="post" {...linkForm.formProps}>
              <input type="hidden" name="intent" value="send-link" />
              <button type="submit" className="button-secondary" disabled={busyIntent === "send-link"}>
                {busyIntent === "send-link" ? "Sending…" : "Send a new set-up link"}
              </button>
            </Form>
          </>
        )}
      </section>

      <section aria-labelledby="second-factor-heading" className="mb-10 max-w-2xl">
        <h2 id="second-factor-heading">Second factor</h2>
        <ErrorSummary errors={resetForm.errors} order={["form"]} />
        {data.secondFactorSince ? (
          <>
            <p className="mb-4">They set up an authenticator app on {data.secondFactorSince}.</p>
            {data.isSelf ? null : (
              <Form method="post" {...resetForm.formProps}>
                <input type="hidden" name="intent" value="reset-second-factor" />
                <p className="mb-2">
                  If they lost their phone and their recovery codes, a reset lets them set it up again. A second administrator must approve it.
                </p>
                <button type="submit" className="button-secondary" disabled={busyIntent === "reset-second-factor"}>
                  Propose a reset of their second factor
                </button>
              </Form>
            )}
          </>
        ) : (
          <p>They have not set up a second factor.</p>
        )}
      </section>

      <section aria-labelledby="details-heading" className="max-w-2xl">
        <h2 id="details-heading" className="sr-only">
          Details
        </h2>
        {data.isSelf ? (
          <p className="mb-4">This is your own record: another administrator must change your roles, rank, unit, line manager or work email.</p>
        ) : (
          <p className="mb-4">
            A role given, and a change of rank or grade, unit, line manager or work email, wait for a second administrator&apos;s approval.
          </p>
        )}
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
