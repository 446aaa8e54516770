import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { ErrorSummary, GroupedSelectField, TextField } from "~/components/ui";
import { useFormReply } from "~/components/ui/use-form-reply";
import { drawSample, DrawSampleSchema } from "~/models/dip-sample/draw.server";
import { GRADES, MAX_SAMPLE, MIN_SAMPLE } from "~/models/dip-sample/questions";
import { dipSamplingOverview, sampleAreas } from "~/models/dip-sample/samples.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { ChangeRejected, parseForm, readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Dip-sampling") }];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  const overview = await dipSamplingOverview(context);
  return { ...overview, areas: overview.mayDraw ? await sampleAreas(context) : [] };
}

export async function action(args: ActionFunctionArgs) {
  const context = await requireUser(args);
  const parsed = parseForm(DrawSampleSchema, await readFormData(args.request));
  if (!parsed.ok) return { reply: parsed.reply };
  try {
    const sample = await drawSample(context, parsed.data);
    throw redirect(`/oversight/dip-samples/${sample.id}`);
  } catch (error) {
    if (error instanceof ChangeRejected) return { reply: parsed.reject(error.errors) };
    throw error;
  }
}

export default function DipSamples() {
  const { samples, assigned, mayDraw, areas } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useFormReply("draw-sample", actionData?.reply, { size: "10", area: "" });
  return (
    <>
      <p className="mb-2">
        <AppLink to="/oversight">Oversight</AppLink>
      </p>
      <h1>Dip-sampling of closed cases</h1>
      <p className="mb-6 max-w-2xl">
        A random sample of police-suspect cases closed in the last 12 months, each reviewed for the quality of its handling by someone in professional standards
        who has no conflict on it.
      </p>
      <section aria-labelledby="assigned" className="mb-10">
        <h2 id="assigned">Cases assigned to you for review</h2>
        {assigned.length === 0 ? (
          <p>No case is assigned to you.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Case</th>
                <th scope="col">Closed</th>
                <th scope="col">Sampled</th>
                <th scope="col">Review</th>
              </tr>
            </thead>
            <tbody>
              {assigned.map((item) => (
                <tr key={item.id}>
                  <td>
                    <AppLink to={`/records/${item.case.reference}/quality-review`}>{item.case.reference}</AppLink>
                  </td>
                  <td>{item.case.closedAt ? formatDate(new Date(item.case.closedAt)) : "Open again"}</td>
                  <td>{formatDate(new Date(item.sample.drawnAt))}</td>
                  <td>{item.reviewedAt ? `Recorded: ${GRADES.find((grade) => grade.value === item.grade)?.label ?? ""}` : "To do"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {mayDraw ? (
        <>
          <section aria-labelledby="samples" className="mb-10">
            <h2 id="samples">Samples</h2>
            {samples.length === 0 ? (
              <p>No sample has been drawn yet.</p>
            ) : (
              <table className="table">
                <caption className="sr-only">Samples drawn, with their outcomes as counts</caption>
                <thead>
                  <tr>
                    <th scope="col">Drawn</th>
                    <th scope="col">Area</th>
                    <th scope="col">Cases</th>
                    <th scope="col">Reviewed</th>
                    {GRADES.map((grade) => (
                      <th key={grade.value} scope="col">
                        {grade.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {samples.map((sample) => (
                    <tr key={sample.id}>
                      <td>
                        <AppLink to={`/oversight/dip-samples/${sample.id}`}>{formatDateTime(new Date(sample.drawnAt))}</AppLink>
                        <span className="block text-gray-700">by {sample.drawnBy}</span>
                      </td>
                      <td>{sample.area}</td>
                      <td>{sample.outcomes.drawn}</td>
                      <td>{sample.outcomes.reviewed}</td>
                      {GRADES.map((grade) => (
                        <td key={grade.value}>{sample.outcomes.grades[grade.value] ?? 0}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section aria-labelledby="draw">
            <h2 id="draw">Draw a sample</h2>
            <ErrorSummary errors={form.errors} order={["form", "size", "area"]} />
            <Form method="post" {...form.formProps} className="max-w-2xl">
              <TextField
                name="size"
                label="How many cases"
                hint={`From ${MIN_SAMPLE} to ${MAX_SAMPLE}. If fewer cases were closed, all of them are taken.`}
                inputMode="numeric"
                className="w-24"
                defaultValue={form.text("size")}
                error={form.errors.size}
              />
              <GroupedSelectField
                name="area"
                label="Area"
                blank="The whole force"
                options={areas.map((area) => ({ value: area.id, label: area.name }))}
                defaultValue={form.text("area")}
                error={form.errors.area}
              />
              <button type="submit" className="button" disabled={busy}>
                {busy ? "Drawing…" : "Draw the sample"}
              </button>
            </Form>
          </section>
        </>
      ) : null}
    </>
  );
}
