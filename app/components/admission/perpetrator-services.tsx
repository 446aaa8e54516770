import { ServiceContact } from "~/components/service-contact";

/** The directory's programmes and helplines for someone who is harming a person at home. */
export function PerpetratorServices({
  services,
}: {
  services: { id: string; name: string; offers: string; howToReach: string; phone: string | null; email: string | null }[];
}) {
  if (services.length === 0) return <p className="mb-6">The support directory lists no programme at the moment. Occupational health can advise.</p>;
  return (
    <ul className="mb-8 grid max-w-2xl gap-4">
      {services.map((service) => (
        <li key={service.id} className="border-t-4 border-brand bg-gray-50 p-4">
          <h3 className="mb-1 text-xl">{service.name}</h3>
          <p className="mb-2">{service.offers}</p>
          <p className="mb-2">{service.howToReach}</p>
          <ServiceContact phone={service.phone} email={service.email} />
        </li>
      ))}
    </ul>
  );
}
