import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { redirect } from "react-router";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { CheckboxGroup, ErrorSummary, GroupedSelectField, RadioGroup, TextAreaField, TextField } from "~/components/ui";
import {
  acknowledgeRequest,
  ActionNoteSchema,
  ChangeRejected,
  closeRequest,
  consentLedger,
  conversation,
  checkRiskForm,
  grantConsent,
  GrantSchema,
  latestRisk,
  recordRiskAssessment,
  riskQuestions,
  handOver,
  MessageSchema,
  myLineManager,
  openRequest,
  recordAction,
  requestHistory,
  sendMessage,
  serviceColleagues,
  withdrawConsent,
} from "~/models/support-request.server";
import { CONTACT_CHANNELS, EVENT_LABELS, RISK_LEVEL_LABELS, REQUEST_STATUS_LABELS, SHARE_LABELS, SHARE_SHORT_LABELS, type ContactChannel, type ShareLabelKey } from "~/models/support-labels";
import { measuresOnRequest } from "~/models/safety-plan/ledger.server";
import { formatDateTime } from "~/utils/dates";
import { parseForm, readFormData } from "~/utils/forms";
import { kickOutbox } from "~/utils/outbox.server";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = () => [{ title: pageTitle("Support") }];

const channels = (list: string[]) => list.map((channel) => CONTACT_CHANNELS[channel as ContactChannel] ?? channel);

export async function loader(args: LoaderFunctionArgs) {
  const { request, params } = args;
  const context = await requireUser(args);
  const id = params.requestId ?? "";
  const opened = await openRequest(context, id);
  if (opened.isOwn && opened.status === "DRAFT") throw redirect(`/support/requests/${id}/edit`);
  const [messages, history, ledger, colleagues, lineManager, risk, questions] = await Promise.all([
    opened.may.message ? conversation(context, id) : Promise.resolve(null),
    requestHistory(context, id),
    opened.may.manageConsent ? consentLedger(context, id) : Promise.resolve(null),
    opened.may.work ? serviceColleagues(context, opened.service?.queueRole ?? null) : Promise.resolve([]),
    opened.may.manageConsent ? myLineManager(context) : Promise.resolve(null),
    opened.may.readRisk ? latestRisk(context, id) : Promise.resolve(null),
    opened.may.assessRisk ? riskQuestions(context.prisma) : Promise.resolve([]),
  ]);
  // The safety-plan measures worked on with this service: for the supporter working on it and the employee.
  const measures = opened.may.work || opened.isOwn ? await measuresOnRequest(context, id) : null;
  const url = new URL(request.url);
  return {
    id,
    measures: measures?.map((row) => ({ id: row.id, name: row.name, agreed: row.agreed })) ?? null,
    isOwn: opened.isOwn,
    status: opened.status,
    statusLabel: REQUEST_STATUS_LABELS[opened.status as keyof typeof REQUEST_STATUS_LABELS] ?? opened.status,
    service: opened.service?.name ?? null,
    sentAt: opened.submittedAt ? formatDateTime(opened.submittedAt) : null,
    assignedTo: opened.assignedTo,
    identity: opened.identity,
    wanted: opened.wanted,
    safeContact: opened.safeContact ? { ...opened.safeContact, safeChannels: channels(opened.safeContact.safeChannels), unsafeChannels: channels(opened.safeContact.unsafeChannels) } : null,
    may: opened.may,
    messages: messages?.map((message) => ({ ...message, sentAt: formatDateTime(message.sentAt), from: message.mine ? "You" : message.from === "employee" ? (opened.identity?.name ?? "The person who asked") : message.from })) ?? null,
    history: history.map((event) => ({ id: event.id, what: EVENT_LABELS[event.kind] ?? event.kind, note: event.note, at: formatDateTime(event.at) })),
    ledger: ledger
      ? {
          consents: ledger.consents.map((row) => ({ ...row, shares: row.shares.map((share) => SHARE_SHORT_LABELS[share as ShareLabelKey] ?? share), grantedAt: formatDateTime(row.grantedAt), withdrawnAt: row.withdrawnAt ? formatDateTime(row.withdrawnAt) : null })),
          overrides: ledger.overrides.map((row) => ({ ...row, recordedAt: formatDateTime(row.recordedAt) })),
          opened: ledger.opened.map((row) => ({ ...row, at: formatDateTime(row.at) })),
        }
      : null,
    colleagues,
    lineManager,
    risk: risk ? { level: RISK_LEVEL_LABELS[risk.level], scored: RISK_LEVEL_LABELS[risk.scoredLevel], rationale: risk.rationale, referred: risk.idvaReferral && risk.maracReferral, at: formatDateTime(risk.assessedAt) } : null,
    questions,
    notice: url.searchParams.get("sent") === "1" ? "Your request was sent. Only the service you chose can see it, and only what you ticked." : null,
  };
}

type ActionResult = { intent: string; errors: Record<string, string>; values: Record<string, string | string[]> } | { intent: string; done: string };

export async function action(args: ActionFunctionArgs): Promise<ActionResult> {
  const { request, params } = args;
  const context = await requireUser(args);
  const id = params.requestId ?? "";
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  const values = Object.fromEntries([...new Set(formData.keys())].map((key) => [key, key === "shares" ? formData.getAll(key).map(String) : String(formData.get(key) ?? "")]));
  const failed = (errors: Record<string, string>) => ({ intent, errors, values });
  try {
    switch (intent) {
      case "message": {
        const parsed = parseForm(MessageSchema, formData);
        if (!parsed.ok) return failed(parsed.errors);
        await sendMessage(context, id, parsed.data.body);
        kickOutbox();
        return { intent, done: "Your message was sent." };
      }
      case "acknowledge":
        await acknowledgeRequest(context, id);
        return { intent, done: "You picked up this request." };
      case "record-action": {
        const parsed = parseForm(ActionNoteSchema, formData);
        if (!parsed.ok) return failed(parsed.errors);
        await recordAction(context, id, parsed.data.note);
        return { intent, done: "The action was recorded." };
      }
      case "handover":
        await handOver(context, id, String(formData.get("toPersonId") ?? ""));
        kickOutbox();
        return { intent, done: "The request was handed over. The person who asked has been told." };
      case "close":
        await closeRequest(context, id);
        kickOutbox();
        return { intent, done: "The request was closed." };
      case "risk": {
        const questions = await riskQuestions(context.prisma);
        const checked = checkRiskForm(Object.fromEntries([...formData.entries()].map(([key, value]) => [key, String(value)])), questions);
        if (!checked.ok) return failed(checked.errors);
        await recordRiskAssessment(context, id, checked);
        kickOutbox();
        return { intent, done: checked.level === "HIGH" ? "Recorded as high risk: referral to an IDVA and to MARAC recorded, and the safeguarding leads have been told." : "The risk assessment was recorded." };
      }
      case "withdraw":
        await withdrawConsent(context, id, String(formData.get("consentId") ?? ""));
        return { intent, done: "Consent withdrawn. From now on they cannot open what that consent shared." };
      case "grant": {
        const parsed = parseForm(GrantSchema, formData);
        if (!parsed.ok) return failed(parsed.errors);
        await grantConsent(context, id, parsed.data);
        return { intent, done: "Shared. You can withdraw it at any time." };
      }
      default:
        return failed({ form: "Choose one of the buttons on the page." });
    }
  } catch (error) {
    if (error instanceof ChangeRejected) return failed(error.errors);
    throw error;
  }
}

function Notice({ children }: { children: string }) {
  return (
    <p role="status" className="mb-6 border-l-4 border-success bg-gray-100 p-3">
      {children}
    </p>
  );
}

export default function SupportRequestPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errorsFor = (intent: string) => (result && "errors" in result && result.intent === intent ? result.errors : undefined);
  const valueFor = (intent: string, key: string) => (result && "errors" in result && result.intent === intent ? String(result.values[key] ?? "") : "");
  const allErrors = result && "errors" in result ? result.errors : undefined;
  const closed = data.status === "CLOSED";
  return (
    <>
      <p className="mb-2">
        <Link to={data.isOwn ? "/support" : "/support/queue"}>{data.isOwn ? "Support" : "Requests shared with you"}</Link>
      </p>
      <h1>{data.isOwn ? "Your request" : "Support request"}</h1>
      {data.notice && !result ? <Notice>{data.notice}</Notice> : null}
      {result && "done" in result ? <Notice>{result.done}</Notice> : null}
      <ErrorSummary errors={allErrors} />

      <dl className="mb-6 grid grid-cols-[auto_1fr] gap-x-6 gap-y-1">
        <dt className="font-semibold">Service</dt>
        <dd>{data.service ?? "—"}</dd>
        <dt className="font-semibold">Status</dt>
        <dd>{data.statusLabel}</dd>
        <dt className="font-semibold">Sent</dt>
        <dd>{data.sentAt ?? "—"}</dd>
        <dt className="font-semibold">Who is helping</dt>
        <dd>{data.assignedTo ?? "Not picked up yet"}</dd>
      </dl>

      <h2>{data.isOwn ? "What you shared with the service" : "What they chose to share with you"}</h2>
      <section aria-label="Shared details" className="mb-6">
        <h3 className="font-semibold">Who asked</h3>
        {data.identity ? (
          <p className="mb-3">
            {data.identity.name}
            {data.identity.pronouns ? ` (${data.identity.pronouns})` : ""}, {data.identity.workEmail}
          </p>
        ) : (
          <p className="mb-3">Not shared. You can reply through messages here.</p>
        )}
        <h3 className="font-semibold">What they wrote</h3>
        {data.wanted ? (
          <>
            <p className="mb-1 whitespace-pre-wrap">Help wanted: {data.wanted.supportWanted || "not said"}</p>
            <p className="mb-3 whitespace-pre-wrap">{data.wanted.message || "Nothing beyond “please contact me”."}</p>
          </>
        ) : (
          <p className="mb-3">Not shared.</p>
        )}
        <h3 className="font-semibold">Safe contact</h3>
        {data.safeContact ? (
          <dl className="mb-3 grid grid-cols-[auto_1fr] gap-x-6">
            <dt>Safe ways</dt>
            <dd>{data.safeContact.safeChannels.join(", ") || "—"}</dd>
            <dt>Do NOT use</dt>
            <dd>{data.safeContact.unsafeChannels.join(", ") || "—"}</dd>
            <dt>Safe times</dt>
            <dd>{data.safeContact.safeTimes || "—"}</dd>
            <dt>Other</dt>
            <dd>{data.safeContact.safeContactNote || "—"}</dd>
            <dt>Safe word</dt>
            <dd>{data.safeContact.safeWord || "—"}</dd>
          </dl>
        ) : (
          <p className="mb-3">Not shared: contact them only through messages here.</p>
        )}
      </section>

      {data.messages ? (
        <section aria-labelledby="messages-title" className="mb-8">
          <h2 id="messages-title">Messages</h2>
          {data.messages.length === 0 ? <p className="mb-4">No messages yet.</p> : null}
          <ol className="mb-4 grid gap-3">
            {data.messages.map((message) => (
              <li key={message.id} className={`border-l-4 p-3 ${message.mine ? "border-brand bg-gray-50" : "border-gray-400"}`}>
                <p className="hint">
                  {message.from}, {message.sentAt}
                </p>
                <p className="whitespace-pre-wrap">{message.body}</p>
              </li>
            ))}
          </ol>
          {closed ? <p className="mb-4">This request is closed, so messages can no longer be sent.</p> : null}
          <Form method="post" noValidate className="max-w-2xl">
            <TextAreaField name="body" label="Write a message" rows={4} defaultValue={valueFor("message", "body")} error={errorsFor("message")?.body} />
            <button type="submit" name="intent" value="message" className="button" disabled={busy}>
              Send message
            </button>
          </Form>
        </section>
      ) : null}

      {data.may.work ? (
        <section aria-labelledby="work-title" className="mb-8">
          <h2 id="work-title">Your work on this request</h2>
          {!closed ? (
            <Form method="post" className="mb-4">
              <button type="submit" name="intent" value="acknowledge" className="button" disabled={busy}>
                {data.assignedTo ? "Take this request" : "Pick up this request"}
              </button>
            </Form>
          ) : null}
          <Form method="post" noValidate className="mb-4 max-w-2xl">
            <TextAreaField name="note" label="Record an action" hint="The person who asked sees this in their request's history." rows={3} defaultValue={valueFor("record-action", "note")} error={errorsFor("record-action")?.note} />
            <button type="submit" name="intent" value="record-action" className="button-secondary" disabled={busy}>
              Record the action
            </button>
          </Form>
          {data.colleagues.length > 0 && !closed ? (
            <Form method="post" noValidate className="mb-4 max-w-2xl">
              <GroupedSelectField name="toPersonId" label="Hand over to a colleague in the same service" hint="The person who asked is told that a colleague has taken over." blank="Choose a colleague" options={data.colleagues.map((person) => ({ value: person.id, label: person.name }))} error={errorsFor("handover")?.toPersonId} />
              <button type="submit" name="intent" value="handover" className="button-secondary" disabled={busy}>
                Hand over
              </button>
            </Form>
          ) : null}
          {!closed ? (
            <Form method="post">
              <button type="submit" name="intent" value="close" className="button-secondary" disabled={busy}>
                Close the request
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      {data.risk || data.questions.length > 0 ? (
        <section aria-labelledby="risk-title" className="mb-8">
          <h2 id="risk-title">Risk</h2>
          {data.risk ? (
            <p className="mb-4">
              Latest assessment, {data.risk.at}: <strong>{data.risk.level}</strong>
              {data.risk.level !== data.risk.scored ? ` (the answers scored ${data.risk.scored.toLowerCase()}; raised by professional judgement: ${data.risk.rationale})` : ""}
              {data.risk.referred ? ". Referred to an IDVA and to MARAC." : "."}
            </p>
          ) : (
            <p className="mb-4">No risk assessment yet.</p>
          )}
          {data.questions.length > 0 && !closed ? (
            <Form method="post" noValidate className="max-w-2xl">
              <h3 className="font-semibold">Record a risk assessment</h3>
              {data.questions.map((question) => (
                <RadioGroup
                  key={question.id}
                  name={`q-${question.id}`}
                  legend={question.text}
                  options={[
                    { value: "yes", label: "Yes" },
                    { value: "no", label: "No" },
                    { value: "not-known", label: "Not known" },
                  ]}
                  defaultValue={valueFor("risk", `q-${question.id}`)}
                  error={errorsFor("risk")?.[`q-${question.id}`]}
                />
              ))}
              <GroupedSelectField
                name="judgement"
                label="Level (professional judgement)"
                hint="Leave it to use the level the answers score. You may raise it, never lower it; give the rationale."
                blank="As the answers score"
                options={Object.entries(RISK_LEVEL_LABELS).map(([value, label]) => ({ value, label }))}
                defaultValue={valueFor("risk", "judgement")}
                error={errorsFor("risk")?.judgement}
              />
              <TextAreaField name="rationale" label="Rationale (needed when you raise the level)" rows={3} defaultValue={valueFor("risk", "rationale")} error={errorsFor("risk")?.rationale} />
              <button type="submit" name="intent" value="risk" className="button-secondary" disabled={busy}>
                Record the assessment
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      {data.may.overrideConsent ? (
        <p className="mb-8">
          <Link to={`/support/requests/${data.id}/safeguarding`}>Record a safeguarding override</Link> (a child at risk, or a high risk of serious harm or death).
        </p>
      ) : null}

      {data.may.work ? (
        <p className="mb-8">
          If a child is at risk or someone is at high risk of serious harm, a DA coordinator can record a safeguarding override at{" "}
          <code>/support/requests/{data.id}/safeguarding</code>.
        </p>
      ) : null}

      {data.measures ? (
        <section aria-labelledby="plan-title" className="mb-8">
          <h2 id="plan-title">Safety plan at work</h2>
          {data.measures.length === 0 ? (
            <p className="mb-4">No measures worked on with this service yet.</p>
          ) : (
            <ul className="mb-4">
              {data.measures.map((row) => (
                <li key={row.id}>
                  <Link to={`/support/plan/${row.id}`}>{row.name}</Link>
                  {row.agreed ? null : " (proposed, waiting for agreement)"}
                </li>
              ))}
            </ul>
          )}
          {data.may.work && data.status !== "CLOSED" ? (
            <p>
              <Link to={`/support/plan/new?request=${data.id}`}>Propose a measure</Link>
            </p>
          ) : data.isOwn ? (
            <p>
              <Link to="/support/plan">Your whole safety plan, and who may see each measure</Link>
            </p>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="history-title" className="mb-8">
        <h2 id="history-title">What has happened</h2>
        <ol className="list-disc pl-6">
          {data.history.map((event) => (
            <li key={event.id}>
              {event.at}: {event.what}
              {event.note ? `: ${event.note}` : ""}
            </li>
          ))}
        </ol>
      </section>

      {data.ledger ? (
        <section aria-labelledby="ledger-title" className="mb-8">
          <h2 id="ledger-title">Who can see your request</h2>
          <table className="mb-4 w-full">
            <caption className="sr-only">Everyone your request is shared with</caption>
            <thead>
              <tr>
                <th scope="col">Shared with</th>
                <th scope="col">What</th>
                <th scope="col">When and why</th>
                <th scope="col">Consent</th>
              </tr>
            </thead>
            <tbody>
              {data.ledger.consents.map((row) => (
                <tr key={row.id}>
                  <td>{row.to}</td>
                  <td>{row.shares.join(", ")}</td>
                  <td>
                    {row.grantedAt}: {row.reason}
                  </td>
                  <td>
                    {row.withdrawnAt ? (
                      `Withdrawn ${row.withdrawnAt}`
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="consentId" value={row.id} />
                        <button type="submit" name="intent" value="withdraw" className="button-warning" disabled={busy} aria-label={`Withdraw consent for ${row.to}`}>
                          Withdraw
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>

          {data.ledger.overrides.length > 0 ? (
            <>
              <h3 className="font-semibold">Shared without your consent to keep someone safe</h3>
              <ul className="mb-4 list-disc pl-6">
                {data.ledger.overrides.map((row) => (
                  <li key={row.id}>
                    {row.recordedAt}: {row.by}: {row.reason}
                  </li>
                ))}
              </ul>
            </>
          ) : null}

          {!closed ? (
            <Form method="post" noValidate className="mb-6 max-w-2xl">
              <h3 className="font-semibold">Share more</h3>
              <RadioGroup
                name="to"
                legend="Share with"
                options={[
                  { value: "SERVICE", label: `${data.service ?? "The service"} (more of your request)` },
                  ...(data.lineManager ? [{ value: "LINE_MANAGER", label: `My line manager, ${data.lineManager}` }] : []),
                ]}
                defaultValue={valueFor("grant", "to")}
                error={errorsFor("grant")?.to}
              />
              <CheckboxGroup name="shares" legend="What to share" options={SHARE_LABELS} checked={new Set(result && "errors" in result && result.intent === "grant" ? ((result.values.shares as string[]) ?? []) : [])} error={errorsFor("grant")?.shares} />
              <TextField name="reason" label="Why (optional, for your ledger)" defaultValue={valueFor("grant", "reason")} error={errorsFor("grant")?.reason} autoComplete="off" />
              <button type="submit" name="intent" value="grant" className="button-secondary" disabled={busy}>
                Share
              </button>
            </Form>
          ) : null}

          <h3 className="font-semibold">Who has opened your request</h3>
          {data.ledger.opened.length === 0 ? (
            <p>Nobody else has opened it yet.</p>
          ) : (
            <ul className="list-disc pl-6">
              {data.ledger.opened.map((row) => (
                <li key={row.id}>
                  {row.at}: {row.who}: {row.what}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </>
  );
}
