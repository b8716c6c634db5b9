import { Form, NavLink } from "@remix-run/react";
import type { Role } from "@db/schema/enums";
import { isManager } from "~/auth/roles";

type HeaderUser = { name: string; roles: Role[] } | null;

function navItems(user: HeaderUser) {
  const items: { to: string; label: string }[] = [
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

export function SiteHeader({ user }: { user: HeaderUser }) {
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <a className="brand" href="/">
          <span aria-hidden="true" className="brand__mark">
            ◯
          </span>{" "}
          Leercirkel
        </a>
        <nav aria-label="Hoofdmenu">
          <ul className="nav-list">
            {navItems(user).map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === "/"} prefetch="intent">
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="site-header__account">
          {user ? (
            <>
              {/* The signed-in person's name is the way to their account: one item less in the menu, so
                  the header stays on one line at desktop width with the managers' menu too. */}
              <NavLink to="/account" className="user-name" prefetch="intent">
                <span className="visually-hidden">Mijn account, ingelogd als </span>
                {user.name}
              </NavLink>
              <Form method="post" action="/uitloggen">
                <button type="submit" className="button button--quiet">
                  Uitloggen
                </button>
              </Form>
            </>
          ) : (
            <>
              <NavLink to="/inloggen">Inloggen</NavLink>
              <NavLink to="/registreren" className="button button--small">
                Registreren
              </NavLink>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
