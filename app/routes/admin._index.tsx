import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { requireArea } from "~/access/guard.server";
import { requireUser } from "~/access/request-context.server";
import { adminOverview } from "~/models/people/admin-overview.server";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";
import type { PortalPath } from "~/utils/portal-path";

export const meta: MetaFunction = () => [{ title: pageTitle("Administration") }];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  await requireArea(context, "AdminArea");
  return adminOverview(context);
}

function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString("en-GB")} ${count === 1 ? one : many}`;
}

export default function AdminHome() {
  const { people, units, locked, forces, gaps } = useLoaderData<typeof loader>();
  const places: { to: PortalPath; label: string; count?: string; text: string }[] = [
    {
      to: "/admin/people",
      label: "People",
      count: plural(people, "person", "people"),
      text: "Add people, change their details, line manager, roles and whether they can sign in.",
    },
    {
      to: "/admin/changes",
      label: "Changes waiting for approval",
      count: "",
      text: "Roles given and changes of rank, unit, line manager or work email wait here for a second administrator.",
    },
    {
      to: "/admin/units",
      label: "Units",
      count: plural(units, "unit", "units"),
      text: "Basic command units, operational command units and departments, and who commands them.",
    },
    {
      to: "/admin/forces",
      label: "Forces",
      count: plural(forces, "force", "forces"),
      text: "Other forces' NPCC and professional standards mailboxes, and the police and crime commissioner's mailbox.",
    },
    {
      to: "/admin/security",
      label: "Sign-in security",
      count: plural(locked, "account locked now", "accounts locked now"),
      text: "Accounts locked after failed sign-ins, recent failures and sign-in events.",
    },
    {
      to: "/admin/mail",
      label: "Mail not delivered",
      count: "",
      text: "Mail the mail server refused, or that could not be delivered for 72 hours: the address to put right.",
    },
    {
      to: "/admin/support-directory",
      label: "Support directory",
      count: "",
      text: "The support services staff can turn to: what each offers and how to reach it. (Nobody's requests are shown here.)",
    },
    {
      to: "/admin/retention",
      label: "Retention",
      count: "",
      text: "How long each kind of record is kept, and how many will be deleted in the next 30 days (counts only).",
    },
    {
      to: "/admin/guide",
      label: "Conversation guide",
      count: "Content",
      text: "The guide line managers follow in a supportive conversation: change its sections, see their versions.",
    },
  ];
  return (
    <>
      <h1>Administration</h1>
      {gaps.length ? (
        <section aria-labelledby="gaps-heading" className="callout-warning mb-8">
          <h2 id="gaps-heading">Organisation data the referral chain needs</h2>
          <p className="mb-2">
            A report naming a police employee as the suspect is passed on at once to the people below. Until these are put right, such a step may have nobody to
            go to.
          </p>
          <ul className="list-disc pl-6">
            {gaps.map((gap) => (
              <li key={gap}>{gap}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <ul className="grid gap-4 sm:grid-cols-2">
        {places.map((place) => (
          <li key={place.to} className="border-t-4 border-brand bg-gray-50 p-4">
            <h2 className="mb-2 text-xl">
              <AppLink to={place.to}>{place.label}</AppLink>
            </h2>
            {place.count ? <p className="mb-2 text-lg font-semibold">{place.count}</p> : null}
            <p>{place.text}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
