import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { requireArea } from "~/access/guard.server";
import { requireUser } from "~/access/request-context.server";
import { listForcesWithContacts } from "~/models/people/force.server";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Forces") }];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  await requireArea(context, "AdminArea");
  const forces = await listForcesWithContacts(context);
  return { forces };
}

const notSet = <span className="font-semibold text-error">Not set</span>;

export default function Forces() {
  const { forces } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="mb-2">
        <AppLink to="/admin">Administration</AppLink>
      </p>
      <h1>Forces and their contacts</h1>
      <p className="mb-4 max-w-3xl">
        The referral chain reaches people outside the force only through these mailboxes: another force's nominated NPCC officer when its employee is a suspect
        here, and the police and crime commissioner when the suspect is the chief officer. A missing mailbox never drops a referral: it is shown in red until it
        is set.
      </p>
      <p className="mb-6">
        <AppLink to="/admin/forces/new" className="button">
          Add a force
        </AppLink>
      </p>
      <table className="table">
        <caption className="sr-only">Forces and their contacts</caption>
        <thead>
          <tr>
            <th scope="col">Force</th>
            <th scope="col">NPCC officer's mailbox</th>
            <th scope="col">Professional standards mailbox</th>
            <th scope="col">PCC's mailbox</th>
          </tr>
        </thead>
        <tbody>
          {forces.map((force) => (
            <tr key={force.id}>
              <td>
                <AppLink to={`/admin/forces/${force.id}`}>{force.name}</AppLink>
                {force.isHome ? <span className="block text-sm">This force</span> : null}
              </td>
              <td>{force.npccContactEmail ?? notSet}</td>
              <td>{force.psdContactEmail ?? (force.isHome ? "Not needed" : notSet)}</td>
              <td>{force.isHome ? (force.pccContactEmail ?? notSet) : "Through that force"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
