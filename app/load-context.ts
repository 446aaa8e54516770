import { createContext } from "react-router";

/**
 * The nonce of this response's Content-Security-Policy, set by the Express server for the page's inline scripts;
 * null where nothing set it (a request handled in-process, as the benchmark does).
 */
export const cspNonceContext = createContext<string | null>(null);

/**
 * What the request log line says about a request beyond method, status and duration: its id, and the route pattern
 * React Router matched (`/records/:reference`, never the address itself). The Express server creates it for each
 * request it hands to React Router; the root route's middleware fills in the pattern. Null where nothing created it.
 */
export interface RequestLogNotes {
  readonly requestId: string;
  routePattern?: string;
}
export const requestLogContext = createContext<RequestLogNotes | null>(null);
