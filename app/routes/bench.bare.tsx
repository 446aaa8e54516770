import type { MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { notFound } from "~/access/errors.server";
import { env } from "~/config/env.server";
import { PeopleTable } from "~/components/people-table";
import { bareFirstPageOfPeople } from "~/models/bench-baseline.server";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = () => [{ title: pageTitle("Benchmark baseline") }];

/**
 * The benchmark's baseline: the same 50 rows as the first page of /admin/people, read by the same query and rendered
 * by the same table, with no session, guard, access scope or audit (app/models/bench-baseline.server.ts). It is in
 * the benchmark's build alone (remix.config.js, ADR 018), and there answers only when the server is started with
 * BENCH_PAGES=1 (npm run bench does).
 */
export async function loader() {
  if (env().BENCH_PAGES !== "1") notFound();
  return { people: await bareFirstPageOfPeople() };
}

export default function BareList() {
  const { people } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>People</h1>
      <PeopleTable people={people} caption="People" />
    </>
  );
}
