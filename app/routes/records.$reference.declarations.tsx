import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { auditCaseEvent, caseActionStart, readCasePage, withCaseAction } from "~/access/guard.server";
import { ErrorSummary, RadioGroup, TextAreaField } from "~/components/ui";
import { declarationsView, reviewDeclaration, ReviewFormSchema } from "~/models/cases/declarations.server";
import { ChangeRejected, parseForm, readFormData } from "~/utils/forms";
import { useFormReply } from "~/components/ui/use-form-reply";
import { notifyPeople } from "~/models/cases/case.server";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Declarations") }];

export async function loader(args: LoaderFunctionArgs) {
  return readCasePage(args, "reviewDeclaration", "access.read.declarations", async (tx, { id: caseId }, context) => ({
    me: context.actor.id,
    declarations: await declarationsView(tx, caseId),
  }));
}

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  const { context, reference } = await caseActionStart(args);
  const formData = await readFormData(request);
  const parsed = parseForm(ReviewFormSchema, formData);
  try {
    const refused = await withCaseAction(context, reference, "reviewDeclaration", "case.declaration.review", async (tx, { id: caseId }) => {
      if (!parsed.ok) return parsed.reply;
      const { personId } = await reviewDeclaration(tx, caseId, context.actor.id, parsed.data);
      await auditCaseEvent(context, tx, {
        action: "case.declaration.review",
        caseId: caseId,
        outcome: "SUCCESS",
        details: { declarationId: parsed.data.declarationId, decision: parsed.data.decision },
      });
      await notifyPeople(tx, [personId], "/records");
      return null;
    });
    if (refused) return { reply: refused, declarationId: String(formData.get("declarationId") ?? "") };
  } catch (error) {
    if (error instanceof ChangeRejected) return { reply: parsed.reject(error.errors), declarationId: String(formData.get("declarationId") ?? "") };
    throw error;
  }
  throw redirect(`/records/${reference}/declarations?decided=1`);
}

export default function Declarations() {
  const { reference, declarations, me } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  // One form per open declaration; only the one that was sent gets the reply.
  const answered = useFormReply("declaration-review", actionData?.reply);
  return (
    <>
      <p className="mb-2">
        <AppLink to={`/records/${reference}`}>Case {reference}</AppLink>
      </p>
      <h1>Declarations of conflicts of interest</h1>
      <p className="mb-6">Declarations and decisions are part of the case file: they cannot be changed afterwards, only superseded by a later declaration.</p>
      {declarations.length === 0 ? <p>Nobody has declared yet.</p> : null}
      {declarations.map((declaration) => {
        const open = declaration.hasConnection && !declaration.review && !declaration.superseded;
        const mine = actionData?.declarationId === declaration.id;
        const form = mine ? answered : undefined;
        const headingId = `declaration-${declaration.id}`;
        return (
          <section key={declaration.id} aria-labelledby={headingId} className="mb-8 border-t border-gray-300 pt-4">
            <h2 id={headingId} className="text-xl">
              {declaration.person}, {formatDateTime(new Date(declaration.declaredAt))}
              {declaration.superseded ? <span className="tag ml-2 align-middle">Superseded</span> : null}
            </h2>
            <dl className="summary-list">
              <dt>Connection</dt>
              <dd>{declaration.hasConnection ? declaration.connections.join("; ") : "None declared"}</dd>
              {declaration.details ? (
                <>
                  <dt>Details</dt>
                  <dd className="whitespace-pre-wrap">{declaration.details}</dd>
                </>
              ) : null}
              {declaration.review ? (
                <>
                  <dt>Decision</dt>
                  <dd>
                    {declaration.review.decision} by {declaration.review.by}, {formatDateTime(new Date(declaration.review.at))}
                    <span className="block whitespace-pre-wrap">{declaration.review.rationale}</span>
                  </dd>
                </>
              ) : null}
            </dl>
            {open && declaration.personId !== me ? (
              <>
                {mine ? (
                  <ErrorSummary
                    errors={Object.fromEntries(
                      Object.entries(answered.errors).map(([field, message]) => [
                        field === "form" || field === "declarationId" ? "form" : `${field}-${declaration.id}`,
                        message,
                      ]),
                    )}
                    order={["form", `decision-${declaration.id}`, `rationale-${declaration.id}`]}
                  />
                ) : null}
                <Form method="post" className="max-w-2xl" {...(form ? answered.formProps : { noValidate: true })}>
                  <input type="hidden" name="declarationId" value={declaration.id} />
                  <RadioGroup
                    name="decision"
                    id={`decision-${declaration.id}`}
                    legend="Your decision"
                    options={[
                      { value: "CLEARED", label: "Cleared: the connection does not prevent them working on the case" },
                      { value: "REMOVED", label: "Remove them from the case" },
                    ]}
                    defaultValue={form?.text("decision")}
                    error={form?.errors.decision}
                  />
                  <TextAreaField
                    name="rationale"
                    id={`rationale-${declaration.id}`}
                    label="Rationale"
                    rows={3}
                    defaultValue={form?.text("rationale") ?? ""}
                    error={form?.errors.rationale}
                  />
                  <button type="submit" className="button" disabled={busy}>
                    Record the decision<span className="sr-only"> on {declaration.person}'s declaration</span>
                  </button>
                </Form>
              </>
            ) : open ? (
              <p className="hint">This is your own declaration: another PSD officer must decide on it.</p>
            ) : null}
          </section>
        );
      })}
    </>
  );
}
