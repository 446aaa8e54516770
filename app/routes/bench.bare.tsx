import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { notFound } from "~/access/errors.server";
import { db } from "~/db.server";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = () => [{ title: pageTitle("Benchmark baseline") }];

/**
 * The benchmark's baseline: the same 50 rows as the guarded people list, with no session, guard or audit.
 * It exists only when the server is started with BENCH_PAGES=1 (npm run bench does that), never otherwise.
 */
export async function loader() {
  if (process.env.BENCH_PAGES !== "1") notFound();
  const people = await db().person.findMany({
    take: 50,
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { id: "asc" }],
    select: { id: true, firstName: true, lastName: true, preferredName: true, workEmail: true, rank: true, unit: { select: { name: true } } },
  });
  return { people };
}

export default function BareList() {
  const { people } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>People</h1>
      <table className="table">
        <caption className="sr-only">People</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Rank</th>
            <th scope="col">Unit</th>
          </tr>
        </thead>
        <tbody>
          {people.map((person) => (
            <tr key={person.id}>
              <td>{person.preferredName ?? person.firstName} {person.lastName}</td>
              <td>{person.workEmail}</td>
              <td>{person.rank ?? "Staff"}</td>
              <td>{person.unit?.name ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
