import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MANAGER_ROLES } from "~/auth/roles";
import { hasRole, requireUser } from "~/auth/session.server";
import { getAdminOverview } from "~/models/overview.server";
import { env } from "~/utils/env.server";
import { pageTitle } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: MANAGER_ROLES });
  return { isAdmin: hasRole(user, "admin"), overview: getAdminOverview(), smtp: Boolean(env.SMTP_URL) };
}

export default function AdminHome() {
  const { isAdmin, overview, smtp } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Beheer</h1>
      <ul className="cards">
        {isAdmin ? (
          <>
            <li className="card">
              <h2>
                <Link to="/beheer/gebruikers">Gebruikers</Link>
              </h2>
              <p>{overview.users} accounts. Zoek gebruikers en geef of ontneem rollen.</p>
            </li>
            <li className="card">
              <h2>
                <Link to="/beheer/organisaties">Organisaties</Link>
              </h2>
              <p>{overview.organisations} organisaties in het netwerk, per regio en soort.</p>
            </li>
          </>
        ) : null}
        <li className="card">
          <h2>
            <Link to="/beheer/themas">Thema&apos;s</Link>
          </h2>
          <p>{overview.themes} thema&apos;s waarover leercirkels, modules en webinars gaan.</p>
        </li>
        <li className="card">
          <h2>
            <Link to="/beheer/mail">Mail</Link>
          </h2>
          <p>
            {overview.mailsWaiting} {overview.mailsWaiting === 1 ? "e-mail wacht" : "e-mails wachten"} in de wachtrij
            {overview.mailsFailed ? `, ${overview.mailsFailed} mislukt` : ""}.
            {smtp ? "" : " Er is geen mailserver ingesteld: e-mails blijven hier leesbaar."}
          </p>
        </li>
      </ul>
    </>
  );
}

export const meta: MetaFunction = () => pageTitle("Beheer");
