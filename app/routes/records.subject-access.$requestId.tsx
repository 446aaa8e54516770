import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, useActionData, useLoaderData, useNavigation } from "react-router";
import { notFound } from "~/access/errors.server";
import { requireUser } from "~/access/request-context.server";
import { referralNow } from "~/models/referrals/timing.server";
import { EXEMPTION_CODES, EXEMPTIONS, STATUS_LABELS } from "~/models/subject-access/exemptions";
import {
  assembleSubjectAccessRequest,
  decideItem,
  deliverSubjectAccessRequest,
  ItemDecisionSchema,
  readSubjectAccessRequest,
} from "~/models/subject-access/requests.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { parseForm, readFormData } from "~/utils/forms";
import { isId } from "~/utils/ids";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Subject-access request") }];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  const id = args.params.requestId ?? "";
  if (!isId(id)) notFound();
  const request = await readSubjectAccessRequest(context, id);
  return {
    id: request.id,
    person: request.person,
    status: request.status,
    statusLabel: STATUS_LABELS[request.status],
    receivedAt: formatDate(request.receivedAt),
    dueAt: formatDate(request.dueAt),
    deliveredAt: request.deliveredAt ? formatDateTime(request.deliveredAt) : null,
    items: request.items.map((item) => ({
      id: item.id,
      label: item.label,
      disclosed: item.disclosed,
      exemption: item.exemption,
      decided: item.decidedAt !== null,
      note: item.note,
      gone: item.goneAt ? formatDate(item.goneAt) : null,
    })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const context = await requireUser(args);
  const id = args.params.requestId ?? "";
  if (!isId(id)) notFound();
  const formData = await readFormData(args.request);
  const intent = formData.get("intent");
  if (intent === "assemble") await assembleSubjectAccessRequest(context, id, referralNow());
  else if (intent === "deliver") await deliverSubjectAccessRequest(context, id, referralNow());
  else {
    const parsed = parseForm(ItemDecisionSchema, formData);
    if (!parsed.ok) return { error: "Choose whether to disclose the item or on what ground to withhold it, with a note of 500 characters or fewer." };
    await decideItem(context, id, parsed.data.itemId, parsed.data, referralNow());
  }
  return { error: null };
}

export default function SubjectAccessRequestPage() {
  const request = useLoaderData<typeof loader>();
  const error = useActionData<typeof action>()?.error;
  const busy = useNavigation().state === "submitting";
  const open = request.status !== "DELIVERED";
  return (
    <>
      <p className="mb-2">
        <AppLink to="/records/subject-access">Subject access</AppLink>
      </p>
      <h1>Subject-access request</h1>
      <dl className="summary-list mb-6">
        <dt>Person</dt>
        <dd>{request.person}</dd>
        <dt>Received</dt>
        <dd>{request.receivedAt}</dd>
        <dt>Due</dt>
        <dd>{request.dueAt}</dd>
        <dt>Status</dt>
        <dd data-testid="request-status">
          {request.statusLabel}
          {request.deliveredAt ? ` on ${request.deliveredAt}` : ""}
        </dd>
      </dl>
      {error ? (
        <p role="alert" className="callout-warning mb-4">
          {error}
        </p>
      ) : null}
      {request.items.length > 0 ? (
        <table className="table mb-6">
          <caption className="text-left font-bold">What the portal holds about them</caption>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Decision</th>
            </tr>
          </thead>
          <tbody>
            {request.items.map((item) => (
              <tr key={item.id}>
                <td>
                  {item.label}
                  {item.gone ? <span className="block text-sm">No longer held (found gone on {item.gone})</span> : null}
                </td>
                <td>
                  <span className="block">
                    {item.disclosed ? "Disclosed" : `Withheld: ${EXEMPTIONS[item.exemption as keyof typeof EXEMPTIONS] ?? item.exemption}`}
                  </span>
                  <span className="block text-sm">{item.decided ? "Decided by professional standards" : "Proposed by the assembly: not yet decided"}</span>
                  {item.note ? <span className="block text-sm whitespace-pre-wrap">Note: {item.note}</span> : null}
                  {open && !item.gone ? (
                    <Form method="post" className="mt-1 flex flex-wrap items-end gap-2">
                      <input type="hidden" name="intent" value="decide" />
                      <input type="hidden" name="itemId" value={item.id} />
                      <label className="label" htmlFor={`decision-${item.id}`}>
                        Change the decision<span className="sr-only"> on: {item.label}</span>
                      </label>
                      <select id={`decision-${item.id}`} name="decision" className="input" defaultValue={item.disclosed ? "DISCLOSE" : (item.exemption ?? "")}>
                        <option value="DISCLOSE">Disclose</option>
                        {EXEMPTION_CODES.map((code) => (
                          <option key={code} value={code}>
                            Withhold: {EXEMPTIONS[code]}
                          </option>
                        ))}
                      </select>
                      <label className="label" htmlFor={`note-${item.id}`}>
                        Note (optional)<span className="sr-only"> on: {item.label}</span>
                      </label>
                      <input id={`note-${item.id}`} name="note" className="input" maxLength={500} defaultValue={item.note} />
                      <button type="submit" className="button-secondary" disabled={busy}>
                        Save<span className="sr-only"> the decision on: {item.label}</span>
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="mb-6">Not assembled yet.</p>
      )}
      {open ? (
        <div className="flex gap-4">
          <Form method="post">
            <input type="hidden" name="intent" value="assemble" />
            <button type="submit" className={request.status === "RECEIVED" ? "button" : "button-secondary"} disabled={busy}>
              {request.status === "RECEIVED" ? "Assemble the request" : "Assemble it again"}
            </button>
          </Form>
          {request.status === "ASSEMBLED" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="deliver" />
              <button type="submit" className="button" disabled={busy}>
                Mark as delivered
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
