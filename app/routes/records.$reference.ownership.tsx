import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { auditCaseEvent, caseActionStart, readCasePage, withCaseAction } from "~/access/guard.server";
import { CheckboxGroup, ErrorSummary, GroupedSelectField, RadioGroup, TextAreaField } from "~/components/ui";
import { ownershipView, OwnershipSchema, recordOwnership } from "~/models/cases/case-file.server";
import { OTHER_FORCE_REASONS } from "~/models/cases/labels";
import { ChangeRejected, parseForm, readFormData } from "~/utils/forms";
import { useFormReply } from "~/components/ui/use-form-reply";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Ownership") }];

const FIELDS = ["form", "criminalOwnerId", "conductOwnerId", "rationale", "otherForceReasons", "referToOtherForce", "otherForceRationale"];

export async function loader(args: LoaderFunctionArgs) {
  return readCasePage(args, "recordOwnership", "access.read.ownership", async (tx, { id: caseId }) => {
    const { owners, decisions } = await ownershipView(tx, caseId);
    return {
      owners,
      decisions: decisions.map((decision, index) => ({
        id: decision.id,
        current: index === 0,
        criminalOwner: decision.criminalOwner,
        conductOwner: decision.conductOwner,
        rationale: decision.rationale,
        reasons: decision.otherForceReasons.map((reason) => OTHER_FORCE_REASONS[reason as keyof typeof OTHER_FORCE_REASONS] ?? reason),
        referToOtherForce: decision.referToOtherForce,
        otherForceRationale: decision.otherForceRationale,
        by: decision.by,
        at: decision.recordedAt.toISOString(),
      })),
    };
  });
}

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  const { context, reference } = await caseActionStart(args);
  const formData = await readFormData(request);
  const parsed = parseForm(OwnershipSchema, formData);
  try {
    const refused = await withCaseAction(context, reference, "recordOwnership", "case.ownership.record", async (tx, { id: caseId }) => {
      if (!parsed.ok) return parsed.reply;
      await recordOwnership(tx, caseId, context.actor.id, parsed.data);
      await auditCaseEvent(context, tx, {
        action: "case.ownership.record",
        caseId,
        outcome: "SUCCESS",
        details: { referToOtherForce: parsed.data.referToOtherForce },
      });
      return null;
    });
    if (refused) return { reply: refused };
  } catch (error) {
    if (error instanceof ChangeRejected) return { reply: parsed.reject(error.errors) };
    throw error;
  }
  throw redirect(`/records/${reference}/ownership`);
}

export default function Ownership() {
  const { reference, owners, decisions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("ownership", actionData?.reply);
  const errors = form.errors;
  const reasons = new Set(form.list("otherForceReasons"));
  return (
    <>
      <p className="mb-2">
        <AppLink to={`/records/${reference}`}>Case {reference}</AppLink>
      </p>
      <h1>Who owns the investigations</h1>
      {decisions.length === 0 ? <p className="callout mb-6">Ownership has not been recorded yet.</p> : null}
      {decisions.map((decision) => (
        <section key={decision.id} aria-label={`Ownership recorded ${formatDateTime(new Date(decision.at))}`} className="mb-6 border-t border-gray-300 pt-4">
          <h2 className="text-xl">
            {decision.current ? "Current" : "Superseded"}: recorded by {decision.by}, {formatDateTime(new Date(decision.at))}
          </h2>
          <dl className="summary-list">
            <dt>Criminal investigation</dt>
            <dd>{decision.criminalOwner}</dd>
            <dt>Conduct investigation</dt>
            <dd>{decision.conductOwner}</dd>
            <dt>Rationale</dt>
            <dd className="whitespace-pre-wrap">{decision.rationale}</dd>
            <dt>Referral to another force</dt>
            <dd>
              {decision.referToOtherForce ? "Referred to another force" : "Kept in force"}
              {decision.reasons.length ? <span className="block">Considered because: {decision.reasons.join("; ")}</span> : null}
              <span className="block whitespace-pre-wrap">{decision.otherForceRationale}</span>
            </dd>
          </dl>
        </section>
      ))}
      <h2>{decisions.length ? "Record a new decision" : "Record the decision"}</h2>
      <p className="mb-4">
        Owners are chosen from the access list, among people whose declaration shows no unresolved connection. A new decision supersedes the last; none is ever
        changed.
      </p>
      <ErrorSummary errors={errors} order={FIELDS} />
      <Form method="post" {...form.formProps} className="max-w-2xl">
        <GroupedSelectField
          name="criminalOwnerId"
          label="Owner of the criminal investigation"
          blank="Choose a person"
          options={owners}
          defaultValue={form.text("criminalOwnerId")}
          error={errors?.criminalOwnerId}
        />
        <GroupedSelectField
          name="conductOwnerId"
          label="Owner of the conduct investigation"
          blank="Choose a person"
          options={owners}
          defaultValue={form.text("conductOwnerId")}
          error={errors?.conductOwnerId}
        />
        <TextAreaField name="rationale" label="Rationale" rows={3} defaultValue={form.text("rationale")} error={errors?.rationale} />
        <CheckboxGroup
          name="otherForceReasons"
          legend="Reasons to consider referral to another force (any that apply)"
          options={OTHER_FORCE_REASONS}
          checked={reasons}
          error={errors?.otherForceReasons}
        />
        <RadioGroup
          name="referToOtherForce"
          legend="Decision on referral to another force"
          options={[
            { value: "no", label: "Keep the investigation in this force" },
            { value: "yes", label: "Refer it to another force" },
          ]}
          defaultValue={form.text("referToOtherForce")}
          error={errors?.referToOtherForce}
        />
        <TextAreaField
          name="otherForceRationale"
          label="Rationale for the referral decision"
          hint="Including how speed and the victim's engagement are protected."
          rows={3}
          defaultValue={form.text("otherForceRationale")}
          error={errors?.otherForceRationale}
        />
        <button type="submit" className="button" disabled={busy}>
          Record the decision
        </button>
      </Form>
    </>
  );
}
