import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { listAccessible } from "~/access/guard.server";
import { AbsencePrompt } from "~/components/absence-prompt";
import { requireUser } from "~/access/request-context.server";
import { listDirectReports } from "~/models/people/person.server";
import { RANK_LABELS } from "~/models/people/rank";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("My team") }];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  // Any signed-in person may ask; the access scope (their direct reports only) decides what comes back.
  const reports = await listAccessible(context, "Person", (tx, scope) => listDirectReports(tx, scope, context.actor.id), { purpose: "direct reports" });
  return {
    reports: reports.map((person) => ({
      id: person.id,
      name: `${person.firstName} ${person.lastName}`,
      preferredName: person.preferredName ?? "",
      pronouns: person.pronouns ?? "",
      rankOrGrade: person.rank ? RANK_LABELS[person.rank] : (person.staffGrade?.title ?? "Police staff"),
      unit: person.unit?.name ?? "Not recorded",
    })),
  };
}

export default function Team() {
  const { reports } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>My team</h1>
      {reports.length === 0 ? (
        <p>Nobody reports to you directly in the portal. If that is wrong, ask an administrator to record your team.</p>
      ) : (
        <>
          <p className="mb-4 max-w-2xl">The people who report to you directly. Use the name and pronouns each person has chosen.</p>
          <AbsencePrompt />
          <table className="table">
            <caption className="sr-only">People who report to you directly</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Preferred name</th>
                <th scope="col">Pronouns</th>
                <th scope="col">Rank or grade</th>
                <th scope="col">Unit</th>
              </tr>
            </thead>
            <tbody>
              {reports.map((person) => (
                <tr key={person.id}>
                  <td>
                    <AppLink to={`/team/${person.id}`}>{person.name}</AppLink>
                  </td>
                  <td>{person.preferredName}</td>
                  <td>{person.pronouns}</td>
                  <td>{person.rankOrGrade}</td>
                  <td>{person.unit}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
