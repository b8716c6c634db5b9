/** What the HTTP server hands every loader and action (see scripts/serve.ts). */
declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce: string;
    clientIp: string;
    /** A request for a whole page, not for data only (single fetch's ".data" requests). */
    documentRequest?: boolean;
  }
}

export function clientIp(context: { clientIp?: string } | undefined): string {
  const ip = context?.clientIp;
  return typeof ip === "string" && ip ? ip : "unknown";
}
