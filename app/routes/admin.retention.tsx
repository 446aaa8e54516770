import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { referralNow } from "~/models/referrals/timing.server";
import { PREVIEW_DAYS, retentionPreview } from "~/models/retention/preview.server";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Retention") }];

const RECORD_LABELS: Record<string, string> = {
  SUPPORT_DRAFT: "Unsent support requests (drafts)",
  SUPPORT_REQUEST: "Support requests",
  POLICE_SUSPECT_CASE: "Police-suspect cases, with their case files",
  AUDIT_EVENT: "The audit trail",
};

function period(months: number, days: number): string {
  if (months === 0 && days === 0) return "—";
  if (months === 0) return `${days} days`;
  return months % 12 === 0 ? `${months / 12} years` : `${months} months`;
}

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  // On the referral scheduler's clock, which the daily job uses too (end-to-end tests can move it).
  return { rules: await retentionPreview(context, referralNow()), days: PREVIEW_DAYS };
}

export default function Retention() {
  const { rules, days } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="mb-2">
        <AppLink to="/admin">Administration</AppLink>
      </p>
      <h1>Retention</h1>
      <p className="mb-4 max-w-3xl">
        Each day the portal deletes what this schedule says is due, leaving only a note that a record of that kind existed and when it was disposed of. Nothing
        under a legal hold is deleted. The counts below are what will be deleted in the next {days} days; they never say which records.
      </p>
      <table className="table">
        <caption className="sr-only">The retention schedule and what falls due in the next {days} days</caption>
        <thead>
          <tr>
            <th scope="col">Records</th>
            <th scope="col">Kept for</th>
            <th scope="col">Counted from when</th>
            <th scope="col">Deleted in the next {days} days</th>
            <th scope="col">Kept by a legal hold</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule) => (
            <tr key={rule.recordType}>
              <th scope="row">{RECORD_LABELS[rule.recordType] ?? rule.recordType}</th>
              <td>{rule.disposal === "KEEP" ? "Never deleted by the portal" : period(rule.keepMonths, rule.keepDays)}</td>
              <td>{rule.startsFrom}</td>
              <td data-testid={`due-${rule.recordType}`}>{rule.dueWithin ?? "—"}</td>
              <td>{rule.heldBack ?? "—"}</td>
              <td className="max-w-md">{rule.basis}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
