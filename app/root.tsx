import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "react-router";
import {
  Form,
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "react-router";
import type { ReactNode } from "react";
import { navigationFor, type NavItem } from "~/access/navigation.server";
import { getRequestContext, requestContextMiddleware } from "~/access/request-context.server";
import { DemoBanner } from "~/components/demo-banner";
import { QuickExit } from "~/components/quick-exit";
import { useNonce } from "~/components/nonce";
import { isDemo } from "~/config/build-flavour";
import { env } from "~/config/env.server";
import { PRODUCT_NAME, pageTitle } from "~/utils/page-title";
import { recordRoutePattern } from "~/utils/request-log.server";
import stylesheet from "~/tailwind.css?url";
import { AppLink, useAppLinkNavigation } from "~/components/app-link";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.ico" },
];

export const meta: MetaFunction = () => [{ title: PRODUCT_NAME }];

/** Names the matched route for the request log; resolves the signed-in person once per HTTP request, for every loader and action under the root. */
export const middleware = [recordRoutePattern, requestContextMiddleware];

export async function loader(args: LoaderFunctionArgs) {
  const context = getRequestContext(args);
  const config = env();
  return {
    quickExitUrl: config.QUICK_EXIT_URL,
    user: context ? { displayName: context.actor.displayName } : null,
    navigation: context ? navigationFor(context) : [],
  };
}

/**
 * Whether the page shown is in a menu item's section: its own address or one below it ("/" only for itself). What
 * `NavLink` decides for each link, done once for the whole menu (ADR 048).
 */
function inSection(pathname: string, to: string): boolean {
  const here = pathname.toLowerCase();
  const section = to.toLowerCase();
  return here === section || (section !== "/" && here.startsWith(`${section}/`));
}

function Shell({
  children,
  quickExitUrl,
  user,
  navigation,
}: {
  children: ReactNode;
  quickExitUrl: string;
  user: { displayName: string } | null;
  navigation: NavItem[];
}) {
  const nonce = useNonce();
  const { pathname } = useLocation();
  useAppLinkNavigation();
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <Meta />
        <Links />
        <script src="/quick-exit.js" defer nonce={nonce} />
      </head>
      <body className="min-h-screen">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-[60] focus:bg-focus focus:p-2 focus:text-black">
          Skip to main content
        </a>
        <header className="bg-brand text-white">
          {/* Inside the banner landmark, like everything on the page; it is fixed at the top right over everything. */}
          <QuickExit url={quickExitUrl} />
          {isDemo ? <DemoBanner /> : null}
          <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-4 px-4 pb-3 pt-4">
            <AppLink to="/" className="mr-auto text-xl font-bold text-white no-underline hover:text-white">
              {PRODUCT_NAME}
            </AppLink>
            <span className="mr-32 sm:mr-36" aria-hidden="true" />
          </div>
          {user ? (
            <nav aria-label="Main" className="border-t border-white/20">
              <ul className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-6 gap-y-1 px-4 py-2">
                {navigation.map((item) => {
                  const current = inSection(pathname, item.to);
                  return (
                    <li key={item.to}>
                      <AppLink
                        to={item.to}
                        aria-current={current ? "page" : undefined}
                        className={`text-white ${current ? "font-bold decoration-2" : "no-underline hover:underline"}`}
                      >
                        {item.label}
                      </AppLink>
                    </li>
                  );
                })}
                <li className="ml-auto flex items-center gap-3">
                  <span>{user.displayName}</span>
                  <Form method="post" action="/sign-out">
                    <button type="submit" className="cursor-pointer text-white underline">
                      Sign out
                    </button>
                  </Form>
                </li>
              </ul>
            </nav>
          ) : null}
        </header>
        <main id="main" tabIndex={-1} className="mx-auto max-w-5xl px-4 py-8 focus:outline-none">
          {children}
        </main>
        <footer className="mx-auto max-w-5xl border-t border-gray-300 px-4 py-6 text-sm text-gray-700">
          <p>Internal service. If you are in danger now, call 999. National Domestic Abuse Helpline: 0808 2000 247 (free, 24 hours).</p>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useLoaderData<typeof loader>();
  return (
    <Shell quickExitUrl={data.quickExitUrl} user={data.user} navigation={data.navigation}>
      <Outlet />
    </Shell>
  );
}

const ERROR_TEXT: Record<number, { title: string; body: string }> = {
  400: { title: "Something was wrong with the request", body: "Go back, check what you entered and try again." },
  403: { title: "You do not have access to this page", body: "If you think you should, ask your line manager or an administrator." },
  404: {
    title: "Page not found",
    body: "The page may have moved, or the address may be wrong. If you followed a link in the portal, it may no longer be available to you.",
  },
  405: { title: "That cannot be done here", body: "Go back and try again from the page." },
  413: { title: "Too much data", body: "What was sent is larger than the portal accepts." },
  429: { title: "Too many attempts", body: "Wait a few minutes, then try again." },
};

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const text = ERROR_TEXT[status] ?? { title: "Something went wrong", body: "The portal could not finish that. Nothing was saved. Try again in a moment." };
  return (
    <Shell quickExitUrl={data?.quickExitUrl ?? "https://www.bbc.co.uk/weather"} user={data?.user ?? null} navigation={data?.navigation ?? []}>
      <title>{pageTitle(text.title)}</title>
      <h1>{text.title}</h1>
      <p className="mb-4">{text.body}</p>
      <p>
        <AppLink to="/">Go to the home page</AppLink>
      </p>
    </Shell>
  );
}
