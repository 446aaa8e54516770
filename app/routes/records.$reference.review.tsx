import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { auditCaseEvent, caseActionStart, readCasePage, withCaseAction } from "~/access/guard.server";
import { ErrorSummary, GroupedSelectField, TextAreaField } from "~/components/ui";
import { recordReview, reviewsView, ReviewSchema } from "~/models/cases/case-file.server";
import { REVIEW_HEADINGS } from "~/models/cases/labels";
import { ChangeRejected, parseForm, readFormData } from "~/utils/forms";
import { useFormReply } from "~/components/ui/use-form-reply";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Review") }];

type Heading = keyof typeof REVIEW_HEADINGS;
const HEADINGS = Object.keys(REVIEW_HEADINGS) as Heading[];

export async function loader(args: LoaderFunctionArgs) {
  return readCasePage(args, "recordReview", "access.read.reviews", async (tx, { id: caseId }, context) => {
    const { officers, reviews } = await reviewsView(tx, caseId);
    return {
      officers,
      defaultOfficer: officers.find((officer) => officer.value === context.actor.id)?.value ?? "",
      reviews: reviews.map((review) => ({
        id: review.id,
        at: review.recordedAt.toISOString(),
        directedBy: review.directedBy,
        recordedBy: review.recordedBy,
        headings: HEADINGS.map((key) => ({ key, label: REVIEW_HEADINGS[key], text: review[key] })),
      })),
    };
  });
}

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  const { context, reference } = await caseActionStart(args);
  const formData = await readFormData(request);
  const parsed = parseForm(ReviewSchema, formData);
  try {
    const refused = await withCaseAction(context, reference, "recordReview", "case.review.record", async (tx, { id: caseId }) => {
      if (!parsed.ok) return parsed.reply;
      await recordReview(tx, caseId, context.actor.id, parsed.data);
      await auditCaseEvent(context, tx, { action: "case.review.record", caseId, outcome: "SUCCESS" });
      return null;
    });
    if (refused) return { reply: refused };
  } catch (error) {
    if (error instanceof ChangeRejected) return { reply: parsed.reject(error.errors) };
    throw error;
  }
  throw redirect(`/records/${reference}/review`);
}

export default function Review() {
  const { reference, officers, defaultOfficer, reviews } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("review", actionData?.reply, { directedById: defaultOfficer });
  return (
    <>
      <p className="mb-2">
        <AppLink to={`/records/${reference}`}>Case {reference}</AppLink>
      </p>
      <h1>Review of the investigation</h1>
      {reviews.map((review) => (
        <section key={review.id} aria-label={`Review of ${formatDateTime(new Date(review.at))}`} className="mb-6 border-t border-gray-300 pt-4">
          <h2 className="text-xl">
            {formatDateTime(new Date(review.at))}: directed by {review.directedBy}, recorded by {review.recordedBy}
          </h2>
          <dl className="summary-list">
            {review.headings.map((heading) => (
              <div key={heading.key} className="contents">
                <dt>{heading.label}</dt>
                <dd className="whitespace-pre-wrap">{heading.text}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <h2>Record a review</h2>
      <ErrorSummary errors={form.errors} order={["form", "directedById", ...Object.keys(REVIEW_HEADINGS)]} />
      <Form method="post" {...form.formProps} className="max-w-2xl">
        <GroupedSelectField
          name="directedById"
          label="Directed by (nominated NPCC officer)"
          blank="Choose the officer"
          options={officers}
          defaultValue={form.text("directedById")}
          error={form.errors.directedById}
        />
        {HEADINGS.map((key) => (
          <TextAreaField key={key} name={key} label={REVIEW_HEADINGS[key]} rows={3} defaultValue={form.text(key)} error={form.errors[key]} />
        ))}
        <button type="submit" className="button" disabled={busy}>
          Record the review
        </button>
      </Form>
    </>
  );
}
