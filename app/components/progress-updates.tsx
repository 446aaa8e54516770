import { formatDateTime } from "~/utils/dates";

/** Progress updates published to an interested person, newest first, exactly as they see them. */
export function ProgressUpdates({ updates }: { updates: { id: string; body: string; at: string }[] }) {
  return (
    <ol className="list-none">
      {updates.map((update) => (
        <li key={update.id} className="mb-4 border-l-4 border-gray-300 pl-3">
          <p className="text-gray-700">{formatDateTime(new Date(update.at))}</p>
          <p className="whitespace-pre-wrap">{update.body}</p>
        </li>
      ))}
    </ol>
  );
}
