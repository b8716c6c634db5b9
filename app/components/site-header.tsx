import { useLocation } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import type { ReactNode } from "react";
import type { Role } from "@db/schema/enums";
import { isManager } from "~/auth/roles";

type HeaderUser = { name: string; roles: Role[] } | null;

function navItems(user: HeaderUser) {
  const items: { to: `/${string}`; label: string }[] = [
    { to: "/", label: "Start" },
    { to: "/leren", label: "Leren" },
    { to: "/webinars", label: "Webinars" },
  ];
  if (!user) return items;
  items.push({ to: "/peilingen", label: "Peilingen" }, { to: "/actieleergroepen", label: "Actieleergroepen" });
  if (user.roles.includes("expert")) items.push({ to: "/bijdragen", label: "Mijn bijdragen" });
  if (isManager(user.roles))
    items.push({ to: "/leercirkels", label: "Leercirkels" }, { to: "/beheer", label: "Beheer" });
  return items;
}

/**
 * Whether a menu item points at the current page or a page below it, as React Router's NavLink
 * decides (case-insensitive; `end` only the page itself).
 */
export function isCurrentPath(pathname: string, to: string, end = false) {
  const here = pathname.toLowerCase();
  const target = to.toLowerCase();
  if (here === target) return true;
  if (end || !here.startsWith(target)) return false;
  const slashAt = target !== "/" && target.endsWith("/") ? target.length - 1 : target.length;
  return here.charAt(slashAt) === "/";
}

/**
 * A menu link that marks the current page: a link of the app (AppLink) with `aria-current` and
 * the `active` class. NavLink does the same with about twice the work per render; with seven of them in the header
 * of every page that was a few percent of the module page's server time (docs/decisions/0007).
 */
function MenuLink({
  to,
  end,
  className,
  children,
}: {
  to: `/${string}`;
  end?: boolean;
  className?: string;
  children: ReactNode;
}) {
  const current = isCurrentPath(useLocation().pathname, to, end);
  const classes = [className, current ? "active" : null].filter(Boolean).join(" ");
  return (
    <AppLink to={to} prefetch="intent" aria-current={current ? "page" : undefined} className={classes || undefined}>
      {children}
    </AppLink>
  );
}

export function SiteHeader({ user }: { user: HeaderUser }) {
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <a className="brand" href="/">
          <span aria-hidden="true" className="brand__mark">
            ◯
          </span>
          {" Leercirkel"}
        </a>
        <nav aria-label="Hoofdmenu">
          <ul className="nav-list">
            {navItems(user).map((item) => (
              <li key={item.to}>
                <MenuLink to={item.to} end={item.to === "/"}>
                  {item.label}
                </MenuLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="site-header__account">
          {user ? (
            <>
              {/* The signed-in person's name is the way to their account: one item less in the menu, so
                  the header stays on one line at desktop width with the managers' menu too. */}
              <MenuLink to="/account" className="user-name">
                <span className="visually-hidden">Mijn account, ingelogd als </span>
                {user.name}
              </MenuLink>
              {/* A plain form: signing out loads the start page anew, so nothing of the signed-in
                  person stays in the browser's router state. */}
              <form method="post" action="/uitloggen">
                <button type="submit" className="button button--quiet">
                  Uitloggen
                </button>
              </form>
            </>
          ) : (
            <>
              <MenuLink to="/inloggen">Inloggen</MenuLink>
              <MenuLink to="/registreren" className="button button--small">
                Registreren
              </MenuLink>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
