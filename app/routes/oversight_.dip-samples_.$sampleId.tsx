import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { notFound } from "~/access/errors.server";
import { requireUser } from "~/access/request-context.server";
import { ANSWERS, GRADES, QUALITY_QUESTIONS } from "~/models/dip-sample/questions";
import { readDipSample } from "~/models/dip-sample/samples.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { isId } from "~/utils/ids";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Dip sample") }];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  const id = args.params.sampleId;
  if (!isId(id)) notFound();
  return { sample: await readDipSample(context, id) };
}

const gradeLabel = (value: string | null) => GRADES.find((grade) => grade.value === value)?.label ?? "";

export default function DipSample() {
  const { sample } = useLoaderData<typeof loader>();
  const { outcomes } = sample;
  return (
    <>
      <p className="mb-2">
        <AppLink to="/oversight/dip-samples">Dip-sampling</AppLink>
      </p>
      <h1>Sample drawn {formatDateTime(new Date(sample.drawnAt))}</h1>
      <dl className="summary-list mb-8">
        <dt>Drawn by</dt>
        <dd>{sample.drawnBy}</dd>
        <dt>Cases closed</dt>
        <dd>
          from {formatDate(new Date(sample.windowFrom))} to {formatDate(new Date(sample.windowTo))}, {sample.area}
        </dd>
        <dt>Drawn</dt>
        <dd>
          {outcomes.drawn} of {sample.populationSize} (asked for {sample.requestedSize}); {outcomes.assigned} with a reviewer, {outcomes.reviewed} reviewed
        </dd>
        <dt>The draw, for audit</dt>
        <dd className="break-all">
          Seed <code>{sample.seed}</code>; population digest <code>{sample.populationDigest}</code>. Each case&rsquo;s key is HMAC-SHA256 of its id under the
          seed; the sample is the lowest keys.
        </dd>
      </dl>

      <h2>Outcomes</h2>
      <table className="table mb-8">
        <caption className="sr-only">Grades given</caption>
        <thead>
          <tr>
            {GRADES.map((grade) => (
              <th key={grade.value} scope="col">
                {grade.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            {GRADES.map((grade) => (
              <td key={grade.value}>{outcomes.grades[grade.value] ?? 0}</td>
            ))}
          </tr>
        </tbody>
      </table>
      <table className="table mb-8">
        <caption className="sr-only">Answers to each question</caption>
        <thead>
          <tr>
            <th scope="col">Question</th>
            {ANSWERS.map((answer) => (
              <th key={answer.value} scope="col">
                {answer.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {QUALITY_QUESTIONS.map((question) => (
            <tr key={question.key}>
              <th scope="row">{question.question}</th>
              {ANSWERS.map((answer) => (
                <td key={answer.value}>{outcomes.answers[question.key]?.[answer.value] ?? 0}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Cases</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Drawn</th>
            <th scope="col">Case</th>
            <th scope="col">Closed</th>
            <th scope="col">Reviewer</th>
            <th scope="col">Grade</th>
          </tr>
        </thead>
        <tbody>
          {sample.items.map((item) => (
            <tr key={item.position}>
              <td>{item.position}</td>
              <td>{item.reference}</td>
              <td>{item.closedAt ? formatDate(new Date(item.closedAt)) : "Open again"}</td>
              <td>{item.reviewer ?? "Nobody in professional standards is free of conflict on it"}</td>
              <td>{item.reviewedAt ? gradeLabel(item.grade) : "Not reviewed yet"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
