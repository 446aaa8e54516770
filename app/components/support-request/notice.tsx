export function Notice({ children }: { children: string }) {
  return (
    <p role="status" className="mb-6 border-l-4 border-success bg-gray-100 p-3">
      {children}
    </p>
  );
}
