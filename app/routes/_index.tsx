import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { isManager } from "~/auth/roles";
import { getUser } from "~/auth/session.server";
import { ORGANISATION_KIND_LABELS, ROLE_LABELS } from "~/utils/labels";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  return {
    user: user
      ? {
          name: user.name,
          organisation: user.organisation,
          roles: user.roles,
        }
      : null,
  };
}

const STEPS = [
  "Netwerkoverleg met kennisplatforms, professionals en ervaringsdeskundige ouders en jongeren",
  "Inventarisatie van de thema's die nodig zijn",
  "Een kader voor actieleergroepen, met een monitor",
  "Een eerste webinar over een thema, met een peiling onder de deelnemers",
  "De eerste actieleergroep",
  "Vervolgwebinars en vervolggroepen",
  "Het jaarlijkse netwerkoverleg over inhoud en opbrengst van het jaar",
];

function Visitor() {
  return (
    <>
      <section className="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">Leren in de jeugdhulp, van casuïstiek tot verandering in de praktijk</h1>
        <p className="lead">
          Er is veel kennis om de jeugdhulp te verbeteren, maar die bereikt professionals te langzaam. Leercirkel brengt
          per thema alles samen wat daarvoor nodig is: signalen uit de casuïstiek, korte leerinterventies, webinars,
          peilingen en actieleergroepen die het geleerde borgen in hun eigen organisatie.
        </p>
        <p className="actions">
          <Link className="button" to="/registreren">
            Account aanmaken
          </Link>
          <Link className="button button--secondary" to="/inloggen">
            Inloggen
          </Link>
        </p>
      </section>

      <section aria-labelledby="wie-title">
        <h2 id="wie-title">Voor wie</h2>
        <ul className="cards">
          <li className="card">
            <h3>Professionals</h3>
            <p>
              Volg korte leerinterventies met kennis, toepassing op je eigen werk en de ervaring van ouders en jongeren.
              Schrijf op wat je anders gaat doen en kijk weken later terug.
            </p>
          </li>
          <li className="card">
            <h3>Ervaringsdeskundigen</h3>
            <p>
              Deel wat wel en niet helpt, vanuit je eigen ervaring als ouder of jongere. Je ziet wat er met je bijdrage
              gebeurt.
            </p>
          </li>
          <li className="card">
            <h3>Coördinatoren</h3>
            <p>
              Zet leercirkels op, peil welke thema&apos;s nodig zijn, plan webinars, begeleid actieleergroepen en laat
              zien wat het jaar heeft opgeleverd.
            </p>
          </li>
        </ul>
      </section>

      <section aria-labelledby="stappen-title">
        <h2 id="stappen-title">De leercirkel in zeven stappen</h2>
        <p>Een leercirkel kan op ieder moment en bij iedere stap beginnen, voor ieder thema dat ertoe doet.</p>
        <ol className="steps">
          {STEPS.map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
        <p>
          Leren is meer dan kennis overdragen: het gaat om weten, doen, voelen en veranderen. Daarom volgt Leercirkel je
          voorbij de module, tot in de praktijk.
        </p>
      </section>
    </>
  );
}

export default function Index() {
  const { user } = useLoaderData<typeof loader>();
  if (!user) return <Visitor />;
  const isCoordinator = isManager(user.roles);
  return (
    <>
      <h1>Welkom, {user.name}</h1>
      <section className="card profile" aria-labelledby="profiel-title">
        <h2 id="profiel-title">Jouw gegevens</h2>
        <dl className="facts">
          <div>
            <dt>Organisatie</dt>
            <dd>
              {user.organisation.name} ({ORGANISATION_KIND_LABELS[user.organisation.kind]})
            </dd>
          </div>
          <div>
            <dt>Regio</dt>
            <dd>{user.organisation.region}</dd>
          </div>
          <div>
            <dt>{user.roles.length === 1 ? "Rol" : "Rollen"}</dt>
            <dd>{user.roles.map((role) => ROLE_LABELS[role]).join(", ") || "Geen rol"}</dd>
          </div>
        </dl>
        <p>
          <Link to="/account">Mijn account</Link>
          {isCoordinator ? (
            <>
              {" · "}
              <Link to="/beheer">Naar beheer</Link>
            </>
          ) : null}
        </p>
      </section>
    </>
  );
}

export const meta: MetaFunction = () => [
  { title: "Leercirkel · leren in de jeugdhulp" },
  {
    name: "description",
    content:
      "Leercirkel: korte leerinterventies, webinars, peilingen en actieleergroepen voor professionals en ervaringsdeskundigen in de jeugdhulp.",
  },
];
