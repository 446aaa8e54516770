import { DeadlineStatus } from "./deadline-status";
import { AppLink } from "~/components/app-link";
import type { PortalPath } from "~/utils/portal-path";

export interface RiskItemRow {
  id: string;
  label: string;
  link: PortalPath;
  due: string;
  overdue: boolean;
  escalated: boolean;
}

/** Tracked risk items with their deadlines; an overdue row is marked in red and says so. */
export function RiskItemTable({ items, caption, empty }: { items: RiskItemRow[]; caption: string; empty: string }) {
  if (items.length === 0) return <p>{empty}</p>;
  return (
    <table className="table mb-8">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">What</th>
          <th scope="col">Deadline</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id} className={item.overdue ? "border-l-4 border-error" : undefined}>
            <td>
              <AppLink to={item.link}>{item.label}</AppLink>
            </td>
            <td>
              <DeadlineStatus overdue={item.overdue} escalated={item.escalated} due={item.due} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
