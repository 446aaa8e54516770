import { AppLink } from "~/components/app-link";

/** Cases whose suspect's risk and duties plan has a decision past its review date: the reference and a count, no more. */
export function OverduePlanReviews({ overdue }: { overdue: { reference: string; overdueItems: number }[] }) {
  return (
    <section aria-labelledby="group-plan-reviews" className="mb-8">
      <h2 id="group-plan-reviews">Suspects' risk and duties plans</h2>
      {overdue.length ? (
        <ul className="list-none">
          {overdue.map((row) => (
            <li key={row.reference} className="mb-2">
              <AppLink to={`/records/${row.reference}/suspect-plan`}>
                <span className="font-mono">{row.reference}</span>:{" "}
                <strong className="text-error">
                  {row.overdueItems} {row.overdueItems === 1 ? "review" : "reviews"} overdue
                </strong>
              </AppLink>
            </li>
          ))}
        </ul>
      ) : (
        <p>No plan you can see has a review overdue.</p>
      )}
    </section>
  );
}
