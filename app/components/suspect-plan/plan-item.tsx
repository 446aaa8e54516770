import { Form, useNavigation } from "react-router";
import { ErrorSummary, GroupedSelectField, TextAreaField, TextField } from "~/components/ui";
import { useFormReply } from "~/components/ui/use-form-reply";
import { SUSPECT_DUTY_ITEMS } from "~/models/cases/suspect-plan-items";
import type { SuspectDutyKind } from "~/generated/prisma/enums";
import type { FormReply } from "~/utils/form-reply";
import { formatDateTime, formatDay, parseDay } from "~/utils/dates";
import { AppLink } from "~/components/app-link";

interface Decision {
  id: string;
  decision: string;
  decisionValue: string;
  rationale: string;
  reviewDue: string;
  decidedAt: string;
  owner: string;
  ownerId: string;
  decidedBy: string;
}

export interface PlanItemView {
  kind: SuspectDutyKind;
  current: Decision | null;
  overdue: boolean;
  earlier: Decision[];
}

const day = (value: string) => formatDay(parseDay(value)!);

function DecisionDetails({ decision, overdue }: { decision: Decision; overdue?: boolean }) {
  return (
    <dl className="summary-list">
      <dt>Decision</dt>
      <dd>{decision.decision}</dd>
      <dt>Rationale</dt>
      <dd className="whitespace-pre-wrap">{decision.rationale}</dd>
      <dt>Owner</dt>
      <dd>{decision.owner}</dd>
      <dt>Review by</dt>
      <dd className={overdue ? "font-semibold text-error" : undefined}>
        {day(decision.reviewDue)}
        {overdue ? " (overdue)" : ""}
      </dd>
      <dt>Decided</dt>
      <dd>
        {formatDateTime(new Date(decision.decidedAt))} by {decision.decidedBy}
      </dd>
    </dl>
  );
}

/** One item of the plan: its current decision, the decisions it superseded, and the link to decide it. */
export function PlanItem({ reference, item, mayUpdate }: { reference: string; item: PlanItemView; mayUpdate: boolean }) {
  const spec = SUSPECT_DUTY_ITEMS[item.kind];
  const headingId = `item-${item.kind}`;
  const action = item.current ? "Review or change this decision" : "Decide this item";
  return (
    <section aria-labelledby={headingId} className="mb-8 max-w-3xl border-t border-gray-300 pt-4">
      <h2 id={headingId}>{spec.label}</h2>
      <p className="hint mb-3">{spec.hint}</p>
      {item.current ? <DecisionDetails decision={item.current} overdue={item.overdue} /> : <p className="mb-3">Not yet decided.</p>}
      {mayUpdate ? (
        <p className="mb-3">
          <AppLink to={`/records/${reference}/suspect-plan?item=${item.kind}#decide`} aria-label={`${action}: ${spec.label}`}>
            {action}
          </AppLink>
        </p>
      ) : null}
      {item.earlier.length ? (
        <details className="mb-3">
          <summary>
            Earlier decisions ({item.earlier.length})<span className="sr-only">: {spec.label}</span>
          </summary>
          {item.earlier.map((decision) => (
            <div key={decision.id} className="mt-3 border-l-4 border-gray-300 pl-3">
              <p className="hint">Superseded</p>
              <DecisionDetails decision={decision} />
            </div>
          ))}
        </details>
      ) : null}
    </section>
  );
}

const FIELDS = ["form", "decision", "rationale", "ownerId", "reviewDue"];

/** The form deciding one item. It carries the decision it supersedes, so a decision made meanwhile is never overwritten. */
export function DecisionForm({
  item,
  owners,
  today,
  reply,
}: {
  item: PlanItemView;
  owners: { id: string; name: string }[];
  today: string;
  reply: FormReply | undefined;
}) {
  const spec = SUSPECT_DUTY_ITEMS[item.kind];
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("decide", reply, {
    decision: item.current?.decisionValue ?? "",
    ownerId: item.current?.ownerId ?? "",
  });
  return (
    <section aria-labelledby="decide" className="callout mb-8 max-w-3xl">
      <h2 id="decide" className="mt-0">
        Decide: {spec.label}
      </h2>
      <ErrorSummary errors={form.errors} order={FIELDS} />
      <Form method="post" {...form.formProps}>
        <input type="hidden" name="intent" value="decide" />
        <input type="hidden" name="kind" value={item.kind} />
        {/* The decision the page showed as current: the server refuses this form if another has been made since. */}
        <input type="hidden" name="supersedes" value={item.current?.id ?? ""} />
        <GroupedSelectField
          name="decision"
          label="Decision"
          blank="Choose a decision"
          options={Object.entries(spec.choices).map(([value, label]) => ({ value, label }))}
          defaultValue={form.text("decision")}
          error={form.errors.decision}
        />
        <TextAreaField name="rationale" label="Rationale" rows={4} maxLength={2000} defaultValue={form.text("rationale")} error={form.errors.rationale} />
        <GroupedSelectField
          name="ownerId"
          label="Owner"
          hint="Who sees to the decision and its review: someone on the case's access list with a clear declaration."
          blank="Choose the owner"
          options={owners.map((owner) => ({ value: owner.id, label: owner.name }))}
          defaultValue={form.text("ownerId")}
          error={form.errors.ownerId}
        />
        <TextField name="reviewDue" label="Review by" type="date" min={today} defaultValue={form.text("reviewDue")} error={form.errors.reviewDue} />
        <button type="submit" className="button" disabled={busy}>
          Record the decision
        </button>
      </Form>
    </section>
  );
}
