import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/session.server";
import { Pagination } from "~/components/pagination";
import { listUsers } from "~/models/user.server";
import { ROLE_LABELS } from "~/utils/labels";
import { pageTitle } from "~/utils/meta";

const SearchSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  pagina: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "admin" });
  const { q, pagina } = SearchSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { q: q ?? "", page: pagina, ...listUsers({ query: q, page: pagina }) };
}

export default function Users() {
  const { q, page, pages, rows, total } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <>
      <h1>Gebruikers</h1>
      <Form method="get" role="search" className="inline-form">
        <div className="field">
          <label htmlFor="q">Zoek op naam, e-mailadres of organisatie</label>
          <input id="q" name="q" type="search" defaultValue={q} />
        </div>
        <button type="submit" className="button">
          Zoeken
        </button>
      </Form>
      <p role="status">
        {total === 1 ? "1 gebruiker" : `${total} gebruikers`}
        {q ? ` gevonden voor “${q}”` : ""}.
      </p>
      {rows.length ? (
        <div className="table-wrap" role="region" aria-label="Gebruikers" tabIndex={0}>
          <table>
            <caption className="visually-hidden">Gebruikers</caption>
            <thead>
              <tr>
                <th scope="col">Naam</th>
                <th scope="col">E-mailadres</th>
                <th scope="col">Organisatie</th>
                <th scope="col">Rollen</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((user) => (
                <tr key={user.id}>
                  <td>
                    <Link to={`/beheer/gebruikers/${user.id}`}>{user.name}</Link>
                    {user.verified ? null : <span className="muted"> (niet bevestigd)</span>}
                  </td>
                  <td>{user.email}</td>
                  <td>
                    {user.organisationName}
                    <br />
                    <span className="muted">{user.region}</span>
                  </td>
                  <td>
                    {user.roles.map((role) => (
                      <span key={role} className="tag">
                        {ROLE_LABELS[role]}
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pagination page={page} pages={pages} searchParams={searchParams} />
    </>
  );
}

export const meta: MetaFunction = () => pageTitle("Gebruikers");
