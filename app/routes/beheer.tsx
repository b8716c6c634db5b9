import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { hasRole, requireUser } from "~/auth/session.server";
import { MANAGER_ROLES } from "~/auth/roles";
import { ErrorPage } from "~/components/error-page";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: MANAGER_ROLES });
  return { isAdmin: hasRole(user, "admin") };
}

export default function AdminLayout() {
  const { isAdmin } = useLoaderData<typeof loader>();
  const items = [
    { to: "/beheer", label: "Overzicht", end: true },
    ...(isAdmin
      ? [
          { to: "/beheer/gebruikers", label: "Gebruikers" },
          { to: "/beheer/organisaties", label: "Organisaties" },
        ]
      : []),
    { to: "/beheer/themas", label: "Thema's" },
    { to: "/beheer/signalen", label: "Signalen" },
    { to: "/beheer/leren", label: "Leren" },
    { to: "/beheer/bijdragen", label: "Bijdragen" },
    { to: "/beheer/peilingen", label: "Peilingen" },
    { to: "/beheer/webinars", label: "Webinars" },
    { to: "/beheer/actieleergroepen", label: "Actieleergroepen" },
    { to: "/beheer/mail", label: "Mail" },
    ...(isAdmin ? [{ to: "/beheer/audit", label: "Auditlog" }] : []),
  ];
  return (
    <div className="admin-layout">
      <nav className="admin-nav" aria-label="Beheer">
        <ul>
          {items.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.end}>
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div>
        <Outlet />
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
