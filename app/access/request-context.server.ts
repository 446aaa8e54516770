import { createContext, redirect, type MiddlewareFunction, type RouterContextProvider } from "react-router";
import { defineAbilityFor, type AppAbility } from "#policies/ability";
import { db, type Db } from "~/db.server";
import { clientInfo, type ClientInfo } from "~/auth/client-info.server";
import { env } from "~/config/env.server";
import { arrivalOf, type Arrival } from "./arrival.server";
import { clearedSessionCookie, readSessionToken } from "~/auth/cookie.server";
import { sessionPolicy } from "~/auth/sign-in.server";
import { validateSessionToken, type SessionPerson } from "~/auth/session.server";
import { referralNow } from "~/models/referrals/timing.server";
import { mustEnrolSecondFactor, SECOND_FACTOR_PAGE, reachableBeforeEnrolment } from "./second-factor-gate";

export interface Actor extends SessionPerson {
  /** The name to greet them by. */
  displayName: string;
}

/** Everything a loader or action needs to decide and record access. */
export interface RequestContext {
  actor: Actor;
  ability: AppAbility;
  sessionId: string;
  client: ClientInfo;
  /** How this request reached the portal (recorded with attempts on restricted cases); absent outside a request. */
  arrival?: Arrival;
  prisma: Db;
}

function toActor(person: SessionPerson): Actor {
  return {
    ...person,
    displayName: `${person.preferredName ?? person.firstName} ${person.lastName}`,
  };
}

/** The signed-in person of this HTTP request (null for nobody), set by the root route's middleware. */
const requestContextKey = createContext<RequestContext | null>();

/**
 * The root route's middleware: resolves the session once per HTTP request, before any loader or action of it runs,
 * and keeps the answer in the router context that all of them share.
 */
export const requestContextMiddleware: MiddlewareFunction = async ({ request, url, context }) => {
  const resolved = await resolveRequestContext(request);
  // One place for every route: a privileged person without a second factor reaches only the enrolment page, sign-out
  // and the quick exit until they have enrolled (ADR 029).
  if (resolved && mustEnrolSecondFactor(resolved.actor) && !reachableBeforeEnrolment(url.pathname)) {
    throw redirect(SECOND_FACTOR_PAGE);
  }
  context.set(requestContextKey, resolved);
};

/** What the helpers below read: the router context of a loader, action or middleware. */
export interface RouterArgs {
  context: Readonly<RouterContextProvider>;
}

/**
 * The signed-in person, or null. Never throws for a missing, forged or expired cookie; throws if the root middleware
 * did not run (a handler outside the route tree), so nobody is let in by mistake.
 */
export function getRequestContext({ context }: RouterArgs): RequestContext | null {
  return context.get(requestContextKey);
}

/** Validates the session cookie and builds the person's ability: what the middleware does (exported for the benchmark). */
export async function resolveRequestContext(request: Request): Promise<RequestContext | null> {
  const token = readSessionToken(request);
  if (!token) return null;
  const prisma = db();
  const check = await validateSessionToken(prisma, token, sessionPolicy());
  if (!check.valid) return null;
  const actor = toActor(check.person);
  // Time-limited rights (break-glass, overrides, grants) are judged against the clock the end-to-end tests can move.
  return {
    actor,
    ability: defineAbilityFor({ ...actor, now: referralNow() }),
    sessionId: check.session.id,
    client: clientInfo(request),
    arrival: arrivalOf(request, env().PORTAL_BASE_URL),
    prisma,
  };
}

/** Where the person was going: the page's own address (`url`), not a data request's (`/page.data?_routes=…`). */
function safeRedirectTarget(url: URL): string {
  return url.pathname + url.search;
}

/**
 * Every loader and action starts here: the signed-in person and their ability, or a redirect to sign in.
 * (A parent route's loader does not protect its children, so each route calls this itself.)
 */
export async function requireUser(args: RouterArgs & { request: Request; url: URL }): Promise<RequestContext> {
  const { request } = args;
  const context = getRequestContext(args);
  if (context) return context;
  const hadCookie = readSessionToken(request) !== null;
  const params = new URLSearchParams({ redirectTo: safeRedirectTarget(args.url) });
  if (hadCookie) params.set("expired", "1");
  throw redirect(`/sign-in?${params}`, hadCookie ? { headers: { "Set-Cookie": clearedSessionCookie() } } : undefined);
}
