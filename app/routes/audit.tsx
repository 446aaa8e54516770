import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, useActionData, useLoaderData, useNavigation } from "react-router";
import { badRequest } from "~/access/errors.server";
import { requireArea } from "~/access/guard.server";
import { requireUser } from "~/access/request-context.server";
import { ErrorSummary } from "~/components/ui";
import { AUDIT_OUTCOMES, auditTrailPage, checkAuditChain } from "~/models/audit-event.server";
import { formatDateTime } from "~/utils/dates";
import { readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";
import type { PortalPath } from "~/utils/portal-path";

export const meta: MetaFunction = () => [{ title: pageTitle("Audit trail") }];

const ACTION_PREFIX = /^[A-Za-z0-9._-]{0,60}$/;
const SEQ = /^\d{1,18}$/;

function seqParam(value: string | null): bigint | undefined {
  if (value === null || value === "") return undefined;
  if (!SEQ.test(value)) badRequest("That page of the audit trail does not exist");
  return BigInt(value);
}

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  await requireArea(context, "SecurityOverview");
  const url = args.url;
  // Without NUL, which PostgreSQL refuses in a query (a 500).
  const actionPrefix = (url.searchParams.get("action") ?? "").replaceAll("\u0000", "").trim().slice(0, 100);
  const outcome = url.searchParams.get("outcome") ?? "";
  const before = seqParam(url.searchParams.get("before"));
  const after = before === undefined ? seqParam(url.searchParams.get("after")) : undefined;

  const errors: Record<string, string> = {};
  if (!ACTION_PREFIX.test(actionPrefix))
    errors.action = "Use only letters, numbers, dots, hyphens and underscores (60 at most), for example auth. or access.read";
  if (outcome !== "" && !(AUDIT_OUTCOMES as readonly string[]).includes(outcome)) errors.outcome = "Choose an outcome from the list";
  const filters = { action: actionPrefix, outcome };
  if (Object.keys(errors).length > 0) {
    return { filters, errors, events: [], newer: null, older: null };
  }

  const page = await auditTrailPage(context, { actionPrefix, outcome, before, after });
  return {
    filters,
    errors: undefined,
    events: page.events.map((event) => ({
      id: event.id.toString(),
      when: formatDateTime(event.occurredAt),
      who: event.actorName ?? (event.actorId ? "Unknown person" : "Nobody signed in"),
      action: event.action,
      subjectType: event.subjectType ?? "",
      subjectId: event.subjectId ?? "",
      subjectName: event.subjectName,
      outcome: event.outcome,
      reason: event.reason ?? "",
      address: event.ipAddress ?? "",
    })),
    newer: page.newer?.toString() ?? null,
    older: page.older?.toString() ?? null,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  const context = await requireUser(args);
  await requireArea(context, "SecurityOverview");
  const formData = await readFormData(request);
  if (formData.get("intent") !== "verify") badRequest();
  return { verify: await checkAuditChain(context) };
}

function pageLink(filters: { action: string; outcome: string }, key?: "before" | "after", seq?: string): PortalPath {
  const params = new URLSearchParams();
  if (filters.action) params.set("action", filters.action);
  if (filters.outcome) params.set("outcome", filters.outcome);
  if (key && seq) params.set(key, seq);
  const search = params.toString();
  return search ? `/audit?${search}` : "/audit";
}

export default function AuditTrail() {
  const { filters, errors, events, newer, older } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const checking = useNavigation().state === "submitting";
  const verify = actionData?.verify;
  return (
    <>
      <h1>Audit trail</h1>
      <p className="mb-6 max-w-2xl">
        Every sign-in, every decision about access to a protected record and every change, newest first. Looking at this page is recorded too.
      </p>

      <section aria-labelledby="chain-heading" className="mb-8 max-w-2xl">
        <h2 id="chain-heading">Check the trail has not been tampered with</h2>
        <p className="mb-3">
          Each entry is sealed with the one before it. The check reads the whole trail and reports the first entry that was changed, removed or inserted.
        </p>
        {verify ? (
          <p role="status" className={`mb-4 border-l-4 bg-gray-100 p-3 ${verify.ok ? "border-success" : "border-error"}`}>
            {verify.ok
              ? `The trail is intact: ${verify.rowsChecked.toLocaleString("en-GB")} entries checked.`
              : `Problem found after ${verify.rowsChecked.toLocaleString("en-GB")} intact entries: ${verify.problem?.message ?? "unknown problem"}. Report this to the head of professional standards.`}
          </p>
        ) : null}
        <Form method="post">
          <input type="hidden" name="intent" value="verify" />
          <button type="submit" className="button-secondary" disabled={checking}>
            {checking ? "Checking…" : "Check the chain"}
          </button>
        </Form>
      </section>

      <section aria-labelledby="events-heading">
        <h2 id="events-heading">Events</h2>
        <ErrorSummary errors={errors} order={["action", "outcome"]} />
        <Form method="get" className="mb-6 flex flex-wrap items-end gap-4">
          <div className={errors?.action ? "border-l-4 border-error pl-3" : ""}>
            <label htmlFor="action" className="label">
              Event starts with
            </label>
            <span id="action-hint" className="hint">
              For example auth. or access.read
            </span>
            {errors?.action ? (
              <span id="action-error" className="field-error">
                <span className="sr-only">Error:</span> {errors.action}
              </span>
            ) : null}
            <input
              id="action"
              name="action"
              defaultValue={filters.action}
              maxLength={60}
              spellCheck={false}
              aria-describedby={errors?.action ? "action-hint action-error" : "action-hint"}
              aria-invalid={errors?.action ? true : undefined}
              className={`input ${errors?.action ? "input-error" : ""}`}
            />
          </div>
          <div className={errors?.outcome ? "border-l-4 border-error pl-3" : ""}>
            <label htmlFor="outcome" className="label">
              Outcome
            </label>
            {errors?.outcome ? (
              <span id="outcome-error" className="field-error">
                <span className="sr-only">Error:</span> {errors.outcome}
              </span>
            ) : null}
            <select
              id="outcome"
              name="outcome"
              defaultValue={filters.outcome}
              aria-describedby={errors?.outcome ? "outcome-error" : undefined}
              aria-invalid={errors?.outcome ? true : undefined}
              className="input"
            >
              <option value="">Any outcome</option>
              <option value="ALLOWED">Allowed</option>
              <option value="REFUSED">Refused</option>
              <option value="SUCCESS">Success</option>
              <option value="FAILURE">Failure</option>
            </select>
          </div>
          <button type="submit" className="button-secondary">
            Show events
          </button>
          {filters.action || filters.outcome ? <AppLink to="/audit">Show all events</AppLink> : null}
        </Form>

        {events.length === 0 ? (
          <p>{errors ? "Correct the filter to see events." : "No events match."}</p>
        ) : (
          <table className="table mb-6 text-sm">
            <caption className="sr-only">Audit events, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When (UK time)</th>
                <th scope="col">Who</th>
                <th scope="col">Event</th>
                <th scope="col">Record</th>
                <th scope="col">Outcome</th>
                <th scope="col">Reason</th>
                <th scope="col">Address</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id}>
                  <td>{event.when}</td>
                  <td>{event.who}</td>
                  <td className="break-all">{event.action}</td>
                  <td className="break-all">
                    {event.subjectType ? (
                      <>
                        {event.subjectType}
                        {event.subjectName ? `: ${event.subjectName}` : null}
                        {event.subjectId ? <span className="block font-mono text-xs text-gray-700">{event.subjectId}</span> : null}
                      </>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td>{event.outcome}</td>
                  <td>{event.reason}</td>
                  <td className="break-all">{event.address}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {newer || older ? (
          <nav aria-label="Pages of events" className="flex flex-wrap gap-6">
            {newer ? (
              <>
                <AppLink to={pageLink(filters, "after", newer)} rel="prev">
                  Newer events
                </AppLink>
                <AppLink to={pageLink(filters)}>Newest events</AppLink>
              </>
            ) : null}
            {older ? (
              <AppLink to={pageLink(filters, "before", older)} rel="next">
                Older events
              </AppLink>
            ) : null}
          </nav>
        ) : null}
      </section>
    </>
  );
}
