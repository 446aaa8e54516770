import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { auditCaseEvent, caseActionStart, readCasePage, withCaseAction } from "~/access/guard.server";
import { CheckboxField, ErrorSummary, RadioGroup, TextAreaField } from "~/components/ui";
import { InterestedPersonSchema, interestedPersonView, publishProgressUpdate, recordInterestedPerson, UpdateSchema } from "~/models/cases/case-file.server";
import { ChangeRejected, type FormReply, parseForm, readFormData } from "~/utils/forms";
import { useFormReply } from "~/components/ui/use-form-reply";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { ProgressUpdates } from "~/components/progress-updates";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Interested person") }];

export async function loader(args: LoaderFunctionArgs) {
  return readCasePage(args, "manageInterestedPerson", "access.read.interestedPerson", (tx, { id: caseId }) => interestedPersonView(tx, caseId));
}

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  const { context, reference } = await caseActionStart(args);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  if (intent === "publish") {
    const parsed = parseForm(UpdateSchema, formData);
    const refused = await withCaseAction(context, reference, "publishUpdate", "case.update.publish", async (tx, { id: caseId }): Promise<FormReply | null> => {
      if (!parsed.ok) return parsed.reply;
      const published = await publishProgressUpdate(tx, caseId, context.actor.id, parsed.data.body);
      if (!published) return parsed.reject({ form: "Record the victim as an interested person first." });
      await auditCaseEvent(context, tx, { action: "case.update.publish", caseId, outcome: "SUCCESS" });
      return null;
    });
    if (refused) return { intent, reply: refused };
    throw redirect(`/records/${reference}/interested-person?published=1`);
  }
  const parsed = parseForm(InterestedPersonSchema, formData);
  try {
    const refused = await withCaseAction(context, reference, "manageInterestedPerson", "case.interestedPerson.record", async (tx, { id: caseId }) => {
      if (!parsed.ok) return parsed.reply;
      const personId = await recordInterestedPerson(tx, caseId, parsed.data);
      await auditCaseEvent(context, tx, {
        action: "case.interestedPerson.record",
        caseId,
        outcome: "SUCCESS",
        details: { personId, contact: parsed.data.contact },
      });
      return null;
    });
    if (refused) return { intent, reply: refused };
  } catch (error) {
    if (error instanceof ChangeRejected) return { intent, reply: parsed.reject(error.errors) };
    throw error;
  }
  throw redirect(`/records/${reference}/interested-person`);
}

export default function InterestedPerson() {
  const { reference, victimIsEmployee, victimName, recorded, updates } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const publishing = actionData?.intent === "publish";
  const recordForm = useFormReply("interested-person", publishing ? undefined : actionData?.reply);
  const updateForm = useFormReply("progress-update", publishing ? actionData?.reply : undefined);
  return (
    <>
      <p className="mb-2">
        <AppLink to={`/records/${reference}`}>Case {reference}</AppLink>
      </p>
      <h1>The victim as an interested person</h1>
      {!victimIsEmployee ? (
        <p className="callout">The victim does not work for this force, so is kept informed outside the portal.</p>
      ) : !recorded ? (
        <>
          <p className="mb-4">
            {victimName} works for this force, so cannot be the complainant in the conduct matter but can be an interested person: they then see, read-only, the
            progress updates you publish to them, and never the suspect's details or the evidence.
          </p>
          <ErrorSummary errors={recordForm.errors} order={["form", "agreed", "contact"]} />
          <Form method="post" {...recordForm.formProps} className="max-w-2xl">
            <input type="hidden" name="intent" value="record" />
            <CheckboxField
              name="agreed"
              label="They have agreed to be recorded as an interested person"
              defaultChecked={recordForm.text("agreed") === "on"}
              error={recordForm.errors.agreed}
            />
            <RadioGroup
              name="contact"
              legend="How do they want to hear of a new update?"
              hint="Use what they chose as safe: their personal phone or email may be read by someone else."
              options={[
                { value: "portal", label: "Only in the portal, when they sign in" },
                { value: "work-email", label: "A content-free work email" },
              ]}
              defaultValue={recordForm.text("contact")}
              error={recordForm.errors.contact}
            />
            <button type="submit" className="button" disabled={busy}>
              Record as interested person
            </button>
          </Form>
        </>
      ) : (
        <>
          <dl className="summary-list">
            <dt>Interested person</dt>
            <dd>{victimName}</dd>
            <dt>Recorded</dt>
            <dd>{formatDateTime(new Date(recorded.at))}</dd>
            <dt>Told of updates</dt>
            <dd>{recorded.contact}</dd>
          </dl>
          <h2>Publish an update</h2>
          <p className="mb-4">They will see exactly this text. Do not include the suspect's details or the evidence.</p>
          <ErrorSummary errors={updateForm.errors} order={["form", "body"]} />
          <Form method="post" {...updateForm.formProps} className="max-w-2xl">
            <input type="hidden" name="intent" value="publish" />
            <TextAreaField name="body" label="Update" rows={4} defaultValue={updateForm.text("body")} error={updateForm.errors.body} />
            <button type="submit" className="button" disabled={busy}>
              Publish the update
            </button>
          </Form>
        </>
      )}
      {updates.length ? (
        <>
          <h2 className="mt-8">Published updates</h2>
          <ProgressUpdates updates={updates} />
        </>
      ) : null}
    </>
  );
}
