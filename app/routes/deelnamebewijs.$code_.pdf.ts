import type { LoaderFunctionArgs } from "@remix-run/node";
import { consumeLimit } from "~/auth/rate-limit.server";
import { certificatePdf } from "~/models/certificate-pdf.server";
import { CertificateParamsSchema } from "~/models/learning.schema";
import { certificateUrl, getCertificate } from "~/models/progress.server";
import { certificateFileName } from "~/utils/certificate";
import { clientIp } from "~/utils/request.server";

// Public, like /deelnamebewijs/:code: the certificate as an A4 PDF, with a QR code of that page.
export async function loader({ params, context }: LoaderFunctionArgs) {
  const parsed = CertificateParamsSchema.safeParse(params);
  const certificate = parsed.success ? getCertificate(parsed.data.code) : null;
  if (!certificate) throw new Response("Deelnamebewijs niet gevonden", { status: 404 });
  const { code, kind, holderName, title, durationMinutes, completedAt, issuedAt, accreditation } = certificate;
  let retryAfterSeconds = 60;
  const pdf = await certificatePdf(
    {
      code,
      kind,
      holderName,
      title,
      durationMinutes,
      completedAt,
      issuedAt,
      accreditation: accreditation ?? null,
      verifyUrl: certificateUrl(code),
    },
    // Only drawing costs: a PDF drawn before is given to anyone, however many ask at once.
    async () => {
      const limit = await consumeLimit("certificatePdfPerIp", clientIp(context));
      if (!limit.allowed) retryAfterSeconds = limit.retryAfterSeconds;
      return limit.allowed;
    },
  );
  if (!pdf) {
    throw new Response("Te veel downloads achter elkaar. Probeer het over een minuut opnieuw.", {
      status: 429,
      headers: { "Retry-After": String(retryAfterSeconds) },
    });
  }
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${certificateFileName(code)}"`,
      "Content-Length": String(pdf.length),
      // Gone with the account it belongs to: not kept by shared caches.
      "Cache-Control": "private, no-cache",
    },
  });
}
