import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, useActionData, useLoaderData, useNavigation } from "react-router";
import { useMemo } from "react";
import { z } from "zod";
import { badRequest } from "~/access/errors.server";
import { accessScope, changeWithAudit, listAccessible, requireArea } from "~/access/guard.server";
import { requireUser } from "~/access/request-context.server";
import { ErrorSummary } from "~/components/ui";
import { listAuditEvents } from "~/models/audit-event.server";
import { listSignInProblems, unlockCredential } from "~/models/people/sign-in-problems.server";
import { addressName } from "~/utils/names";
import { ChangeRejected, parseForm, readFormData, rejectedReply } from "~/utils/forms";
import { firstErrors } from "~/utils/form-reply";
import { isId } from "~/utils/ids";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Sign-in security") }];

const RECENT_HOURS = 24;
const EVENTS_SHOWN = 50;

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  await requireArea(context, "AdminArea");
  const now = new Date();
  const since = new Date(now.getTime() - RECENT_HOURS * 3_600_000);
  const credentials = await listAccessible(context, "Credential", (tx, scope) => listSignInProblems(tx, scope, now, since), { purpose: "sign-in security" });
  const events = await listAccessible(
    context,
    "AuditEvent",
    (tx, scope) => listAuditEvents(tx, scope, { where: { action: { startsWith: "auth." } }, take: EVENTS_SHOWN }),
    { filter: "auth." },
  );
  const account = (credential: (typeof credentials)[number]) => ({
    personId: credential.personId,
    name: addressName(credential.person),
    email: credential.person.workEmail,
    failedAttempts: credential.failedAttempts,
    lastFailedAt: credential.lastFailedAt ? formatDateTime(credential.lastFailedAt) : null,
    lockedUntil: credential.lockedUntil ? formatDateTime(credential.lockedUntil) : null,
  });
  return {
    locked: credentials.filter((credential) => credential.lockedUntil && credential.lockedUntil > now).map(account),
    failing: credentials.filter((credential) => !(credential.lockedUntil && credential.lockedUntil > now)).map(account),
    events: events.map((event) => ({
      id: event.id.toString(),
      when: formatDateTime(event.occurredAt),
      action: event.action,
      account: event.subjectName ?? event.actorName ?? (event.subjectId ? "Unknown person" : "No matching account"),
      outcome: event.outcome,
      reason: event.reason ?? "",
      address: event.ipAddress ?? "",
    })),
    recentHours: RECENT_HOURS,
  };
}

const UnlockSchema = z.object({ intent: z.literal("unlock"), personId: z.string().refine(isId) });

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  const context = await requireUser(args);
  await requireArea(context, "AdminArea");
  const parsed = parseForm(UnlockSchema, await readFormData(request));
  if (!parsed.ok) badRequest();
  const personId = parsed.data.personId.toLowerCase();
  try {
    await changeWithAudit(
      context,
      { action: "unlock", model: "Credential", record: { personId }, subjectId: personId },
      (tx) => unlockCredential(tx, accessScope(context.ability, "unlock", "Credential"), personId, new Date()),
      { action: "credential.unlock" },
    );
  } catch (error) {
    if (error instanceof ChangeRejected) return { reply: rejectedReply(error.errors), unlocked: false };
    throw error;
  }
  return { reply: null, unlocked: true };
}

export default function SignInSecurity() {
  const { locked, failing, events, recentHours } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const unlocking = navigation.state === "submitting" ? navigation.formData?.get("personId") : null;
  // One unlock form per locked account, none with fields to show again: only the refusal's messages matter.
  const reply = actionData?.reply;
  const errors = useMemo(() => firstErrors(reply?.error), [reply]);
  return (
    <>
      <p className="mb-2">
        <AppLink to="/admin">Administration</AppLink>
      </p>
      <h1>Sign-in security</h1>
      {actionData?.unlocked ? (
        <p role="status" className="mb-6 border-l-4 border-success bg-gray-100 p-3">
          The account was unlocked. They can sign in again now.
        </p>
      ) : null}
      <ErrorSummary errors={errors} />

      <section aria-labelledby="locked-heading" className="mb-10">
        <h2 id="locked-heading">Locked accounts</h2>
        {locked.length === 0 ? (
          <p>No account is locked.</p>
        ) : (
          <table className="table">
            <caption className="sr-only">Accounts locked after failed sign-ins</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Work email</th>
                <th scope="col">Last failed sign-in</th>
                <th scope="col">Unlocks by itself at</th>
                <th scope="col">
                  <span className="sr-only">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {locked.map((account) => (
                <tr key={account.personId}>
                  <td>
                    <AppLink to={`/admin/people/${account.personId}`}>{account.name}</AppLink>
                  </td>
                  <td className="break-all">{account.email}</td>
                  <td>{account.lastFailedAt ?? "Not recorded"}</td>
                  <td>{account.lockedUntil}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="unlock" />
                      <input type="hidden" name="personId" value={account.personId} />
                      <button type="submit" className="button-secondary" disabled={unlocking === account.personId}>
                        Unlock<span className="sr-only"> {account.name}</span>
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="failing-heading" className="mb-10">
        <h2 id="failing-heading">Failed sign-ins in the last {recentHours} hours</h2>
        {failing.length === 0 ? (
          <p>No other account has failed sign-ins.</p>
        ) : (
          <table className="table">
            <caption className="sr-only">Accounts with recent failed sign-ins, not locked</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Work email</th>
                <th scope="col">Failed attempts in a row</th>
                <th scope="col">Last failed sign-in</th>
              </tr>
            </thead>
            <tbody>
              {failing.map((account) => (
                <tr key={account.personId}>
                  <td>
                    <AppLink to={`/admin/people/${account.personId}`}>{account.name}</AppLink>
                  </td>
                  <td className="break-all">{account.email}</td>
                  <td>{account.failedAttempts}</td>
                  <td>{account.lastFailedAt ?? "Not recorded"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="events-heading">
        <h2 id="events-heading">Latest sign-in events</h2>
        {events.length === 0 ? (
          <p>There are no sign-in events yet.</p>
        ) : (
          <table className="table">
            <caption className="sr-only">The latest {events.length} sign-in events, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When (UK time)</th>
                <th scope="col">Event</th>
                <th scope="col">Account</th>
                <th scope="col">Outcome</th>
                <th scope="col">Reason</th>
                <th scope="col">Address</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id}>
                  <td>{event.when}</td>
                  <td>{event.action}</td>
                  <td>{event.account}</td>
                  <td>{event.outcome}</td>
                  <td>{event.reason}</td>
                  <td>{event.address}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
