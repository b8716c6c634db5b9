import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { CertificateParamsSchema } from "~/models/learning.schema";
import { certificateUrl, getCertificate } from "~/models/progress.server";
import { accreditationLine, certificateFileName, certificateLead } from "~/utils/certificate";
import { formatDate } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";

// Public: anyone with the code may verify the certificate. It shows the certificate and nothing more.
export async function loader({ params }: LoaderFunctionArgs) {
  const parsed = CertificateParamsSchema.safeParse(params);
  const certificate = parsed.success ? getCertificate(parsed.data.code) : null;
  if (!certificate) throw new Response("Deelnamebewijs niet gevonden", { status: 404 });
  const { code, holderName, title, durationMinutes, completedAt, accreditation, kind } = certificate;
  return {
    code,
    holderName,
    title,
    durationMinutes,
    completedAt,
    accreditation,
    kind,
    verifyUrl: certificateUrl(code),
  };
}

export default function CertificatePage() {
  const c = useLoaderData<typeof loader>();
  return (
    <div className="certificate">
      <p className="certificate__brand">
        <span aria-hidden="true">◯</span> Leercirkel
      </p>
      <h1>Deelnamebewijs</h1>
      <p className="certificate__lead">Hierbij verklaren wij dat</p>
      <p className="certificate__name">{c.holderName}</p>
      <p className="certificate__lead">{certificateLead(c.kind)}</p>
      <p className="certificate__title">{c.title}</p>
      <dl className="certificate__facts">
        <div>
          <dt>Datum</dt>
          <dd>{formatDate(c.completedAt)}</dd>
        </div>
        <div>
          <dt>Studietijd</dt>
          <dd>{c.durationMinutes} minuten</dd>
        </div>
        {c.accreditation ? (
          <div>
            <dt>Accreditatie</dt>
            <dd>{accreditationLine(c.accreditation)}</dd>
          </div>
        ) : null}
        <div>
          <dt>Code</dt>
          <dd>
            <code>{c.code}</code>
          </dd>
        </div>
      </dl>
      <p className="certificate__verify">
        Echtheid controleren: {c.verifyUrl}
        <br />
        Deze pagina toont alleen wat op het deelnamebewijs staat.
      </p>
      <p className="certificate__print no-print">
        <a className="button" href={`/deelnamebewijs/${c.code}/pdf`} download={certificateFileName(c.code)}>
          Download als pdf
        </a>{" "}
        <PrintButton />
      </p>
    </div>
  );
}

function PrintButton() {
  return (
    <button type="button" className="button button--secondary" onClick={() => window.print()}>
      Printen
    </button>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Deelnamebewijs ${data.code}` : "Deelnamebewijs");

export function ErrorBoundary() {
  return <ErrorPage />;
}
