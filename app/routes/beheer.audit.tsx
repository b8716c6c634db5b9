import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/session.server";
import { Pagination } from "~/components/pagination";
import { listAuditEntries } from "~/models/audit.server";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";

const SearchSchema = z.object({ pagina: z.coerce.number().int().min(1).max(100_000).catch(1).default(1) });

const ACTION_LABELS: Record<string, string> = {
  "role.grant": "Rol gegeven",
  "role.revoke": "Rol ingetrokken",
  "organisation.create": "Organisatie toegevoegd",
  "organisation.update": "Organisatie gewijzigd",
  "theme.create": "Thema toegevoegd",
  "theme.update": "Thema gewijzigd",
  "user.password_reset": "Wachtwoord hersteld",
  "user.password_change": "Wachtwoord gewijzigd",
};

const TARGET_LABELS: Record<string, string> = {
  user: "gebruiker",
  organisation: "organisatie",
  theme: "thema",
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "admin" });
  const { pagina } = SearchSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { page: pagina, ...listAuditEntries({ page: pagina }) };
}

export default function AuditLog() {
  const { rows, page, pages } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <>
      <h1>Auditlog</h1>
      <p>Wie wat wanneer heeft gewijzigd, nieuwste eerst.</p>
      {rows.length ? (
        <div className="table-wrap" role="region" aria-label="Auditlog" tabIndex={0}>
          <table>
            <caption className="visually-hidden">Auditlog</caption>
            <thead>
              <tr>
                <th scope="col">Wanneer</th>
                <th scope="col">Wie</th>
                <th scope="col">Wat</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatDateTime(entry.createdAt)}</td>
                  <td>{entry.actorName ?? <span className="muted">systeem of verwijderd account</span>}</td>
                  <td>
                    {ACTION_LABELS[entry.action] ?? entry.action}
                    <br />
                    <span className="muted">
                      {TARGET_LABELS[entry.targetType] ?? entry.targetType} {entry.targetId}
                    </span>
                  </td>
                  <td>
                    <code>{JSON.stringify(entry.details)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Er staat nog niets in het auditlog.</p>
      )}
      <Pagination page={page} pages={pages} searchParams={searchParams} />
    </>
  );
}

export const meta: MetaFunction = () => pageTitle("Auditlog");
