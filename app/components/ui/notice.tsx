/** A confirmation that what the person did has taken effect, announced to screen readers as a status. */
export function Notice({ children }: { children: React.ReactNode }) {
  return (
    <p role="status" className="mb-6 border-l-4 border-success bg-gray-100 p-3">
      {children}
    </p>
  );
}
