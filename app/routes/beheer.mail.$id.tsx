import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { readMail } from "~/models/mail.server";
import { formatDateTime } from "~/utils/dates";
import { MAIL_STATUS_LABELS } from "~/utils/labels";
import { pageTitle } from "~/utils/meta";

const ParamsSchema = z.object({ id: z.coerce.number().int().positive() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: MANAGER_ROLES });
  const parsed = ParamsSchema.safeParse(params);
  // Reading someone else's mail is audited (it may hold a personal link).
  const mail = parsed.success ? readMail({ actorId: user.id, id: parsed.data.id }) : undefined;
  if (!mail) throw new Response("E-mail niet gevonden", { status: 404 });
  const { id, to, subject, text, status, attempts, createdAt, sentAt, lastError, attachments } = mail;
  return { mail: { id, to, subject, text, status, attempts, createdAt, sentAt, lastError, attachments } };
}

// The plain-text body is shown (as text, never as HTML): links in it stay clickable by copying.
export default function MailDetail() {
  const { mail } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/beheer/mail">← Alle e-mails</Link>
      </p>
      <h1>{mail.subject}</h1>
      <dl className="facts">
        <div>
          <dt>Aan</dt>
          <dd>{mail.to}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            {MAIL_STATUS_LABELS[mail.status]}
            {mail.sentAt ? ` op ${formatDateTime(mail.sentAt)}` : ""} ({mail.attempts}{" "}
            {mail.attempts === 1 ? "poging" : "pogingen"})
          </dd>
        </div>
        <div>
          <dt>Aangemaakt</dt>
          <dd>{formatDateTime(mail.createdAt)}</dd>
        </div>
      </dl>
      {mail.lastError ? <p className="form-error">Laatste fout: {mail.lastError}</p> : null}
      <h2>Tekst</h2>
      <MailText text={mail.text} />
      {mail.attachments.length ? (
        <>
          <h2>Bijlagen</h2>
          {mail.attachments.map((a, index) => (
            <details key={index} className="attachment">
              <summary>
                {a.filename} <span className="muted">({a.contentType.split(";")[0]})</span>
              </summary>
              <pre className="mail-body">{a.content}</pre>
            </details>
          ))}
        </>
      ) : null}
    </>
  );
}

/** Plain text with its links made clickable, safely (React escapes the rest). */
function MailText({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s]+)/g);
  return (
    <div className="mail-body">
      {parts.map((part, index) =>
        /^https?:\/\//.test(part) ? (
          <a key={index} href={part}>
            {part}
          </a>
        ) : (
          <span key={index}>{part}</span>
        ),
      )}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data?.mail.subject ?? "E-mail");

export function ErrorBoundary() {
  return <ErrorPage />;
}
