const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request forgery guard: a request that can change data must come from a page of
 * this site. Browsers send Origin on every such request; a request without it is refused too.
 * `allowedHosts` holds the host (name:port) the request was sent to and the public APP_URL host.
 */
export function isAllowedOrigin(method: string, origin: string | undefined, allowedHosts: string[]): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  if (!origin || origin === "null") return false;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  return allowedHosts.some((allowed) => allowed.toLowerCase() === host.toLowerCase());
}
