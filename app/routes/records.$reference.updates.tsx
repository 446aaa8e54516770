import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { readCasePage } from "~/access/guard.server";
import { progressUpdatesView } from "~/models/cases/case-file.server";
import { pageTitle } from "~/utils/page-title";
import { ProgressUpdates } from "~/components/progress-updates";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Updates") }];

/** The interested person's view: the updates professional standards published to them, and nothing else. */
export async function loader(args: LoaderFunctionArgs) {
  return readCasePage(args, "readUpdates", "access.readUpdates", async (tx, { id: caseId }) => ({ updates: await progressUpdatesView(tx, caseId) }));
}

export default function Updates() {
  const { reference, updates } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="mb-2">
        <AppLink to="/records">Records</AppLink>
      </p>
      <h1>Updates for you</h1>
      <p className="mb-6">
        Reference <span className="font-mono">{reference}</span>. Professional standards publish progress here. If you need support, you can ask for it from the
        portal's home page at any time.
      </p>
      {updates.length === 0 ? <p>No updates yet.</p> : <ProgressUpdates updates={updates} />}
    </>
  );
}
