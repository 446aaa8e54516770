import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { ImmediateDanger } from "~/components/support-request-form";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

// The support route's offer, never a push, of a report when the person harming them works for the police (Flow A to
// Flow C). Reading it changes nothing and records nothing about them; only choosing to start the report does. The
// address and the title stay neutral.
export const meta: MetaFunction = () => [{ title: pageTitle("Support") }];

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args);
  return null;
}

export default function ReportingOptions() {
  return (
    <>
      <p className="mb-2">
        <AppLink to="/support">Support</AppLink>
      </p>
      <h1>If the person harming you works for the police</h1>
      <ImmediateDanger />
      <div className="max-w-3xl">
        <p className="mb-4 text-lg">
          If the person is a police officer or a member of police staff, in this force or another, you can report it here. You do not have to. Your support,
          your safety plan and your log stay yours whatever you decide, and you can come back to this page at any time.
        </p>

        <h2>What reporting would mean</h2>
        <ul className="mb-6 list-disc pl-6">
          <li className="mb-2">
            <strong>A restricted case.</strong> Your report becomes a case that only the people named on its access list can open. The person you report, and
            their line managers, can never see it or learn from the portal that it exists.
          </li>
          <li className="mb-2">
            <strong>The right people are told at once.</strong> The report goes straight to a supervising officer of inspector rank or above, who passes it on
            without delay to the local policing commander, the chief officer who oversees these cases (the nominated NPCC officer), a domestic abuse coordinator
            and professional standards (PSD). Anyone with a connection to you or to the person is routed around.
          </li>
          <li className="mb-2">
            <strong>You are the victim.</strong> A crime you report is investigated as it would be for anyone else, by people who have declared they have no
            conflict of interest.
          </li>
          <li className="mb-2">
            <strong>You are kept informed.</strong> Because you work for the force you cannot be the complainant in the conduct matter, but you are treated as
            an interested person: you are told how it is progressing, including about any misconduct proceedings.
          </li>
          <li className="mb-2">
            <strong>Nothing happens unless you choose.</strong> Reading this page tells nobody anything. Only if you send the report does anything start.
          </li>
        </ul>

        <h2>What you can do</h2>
        <p className="mb-4">
          <AppLink to="/records/new?reporting=self" className="button no-underline">
            Start a report about what happened to me
          </AppLink>
        </p>
        <p className="mb-4">
          Or talk it through first with a supporter: <AppLink to="/support/new">ask for support</AppLink>. You can also call the National Domestic Abuse
          Helpline on <a href="tel:08082000247">0808 2000 247</a>.
        </p>
        <p className="mb-8">
          <AppLink to="/support">Not now: back to Support</AppLink>
        </p>
      </div>
    </>
  );
}
