// A request's tracked risk items (docs/features/risk-escalation.md): the threat-to-life decision, the MARAC and
// IDVA referrals, first contact and acknowledgement, each with its deadline; overdue in red, with words.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Link, useActionData, useLoaderData, useNavigation } from "react-router";
import { requireUser, type RequestContext } from "~/access/request-context.server";
import { DeadlineStatus } from "~/components/risk/deadline-status";
import { FirstContactForm, IdvaAnswerForm, MaracActionForm, MaracListingForm, MaracOutcomeForm, ThreatToLifeForm } from "~/components/risk/risk-item-forms";
import type { IntentResult } from "~/components/support-request/intent-forms";
import { ErrorSummary, Notice } from "~/components/ui";
import { useFormReply } from "~/components/ui/use-form-reply";
import { IDVA_RESPONSES } from "~/models/risk/item-rules";
import {
  addMaracAction,
  decideThreatToLife,
  IdvaAnswerSchema,
  ItemOnlySchema,
  listMarac,
  MaracActionSchema,
  MaracListingSchema,
  MaracOutcomeSchema,
  recordFirstContact,
  recordIdvaAnswer,
  recordMaracOutcome,
  requestRiskItems,
  ThreatToLifeSchema,
} from "~/models/risk/risk-items.server";
import { formatDateTime, formatDay } from "~/utils/dates";
import type { z } from "zod";
import { ChangeRejected, parseForm, readFormData, rejectedReply } from "~/utils/forms";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = () => [{ title: pageTitle("Support") }];

const FIELD_ORDER = ["form", "assessed", "rationale", "listedFor", "pastReason", "childrenForScreening", "action", "owner", "outcome", "response"];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  const found = await requestRiskItems(context, args.params.requestId ?? "");
  return {
    id: found.id,
    closed: found.closed,
    may: found.may,
    items: found.items.map((item) => ({
      id: item.id,
      kind: item.kind,
      label: item.label,
      open: item.closedAt === null,
      overdue: item.overdue,
      escalated: item.escalatedAt !== null,
      reminded: item.remindedAt !== null,
      due: formatDateTime(item.dueAt),
      opened: formatDateTime(item.openedAt),
      closedAt: item.closedAt ? formatDateTime(item.closedAt) : null,
      decision: item.decidedAt ? `${item.ttlAssessed ? "Assessment done" : "No assessment"} (${formatDateTime(item.decidedAt)}): ${item.rationale}` : null,
      listedFor: item.listedFor ? formatDay(item.listedFor) : null,
      listingPastReason: item.listingPastReason,
      childrenForScreening: item.childrenForScreening,
      outcome: item.outcome,
      idvaResponse: item.idvaResponse === "ACCEPTED" || item.idvaResponse === "DECLINED" ? IDVA_RESPONSES[item.idvaResponse] : null,
      actions: item.actions.map((row) => ({ id: row.id, action: row.action, owner: row.owner })),
    })),
  };
}

/** Each button's intent: the form's rules, the change, and what the page then says. */
const INTENTS = {
  ttl: { schema: ThreatToLifeSchema, run: decideThreatToLife, done: "The threat-to-life decision was recorded." },
  "marac-list": { schema: MaracListingSchema, run: listMarac, done: "The MARAC listing was recorded." },
  "marac-action": { schema: MaracActionSchema, run: addMaracAction, done: "The action was added." },
  "marac-outcome": { schema: MaracOutcomeSchema, run: recordMaracOutcome, done: "The MARAC outcome was recorded." },
  idva: { schema: IdvaAnswerSchema, run: recordIdvaAnswer, done: "The IDVA's answer was recorded." },
  "first-contact": { schema: ItemOnlySchema, run: recordFirstContact, done: "First contact was recorded." },
} as const;

async function carryOut<S extends z.ZodType>(
  formData: FormData,
  intent: string,
  spec: { schema: S; run: (data: z.infer<S>) => Promise<unknown>; done: string },
): Promise<IntentResult> {
  const parsed = parseForm(spec.schema, formData);
  if (!parsed.ok) return { intent, reply: parsed.reply };
  try {
    await spec.run(parsed.data);
    return { intent, done: spec.done };
  } catch (error) {
    if (error instanceof ChangeRejected) return { intent, reply: parsed.reject(error.errors) };
    throw error;
  }
}

export async function action(args: ActionFunctionArgs): Promise<IntentResult> {
  const context = await requireUser(args);
  const id = args.params.requestId ?? "";
  const formData = await readFormData(args.request);
  const intent = String(formData.get("intent") ?? "");
  if (!Object.hasOwn(INTENTS, intent)) return { intent, reply: rejectedReply({ form: "Choose one of the buttons on the page." }) };
  const spec = INTENTS[intent as keyof typeof INTENTS];
  // Each entry pairs a schema with the change that takes what it parses.
  const run = spec.run as (context: RequestContext, id: string, data: unknown) => Promise<unknown>;
  return carryOut(formData, intent, { schema: spec.schema as z.ZodType, run: (data) => run(context, id, data), done: spec.done });
}

type Item = ReturnType<typeof useLoaderData<typeof loader>>["items"][number];

export default function RequestRiskItems() {
  const { id, closed, may, items } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const replyTo = (intent: string) => (result && "reply" in result && result.intent === intent ? result.reply : undefined);
  const forms = {
    ttl: useFormReply("risk-ttl", replyTo("ttl")),
    "marac-list": useFormReply("risk-marac-list", replyTo("marac-list")),
    "marac-action": useFormReply("risk-marac-action", replyTo("marac-action")),
    "marac-outcome": useFormReply("risk-marac-outcome", replyTo("marac-outcome")),
    idva: useFormReply("risk-idva", replyTo("idva")),
    "first-contact": useFormReply("risk-first-contact", replyTo("first-contact")),
  };
  const errors = result && "reply" in result && result.intent in forms ? forms[result.intent as keyof typeof forms].errors : {};
  const formsFor = (item: Item) => {
    if (!item.open || closed) return null;
    if (item.kind === "THREAT_TO_LIFE" && may.decideThreatToLife) return <ThreatToLifeForm itemId={item.id} form={forms.ttl} busy={busy} />;
    if (item.kind === "IDVA" && may.manageIdva) return <IdvaAnswerForm itemId={item.id} form={forms.idva} busy={busy} />;
    if (item.kind === "FIRST_CONTACT" && may.work) return <FirstContactForm itemId={item.id} form={forms["first-contact"]} busy={busy} />;
    if (item.kind === "MARAC" && may.manageMarac)
      return (
        <>
          <MaracListingForm itemId={item.id} form={forms["marac-list"]} busy={busy} />
          <MaracActionForm itemId={item.id} form={forms["marac-action"]} busy={busy} />
          {item.listedFor ? <MaracOutcomeForm itemId={item.id} form={forms["marac-outcome"]} busy={busy} /> : null}
        </>
      );
    return null;
  };
  return (
    <>
      <p className="mb-2">
        <Link to={`/support/requests/${id}`}>Back to the request</Link>
      </p>
      <h1>Risk deadlines and referrals</h1>
      <p className="mb-6 max-w-2xl">
        What the risk assessment opened, and the deadlines on this request. Each is reminded before it is due and escalated to the safeguarding leads when it is
        missed.
      </p>
      {result && "done" in result ? <Notice>{result.done}</Notice> : null}
      <ErrorSummary errors={errors} order={FIELD_ORDER} />
      {items.length === 0 ? <p>Nothing is being tracked on this request.</p> : null}
      {items.map((item) => (
        <section key={item.id} aria-labelledby={`item-${item.id}`} className={`mb-8 ${item.open && item.overdue ? "border-l-4 border-error pl-3" : ""}`}>
          <h2 id={`item-${item.id}`}>{item.label}</h2>
          <p className="mb-2">
            {item.open ? <DeadlineStatus overdue={item.overdue} escalated={item.escalated} due={item.due} /> : `Closed ${item.closedAt}`}
            {item.open && item.reminded && !item.overdue ? " (reminded)" : ""}. Opened {item.opened}.
          </p>
          {item.decision ? <p className="mb-2">Decision: {item.decision}</p> : null}
          {item.listedFor ? (
            <p className="mb-2">
              Listed for the meeting on {item.listedFor}
              {item.listingPastReason ? ` (recorded after the date: ${item.listingPastReason})` : ""}.
            </p>
          ) : null}
          {item.childrenForScreening ? <p className="mb-2">Children noted for joint screening: {item.childrenForScreening}</p> : null}
          {item.actions.length > 0 ? (
            <ul className="mb-2">
              {item.actions.map((row) => (
                <li key={row.id}>
                  {row.action} (owner: {row.owner})
                </li>
              ))}
            </ul>
          ) : null}
          {item.outcome ? <p className="mb-2">Outcome: {item.outcome}</p> : null}
          {item.idvaResponse ? <p className="mb-2">The IDVA's answer: {item.idvaResponse}</p> : null}
          {formsFor(item)}
        </section>
      ))}
    </>
  );
}
