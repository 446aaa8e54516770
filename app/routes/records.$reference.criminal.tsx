import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useLoaderData, useNavigation, useSearchParams } from "react-router";
import { auditCaseEvent, caseActionStart, mayOnCase, readCasePage, withCaseAction } from "~/access/guard.server";
import { ErrorSummary, GroupedSelectField, TextAreaField, TextField, Notice } from "~/components/ui";
import { CriminalTrackSchema, criminalTrackView, updateCriminalTrack } from "~/models/cases/case-file.server";
import { CRIMINAL_STATUS_LABELS } from "~/models/cases/labels";
import { ChangeRejected, parseForm, readFormData, rejectedReply } from "~/utils/forms";
import { useFormReply } from "~/components/ui/use-form-reply";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

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
    const refused = await withCaseAction(context, reference, "updateCriminalTrack", "case.criminalTrack.update", async (tx, { id: caseId }) => {
      if (!parsed.ok) return parsed.reply;
      await updateCriminalTrack(tx, caseId, context.actor.id, parsed.data);
      await auditCaseEvent(context, tx, { action: "case.criminalTrack.update", caseId, outcome: "SUCCESS", details: { status: parsed.data.status } });
      return null;
    });
    if (refused) return { reply: refused };
  } catch (error) {
    if (error instanceof ChangeRejected) return { reply: rejectedReply(error.errors) };
    throw error;
  }
  throw redirect(`/records/${reference}/criminal?saved=1`);
}

export default function CriminalTrack() {
  const { reference, mayUpdate, track } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [searchParams] = useSearchParams();
  const saved = searchParams.get("saved") === "1" && !actionData;
  // After a clash with someone else's change, the form shows their version (the reply carries no typed values).
  const form = useFormReply("criminal-track", actionData?.reply, track);
  return (
    <>
      <p className="mb-2">
        <AppLink to={`/records/${reference}`}>Case {reference}</AppLink>
      </p>
      <h1>Criminal investigation</h1>
      <p className="mb-6 text-gray-700">Last changed {formatDateTime(new Date(track.updatedAt))}. The conduct investigator does not see this track.</p>
      {saved ? <Notice>Saved.</Notice> : null}
      {mayUpdate ? (
        <>
          <ErrorSummary errors={form.errors} order={["form", "crimeReference", "status", "outcome"]} />
          <Form method="post" {...form.formProps} className="max-w-2xl" key={track.version}>
            <input type="hidden" name="version" value={track.version} />
            <TextField
              name="crimeReference"
              label="Crime reference number"
              defaultValue={form.text("crimeReference")}
              error={form.errors.crimeReference}
              autoComplete="off"
            />
            <GroupedSelectField
              name="status"
              label="Status"
              options={Object.entries(CRIMINAL_STATUS_LABELS).map(([value, label]) => ({ value, label }))}
              defaultValue={form.text("status")}
              error={form.errors.status}
            />
            <TextAreaField name="outcome" label="Outcome (optional)" rows={4} defaultValue={form.text("outcome")} error={form.errors.outcome} />
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
