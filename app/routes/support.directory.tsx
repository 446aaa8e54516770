import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { ImmediateDanger } from "~/components/support-request-form";
import { ServiceContact } from "~/components/service-contact";
import { directory } from "~/models/support-request/directory.server";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Support directory") }];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  const services = await directory(context);
  return {
    services: services.map(({ id, name, offers, howToReach, insideForce, phone, email, queueRole }) => ({
      id,
      name,
      offers,
      howToReach,
      insideForce,
      phone,
      email,
      inPortal: queueRole !== null,
    })),
  };
}

export default function SupportDirectory() {
  const { services } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="mb-2">
        <AppLink to="/support">Support</AppLink>
      </p>
      <h1>Support directory</h1>
      <ImmediateDanger />
      <p className="mb-6 max-w-2xl">
        Who can help, what each offers and how to reach them. Services marked “in this portal” can be asked through a request here; you decide what they see.
      </p>
      <ul className="grid gap-4">
        {services.map((service) => (
          <li key={service.id} className="border-t-4 border-brand bg-gray-50 p-4">
            <h2 className="mb-1 text-xl">{service.name}</h2>
            <p className="hint mb-2">
              {service.insideForce ? "Inside the force" : "Outside the force"}
              {service.inPortal ? " · in this portal" : ""}
            </p>
            <p className="mb-2">{service.offers}</p>
            <p className="mb-2">{service.howToReach}</p>
            <ServiceContact phone={service.phone} email={service.email} />
            {service.inPortal ? (
              <p className="mt-2">
                <AppLink to={`/support/new?service=${service.id}`}>Ask {service.name} for support</AppLink>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
