/**
 * The quick exit control: a form that posts to /quick-exit, which ends the session and sends the browser on to the
 * neutral site. With JavaScript, public/quick-exit.js leaves at once and ends the session by a beacon instead.
 * A plain (not React Router) form, so that it works the same before the app has started and without it.
 */
export function QuickExit({ url }: { url: string }) {
  return (
    <form method="post" action="/quick-exit" className="fixed right-3 top-3 z-50">
      <button type="submit" data-quick-exit="" data-url={url} className="button-warning shadow-md" aria-describedby="quick-exit-hint">
        Quick exit
      </button>
      <span id="quick-exit-hint" className="sr-only">
        Leaves this site at once and opens a weather page. You can also press the Escape key twice.
      </span>
    </form>
  );
}
