import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { ErrorSummary, RadioGroup, TextAreaField } from "~/components/ui";
import { useFormReply } from "~/components/ui/use-form-reply";
import { ANSWERS, answerField, commentField, GRADES, QUALITY_QUESTIONS, REVIEW_FIELD_ORDER } from "~/models/dip-sample/questions";
import { qualityReviewPage, submitQualityReview } from "~/models/dip-sample/review.server";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Quality review") }];

export function loader(args: LoaderFunctionArgs) {
  return qualityReviewPage(args);
}

export async function action(args: ActionFunctionArgs) {
  const { reference, reply } = await submitQualityReview(args);
  if (reply) return { reply };
  throw redirect(`/records/${reference}/quality-review`);
}

const when = (iso: string | null) => (iso ? formatDateTime(new Date(iso)) : "Not recorded");
const yesNo = (value: boolean) => (value ? "Yes" : "No");
const labelOf = (list: readonly { value: string; label: string }[], value: string | null) => list.find((item) => item.value === value)?.label ?? "";

export default function QualityReview() {
  const { reference, facts, items } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const open = items.find((item) => item.reviewedAt === null);
  const form = useFormReply("quality-review", actionData?.reply, { itemId: open?.id ?? "" });
  const { steps } = facts;
  return (
    <>
      <p className="mb-2">
        <AppLink to="/oversight/dip-samples">Dip-sampling</AppLink>
      </p>
      <h1>Quality review of case {reference}</h1>
      <p className="mb-6 max-w-2xl">
        This case was drawn at random for a review of how it was handled. You see the facts of its handling, not the account or anyone&rsquo;s details.
      </p>
      <h2>How it was handled</h2>
      <dl className="summary-list mb-8">
        <dt>Reported</dt>
        <dd>
          {when(facts.reportedAt)}: {facts.origin}, {facts.receivedHow.toLowerCase()}
        </dd>
        <dt>Children involved; immediate danger</dt>
        <dd>
          {yesNo(facts.childrenInvolved)}; {yesNo(facts.immediateDanger)}
        </dd>
        <dt>Supervising officer</dt>
        <dd>{facts.supervisingOfficerRecorded ? `Recorded; passed on ${when(facts.chainStartedAt)}` : "Not recorded"}</dd>
        <dt>Referral chain</dt>
        <dd>
          {steps.done} of {steps.total} steps acknowledged or delivered; {steps.reminded} needed a reminder, {steps.replaced} were escalated or passed on,{" "}
          {steps.noRecipient} had nobody to receive them, {steps.waiting} still waiting. Fully referred: {when(facts.fullyReferredAt)}
        </dd>
        <dt>Crime report restricted</dt>
        <dd>{when(facts.restrictedAt)}</dd>
        <dt>Latest risk assessment</dt>
        <dd>{facts.latestRisk ? facts.latestRisk.toLowerCase() : "None recorded"}</dd>
        <dt>Criminal track</dt>
        <dd>{facts.criminalStatus}</dd>
        <dt>Suspension or restriction of duties</dt>
        <dd>{facts.dutiesDecision}</dd>
        <dt>Conduct outcome recorded</dt>
        <dd>{yesNo(facts.conductOutcomeRecorded)}</dd>
        <dt>Records</dt>
        <dd>
          {facts.declarations} declarations of conflicts, {facts.ownershipDecisions} ownership decisions, {facts.investigationReviews} reviews of the
          investigation, {facts.breakGlassUses} break-glass uses
        </dd>
        <dt>Closed</dt>
        <dd>{when(facts.closedAt)}</dd>
      </dl>

      {items
        .filter((item) => item.reviewedAt !== null)
        .map((item) => (
          <section key={item.id} aria-label={`Review recorded ${when(item.reviewedAt)}`} className="mb-8 border-t border-gray-300 pt-4">
            <h2>Your review, recorded {when(item.reviewedAt)}</h2>
            <dl className="summary-list">
              {QUALITY_QUESTIONS.map((question) => {
                const answer = item.answers.find((given) => given.question === question.key);
                return (
                  <div key={question.key} className="contents">
                    <dt>{question.question}</dt>
                    <dd>
                      {labelOf(ANSWERS, answer?.answer ?? null)}
                      <span className="block whitespace-pre-wrap">{answer?.comment}</span>
                    </dd>
                  </div>
                );
              })}
              <dt>Overall grade</dt>
              <dd>
                {labelOf(GRADES, item.grade)}
                <span className="block whitespace-pre-wrap">{item.summary}</span>
              </dd>
            </dl>
          </section>
        ))}

      {open ? (
        <>
          <h2>Record your review</h2>
          <ErrorSummary errors={form.errors} order={["form", ...REVIEW_FIELD_ORDER]} />
          <Form method="post" {...form.formProps} className="max-w-2xl">
            <input type="hidden" name="itemId" value={open.id} />
            {QUALITY_QUESTIONS.map((question) => (
              <div key={question.key} className="mb-6">
                <RadioGroup
                  name={answerField(question.key)}
                  legend={question.question}
                  hint={question.hint}
                  options={ANSWERS.map((answer) => ({ value: answer.value, label: answer.label }))}
                  defaultValue={form.text(answerField(question.key))}
                  error={form.errors[answerField(question.key)]}
                />
                <TextAreaField
                  name={commentField(question.key)}
                  label={`What you saw: ${question.question.replace("?", "").toLowerCase()}`}
                  rows={2}
                  defaultValue={form.text(commentField(question.key))}
                  error={form.errors[commentField(question.key)]}
                />
              </div>
            ))}
            <RadioGroup
              name="grade"
              legend="Overall grade"
              options={GRADES.map((grade) => ({ value: grade.value, label: grade.label }))}
              defaultValue={form.text("grade")}
              error={form.errors.grade}
            />
            <TextAreaField name="summary" label="Summary" rows={4} defaultValue={form.text("summary")} error={form.errors.summary} />
            <button type="submit" className="button" disabled={busy}>
              {busy ? "Recording…" : "Record the review"}
            </button>
          </Form>
        </>
      ) : null}
    </>
  );
}
