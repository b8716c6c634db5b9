import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { requireVisitor } from "~/auth/session.server";
import { pageTitle } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireVisitor(request);
  return null;
}

export default function RegistrationSent() {
  return (
    <div className="narrow">
      <h1>Kijk in je mailbox</h1>
      <p>
        We hebben een e-mail gestuurd naar het adres dat je opgaf. Open de link in die e-mail om je account te
        bevestigen. De link werkt 48 uur.
      </p>
      <p>
        Geen e-mail ontvangen? Kijk ook in je map met ongewenste e-mail. Had je al een account met dit adres, dan staat
        in de e-mail hoe je een nieuw wachtwoord kiest.
      </p>
      <p>
        <Link to="/inloggen">Naar inloggen</Link>
      </p>
    </div>
  );
}

export const meta: MetaFunction = () => pageTitle("Kijk in je mailbox");
