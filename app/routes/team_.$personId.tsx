import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { AbsencePrompt } from "~/components/absence-prompt";
import { ConversationSummary } from "~/components/conversation-summary";
import { listConversationsAbout, readDirectReport } from "~/models/manager-guide/conversations.server";
import { pageTitle } from "~/utils/page-title";
import { AppLink } from "~/components/app-link";

export const meta: MetaFunction = () => [{ title: pageTitle("Team member") }];

/** One of the manager's direct reports: anyone else is "not found" (audited), whoever asks. */
export async function loader(args: LoaderFunctionArgs) {
  const { params } = args;
  const context = await requireUser(args);
  const person = await readDirectReport(context, params.personId ?? "");
  const records = await listConversationsAbout(context, person.id);
  const url = args.url;
  return {
    person,
    records,
    recorded: url.searchParams.get("recorded") === "1",
    referred: url.searchParams.get("referred") === "1",
    suggested: url.searchParams.get("suggested") === "1",
  };
}

export default function TeamMember() {
  const { person, records, recorded, referred, suggested } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="mb-2">
        <AppLink to="/team">My team</AppLink>
      </p>
      <h1>{person.name}</h1>
      {person.pronouns ? <p className="mb-4">Pronouns: {person.pronouns}</p> : null}
      {recorded ? (
        <p role="status" className="mb-6 border-l-4 border-success bg-gray-100 p-3">
          The conversation was recorded. {person.name} can now see it, agree with it, comment on it or ask for it to be removed.
        </p>
      ) : null}
      {referred ? (
        <p role="status" className="mb-6 border-l-4 border-success bg-gray-100 p-3">
          Sent to {person.name} to confirm. Nothing reaches the service unless they send it, and you will not see it.
        </p>
      ) : null}
      {suggested ? (
        <p role="status" className="mb-6 border-l-4 border-success bg-gray-100 p-3">
          Suggested to {person.name}. It is in their safety plan for them to agree or not; you will see it only if they choose to show it to you.
        </p>
      ) : null}
      <AbsencePrompt />
      <h2>Supportive conversations</h2>
      <p className="mb-4 max-w-3xl">
        If you are concerned about {person.name}, read the <AppLink to="/guide">supportive conversation guide</AppLink> first. Afterwards you can keep a short
        record that they will see.
      </p>
      <p className="mb-8">
        <AppLink to={`/team/${person.id}/conversation`} className="button">
          Record a conversation
        </AppLink>
      </p>
      <h2>Support services</h2>
      <p className="mb-8 max-w-3xl">
        If {person.name} would like support and agrees, you can <AppLink to={`/team/${person.id}/referral`}>suggest a support service for them</AppLink>. They
        confirm it before anything is sent.
      </p>
      <h2>Workplace safety</h2>
      <p className="mb-8 max-w-3xl">
        If you have agreed with {person.name} a change at work to keep them safe,{" "}
        <AppLink to={`/team/${person.id}/measure`}>suggest it as a safety measure</AppLink>. It goes into their safety plan for them to agree; you see it
        afterwards only if they choose to show it to you.
      </p>
      <h2>Records you have made</h2>
      {records.length === 0 ? (
        <p>None. A record the employee asked to remove no longer appears here.</p>
      ) : (
        records.map((record) => <ConversationSummary key={record.id} record={record} viewer="manager" />)
      )}
    </>
  );
}
