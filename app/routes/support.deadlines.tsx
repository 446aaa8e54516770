// The tracked risk items a person owns (docs/features/risk-escalation.md): overdue ones first, in red and in words.
import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { RiskItemTable } from "~/components/risk/risk-item-table";
import { myRiskItems } from "~/models/risk/item-lists.server";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Support") }];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  const items = await myRiskItems(context);
  return { items: items.map((item) => ({ ...item, due: formatDateTime(item.dueAt) })) };
}

export default function MyDeadlines() {
  const { items } = useLoaderData<typeof loader>();
  const overdue = items.filter((item) => item.overdue).length;
  return (
    <>
      <p className="mb-2">
        <AppLink to="/support">Support</AppLink>
      </p>
      <h1>Your risk deadlines</h1>
      <p className="mb-6 max-w-2xl">
        Threat-to-life decisions, MARAC and IDVA referrals, first contact and acknowledgement that are yours to see to, soonest due first.
        {overdue > 0 ? ` ${overdue} overdue.` : ""}
      </p>
      <RiskItemTable items={items} caption="Your risk deadlines" empty="Nothing is waiting for you." />
    </>
  );
}
