import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, useLoaderData } from "react-router";
import { listAccessible, requireArea } from "~/access/guard.server";
import { requireUser } from "~/access/request-context.server";
import { PeopleTable } from "~/components/people-table";
import { listPeoplePage, toPeopleTableRow } from "~/models/people/person.server";
import { PEOPLE_PAGE_SIZE } from "~/models/people/person-rules";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";
import type { PortalPath } from "~/utils/portal-path";

export const meta: MetaFunction = () => [{ title: pageTitle("People") }];

const MAX_PAGE = 100_000;

/** `?page=`: a whole number from 1; anything else is page 1 (never an error). */
function pageParam(value: string | null): number {
  const page = value && /^\d{1,6}$/.test(value) ? Number(value) : 1;
  return Math.min(Math.max(page, 1), MAX_PAGE);
}

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  await requireArea(context, "AdminArea");
  const url = args.url;
  // Without NUL, which PostgreSQL refuses in a query (a 500).
  const q = (url.searchParams.get("q") ?? "").replaceAll("\u0000", "").trim().slice(0, 100);
  const page = pageParam(url.searchParams.get("page"));
  let total = 0;
  const rows = await listAccessible(
    context,
    "Person",
    async (tx, scope) => {
      const result = await listPeoplePage(tx, scope, { q, page });
      total = result.total;
      return result.rows;
    },
    { page, ...(q ? { search: q } : {}) },
  );
  return {
    q,
    page,
    total,
    pages: Math.max(1, Math.ceil(total / PEOPLE_PAGE_SIZE)),
    pageSize: PEOPLE_PAGE_SIZE,
    people: rows.map(toPeopleTableRow),
  };
}

function pageLink(q: string, page: number): PortalPath {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  if (page > 1) params.set("page", String(page));
  const search = params.toString();
  return search ? `/admin/people?${search}` : "/admin/people";
}

export default function People() {
  const { q, page, total, pages, pageSize, people } = useLoaderData<typeof loader>();
  const first = (page - 1) * pageSize + 1;
  const last = first + people.length - 1;
  return (
    <>
      <p className="mb-2">
        <AppLink to="/admin">Administration</AppLink>
      </p>
      <h1>People</h1>
      <p className="mb-6">
        <AppLink to="/admin/people/new" className="button">
          Add a person
        </AppLink>
      </p>
      <Form method="get" role="search" className="mb-6 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="q" className="label">
            Search by name or email
          </label>
          <input id="q" name="q" type="search" defaultValue={q} maxLength={100} className="input" />
        </div>
        <button type="submit" className="button-secondary">
          Search
        </button>
        {q ? <AppLink to="/admin/people">Clear the search</AppLink> : null}
      </Form>
      <p role="status" className="mb-4">
        {total === 0
          ? q
            ? `Nobody matches “${q}”.`
            : "There is nobody to show."
          : people.length === 0
            ? `There are ${total.toLocaleString("en-GB")} people, but none on this page.`
            : `Showing ${first.toLocaleString("en-GB")} to ${last.toLocaleString("en-GB")} of ${total.toLocaleString("en-GB")} ${total === 1 ? "person" : "people"}${q ? ` matching “${q}”` : ""}.`}
      </p>
      {people.length > 0 ? <PeopleTable people={people} caption={`People, page ${page} of ${pages}`} /> : null}
      {pages > 1 || page > 1 ? (
        <nav aria-label="Pages of people" className="flex flex-wrap items-center gap-4">
          {page > 1 ? (
            <AppLink to={pageLink(q, Math.min(page - 1, pages))} rel="prev">
              Previous page
            </AppLink>
          ) : null}
          <span>
            Page {page} of {pages}
          </span>
          {page < pages ? (
            <AppLink to={pageLink(q, page + 1)} rel="next">
              Next page
            </AppLink>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}
