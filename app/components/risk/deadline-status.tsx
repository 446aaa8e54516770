/** Where an item stands against its deadline: overdue in red, and always in words too (never colour alone). */
export function DeadlineStatus({ overdue, escalated, due }: { overdue: boolean; escalated: boolean; due: string }) {
  if (!overdue) return <span>Due by {due}</span>;
  return (
    <span className="font-semibold text-error">
      Overdue: was due by {due}
      {escalated ? " (escalated)" : ""}
    </span>
  );
}
