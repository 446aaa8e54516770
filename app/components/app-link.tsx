import { useEffect, type AnchorHTMLAttributes, type ReactNode } from "react";
import { useNavigate } from "react-router";
import type { PortalPath } from "~/utils/portal-path";

/** The links the shell's click handler turns into in-app navigations: those `AppLink` draws. */
const APP_LINKS = "a[data-app-link]";

/** `//host` and `/\host`: another site to a browser. React Router's `<Link>` refuses them too. */
const ANOTHER_SITE = /^\/[\\/]/;

/**
 * What a link of the portal may say besides its address, named one by one: passing "the rest" of the props on to the
 * anchor made each link about 2.7 µs dearer to render on the server (3.8 against 1.1 µs), and a list page draws 70.
 * Add an attribute here when a link needs it.
 */
interface AppLinkProps {
  to: PortalPath;
  children: ReactNode;
  className?: string;
  rel?: string;
  "aria-label"?: string;
  "aria-current"?: AnchorHTMLAttributes<HTMLAnchorElement>["aria-current"];
}

/**
 * A link to a page of the portal: a plain `<a href>` that the browser follows without JavaScript, and that the shell
 * turns into React Router's client-side navigation when the page has loaded (`useAppLinkNavigation`).
 *
 * Why not React Router's `<Link>`: each one runs about ten hooks and resolves its address twice on every server
 * render. The portal's tables and lists draw fifty or more of them on a page, which made links one of the largest
 * costs of a page's server time (docs/benchmarks.md, ADR 048). Addresses here are always absolute, so there is
 * nothing to resolve; the main menu marks its current section itself (root.tsx).
 */
export function AppLink({ to, children, className, rel, "aria-label": label, "aria-current": current }: AppLinkProps) {
  if (ANOTHER_SITE.test(to)) throw new Error("AppLink takes an address in the portal, not another site");
  return (
    <a href={to} className={className} rel={rel} aria-label={label} aria-current={current} data-app-link="">
      {children}
    </a>
  );
}

/** Which clicks the browser must handle itself: another button, a modifier (new tab, window, download), another target. */
function leftToTheBrowser(event: MouseEvent, anchor: HTMLAnchorElement): boolean {
  if (event.defaultPrevented || event.button !== 0) return true;
  if (event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return true;
  if (anchor.hasAttribute("download")) return true;
  return anchor.target !== "" && anchor.target !== "_self";
}

/**
 * One click handler for the whole page, in the shell: a click on an `AppLink` navigates inside the app, as a `<Link>`
 * click would (the same address twice replaces the history entry rather than adding one).
 */
export function useAppLinkNavigation() {
  const navigate = useNavigate();
  useEffect(() => {
    function onClick(event: MouseEvent) {
      const anchor = event.target instanceof Element ? event.target.closest(APP_LINKS) : null;
      if (!(anchor instanceof HTMLAnchorElement) || leftToTheBrowser(event, anchor)) return;
      const url = new URL(anchor.href);
      if (url.origin !== window.location.origin) return;
      event.preventDefault();
      const to = url.pathname + url.search + url.hash;
      const here = window.location.pathname + window.location.search + window.location.hash;
      void navigate(to, { replace: to === here });
    }
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, [navigate]);
}
