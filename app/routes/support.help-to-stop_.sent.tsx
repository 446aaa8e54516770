import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Support") }];

/** The admitting employee's receipt. It holds nothing of the case: as its suspect they may not see it. */
export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args);
  return null;
}

export default function AdmissionSent() {
  return (
    <>
      <h1>Sent to professional standards</h1>
      <div className="callout mb-6" role="status">
        <p className="text-lg">What you wrote has been received.</p>
      </div>
      <h2>What happens next</h2>
      <ul className="mb-6 list-disc pl-6">
        <li>Professional standards and a supervising officer have been told. It is treated as an admission of a crime and investigated as such.</li>
        <li>Someone will contact you. You will not see the case in the portal, as nobody who is the suspect in a case can.</li>
        <li>Your welfare matters too: you can ask occupational health, your staff association, the Police Federation or your union for support.</li>
        <li>If anyone is in immediate danger, call 999.</li>
      </ul>
      <p>
        <AppLink to="/support/help-to-stop">The programmes and helplines that help people stop</AppLink>
      </p>
    </>
  );
}
