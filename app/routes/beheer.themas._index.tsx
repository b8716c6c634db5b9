import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { listThemes } from "~/models/theme.server";
import { pageTitle } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: MANAGER_ROLES });
  return { themes: listThemes() };
}

export default function Themes() {
  const { themes } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Thema&apos;s</h1>
      <p>
        <Link className="button" to="/beheer/themas/nieuw">
          Thema toevoegen
        </Link>
      </p>
      {themes.length ? (
        <div className="table-wrap" role="region" aria-label="Thema's" tabIndex={0}>
          <table>
            <caption className="visually-hidden">Thema&apos;s</caption>
            <thead>
              <tr>
                <th scope="col">Naam</th>
                <th scope="col">Slug</th>
                <th scope="col">Beschrijving</th>
              </tr>
            </thead>
            <tbody>
              {themes.map((theme) => (
                <tr key={theme.id}>
                  <td>
                    <Link to={`/beheer/themas/${theme.id}`}>{theme.name}</Link>
                  </td>
                  <td>
                    <code>{theme.slug}</code>
                  </td>
                  <td>{theme.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Er zijn nog geen thema&apos;s.</p>
      )}
    </>
  );
}

export const meta: MetaFunction = () => pageTitle("Thema's");
