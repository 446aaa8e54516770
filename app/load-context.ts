import { createContext } from "react-router";

/**
 * The nonce of this response's Content-Security-Policy, set by the Express server for the page's inline scripts;
 * null where nothing set it (a request handled in-process, as the benchmark does).
 */
export const cspNonceContext = createContext<string | null>(null);
