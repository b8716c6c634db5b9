import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

type AppLinkProps = {
  /** A path of this app, from its root (what the server writes as the link's href). */
  to: `/${string}`;
  prefetch?: "intent" | "none";
  className?: string;
  "aria-current"?: "page";
  children: ReactNode;
};

/** What a Remix Link to a path of this app is in the page before JavaScript runs. */
function ServerLink({ to, className, "aria-current": current, children }: AppLinkProps) {
  return (
    <a className={className} aria-current={current} data-discover="true" href={to}>
      {children}
    </a>
  );
}

/**
 * A link to a page of this app: a Remix Link in the browser (navigation without a page load,
 * prefetching), and on the server the anchor that Link renders, without the router's hooks (each
 * Link resolves its path and sets up its prefetching and click handling: with the seven in the
 * header and the module page's breadcrumb that was ~4% of the module page, docs/decisions/0007).
 * tests/e2e/learning.spec.ts compares the links as the server and the browser render them.
 */
export const AppLink: (props: AppLinkProps) => ReactNode = typeof document === "undefined" ? ServerLink : Link;
