import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { listAccessible, requireArea } from "~/access/guard.server";
import { requireUser } from "~/access/request-context.server";
import { UNIT_KIND_LABELS } from "~/components/admin-forms";
import { addressName } from "~/utils/names";
import { listUnits } from "~/models/people/unit.server";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Units") }];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  await requireArea(context, "AdminArea");
  const units = await listAccessible(context, "Unit", (tx, scope) => listUnits(tx, scope));
  return {
    units: units.map((unit) => ({
      id: unit.id,
      name: unit.name,
      kind: unit.kind,
      force: unit.force.name,
      commander: unit.commander ? addressName(unit.commander) : null,
    })),
  };
}

export default function Units() {
  const { units } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="mb-2">
        <AppLink to="/admin">Administration</AppLink>
      </p>
      <h1>Units</h1>
      <p className="mb-6">
        <AppLink to="/admin/units/new" className="button">
          Add a unit
        </AppLink>
      </p>
      {units.length === 0 ? (
        <p>There are no units yet.</p>
      ) : (
        <table className="table">
          <caption className="sr-only">Units</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Force</th>
              <th scope="col">Kind</th>
              <th scope="col">Commander</th>
            </tr>
          </thead>
          <tbody>
            {units.map((unit) => (
              <tr key={unit.id}>
                <td>
                  <AppLink to={`/admin/units/${unit.id}`}>{unit.name}</AppLink>
                </td>
                <td>{unit.force}</td>
                <td>{UNIT_KIND_LABELS[unit.kind]}</td>
                <td>{unit.commander ?? "Not recorded"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
