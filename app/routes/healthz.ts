import { isDatabaseReachable } from "~/models/health.server";

// Reachable without signing in: load balancers and monitoring call it.
export async function loader() {
  const ok = isDatabaseReachable();
  return new Response(ok ? "ok" : "database unavailable", {
    status: ok ? 200 : 503,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}
