import { createContext } from "react-router";

/** The nonce of this response's Content-Security-Policy, set by the Express server for the page's inline scripts. */
export const cspNonceContext = createContext<string | undefined>(undefined);
