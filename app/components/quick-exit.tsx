/** The quick exit control. Without JavaScript it is a plain link that ends the session and leaves the portal. */
export function QuickExit({ url }: { url: string }) {
  return (
    <div className="fixed right-3 top-3 z-50">
      <a href="/quick-exit" data-quick-exit="" data-url={url} rel="noreferrer" className="button-warning shadow-md" aria-describedby="quick-exit-hint">
        Quick exit
      </a>
      <span id="quick-exit-hint" className="sr-only">
        Leaves this site at once and opens a weather page. You can also press the Escape key twice.
      </span>
    </div>
  );
}
