import type { MiddlewareFunction, RouterContextProvider } from "react-router";
import { requestLogContext } from "~/load-context";

/**
 * The root route's first middleware: tells the request log which route pattern React Router matched, so the line
 * names the page (`/records/:reference`) without the address, which can hold a case reference or what was searched.
 */
export const recordRoutePattern: MiddlewareFunction = ({ pattern, context }) => {
  const notes = context.get(requestLogContext);
  // React Router leaves out the root's slash ("records/:reference") where the root route's path is empty.
  if (notes) notes.routePattern = pattern.startsWith("/") ? pattern : `/${pattern}`;
};

/** The id of the request being handled, for a line logged apart from the request's own; undefined where none was given. */
export function requestIdOf(context: Readonly<RouterContextProvider>): string | undefined {
  return context.get(requestLogContext)?.requestId;
}
