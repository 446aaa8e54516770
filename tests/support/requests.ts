// Requests as a signed-in person's browser sends them, for tests that call a route's loader or action directly: a
// session cookie, a page load, and a form post answered with its status (a redirect is the success of a post).
import type { ActionFunctionArgs, LoaderFunctionArgs, Params } from "react-router";
import { startSession } from "~/auth/sign-in.server";
import type { PrismaClient } from "~/generated/prisma/client";
import { routerArgs } from "./router";
import { sessionCookieName } from "~/auth/cookie.server";

type Handler = (args: LoaderFunctionArgs | ActionFunctionArgs) => Promise<unknown>;

/** The cookie of a new session for the person, as signing in gives it. */
export async function sessionCookie(prisma: PrismaClient, personId: string): Promise<string> {
  const token = await prisma.$transaction((tx) => startSession(tx, personId, "password", { ipAddress: "198.51.100.7", userAgent: "vitest" }));
  return `${sessionCookieName()}=${token}`;
}

/** What a page's loader gives the browser; throws what the loader throws (a Response for "not found", a redirect...). */
export async function loadPage<T>(loader: (args: LoaderFunctionArgs) => Promise<T>, path: string, cookie: string, params: Params = {}): Promise<T> {
  return loader(await routerArgs(new Request(`http://localhost${path}`, { headers: { cookie } }), params));
}

export interface Posted {
  status: number;
  /** Where a redirect sends the browser. */
  location: string | null;
  /** What the action returned to show with the form (its errors, for instance). */
  data?: unknown;
}

/** Posts the form to the action as the browser would. */
export async function postForm(action: Handler, path: string, cookie: string, fields: Record<string, string>, params: Params = {}): Promise<Posted> {
  const request = new Request(`http://localhost${path}`, { method: "POST", headers: { cookie }, body: new URLSearchParams(fields) });
  try {
    const data = await action(await routerArgs(request, params));
    return { status: 200, location: null, data };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("Location") };
    throw thrown;
  }
}
