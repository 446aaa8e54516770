import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { redirect, useActionData, useLoaderData, useSearchParams } from "react-router";
import { caseActionStart, mayOnCase, withCaseAction } from "~/access/guard.server";
import { Notice } from "~/components/ui";
import { DecisionForm, PlanItem } from "~/components/suspect-plan/plan-item";
import { WelfareSection } from "~/components/suspect-plan/welfare";
import { decideOnCase, LOOKS_ABSENT, recordWelfareOffer, suspectPlanView, SuspectDutySchema, WelfareOfferSchema } from "~/models/cases/suspect-plan.server";
import { suspectDutyKind } from "~/models/cases/suspect-plan-items";
import { ChangeRejected, parseForm, readFormData, type FormReply, type FormResult } from "~/utils/forms";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Risk and duties plan") }];

export async function loader(args: LoaderFunctionArgs) {
  const { context, reference } = await caseActionStart(args);
  const page = await withCaseAction(
    context,
    reference,
    "readSuspectPlan",
    "access.read.suspectPlan",
    async (tx, { id: caseId }) => ({
      mayUpdate: (await mayOnCase(context, caseId, ["updateSuspectPlan"], tx)).updateSuspectPlan,
      plan: await suspectPlanView(tx, caseId),
    }),
    LOOKS_ABSENT,
  );
  return { ...page, reference };
}

export async function action(args: ActionFunctionArgs) {
  const { context, reference } = await caseActionStart(args);
  const formData = await readFormData(args.request);
  const welfare = formData.get("intent") === "welfare";
  const intent = welfare ? "welfare" : "decide";
  // Each form's own schema and act; a refusal (bad input, a stale decision) comes back by the field, keeping what was typed.
  // A form that does not parse is still answered only after the access decision: someone refused the case gets "not
  // found", audited and alerted, whatever they sent, exactly as for a well-formed form.
  const decideFirst = (reply: FormReply) => withCaseAction(context, reference, "updateSuspectPlan", "case.suspectPlan.decide", async () => reply);
  const refused = welfare
    ? await attempt(parseForm(WelfareOfferSchema, formData), decideFirst, (form) => recordWelfareOffer(context, reference, form))
    : await attempt(parseForm(SuspectDutySchema, formData), decideFirst, (form) => decideOnCase(context, reference, form));
  if (refused) return { intent, reply: refused };
  throw redirect(`/records/${reference}/suspect-plan?saved=${welfare ? "welfare" : "decision"}`);
}

async function attempt<T>(
  parsed: FormResult<T>,
  decideFirst: (reply: FormReply) => Promise<FormReply>,
  act: (form: T) => Promise<unknown>,
): Promise<FormReply | null> {
  if (!parsed.ok) return decideFirst(parsed.reply);
  try {
    await act(parsed.data);
    return null;
  } catch (error) {
    if (error instanceof ChangeRejected) return parsed.reject(error.errors);
    throw error;
  }
}

export default function SuspectPlan() {
  const { reference, mayUpdate, plan } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const saved = actionData ? null : searchParams.get("saved");
  const asked = searchParams.get("item") ?? (actionData?.intent === "decide" ? String((actionData.reply.initialValue ?? {}).kind ?? "") : "");
  const chosen = suspectDutyKind(asked);
  const chosenItem = chosen ? plan.items.find((item) => item.kind === chosen) : undefined;
  const overdue = plan.items.filter((item) => item.overdue).length;
  return (
    <>
      <p className="mb-2">
        <AppLink to={`/records/${reference}`}>Case {reference}</AppLink> · <AppLink to={`/records/${reference}/conduct`}>Conduct matter</AppLink>
      </p>
      <h1>Suspect’s risk and duties plan</h1>
      <p className="mb-6 max-w-2xl text-gray-700">
        The risks of a suspect who keeps police powers and police systems, each decided with its rationale, an owner and a review date. A decision is never
        changed: a new one supersedes it, and the earlier ones stay below it.
      </p>
      {saved ? <Notice>{saved === "welfare" ? "The offer of support is recorded." : "The decision is recorded."}</Notice> : null}
      {overdue ? (
        <p className="mb-6 font-semibold text-error" role="status">
          {overdue} {overdue === 1 ? "review is" : "reviews are"} overdue.
        </p>
      ) : null}
      {mayUpdate && chosenItem ? (
        <DecisionForm item={chosenItem} owners={plan.owners} today={plan.today} reply={actionData?.intent === "decide" ? actionData.reply : undefined} />
      ) : null}
      {plan.items.map((item) => (
        <PlanItem key={item.kind} reference={reference} item={item} mayUpdate={mayUpdate} />
      ))}
      <WelfareSection welfare={plan.welfare} mayUpdate={mayUpdate} today={plan.today} reply={actionData?.intent === "welfare" ? actionData.reply : undefined} />
    </>
  );
}
