import { createContext, useContext } from "react";

/** The per-request Content-Security-Policy nonce, for React Router's inline scripts. */
export const NonceContext = createContext<string | undefined>(undefined);
export const useNonce = () => useContext(NonceContext);
