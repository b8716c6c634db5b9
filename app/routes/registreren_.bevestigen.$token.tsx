import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { startSession } from "~/auth/session.server";
import { peekUserToken } from "~/models/user-token.server";
import { confirmEmail } from "~/models/user.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { pageTitle } from "~/utils/meta";

const ParamsSchema = z.object({ token: z.string().min(20).max(100) });

// Opening the link only shows a button: mail scanners that follow links must not use the token up.
export async function loader({ params }: LoaderFunctionArgs) {
  const parsed = ParamsSchema.safeParse(params);
  const valid = parsed.success && peekUserToken({ token: parsed.data.token, purpose: "verify-email" }) !== null;
  return data({ valid }, { status: valid ? 200 : 410 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const parsed = ParamsSchema.safeParse(params);
  const userId = parsed.success ? confirmEmail({ token: parsed.data.token }) : null;
  if (!userId) return data({ error: "Deze link is verlopen of al gebruikt." }, { status: 410 });
  const cookie = await startSession(userId, request);
  return redirectWithFlash("/", "Je e-mailadres is bevestigd. Welkom bij Leercirkel!", [cookie]);
}

export default function ConfirmEmail() {
  const { valid } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (!valid || actionData?.error) {
    return (
      <div className="narrow">
        <h1>Deze link werkt niet meer</h1>
        <p>
          De link is verlopen of al gebruikt. Log in met je e-mailadres en wachtwoord: is je adres nog niet bevestigd,
          dan sturen we je een nieuwe link.
        </p>
        <p>
          <Link to="/inloggen">Naar inloggen</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="narrow">
      <h1>Bevestig je e-mailadres</h1>
      <p>Nog één stap: bevestig je e-mailadres, dan ben je meteen ingelogd.</p>
      <Form method="post">
        <button type="submit" className="button">
          Bevestig mijn e-mailadres
        </button>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = () => pageTitle("E-mailadres bevestigen");
