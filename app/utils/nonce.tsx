import { createContext, useContext } from "react";

// The Content-Security-Policy nonce of this response, for the inline scripts Remix writes.
const NonceContext = createContext<string>("");

export const NonceProvider = NonceContext.Provider;

export function useNonce() {
  return useContext(NonceContext);
}
