// A request's tracked risk items (docs/features/risk-escalation.md): the threat-to-life decision, the MARAC and
// IDVA referrals, first contact and acknowledgement, each with its deadline; overdue in red, with words.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { useActionData, useLoaderData, useNavigation } from "react-router";
import { requireUser, type RequestContext } from "~/access/request-context.server";
import { ITEM_FIELD_ORDER, RiskItemsSection, useItemForms, type ItemIntent } from "~/components/risk/risk-items-section";
import type { IntentResult } from "~/components/support-request/intent-forms";
import { ErrorSummary, Notice } from "~/components/ui";
import { itemView } from "~/models/risk/item-view";
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
import type { z } from "zod";
import { ChangeRejected, parseForm, readFormData, rejectedReply } from "~/utils/forms";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Support") }];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  const found = await requestRiskItems(context, args.params.requestId ?? "");
  return {
    id: found.id,
    closed: found.closed,
    may: found.may,
    items: found.items.map(itemView),
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

export default function RequestRiskItems() {
  const { id, closed, may, items } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const forms = useItemForms(result);
  const errors = result && "reply" in result && result.intent in forms ? forms[result.intent as ItemIntent].errors : {};
  return (
    <>
      <p className="mb-2">
        <AppLink to={`/support/requests/${id}`}>Back to the request</AppLink>
      </p>
      <h1>Risk deadlines and referrals</h1>
      <p className="mb-6 max-w-2xl">
        What the risk assessment opened, and the deadlines on this request. Each is reminded before it is due and escalated to the safeguarding leads when it is
        missed.
      </p>
      {result && "done" in result ? <Notice>{result.done}</Notice> : null}
      <ErrorSummary errors={errors} order={ITEM_FIELD_ORDER} />
      {items.length === 0 ? <p>Nothing is being tracked on this request.</p> : null}
      <RiskItemsSection
        items={items}
        closed={closed}
        may={{ decideThreatToLife: may.decideThreatToLife, manageMarac: may.manageMarac, manageIdva: may.manageIdva, firstContact: may.work }}
        forms={forms}
        busy={busy}
      />
    </>
  );
}
