import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { redirect } from "react-router";
import { Form, useLoaderData } from "react-router";
import { can } from "~/access/guard.server";
import { requireUser } from "~/access/request-context.server";
import { TextField } from "~/components/ui";
import { CASES_PAGE_SIZE, casesPage, searchCaseByReference } from "~/models/cases/list.server";
import { oversightFilter } from "~/models/cases/oversight.server";
import { normaliseReference } from "~/models/cases/case.server";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";
import type { PortalPath } from "~/utils/portal-path";

export const meta: MetaFunction = () => [{ title: pageTitle("Records") }];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  const url = args.url;
  const typed = (url.searchParams.get("reference") ?? "").trim();

  // A search by reference: straight to the case if the person may open it; otherwise "not found", audited, and PSD
  // alerted if such a case exists. Someone who may break the glass is offered that instead.
  let search: { typed: string; error?: string; breakGlass?: string } | null = null;
  if (typed) {
    const reference = normaliseReference(typed);
    if (!reference) {
      search = { typed, error: "Enter a reference in the form ABCD-2345" };
    } else {
      const outcome = await searchCaseByReference(context, reference);
      if (outcome === "open") throw redirect(`/records/${reference}`);
      const error = "No case that you can open has that reference. Check it and try again.";
      search = outcome === "break-glass" ? { typed, error, breakGlass: reference } : { typed, error };
    }
  }

  // The oversight dashboard's figures open filtered lists (only for those who oversee).
  const oversight = can(context.ability, "read", "CaseOversight");
  const showName = url.searchParams.get("show") ?? "";
  const filter = oversight ? oversightFilter(showName) : undefined;
  const pageParam = Number(url.searchParams.get("page") ?? "1");
  const page = Number.isInteger(pageParam) && pageParam >= 1 && pageParam <= 10_000 ? pageParam : 1;
  const { cases, submitted, updates, referrals } = await casesPage(context, { page, filter: filter ? { name: showName, where: filter.where } : undefined });
  return {
    search,
    cases: cases.slice(0, CASES_PAGE_SIZE).map((row) => ({ reference: row.reference, status: row.status, reportedAt: row.reportedAt.toISOString() })),
    pager: { page, hasNext: cases.length > CASES_PAGE_SIZE, show: filter ? showName : null },
    submitted: submitted.map((row) => ({ reference: row.reference, reportedAt: row.reportedAt.toISOString() })),
    updates: updates.map((row) => row.reference),
    referrals,
    oversight,
    filterLabel: filter?.label ?? null,
  };
}

export default function Cases() {
  const { search, cases, submitted, updates, referrals, oversight, filterLabel, pager } = useLoaderData<typeof loader>();
  const pageLink = (page: number): PortalPath => `/records?${new URLSearchParams({ ...(pager.show ? { show: pager.show } : {}), page: String(page) })}`;
  return (
    <>
      <h1>Cases</h1>
      <p className="mb-6">
        <AppLink to="/records/new" className="button">
          Record a report
        </AppLink>
      </p>
      <Form method="get" className="mb-8 max-w-2xl" role="search" aria-label="Find a case by reference">
        <div className="flex items-end gap-2">
          <div className="grow">
            <TextField
              name="reference"
              label="Find a case by its reference"
              hint="For example ABCD-2345."
              defaultValue={search?.typed ?? ""}
              error={search?.error}
              autoComplete="off"
              spellCheck={false}
            />
          </div>
          <button type="submit" className="button-secondary mb-5">
            Find
          </button>
        </div>
        {search?.breakGlass ? (
          <p className="mb-4">
            If someone is at risk now, you can <AppLink to={`/records/${search.breakGlass}/break-glass`}>use emergency access</AppLink>. It is recorded and
            reviewed.
          </p>
        ) : null}
      </Form>

      {referrals.length ? (
        <section aria-labelledby="referrals-heading" className="mb-8">
          <h2 id="referrals-heading">Referrals for you</h2>
          <ul className="list-disc pl-6">
            {referrals.map((referral) => (
              <li key={referral.id}>
                <AppLink to={`/referrals/${referral.id}`}>
                  {referral.notice ? "A notice for you as a commander" : `Referral: ${referral.roleLabel.toLowerCase()}, record ${referral.reference}`}
                </AppLink>
                {referral.sentAt ? `, sent ${formatDateTime(new Date(referral.sentAt))}` : ""}
                {referral.dueAt ? (
                  <span className={referral.overdue ? "font-semibold text-error" : undefined}>
                    {referral.overdue ? ". Overdue: acknowledge now" : `. Acknowledge by ${formatDateTime(new Date(referral.dueAt))}`}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {updates.length ? (
        <section aria-labelledby="updates-heading" className="mb-8">
          <h2 id="updates-heading">Updates for you</h2>
          <ul className="list-disc pl-6">
            {updates.map((reference) => (
              <li key={reference}>
                <AppLink to={`/records/${reference}/updates`}>Progress updates for {reference}</AppLink>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <h2>{filterLabel ?? (oversight ? "Cases under oversight" : "Cases you are on")}</h2>
      {filterLabel ? (
        <p className="mb-4">
          <AppLink to="/records">Show all</AppLink> · <AppLink to="/oversight">Back to oversight</AppLink>
        </p>
      ) : null}
      {cases.length === 0 ? (
        <p className="mb-8">None.</p>
      ) : (
        <table className="table mb-8">
          <caption className="sr-only">Cases</caption>
          <thead>
            <tr>
              <th scope="col">Reference</th>
              <th scope="col">Recorded</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {cases.map((row) => (
              <tr key={row.reference}>
                <td>
                  <AppLink to={`/records/${row.reference}`} className="font-mono">
                    {row.reference}
                  </AppLink>
                </td>
                <td>{formatDateTime(new Date(row.reportedAt))}</td>
                <td>{row.status === "OPEN" ? "Open" : "Closed"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pager.page > 1 || pager.hasNext ? (
        <nav aria-label="Pages of cases" className="mb-8 flex gap-6">
          {pager.page > 1 ? <AppLink to={pageLink(pager.page - 1)}>Newer cases</AppLink> : null}
          <span>Page {pager.page}</span>
          {pager.hasNext ? <AppLink to={pageLink(pager.page + 1)}>Older cases</AppLink> : null}
        </nav>
      ) : null}

      <h2>Reports you recorded</h2>
      {submitted.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul className="list-disc pl-6">
          {submitted.map((row) => (
            <li key={row.reference}>
              <AppLink to={`/records/submitted/${row.reference}`} className="font-mono">
                {row.reference}
              </AppLink>{" "}
              recorded {formatDateTime(new Date(row.reportedAt))}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
