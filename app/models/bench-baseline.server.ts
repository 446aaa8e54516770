// The benchmark's yardstick (docs/benchmarks.md): the first page of people exactly as /admin/people reads it, by the
// same query, but with no session, guard, access scope or audit, so that what the guarded pages cost is measured
// against it. Only the bench build has the page that calls it (/bench/bare, ADR 018). Never use it for a real page.
import { db } from "~/db.server";
import { listPeoplePage, toPeopleTableRow } from "~/models/people/person.server";

export async function bareFirstPageOfPeople() {
  const { rows } = await listPeoplePage(db(), {}, { q: "", page: 1 });
  return rows.map(toPeopleTableRow);
}
