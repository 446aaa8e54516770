// One conversation record as the manager who wrote it or the employee it is about sees it.
import type { ConversationView } from "~/models/manager-guide/conversation-view";
import { formatDateTime } from "~/utils/dates";

export function ConversationSummary({ record, viewer, headingLevel = 3 }: { record: ConversationView; viewer: "manager" | "employee"; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  if (record.withdrawnAt) {
    return (
      <article className="mb-6 border-l-4 border-gray-300 pl-4">
        <Heading className="text-xl">Conversation on {record.heldOn}: removed</Heading>
        <p>Removed at your request on {formatDateTime(new Date(record.withdrawnAt))}. Its content was erased and your manager no longer sees it.</p>
      </article>
    );
  }
  return (
    <article className="mb-6 border-l-4 border-brand pl-4">
      <Heading className="text-xl">Conversation on {record.heldOn}</Heading>
      <dl className="summary-list">
        {viewer === "employee" ? (
          <>
            <dt>Recorded by</dt>
            <dd>{record.managerName}</dd>
          </>
        ) : null}
        <dt>Points of the guide covered</dt>
        <dd>{record.pointsCovered.length ? record.pointsCovered.join("; ") : "None ticked"}</dd>
        <dt>Support offered</dt>
        <dd className="whitespace-pre-line">{record.supportOffered}</dd>
        <dt>What was agreed</dt>
        <dd className="whitespace-pre-line">{record.agreed}</dd>
        <dt>Follow-up</dt>
        <dd>{record.followUpOn ?? "None set"}</dd>
        <dt>{viewer === "employee" ? "You agreed" : "They agreed"}</dt>
        <dd>{record.agreedAt ? `Yes, on ${formatDateTime(new Date(record.agreedAt))}` : "Not yet"}</dd>
      </dl>
      {record.comments.length ? (
        <>
          <p className="mb-1 mt-3 font-semibold">{viewer === "employee" ? "Your comments" : "Their comments"}</p>
          <ul className="list-none">
            {record.comments.map((comment) => (
              <li key={comment.id} className="mb-2 bg-gray-50 p-2">
                <span className="hint">{formatDateTime(new Date(comment.at))}</span>
                <span className="whitespace-pre-line">{comment.body}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </article>
  );
}
