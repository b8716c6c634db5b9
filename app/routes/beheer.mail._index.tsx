import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { Pagination } from "~/components/pagination";
import { listMails } from "~/models/mail.server";
import { formatDateTime } from "~/utils/dates";
import { env } from "~/utils/env.server";
import { MAIL_STATUS_LABELS } from "~/utils/labels";
import { pageTitle } from "~/utils/meta";

const SearchSchema = z.object({ pagina: z.coerce.number().int().min(1).max(100_000).catch(1).default(1) });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: MANAGER_ROLES });
  const { pagina } = SearchSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { smtp: Boolean(env.SMTP_URL), page: pagina, ...listMails({ page: pagina }) };
}

export default function Outbox() {
  const { smtp, rows, page, pages, total } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <>
      <h1>Mail</h1>
      <p className="notice">
        {smtp
          ? "De mailserver is ingesteld: e-mails in de wachtrij worden vanzelf verstuurd, mislukte pogingen worden later opnieuw geprobeerd."
          : "Er is geen mailserver ingesteld (SMTP_URL). E-mails worden niet verstuurd maar blijven hier leesbaar, zodat je bijvoorbeeld een wachtwoordlink kunt openen."}
      </p>
      <p>{total === 1 ? "1 e-mail" : `${total} e-mails`}, nieuwste eerst.</p>
      {rows.length ? (
        <div className="table-wrap" role="region" aria-label="Mails" tabIndex={0}>
          <table>
            <caption className="visually-hidden">E-mails</caption>
            <thead>
              <tr>
                <th scope="col">Onderwerp</th>
                <th scope="col">Aan</th>
                <th scope="col">Status</th>
                <th scope="col">Aangemaakt</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((mail) => (
                <tr key={mail.id}>
                  <td>
                    <Link to={`/beheer/mail/${mail.id}`}>{mail.subject}</Link>
                  </td>
                  <td>{mail.to}</td>
                  <td>
                    {mail.status === "pending" && !smtp
                      ? "Niet verstuurd (geen mailserver)"
                      : MAIL_STATUS_LABELS[mail.status]}
                    {mail.sentAt ? <span className="muted"> op {formatDateTime(mail.sentAt)}</span> : null}
                  </td>
                  <td>{formatDateTime(mail.createdAt)}</td>
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

export const meta: MetaFunction = () => pageTitle("Mail");
