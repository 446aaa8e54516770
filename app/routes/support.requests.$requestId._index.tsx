import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { ErrorSummary } from "~/components/ui";
import { ConsentLedger } from "~/components/support-request/consent-ledger";
import { type IntentResult, useIntentForms } from "~/components/support-request/intent-forms";
import { MessagesSection } from "~/components/support-request/messages-section";
import { Notice } from "~/components/ui";
import { RiskSection } from "~/components/support-request/risk-section";
import { SharedDetails } from "~/components/support-request/shared-details";
import { WorkSection } from "~/components/support-request/work-section";
import { measuresOnRequest } from "~/models/safety-plan/ledger.server";
import { GrantSchema, grantConsent, withdrawConsent } from "~/models/support-request/consent.server";
import { MessageSchema, sendMessage } from "~/models/support-request/messages.server";
import { requestPage } from "~/models/support-request/page.server";
import { acknowledgeRequest, ActionNoteSchema, closeRequest, handOver, recordAction } from "~/models/support-request/work.server";
import { recordRiskAssessment, riskAnswersSchema } from "~/models/support-request/risk.server";
import {
  CONTACT_CHANNELS,
  EVENT_LABELS,
  RISK_LEVEL_LABELS,
  REQUEST_STATUS_LABELS,
  SHARE_SHORT_LABELS,
  type ContactChannel,
  type ShareLabelKey,
} from "~/models/support-request/labels";
import { formatDateTime } from "~/utils/dates";
import { ChangeRejected, type FieldErrors, parseForm, readFormData, rejectedReply } from "~/utils/forms";
import { kickOutbox } from "~/utils/outbox.server";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Support") }];

const channels = (list: string[]) => list.map((channel) => CONTACT_CHANNELS[channel as ContactChannel] ?? channel);

export async function loader(args: LoaderFunctionArgs) {
  const { params } = args;
  const context = await requireUser(args);
  const id = params.requestId ?? "";
  // The request and every section the page shows, read in the transaction of the decision to open it.
  const { opened, messages, history, ledger, colleagues, lineManager, risk, questions } = await requestPage(context, id);
  if (opened.isOwn && opened.status === "DRAFT") throw redirect(`/support/requests/${id}/edit`);
  // The safety-plan measures worked on with this service: for the supporter working on it and the employee.
  const measures = opened.may.work || opened.isOwn ? await measuresOnRequest(context, id) : null;
  const url = args.url;
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
    safeContact: opened.safeContact
      ? { ...opened.safeContact, safeChannels: channels(opened.safeContact.safeChannels), unsafeChannels: channels(opened.safeContact.unsafeChannels) }
      : null,
    may: opened.may,
    messages:
      messages?.map((message) => ({
        ...message,
        sentAt: formatDateTime(message.sentAt),
        from: message.mine ? "You" : message.from === "employee" ? (opened.identity?.name ?? "The person who asked") : message.from,
      })) ?? null,
    history: history.map((event) => ({ id: event.id, what: EVENT_LABELS[event.kind] ?? event.kind, note: event.note, at: formatDateTime(event.at) })),
    ledger: ledger
      ? {
          consents: ledger.consents.map((row) => ({
            ...row,
            shares: row.shares.map((share) => SHARE_SHORT_LABELS[share as ShareLabelKey] ?? share),
            grantedAt: formatDateTime(row.grantedAt),
            withdrawnAt: row.withdrawnAt ? formatDateTime(row.withdrawnAt) : null,
          })),
          overrides: ledger.overrides.map((row) => ({ ...row, recordedAt: formatDateTime(row.recordedAt) })),
          opened: ledger.opened.map((row) => ({ ...row, at: formatDateTime(row.at) })),
        }
      : null,
    colleagues,
    lineManager,
    risk: risk
      ? {
          level: RISK_LEVEL_LABELS[risk.level],
          scored: RISK_LEVEL_LABELS[risk.scoredLevel],
          rationale: risk.rationale,
          referred: risk.idvaReferral && risk.maracReferral,
          at: formatDateTime(risk.assessedAt),
        }
      : null,
    questions,
    notice: url.searchParams.get("sent") === "1" ? "Your request was sent. Only the service you chose can see it, and only what you ticked." : null,
  };
}

export async function action(args: ActionFunctionArgs): Promise<IntentResult> {
  const { request, params } = args;
  const context = await requireUser(args);
  const id = params.requestId ?? "";
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  // A refusal of what is not parsed against a schema (pick up, hand over, close, withdraw) answers with its messages only.
  let refuse = (errors: FieldErrors) => rejectedReply(errors);
  try {
    switch (intent) {
      case "message": {
        const parsed = parseForm(MessageSchema, formData);
        if (!parsed.ok) return { intent, reply: parsed.reply };
        refuse = parsed.reject;
        await sendMessage(context, id, parsed.data.body);
        kickOutbox();
        return { intent, done: "Your message was sent." };
      }
      case "acknowledge":
        await acknowledgeRequest(context, id);
        return { intent, done: "You picked up this request." };
      case "record-action": {
        const parsed = parseForm(ActionNoteSchema, formData);
        if (!parsed.ok) return { intent, reply: parsed.reply };
        refuse = parsed.reject;
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
        const parsed = parseForm(await riskAnswersSchema(context), formData);
        if (!parsed.ok) return { intent, reply: parsed.reply };
        refuse = parsed.reject;
        await recordRiskAssessment(context, id, parsed.data);
        kickOutbox();
        return {
          intent,
          done:
            parsed.data.level === "HIGH"
              ? "Recorded as high risk: referral to an IDVA and to MARAC recorded, and the safeguarding leads have been told."
              : "The risk assessment was recorded.",
        };
      }
      case "withdraw":
        await withdrawConsent(context, id, String(formData.get("consentId") ?? ""));
        return { intent, done: "Consent withdrawn. From now on they cannot open what that consent shared." };
      case "grant": {
        const parsed = parseForm(GrantSchema, formData);
        if (!parsed.ok) return { intent, reply: parsed.reply };
        refuse = parsed.reject;
        await grantConsent(context, id, parsed.data);
        return { intent, done: "Shared. You can withdraw it at any time." };
      }
      default:
        return { intent, reply: rejectedReply({ form: "Choose one of the buttons on the page." }) };
    }
  } catch (error) {
    if (error instanceof ChangeRejected) return { intent, reply: refuse(error.errors) };
    throw error;
  }
}

export default function SupportRequestPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const forms = useIntentForms(result, useNavigation().state === "submitting");
  const closed = data.status === "CLOSED";
  return (
    <>
      <p className="mb-2">
        <AppLink to={data.isOwn ? "/support" : "/support/queue"}>{data.isOwn ? "Support" : "Requests shared with you"}</AppLink>
      </p>
      <h1>{data.isOwn ? "Your request" : "Support request"}</h1>
      {data.notice && !result ? <Notice>{data.notice}</Notice> : null}
      {result && "done" in result ? <Notice>{result.done}</Notice> : null}
      <ErrorSummary errors={forms.errors} />

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

      <SharedDetails isOwn={data.isOwn} identity={data.identity} wanted={data.wanted} safeContact={data.safeContact} />

      {data.messages ? <MessagesSection messages={data.messages} closed={closed} forms={forms} /> : null}

      {data.may.work ? <WorkSection assignedTo={data.assignedTo} colleagues={data.colleagues} closed={closed} forms={forms} /> : null}

      {data.risk || data.questions.length > 0 ? <RiskSection risk={data.risk} questions={data.questions} closed={closed} forms={forms} /> : null}

      {data.may.readRiskItems ? (
        <p className="mb-8">
          <AppLink to={`/support/requests/${data.id}/risk`}>Risk deadlines and referrals</AppLink> (threat to life, MARAC, IDVA, first contact).
        </p>
      ) : null}

      {data.may.overrideConsent ? (
        <p className="mb-8">
          <AppLink to={`/support/requests/${data.id}/safeguarding`}>Record a safeguarding override</AppLink> (a child at risk, or a high risk of serious harm or
          death).
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
                  <AppLink to={`/support/plan/${row.id}`}>{row.name}</AppLink>
                  {row.agreed ? null : " (proposed, waiting for agreement)"}
                </li>
              ))}
            </ul>
          )}
          {data.may.work && data.status !== "CLOSED" ? (
            <p>
              <AppLink to={`/support/plan/new?request=${data.id}`}>Propose a measure</AppLink>
            </p>
          ) : data.isOwn ? (
            <p>
              <AppLink to="/support/plan">Your whole safety plan, and who may see each measure</AppLink>
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

      {data.ledger ? <ConsentLedger ledger={data.ledger} service={data.service} lineManager={data.lineManager} closed={closed} forms={forms} /> : null}
    </>
  );
}
