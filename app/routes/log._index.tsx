import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { INCIDENT_KIND_LABELS } from "~/models/manager-guide/incident-labels";
import { listOwnIncidents } from "~/models/manager-guide/incident-log.server";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Your log") }];

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  const entries = await listOwnIncidents(context);
  return { entries, added: args.url.searchParams.get("added") === "1" };
}

export default function Log() {
  const { entries, added } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Your log</h1>
      {added ? (
        <p role="status" className="mb-6 border-l-4 border-success bg-gray-100 p-3">
          The entry was added to your log.
        </p>
      ) : null}
      <p className="mb-4 max-w-3xl">
        A private record of things that happen at work, such as calls, emails, messages or visits from a partner or former partner, with the date, time and
        anyone who saw or heard it. Only you can see it. Once saved, an entry cannot be changed or deleted by anyone, so it can be used as evidence; you can add
        a note to it later.
      </p>
      <p className="mb-6 flex flex-wrap gap-4 print:hidden">
        <AppLink to="/log/new" className="button">
          Add an entry
        </AppLink>
        <a href="/log.csv" className="button button-secondary" download>
          Download as a spreadsheet (CSV)
        </a>
      </p>
      <p className="mb-6 max-w-3xl print:hidden">To keep a paper copy, print this page from your browser: it prints every entry and note.</p>
      {entries.length === 0 ? (
        <p>Your log is empty.</p>
      ) : (
        <ol className="list-none">
          {entries.map((entry, index) => (
            <li key={entry.id} className="mb-6 border-l-4 border-brand pl-4">
              <h2 className="text-xl">
                <AppLink to={`/log/${entry.id}`}>
                  Entry {index + 1}: {formatDateTime(new Date(entry.occurredAt))}
                </AppLink>
              </h2>
              <dl className="summary-list">
                <dt>Kind</dt>
                <dd>{INCIDENT_KIND_LABELS[entry.kind]}</dd>
                <dt>What happened</dt>
                <dd className="whitespace-pre-line">{entry.whatHappened}</dd>
                <dt>Witnesses</dt>
                <dd className="whitespace-pre-line">{entry.witnesses || "None recorded"}</dd>
                <dt>Saved in the portal</dt>
                <dd>{formatDateTime(new Date(entry.recordedAt))}</dd>
              </dl>
              {entry.annotations.length ? (
                <ul className="mt-2 list-none">
                  {entry.annotations.map((note) => (
                    <li key={note.id} className="mb-1 bg-gray-50 p-2">
                      <span className="font-semibold">Note added {formatDateTime(new Date(note.at))}:</span>{" "}
                      <span className="whitespace-pre-line">{note.body}</span>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
