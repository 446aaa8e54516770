import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { requireArea } from "~/access/guard.server";
import { requireUser } from "~/access/request-context.server";
import { directory } from "~/models/support-request/directory.server";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Support directory") }];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  await requireArea(context, "AdminArea");
  const services = await directory(context, "list");
  return {
    services: services.map((service) => ({
      id: service.id,
      name: service.name,
      insideForce: service.insideForce,
      active: service.active,
      inPortal: service.queueRole !== null,
    })),
  };
}

export default function AdminSupportDirectory() {
  const { services } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="mb-2">
        <AppLink to="/admin">Administration</AppLink>
      </p>
      <h1>Support directory</h1>
      <p className="mb-6 max-w-2xl">What staff see under Support → Support directory. Keeping the directory gives no sight of anyone's requests.</p>
      <table className="w-full">
        <caption className="sr-only">Support services</caption>
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">Where</th>
            <th scope="col">Requests through the portal</th>
            <th scope="col">Shown to staff</th>
          </tr>
        </thead>
        <tbody>
          {services.map((service) => (
            <tr key={service.id}>
              <td>
                <AppLink to={`/admin/support-directory/${service.id}`}>{service.name}</AppLink>
              </td>
              <td>{service.insideForce ? "Inside the force" : "Outside the force"}</td>
              <td>{service.inPortal ? "Yes" : "No"}</td>
              <td>{service.active ? "Yes" : "No"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
