import { useEffect, useRef } from "react";

/**
 * The error summary at the top of a form (GOV.UK pattern): each message links to its field, "form" errors are plain
 * text, and the summary takes the focus when a non-empty set of errors arrives.
 */
export function ErrorSummary({ errors, order }: { errors?: Record<string, string>; order?: string[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = errors ? Object.entries(errors) : [];
  const sorted = order ? entries.sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)) : entries;
  useEffect(() => {
    if (errors && Object.keys(errors).length > 0) ref.current?.focus();
  }, [errors]);
  if (sorted.length === 0) return null;
  return (
    <div ref={ref} tabIndex={-1} role="alert" aria-labelledby="error-summary-title" className="mb-6 border-4 border-error p-4">
      <h2 id="error-summary-title" className="mb-2 text-xl font-bold">
        There is a problem
      </h2>
      <ul className="list-none">
        {sorted.map(([field, message]) => (
          <li key={field}>
            {field === "form" ? (
              <span className="font-semibold text-error">{message}</span>
            ) : (
              <a href={`#${field}`} className="font-semibold text-error">
                {message}
              </a>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
