import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useLoaderData, useNavigation, useSearchParams } from "react-router";
import { auditCaseEvent, caseActionStart, mayOnCase, readCasePage, withCaseAction } from "~/access/guard.server";
import { ErrorSummary, GroupedSelectField, RadioGroup, TextAreaField, Notice } from "~/components/ui";
import { ConductTrackSchema, conductTrackView, updateConductTrack } from "~/models/cases/case-file.server";
import { DUTIES_LABELS, MATTER_TYPE_LABELS } from "~/models/cases/labels";
import { ChangeRejected, parseForm, readFormData, rejectedReply } from "~/utils/forms";
import { useFormReply } from "~/components/ui/use-form-reply";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Conduct track") }];

const FIELDS = ["form", "matterType", "assessment", "dutiesDecision", "dutiesRationale", "outcome", "misconductProceedings"];

export async function loader(args: LoaderFunctionArgs) {
  return readCasePage(args, "readConductTrack", "access.read.conductTrack", async (tx, { id: caseId }, context) => ({
    mayUpdate: (await mayOnCase(context, caseId, ["updateConductTrack"], tx)).updateConductTrack,
    track: await conductTrackView(tx, caseId),
  }));
}

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  const { context, reference } = await caseActionStart(args);
  const formData = await readFormData(request);
  const parsed = parseForm(ConductTrackSchema, formData);
  try {
    const refused = await withCaseAction(context, reference, "updateConductTrack", "case.conductTrack.update", async (tx, { id: caseId }) => {
      if (!parsed.ok) return parsed.reply;
      await updateConductTrack(tx, caseId, context.actor.id, parsed.data);
      await auditCaseEvent(context, tx, {
        action: "case.conductTrack.update",
        caseId,
        outcome: "SUCCESS",
        details: { dutiesDecision: parsed.data.dutiesDecision },
      });
      return null;
    });
    if (refused) return { reply: refused };
  } catch (error) {
    // Someone else saved first: the page shows their version, not what was typed over it.
    if (error instanceof ChangeRejected) return { reply: rejectedReply(error.errors) };
    throw error;
  }
  throw redirect(`/records/${reference}/conduct?saved=1`);
}

export default function ConductTrack() {
  const { reference, mayUpdate, track } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [searchParams] = useSearchParams();
  const saved = searchParams.get("saved") === "1" && !actionData;
  const form = useFormReply("conduct", actionData?.reply, track);
  return (
    <>
      <p className="mb-2">
        <AppLink to={`/records/${reference}`}>Case {reference}</AppLink>
      </p>
      <h1>Conduct matter</h1>
      <p className="mb-6 text-gray-700">
        Every allegation is also a complaint or conduct matter. Last changed {formatDateTime(new Date(track.updatedAt))}. The criminal investigator does not see
        this track.
      </p>
      {saved ? <Notice>Saved.</Notice> : null}
      {mayUpdate ? (
        <>
          <ErrorSummary errors={form.errors} order={FIELDS} />
          <Form method="post" {...form.formProps} className="max-w-2xl" key={track.version}>
            <input type="hidden" name="version" value={track.version} />
            <RadioGroup
              name="matterType"
              legend="Recorded as"
              options={Object.entries(MATTER_TYPE_LABELS).map(([value, label]) => ({ value, label }))}
              defaultValue={form.text("matterType")}
              error={form.errors.matterType}
            />
            <TextAreaField name="assessment" label="Assessment (optional)" rows={4} defaultValue={form.text("assessment")} error={form.errors.assessment} />
            <GroupedSelectField
              name="dutiesDecision"
              label="Suspension or restriction of duties"
              options={Object.entries(DUTIES_LABELS).map(([value, label]) => ({ value, label }))}
              defaultValue={form.text("dutiesDecision")}
              error={form.errors.dutiesDecision}
            />
            <TextAreaField
              name="dutiesRationale"
              label="Rationale for that decision"
              hint="Required once the question has been considered."
              rows={3}
              defaultValue={form.text("dutiesRationale")}
              error={form.errors.dutiesRationale}
            />
            <TextAreaField name="outcome" label="Outcome (optional)" rows={3} defaultValue={form.text("outcome")} error={form.errors.outcome} />
            <TextAreaField
              name="misconductProceedings"
              label="Misconduct proceedings (optional)"
              rows={3}
              defaultValue={form.text("misconductProceedings")}
              error={form.errors.misconductProceedings}
            />
            <button type="submit" className="button" disabled={busy}>
              Save the conduct matter
            </button>
          </Form>
        </>
      ) : (
        <dl className="summary-list">
          <dt>Recorded as</dt>
          <dd>{MATTER_TYPE_LABELS[track.matterType]}</dd>
          <dt>Assessment</dt>
          <dd className="whitespace-pre-wrap">{track.assessment || "None yet"}</dd>
          <dt>Suspension or restriction</dt>
          <dd>
            {DUTIES_LABELS[track.dutiesDecision]}
            {track.dutiesRationale ? <span className="block whitespace-pre-wrap">{track.dutiesRationale}</span> : null}
          </dd>
          <dt>Outcome</dt>
          <dd className="whitespace-pre-wrap">{track.outcome || "None yet"}</dd>
          <dt>Misconduct proceedings</dt>
          <dd className="whitespace-pre-wrap">{track.misconductProceedings || "None"}</dd>
        </dl>
      )}
    </>
  );
}
