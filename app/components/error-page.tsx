import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const MESSAGES: Record<number, { title: string; text: string }> = {
  400: {
    title: "Dat verzoek klopt niet",
    text: "Wat er werd verstuurd kunnen we niet verwerken. Ga terug en probeer het opnieuw.",
  },
  403: { title: "Geen toegang", text: "Je bent ingelogd, maar je hebt niet de rol die voor deze pagina nodig is." },
  404: {
    title: "Pagina niet gevonden",
    text: "Deze pagina bestaat niet (meer). Controleer het adres of ga naar de startpagina.",
  },
  405: { title: "Dat kan hier niet", text: "Deze pagina kan dit verzoek niet verwerken." },
  413: { title: "Te veel gegevens", text: "Wat je verstuurde is te groot. Maak het korter en probeer het opnieuw." },
  429: { title: "Even geduld", text: "Er kwamen te veel verzoeken tegelijk. Wacht even en probeer het dan opnieuw." },
};

const FALLBACK = {
  title: "Er ging iets mis",
  text: "Er ging aan onze kant iets mis. Probeer het over een paar minuten opnieuw. Blijft het misgaan, neem dan contact op met de coördinator van je netwerk.",
};

/** The Dutch error page every route shows; never a stack trace. */
export function ErrorPage() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message = MESSAGES[status] ?? FALLBACK;
  if (!isRouteErrorResponse(error) && typeof document !== "undefined") console.error(error);
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-code">Foutcode {status}</p>
      <h1 id="error-title">{message.title}</h1>
      <p>{message.text}</p>
      <p>
        <Link to="/">Naar de startpagina</Link>
      </p>
    </section>
  );
}
