import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { navigationFor } from "~/access/navigation.server";
import { requireUser } from "~/access/request-context.server";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Home") }];

const DESCRIPTIONS: Record<string, string> = {
  "/profile": "Check your name, pronouns and the details the portal holds about you.",
  "/support": "Ask for support in confidence, see the support directory, and control who sees what.",
  "/team": "The people who report to you.",
  "/records": "Record a report you have received, and the records and referrals that are yours to act on.",
  "/notices": "Tell your commander, in confidence, about a court order or child contact restriction concerning you.",
  "/guide": "How to hold a supportive conversation with someone in your team, and what to do if someone is at risk.",
  "/conversations": "Records your line manager made of conversations with you: agree, comment or ask for removal.",
  "/log": "A private log of things that happen at work, kept as evidence. Only you can see it.",
  "/audit": "Security events and every decision about access to protected records.",
  "/admin": "People, units, roles and sign-in security.",
  "/dev/mailbox": "This demo's mail: what the portal has sent, kept here instead of being delivered.",
};

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  const places = navigationFor(context).filter((item) => item.to !== "/");
  return {
    name: context.actor.preferredName ?? context.actor.firstName,
    places: places.map((place) => ({ ...place, description: DESCRIPTIONS[place.to] ?? "" })),
  };
}

export default function Home() {
  const { name, places } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Hello, {name}</h1>
      <p className="mb-8 max-w-2xl text-lg">
        This is a confidential internal service. What you do here is seen only by the people who need to see it, and every look at a protected record is
        recorded.
      </p>
      <ul className="grid gap-4 sm:grid-cols-2">
        {places.map((place) => (
          <li key={place.to} className="border-t-4 border-brand bg-gray-50 p-4">
            <h2 className="mb-2 text-xl">
              <AppLink to={place.to}>{place.label}</AppLink>
            </h2>
            <p>{place.description}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
