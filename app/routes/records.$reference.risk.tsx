// A police-suspect case's own risk assessment and risk deadlines (docs/features/risk-escalation.md): the force's
// checklist, every assessment (the latest first; never edited), and the items high or medium risk opened, each with
// its deadline, overdue in red and in words. Everything through the case guard: refused is "not found".
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { useActionData, useLoaderData, useNavigation } from "react-router";
import { caseActionStart } from "~/access/guard.server";
import { ITEM_FIELD_ORDER, RiskItemsSection, useItemForms, type ItemIntent } from "~/components/risk/risk-items-section";
import type { IntentResult } from "~/components/support-request/intent-forms";
import { RiskSection } from "~/components/support-request/risk-section";
import { ErrorSummary, Notice } from "~/components/ui";
import { useFormReply } from "~/components/ui/use-form-reply";
import { CASE_ITEM_CHANGES, caseRiskView, recordCaseRiskAssessment, refuseUnlessMay, workCaseItem, type CaseRiskIntent } from "~/models/risk/case-risk.server";
import { itemView } from "~/models/risk/item-view";
import { RISK_LEVEL_LABELS } from "~/models/support-request/labels";
import { riskAnswersSchema } from "~/models/support-request/risk.server";
import { formatDateTime } from "~/utils/dates";
import { ChangeRejected, parseForm, readFormData, rejectedReply, type FormResult } from "~/utils/forms";
import { pageTitle } from "~/utils/page-title";
import type { z } from "zod";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Risk deadlines") }];

export async function loader(args: LoaderFunctionArgs) {
  const { context, reference } = await caseActionStart(args);
  const view = await caseRiskView(context, reference);
  return {
    reference,
    closed: view.closed,
    may: view.may,
    questions: view.questions,
    assessments: view.assessments.map((row) => ({
      id: row.id,
      level: RISK_LEVEL_LABELS[row.level],
      scored: RISK_LEVEL_LABELS[row.scoredLevel],
      rationale: row.rationale,
      referred: row.maracReferral,
      at: formatDateTime(row.assessedAt),
      by: row.assessor,
    })),
    items: view.items.map(itemView),
  };
}

/** A form that does not parse is answered only after the access decision, like a well-formed one. */
async function carryOut<T>(
  parsed: FormResult<T>,
  intent: string,
  refuseFirst: () => Promise<unknown>,
  act: (form: T) => Promise<unknown>,
  done: string,
): Promise<IntentResult> {
  if (!parsed.ok) {
    await refuseFirst();
    return { intent, reply: parsed.reply };
  }
  try {
    await act(parsed.data);
    return { intent, done };
  } catch (error) {
    if (error instanceof ChangeRejected) return { intent, reply: parsed.reject(error.errors) };
    throw error;
  }
}

export async function action(args: ActionFunctionArgs): Promise<IntentResult> {
  const { context, reference } = await caseActionStart(args);
  const formData = await readFormData(args.request);
  const intent = String(formData.get("intent") ?? "");
  if (intent === "risk") {
    const parsed = parseForm(await riskAnswersSchema(context), formData);
    const refuseFirst = () => refuseUnlessMay(context, reference, "assess");
    return carryOut(parsed, intent, refuseFirst, (form) => recordCaseRiskAssessment(context, reference, form), "The assessment was recorded.");
  }
  if (!Object.hasOwn(CASE_ITEM_CHANGES, intent)) {
    // Whatever was sent, someone refused the case is answered "not found" (audited, alerted) before anything else.
    await refuseUnlessMay(context, reference, "assess");
    return { intent, reply: rejectedReply({ form: "Choose one of the buttons on the page." }) };
  }
  const key = intent as CaseRiskIntent;
  const parsed = parseForm(CASE_ITEM_CHANGES[key].schema as z.ZodType, formData);
  const refuseFirst = () => refuseUnlessMay(context, reference, key);
  return carryOut(parsed, intent, refuseFirst, (form) => workCaseItem(context, reference, key, form), CASE_ITEM_CHANGES[key].done);
}

export default function CaseRisk() {
  const { reference, closed, may, questions, assessments, items } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const forms = useItemForms(result);
  const riskForm = useFormReply("case-risk", result && "reply" in result && result.intent === "risk" ? result.reply : undefined);
  const errors =
    result && "reply" in result ? (result.intent === "risk" ? riskForm.errors : result.intent in forms ? forms[result.intent as ItemIntent].errors : {}) : {};
  const latest = assessments[0] ?? null;
  return (
    <>
      <p className="mb-2">
        <AppLink to={`/records/${reference}`}>Case {reference}</AppLink>
      </p>
      <h1>Risk to the victim</h1>
      <p className="mb-6 max-w-2xl">
        The force’s risk checklist for this case, and what it opened: high risk refers the case to MARAC and an IDVA and asks a duty inspector for a
        threat-to-life decision; medium risk sets a first-contact deadline of 5 working days. Each is reminded before it is due and escalated when it is missed.
      </p>
      {result && "done" in result ? <Notice>{result.done}</Notice> : null}
      <ErrorSummary errors={errors} order={["form", ...questions.map((question) => `q-${question.id}`), "judgement", ...ITEM_FIELD_ORDER]} />
      <RiskSection
        risk={latest ? { level: latest.level, scored: latest.scored, rationale: latest.rationale, referred: latest.referred, at: latest.at } : null}
        questions={may.assess ? questions : []}
        closed={closed}
        forms={{ busy, risk: riskForm }}
      />
      {assessments.length > 1 ? (
        <section aria-labelledby="earlier-title" className="mb-8">
          <h2 id="earlier-title">Earlier assessments</h2>
          <ul>
            {assessments.slice(1).map((row) => (
              <li key={row.id}>
                {row.at}: {row.level} (by {row.by})
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {items.length === 0 ? <p>Nothing is being tracked on this case.</p> : null}
      <RiskItemsSection
        items={items}
        closed={closed}
        may={{ decideThreatToLife: may.decideThreatToLife, manageMarac: may.assess, manageIdva: may.assess, firstContact: may.assess }}
        forms={forms}
        busy={busy}
      />
    </>
  );
}
