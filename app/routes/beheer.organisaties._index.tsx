import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { listOrganisations } from "~/models/organisation.server";
import { ORGANISATION_KIND_LABELS } from "~/utils/labels";
import { pageTitle } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "admin" });
  return { organisations: listOrganisations() };
}

export default function Organisations() {
  const { organisations } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Organisaties</h1>
      <p>
        <Link className="button" to="/beheer/organisaties/nieuw">
          Organisatie toevoegen
        </Link>
      </p>
      {organisations.length ? (
        <div className="table-wrap" role="region" aria-label="Organisaties" tabIndex={0}>
          <table>
            <caption className="visually-hidden">Organisaties</caption>
            <thead>
              <tr>
                <th scope="col">Naam</th>
                <th scope="col">Soort</th>
                <th scope="col">Regio</th>
                <th scope="col">Accounts</th>
              </tr>
            </thead>
            <tbody>
              {organisations.map((organisation) => (
                <tr key={organisation.id}>
                  <td>
                    <Link to={`/beheer/organisaties/${organisation.id}`}>{organisation.name}</Link>
                  </td>
                  <td>{ORGANISATION_KIND_LABELS[organisation.kind]}</td>
                  <td>{organisation.region}</td>
                  <td>{organisation.memberCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Er zijn nog geen organisaties. Voeg de eerste toe, zodat mensen zich kunnen registreren.</p>
      )}
    </>
  );
}

export const meta: MetaFunction = () => pageTitle("Organisaties");
