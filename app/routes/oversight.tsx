import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { requireArea } from "~/access/guard.server";
import { requireUser } from "~/access/request-context.server";
import { CRIMINAL_STATUS_LABELS } from "~/models/cases/labels";
import { oversightDashboard } from "~/models/cases/oversight.server";
import { QuietReads } from "~/components/oversight/quiet-reads";
import { OverduePlanReviews } from "~/components/oversight/overdue-plan-reviews";
import { RiskItemTable } from "~/components/risk/risk-item-table";
import { overdueRiskItems } from "~/models/risk/item-lists.server";
import { formatDateTime } from "~/utils/dates";
import { quietReadsForReview } from "~/models/oversight/quiet-reads.server";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Oversight") }];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  await requireArea(context, "CaseOversight");
  const riskOverdue = (await overdueRiskItems(context)).map((item) => ({ ...item, due: formatDateTime(item.dueAt) }));
  return { ...(await oversightDashboard(context)), quietReads: await quietReadsForReview(context), riskOverdue };
}

function Count({ name, counts, labels }: { name: string; counts: Record<string, number>; labels: Record<string, string> }) {
  return (
    <li className="mb-2">
      <AppLink to={`/records?show=${name}`}>
        <strong className="mr-2 text-2xl">{counts[name] ?? 0}</strong>
        {labels[name]}
      </AppLink>
    </li>
  );
}

export default function Oversight() {
  const { counts, labels, alertsAwaitingReview, breakGlassUses, criminalStatus, mayReviewAlerts, chains, quietReads, overdueReviews, riskOverdue } =
    useLoaderData<typeof loader>();
  const group = (title: string, names: string[]) => (
    <section aria-labelledby={`group-${title}`} className="mb-8">
      <h2 id={`group-${title}`}>{title}</h2>
      <ul className="list-none">
        {names.map((name) => (
          <Count key={name} name={name} counts={counts} labels={labels} />
        ))}
      </ul>
    </section>
  );
  return (
    <>
      <h1>Oversight</h1>
      <p className="mb-6">Police-suspect cases you are not conflicted on. Each figure opens the list behind it.</p>
      <section aria-labelledby="group-attention" className="mb-8">
        <h2 id="group-attention">Needs attention</h2>
        <ul className="list-none">
          <li className="mb-2">
            {mayReviewAlerts ? (
              <AppLink to="/alerts">
                <strong className="mr-2 text-2xl">{alertsAwaitingReview}</strong>Alerts awaiting review
              </AppLink>
            ) : (
              <>
                <strong className="mr-2 text-2xl">{alertsAwaitingReview}</strong>Alerts awaiting review by professional standards
              </>
            )}
          </li>
          <li className="mb-2">
            <AppLink to="/records?show=break-glass-30-days">
              <strong className="mr-2 text-2xl">{breakGlassUses}</strong>Break-glass uses in the last 30 days
            </AppLink>
          </li>
          <Count name="declarations-outstanding" counts={counts} labels={labels} />
          <Count name="declarations-awaiting-review" counts={counts} labels={labels} />
          <Count name="no-ownership" counts={counts} labels={labels} />
          <Count name="no-restriction" counts={counts} labels={labels} />
          <Count name="duties-not-considered" counts={counts} labels={labels} />
        </ul>
      </section>
      <QuietReads awaiting={quietReads.awaiting} reviewed={quietReads.reviewed} />
      <ReferralChains chains={chains} />
      <OverduePlanReviews overdue={overdueReviews} />
      <section aria-labelledby="group-risk-deadlines" className="mb-8">
        <h2 id="group-risk-deadlines">Risk deadlines overdue</h2>
        <p className="mb-4">
          Threat-to-life decisions, MARAC and IDVA referrals, first contact and acknowledgement past their deadline, on records you may see.
        </p>
        <RiskItemTable items={riskOverdue} caption="Risk deadlines overdue" empty="None overdue." />
      </section>
      {group("Open cases by age", ["open", "open-under-1-month", "open-1-to-3-months", "open-3-to-12-months", "open-over-12-months"])}
      {group("Suspension and outcomes", ["suspended-or-restricted", "closed-last-12-months"])}
      <section aria-labelledby="group-criminal" className="mb-8">
        <h2 id="group-criminal">Criminal investigations of open cases</h2>
        {criminalStatus.length === 0 ? (
          <p>None.</p>
        ) : (
          <ul className="list-none">
            {criminalStatus.map((row) => (
              <li key={row.status} className="mb-1">
                <strong className="mr-2">{row.count}</strong>
                {CRIMINAL_STATUS_LABELS[row.status]}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function duration(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ${minutes % 60} min` : `${Math.floor(hours / 24)} days`;
}

function ReferralChains({
  chains,
}: {
  chains: {
    reference: string;
    reportedAt: string;
    overdueSteps: number;
    stepsWithoutRecipient: number;
    minutesToFullReferral: number | null;
    employerUpdateOverdue: boolean;
  }[];
}) {
  const needing = chains.filter((chain) => chain.overdueSteps || chain.stepsWithoutRecipient || chain.employerUpdateOverdue);
  return (
    <section aria-labelledby="group-chains" className="mb-8">
      <h2 id="group-chains">Referral chains</h2>
      <p className="mb-4">
        {needing.length
          ? `${needing.length} open ${needing.length === 1 ? "case has" : "cases have"} a chain needing attention.`
          : "No open chain has an overdue step."}
      </p>
      {chains.length ? (
        <table className="table">
          <caption className="sr-only">Referral chains of open cases, those needing attention first</caption>
          <thead>
            <tr>
              <th scope="col">Case</th>
              <th scope="col">Overdue steps</th>
              <th scope="col">Steps with nobody to receive them</th>
              <th scope="col">Report to full referral</th>
            </tr>
          </thead>
          <tbody>
            {chains.map((chain) => (
              <tr key={chain.reference}>
                <td>
                  <AppLink to={`/records/${chain.reference}/referrals`} className="font-mono">
                    {chain.reference}
                  </AppLink>
                </td>
                <td className={chain.overdueSteps ? "font-semibold text-error" : undefined}>{chain.overdueSteps}</td>
                <td className={chain.stepsWithoutRecipient ? "font-semibold text-error" : undefined}>{chain.stepsWithoutRecipient}</td>
                <td>
                  {chain.minutesToFullReferral === null ? "Not yet complete" : duration(chain.minutesToFullReferral)}
                  {chain.employerUpdateOverdue ? <span className="block text-sm font-semibold text-error">Employer force update overdue</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
