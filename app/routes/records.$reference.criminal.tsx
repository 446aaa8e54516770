import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, Link, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { auditCaseEvent, mayOnCase, withCaseAction } from "~/access/case-guard.server";
import { caseActionStart, readCasePage } from "~/access/case-page.server";
import { ErrorSummary, GroupedSelectField, TextAreaField, TextField } from "~/components/ui";
import { CriminalTrackSchema, criminalTrackView, updateCriminalTrack } from "~/models/case-file.server";
import { CRIMINAL_STATUS_LABELS } from "~/models/case-labels";
import { ChangeRejected, parseForm, readFormData, submittedValues } from "~/utils/forms";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = () => [{ title: pageTitle("Criminal track") }];

export async function loader(args: LoaderFunctionArgs) {
  return readCasePage(args, "readCriminalTrack", "access.read.criminalTrack", async (tx, { id: caseId }, context) => ({
    mayUpdate: (await mayOnCase(context, caseId, ["updateCriminalTrack"], tx)).updateCriminalTrack,
    track: await criminalTrackView(tx, caseId),
  }));
}

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  const { context, reference } = await caseActionStart(args);
  const formData = await readFormData(request);
  const parsed = parseForm(CriminalTrackSchema, formData);
  try {
    const errors = await withCaseAction(context, reference, "updateCriminalTrack", "case.criminalTrack.update", async (tx, { id: caseId }) => {
      if (!parsed.ok) return parsed.errors;
      await updateCriminalTrack(tx, caseId, context.actor.id, parsed.data);
      await auditCaseEvent(context, tx, { action: "case.criminalTrack.update", caseId, outcome: "SUCCESS", details: { status: parsed.data.status } });
      return null;
    });
    if (errors) return { errors, values: submittedValues(formData) };
  } catch (error) {
    if (error instanceof ChangeRejected) return { errors: error.errors, values: null };
    throw error;
  }
  throw redirect(`/records/${reference}/criminal?saved=1`);
}

export default function CriminalTrack() {
  const { reference, mayUpdate, track } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  // After a clash with someone else's change, the form shows their version (values: null).
  const values: Record<string, string> = actionData?.values ?? track;
  return (
    <>
      <p className="mb-2">
        <Link to={`/records/${reference}`}>Case {reference}</Link>
      </p>
      <h1>Criminal investigation</h1>
      <p className="mb-6 text-gray-700">Last changed {formatDateTime(new Date(track.updatedAt))}. The conduct investigator does not see this track.</p>
      {mayUpdate ? (
        <>
          <ErrorSummary errors={actionData?.errors} order={["form", "crimeReference", "status", "outcome"]} />
          <Form method="post" noValidate className="max-w-2xl" key={track.version}>
            <input type="hidden" name="version" value={track.version} />
            <TextField name="crimeReference" label="Crime reference number" defaultValue={values.crimeReference ?? ""} error={actionData?.errors.crimeReference} autoComplete="off" />
            <GroupedSelectField
              name="status"
              label="Status"
              options={Object.entries(CRIMINAL_STATUS_LABELS).map(([value, label]) => ({ value, label }))}
              defaultValue={values.status}
              error={actionData?.errors.status}
            />
            <TextAreaField name="outcome" label="Outcome (optional)" rows={4} defaultValue={values.outcome ?? ""} error={actionData?.errors.outcome} />
            <button type="submit" className="button" disabled={busy}>
              Save the criminal track
            </button>
          </Form>
        </>
      ) : (
        <dl className="summary-list">
          <dt>Crime reference</dt>
          <dd>{track.crimeReference || "Not yet recorded"}</dd>
          <dt>Status</dt>
          <dd>{CRIMINAL_STATUS_LABELS[track.status]}</dd>
          <dt>Outcome</dt>
          <dd className="whitespace-pre-wrap">{track.outcome || "None yet"}</dd>
        </dl>
      )}
    </>
  );
}
