import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { requireRight } from "~/access/guard.server";
import { requireUser } from "~/access/request-context.server";
import { ErrorSummary, TextField } from "~/components/ui";
import { useFormReply } from "~/components/ui/use-form-reply";
import { STATUS_LABELS } from "~/models/subject-access/exemptions";
import { listSubjectAccessRequests, recordSubjectAccessRequest, RecordRequestSchema } from "~/models/subject-access/requests.server";
import { formatDate } from "~/utils/dates";
import { parseForm, readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Subject access") }];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  const requests = await listSubjectAccessRequests(context);
  return {
    requests: requests.map((row) => ({
      id: row.id,
      person: row.person,
      receivedAt: formatDate(row.receivedAt),
      dueAt: formatDate(row.dueAt),
      status: STATUS_LABELS[row.status],
    })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const context = await requireUser(args);
  await requireRight(context, { action: "create", model: "SubjectAccessRequest", auditAction: "subject_access.record" });
  const parsed = parseForm(RecordRequestSchema, await readFormData(args.request));
  if (!parsed.ok) return { reply: parsed.reply };
  let created: { id: string };
  try {
    created = await recordSubjectAccessRequest(context, parsed.data);
  } catch (error) {
    // Nobody with that email, or someone the officer may not handle a request for: the same words either way.
    if (error instanceof Response && error.status === 404) {
      return { reply: parsed.reject({ workEmail: "There is nobody with that work email whose request you can record" }) };
    }
    throw error;
  }
  throw redirect(`/records/subject-access/${created.id}`);
}

export default function SubjectAccess() {
  const { requests } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("record-request", actionData?.reply);
  return (
    <>
      <h1>Subject access</h1>
      <p className="mb-4 max-w-3xl">
        A person’s request for what the portal holds about them. It is due one calendar month after it was received. Assemble it item by item, recording why
        anything is withheld, then mark it delivered. (People can still download their own support records themselves under Support.)
      </p>
      {requests.length === 0 ? (
        <p className="mb-6">There are no requests.</p>
      ) : (
        <table className="table mb-8">
          <caption className="sr-only">Subject-access requests</caption>
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Received</th>
              <th scope="col">Due</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {requests.map((row) => (
              <tr key={row.id}>
                <td>
                  <AppLink to={`/records/subject-access/${row.id}`}>{row.person}</AppLink>
                </td>
                <td>{row.receivedAt}</td>
                <td>{row.dueAt}</td>
                <td>{row.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Record a request</h2>
      <ErrorSummary errors={form.errors} order={["workEmail", "receivedOn"]} />
      <Form method="post" {...form.formProps} className="max-w-2xl">
        <input type="hidden" name="intent" value="record" />
        <TextField name="workEmail" label="Work email of the person asking" defaultValue={form.text("workEmail")} error={form.errors.workEmail} />
        <TextField
          name="receivedOn"
          label="Received on"
          hint="For example 2026-12-01."
          type="date"
          defaultValue={form.text("receivedOn")}
          error={form.errors.receivedOn}
        />
        <button type="submit" className="button" disabled={busy}>
          Record the request
        </button>
      </Form>
    </>
  );
}
