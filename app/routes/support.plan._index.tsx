import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { MEASURE_STATUS_LABELS } from "~/models/safety-plan/labels";
import { myPlan, planLedger } from "~/models/safety-plan/ledger.server";
import { referralNow } from "~/models/referrals/timing.server";
import { formatDateTime, formatDay, ukToday } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Support") }];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  const [plan, ledger] = [await myPlan(context), await planLedger(context)];
  const today = ukToday(referralNow());
  return {
    plan: plan.map((row) => ({
      ...row,
      status: MEASURE_STATUS_LABELS[row.status],
      reviewOn: row.reviewOn ? formatDay(row.reviewOn) : "—",
      // A review date that has passed on a measure still planned or in place (docs/features/risk-escalation.md).
      reviewOverdue: row.reviewOn !== null && row.status !== "ENDED" && row.reviewOn < today,
    })),
    grants: ledger.grants.map((row) => ({
      ...row,
      grantedAt: formatDateTime(row.grantedAt),
      withdrawnAt: row.withdrawnAt ? formatDateTime(row.withdrawnAt) : null,
    })),
    opened: ledger.opened.map((row) => ({
      ...row,
      at: formatDateTime(row.at),
    })),
  };
}

export default function SafetyPlan() {
  const { plan, grants, opened } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="mb-2">
        <AppLink to="/support">Support</AppLink>
      </p>
      <h1>Your safety plan at work</h1>
      <p className="mb-6 max-w-3xl">
        The measures you agree to keep you safe at work. Each one is yours: you choose who may see it, one measure at a time, and you can stop that at any time.
        Someone you let see a measure sees that measure only, never your requests, messages or the rest of your plan.
      </p>
      <p className="mb-6">
        <AppLink to="/support/plan/new" className="button no-underline">
          Add a measure
        </AppLink>
      </p>

      <h2>Measures</h2>
      {plan.length === 0 ? (
        <p className="mb-6">You have no measures yet.</p>
      ) : (
        <table className="mb-8 w-full">
          <caption className="sr-only">Your measures</caption>
          <thead>
            <tr>
              <th scope="col">Measure</th>
              <th scope="col">Who sees to it</th>
              <th scope="col">Status</th>
              <th scope="col">Review</th>
            </tr>
          </thead>
          <tbody>
            {plan.map((row) => (
              <tr key={row.id}>
                <td>
                  <AppLink to={`/support/plan/${row.id}`}>{row.name}</AppLink>
                  {row.agreed ? null : <span className="hint">Proposed: waiting for you to agree</span>}
                </td>
                <td>{row.owner ?? "—"}</td>
                <td>{row.status}</td>
                <td className={row.reviewOverdue ? "font-semibold text-error" : undefined}>
                  {row.reviewOn}
                  {row.reviewOverdue ? <span className="block">Review overdue</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2 id="plan-ledger">Who can see your plan</h2>
      {grants.length === 0 ? (
        <p className="mb-6">Nobody else. Your supporter sees the measures you work on with them.</p>
      ) : (
        <table className="mb-8 w-full">
          <caption className="sr-only">Who you let see which measure</caption>
          <thead>
            <tr>
              <th scope="col">Measure</th>
              <th scope="col">Who</th>
              <th scope="col">From</th>
              <th scope="col">Until</th>
            </tr>
          </thead>
          <tbody>
            {grants.map((row) => (
              <tr key={row.id}>
                <td>
                  <AppLink to={`/support/plan/${row.measureId}`}>{row.measure}</AppLink>
                </td>
                <td>{row.to}</td>
                <td>{row.grantedAt}</td>
                <td>{row.withdrawnAt ? `Withdrawn ${row.withdrawnAt}` : "Now"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Who has opened your measures</h2>
      {opened.length === 0 ? (
        <p className="mb-6">Nobody but you.</p>
      ) : (
        <ul className="mb-8">
          {opened.map((row) => (
            <li key={row.id}>
              {row.at}: {row.who}. {row.what}: {row.measure}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
