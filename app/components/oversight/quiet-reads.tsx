import { formatDateTime } from "~/utils/dates";
import { AppLink } from "~/components/app-link";

/** One quiet read as the reviewer's list shows it (app/models/oversight/quiet-reads.server.ts). */
export interface QuietReadItem {
  id: string;
  kind: string;
  who: string;
  what: string;
  reason: string;
  hiddenFromEmployee: boolean;
  reference: string | null;
  startedAt: string;
  expiresAt: string | null;
  expired: boolean | null;
  outcome: string | null;
  reviewedBy: string | null;
}

export function QuietReadExpiry({ expiresAt, expired }: { expiresAt: string | null; expired: boolean | null }) {
  if (!expiresAt) return <>Once</>;
  return (
    <>
      Until {formatDateTime(new Date(expiresAt))}
      {expired ? <span className="block text-sm">Expired</span> : <span className="block text-sm font-semibold">Still open</span>}
    </>
  );
}

function QuietReadTable({ caption, items }: { caption: string; items: QuietReadItem[] }) {
  return (
    <table className="table">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">What</th>
          <th scope="col">Who</th>
          <th scope="col">When</th>
          <th scope="col">Why</th>
          <th scope="col">For how long</th>
          <th scope="col">Review</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id}>
            <td>
              {item.kind}
              {item.reference ? <span className="block font-mono">{item.reference}</span> : null}
              {item.hiddenFromEmployee ? <span className="block text-sm font-semibold">The employee was not told</span> : null}
            </td>
            <td>{item.who}</td>
            <td>{formatDateTime(new Date(item.startedAt))}</td>
            <td className="whitespace-pre-wrap">{[item.what, item.reason].filter(Boolean).join(": ")}</td>
            <td>
              <QuietReadExpiry expiresAt={item.expiresAt} expired={item.expired} />
            </td>
            <td>
              <AppLink to={`/oversight/quiet-reads/${item.id}`} aria-label={`${item.outcome ? "Reviewed" : "Review"}: ${item.kind} by ${item.who}`}>
                {item.outcome ? `${item.outcome} (${item.reviewedBy})` : "Review"}
              </AppLink>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The oversight page's list of quiet reads for this reviewer: safeguarding overrides (told to the employee or not),
 * break-glass, and PSD's reads of cases about PSD (for the nominated NPCC officer).
 */
export function QuietReads({ awaiting, reviewed }: { awaiting: QuietReadItem[]; reviewed: QuietReadItem[] }) {
  return (
    <section aria-labelledby="group-quiet-reads" className="mb-8">
      <h2 id="group-quiet-reads">Quiet reads to review</h2>
      <p className="mb-4 max-w-2xl">
        Safeguarding overrides, emergency access and reads by professional standards of cases about professional standards, whatever the employee was told. You
        are not shown those you made yourself, those about you, or those on cases you are conflicted on.
      </p>
      {awaiting.length ? <QuietReadTable caption="Quiet reads awaiting your review, oldest first" items={awaiting} /> : <p>None awaiting review.</p>}
      {reviewed.length ? (
        <details className="mt-4">
          <summary>Reviewed ({reviewed.length})</summary>
          <QuietReadTable caption="Quiet reads reviewed, latest first" items={reviewed} />
        </details>
      ) : null}
    </section>
  );
}
