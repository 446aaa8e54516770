import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { auditCaseEvent, caseActionStart, mayOnCase, readCasePage, withCaseAction } from "~/access/guard.server";
import { CheckboxField, ErrorSummary, TextAreaField, TextField } from "~/components/ui";
import { authoriseRestriction, restrictionView, RestrictionSchema } from "~/models/cases/case-file.server";
import { ChangeRejected, type FormReply, parseForm, readFormData } from "~/utils/forms";
import { useFormReply } from "~/components/ui/use-form-reply";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Restriction") }];

export async function loader(args: LoaderFunctionArgs) {
  return readCasePage(args, "read", "access.read.restriction", async (tx, { id: caseId }, context) => ({
    mayAuthorise: (await mayOnCase(context, caseId, ["authoriseRestriction"], tx)).authoriseRestriction,
    authorisation: await restrictionView(tx, caseId),
  }));
}

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  const { context, reference } = await caseActionStart(args);
  const formData = await readFormData(request);
  const parsed = parseForm(RestrictionSchema, formData);
  try {
    const refused = await withCaseAction(context, reference, "read", "case.restriction.authorise", async (tx, { id: caseId }): Promise<FormReply | null> => {
      const { authoriseRestriction: mayAuthorise } = await mayOnCase(context, caseId, ["authoriseRestriction"], tx);
      if (!mayAuthorise) {
        await auditCaseEvent(context, tx, {
          action: "case.restriction.authorise",
          caseId,
          outcome: "REFUSED",
          reason: "below chief inspector, or declaration not clear",
        });
        return parsed.reject({
          form: "Restriction must be authorised by a chief inspector or above who is on the case's access list with a clear declaration.",
        });
      }
      if (!parsed.ok) return parsed.reply;
      await authoriseRestriction(tx, caseId, context.actor, parsed.data);
      await auditCaseEvent(context, tx, { action: "case.restriction.authorise", caseId, outcome: "SUCCESS" });
      return null;
    });
    if (refused) return { reply: refused };
  } catch (error) {
    if (error instanceof ChangeRejected) return { reply: parsed.reject(error.errors) };
    throw error;
  }
  throw redirect(`/records/${reference}/restriction`);
}

export default function Restriction() {
  const { reference, mayAuthorise, authorisation } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("restriction", actionData?.reply);
  return (
    <>
      <p className="mb-2">
        <AppLink to={`/records/${reference}`}>Case {reference}</AppLink>
      </p>
      <h1>Restriction of the crime report</h1>
      {authorisation ? (
        <dl className="summary-list">
          <dt>Crime reference</dt>
          <dd>{authorisation.crimeReference}</dd>
          <dt>Authorised by</dt>
          <dd>
            {authorisation.by}, {formatDateTime(new Date(authorisation.at))}
          </dd>
          <dt>Call log</dt>
          <dd>Restricted too</dd>
          {authorisation.note ? (
            <>
              <dt>Note</dt>
              <dd className="whitespace-pre-wrap">{authorisation.note}</dd>
            </>
          ) : null}
        </dl>
      ) : (
        <>
          <p className="mb-4">The crime report and its associated call log must be restricted, on the authority of a chief inspector or above.</p>
          {!mayAuthorise ? (
            <p className="callout mb-6">Not yet authorised. Only a chief inspector or above on this case's access list can authorise it.</p>
          ) : null}
          <ErrorSummary errors={form.errors} order={["form", "crimeReference", "callLogRestricted", "note"]} />
          <Form method="post" {...form.formProps} className="max-w-2xl">
            <TextField
              name="crimeReference"
              label="Crime reference number"
              defaultValue={form.text("crimeReference")}
              error={form.errors.crimeReference}
              autoComplete="off"
            />
            <CheckboxField
              name="callLogRestricted"
              label="The associated call log is restricted too"
              defaultChecked={form.text("callLogRestricted") === "on"}
              error={form.errors.callLogRestricted}
            />
            <TextAreaField name="note" label="Note (optional)" rows={3} defaultValue={form.text("note")} error={form.errors.note} />
            <button type="submit" className="button" disabled={busy}>
              Authorise the restriction
            </button>
          </Form>
        </>
      )}
    </>
  );
}
