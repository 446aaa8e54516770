import { redirect } from "react-router";
import { defineAbilityFor, type AppAbility } from "#policies/ability";
import { db, type Db } from "~/db.server";
import { clientInfo, REQUEST_ID_HEADER, type ClientInfo } from "~/auth/client-info.server";
import { clearedSessionCookie, readSessionToken } from "~/auth/cookie.server";
import { sessionPolicy } from "~/auth/sign-in.server";
import { validateSessionToken, type SessionPerson } from "~/auth/session.server";

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
  prisma: Db;
}

function toActor(person: SessionPerson): Actor {
  return {
    ...person,
    displayName: `${person.preferredName ?? person.firstName} ${person.lastName}`,
  };
}

// The root loader and the page's loader run for the same request, each with its own copy of the Request: resolve
// the session once per request id (set by the server), or per Request object where there is none (tests).
// A request's loaders start together, so an entry is needed for milliseconds; entries live in two generations of a
// couple of seconds and are dropped wholesale (no timer per request, and nothing kept long under load).
const GENERATION_MS = 2_000;
let currentGeneration = new Map<string, Promise<RequestContext | null>>();
let previousGeneration = new Map<string, Promise<RequestContext | null>>();
let generationStartedAt = Date.now();
const byRequest = new WeakMap<Request, Promise<RequestContext | null>>();

function cachedForRequestId(requestId: string): Promise<RequestContext | null> | undefined {
  const now = Date.now();
  if (now - generationStartedAt >= GENERATION_MS) {
    previousGeneration = now - generationStartedAt >= 2 * GENERATION_MS ? new Map() : currentGeneration;
    currentGeneration = new Map();
    generationStartedAt = now;
  }
  return currentGeneration.get(requestId) ?? previousGeneration.get(requestId);
}

/** The signed-in person, or null. Never throws for a missing, forged or expired cookie. */
export function getRequestContext(request: Request): Promise<RequestContext | null> {
  const requestId = request.headers.get(REQUEST_ID_HEADER);
  const cached = requestId ? cachedForRequestId(requestId) : byRequest.get(request);
  if (cached) return cached;
  const context = resolveRequestContext(request);
  if (requestId) currentGeneration.set(requestId, context);
  else byRequest.set(request, context);
  return context;
}

async function resolveRequestContext(request: Request): Promise<RequestContext | null> {
  const token = readSessionToken(request);
  if (!token) return null;
  const prisma = db();
  const check = await validateSessionToken(prisma, token, sessionPolicy());
  if (!check.valid) return null;
  const actor = toActor(check.person);
  return { actor, ability: defineAbilityFor(actor), sessionId: check.session.id, client: clientInfo(request), prisma };
}

function safeRedirectTarget(request: Request): string {
  const url = new URL(request.url);
  return url.pathname + url.search;
}

/**
 * Every loader and action starts here: the signed-in person and their ability, or a redirect to sign in.
 * (A parent route's loader does not protect its children in Remix, so each route calls this itself.)
 */
export async function requireUser(request: Request): Promise<RequestContext> {
  const context = await getRequestContext(request);
  if (context) return context;
  const hadCookie = readSessionToken(request) !== null;
  const params = new URLSearchParams({ redirectTo: safeRedirectTarget(request) });
  if (hadCookie) params.set("expired", "1");
  throw redirect(`/sign-in?${params}`, hadCookie ? { headers: { "Set-Cookie": clearedSessionCookie() } } : undefined);
}
