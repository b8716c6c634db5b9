import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AUDIENCES } from "@db/schema/enums";
import { getUser } from "~/auth/session.server";
import { CatalogueSearchSchema, DURATION_FILTERS } from "~/models/learning.schema";
import { listCatalogue, type LearnerStatus } from "~/models/intervention.server";
import { ORGANISATION_KIND_LABELS } from "~/utils/labels";
import { pageTitle } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const filters = CatalogueSearchSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const catalogue = await listCatalogue({
    userId: user?.id ?? null,
    q: filters.q,
    theme: filters.thema,
    duration: filters.duur,
    audience: filters.doelgroep,
  });
  return { ...catalogue, filters, signedIn: Boolean(user) };
}

const STATUS_LABELS: Record<LearnerStatus, string> = {
  "not-started": "Nog niet begonnen",
  "in-progress": "Bezig",
  completed: "Afgerond",
};

export default function Catalogue() {
  const { rows, total, themeOptions, filters, signedIn } = useLoaderData<typeof loader>();
  const filtered = Boolean(filters.q || filters.thema || filters.duur || filters.doelgroep);
  return (
    <>
      <h1>Leren</h1>
      <p className="lead">
        Korte, krachtige leerinterventies van 15 tot 30 minuten. Elke module heeft een deel kennis, een deel over
        toepassen in je eigen werk en een deel met de ervaring van ouders en jongeren, en sluit af met tips en een
        uitnodiging om verder te gaan.
      </p>
      <Form method="get" className="filters" role="search" aria-label="Modules zoeken en filteren">
        <div className="field">
          <label htmlFor="q">Zoeken</label>
          <input id="q" name="q" type="search" defaultValue={filters.q ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="thema">Thema</label>
          <select id="thema" name="thema" defaultValue={filters.thema ?? ""}>
            <option value="">Alle thema&apos;s</option>
            {themeOptions.map((theme) => (
              <option key={theme.slug} value={theme.slug}>
                {theme.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="duur">Duur</label>
          <select id="duur" name="duur" defaultValue={filters.duur ?? ""}>
            <option value="">Elke duur</option>
            {Object.entries(DURATION_FILTERS).map(([value, filter]) => (
              <option key={value} value={value}>
                {filter.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="doelgroep">Voor</label>
          <select id="doelgroep" name="doelgroep" defaultValue={filters.doelgroep ?? ""}>
            <option value="">Iedereen</option>
            {AUDIENCES.map((audience) => (
              <option key={audience} value={audience}>
                {ORGANISATION_KIND_LABELS[audience]}
              </option>
            ))}
          </select>
        </div>
        <div className="filters__actions">
          <button type="submit" className="button">
            Toon modules
          </button>
          {filtered ? <Link to="/leren">Wis filters</Link> : null}
        </div>
      </Form>
      <p role="status">
        {filtered ? `${rows.length} van de ${total} modules.` : `${total} ${total === 1 ? "module" : "modules"}.`}
        {signedIn ? "" : " Log in om een module te volgen; je voortgang wordt dan bewaard."}
      </p>
      {rows.length ? (
        <ul className="catalogue">
          {rows.map((row) => (
            <li key={row.slug} className="card catalogue__item">
              <h2>
                <Link to={`/leren/${row.slug}`}>{row.title}</Link>
              </h2>
              <p className="catalogue__meta">
                <span className="tag">{row.theme.name}</span> <span className="nowrap">{row.duration} minuten</span>
                {signedIn ? (
                  <>
                    {" "}
                    <span className={`status status--${row.status}`}>{STATUS_LABELS[row.status]}</span>
                  </>
                ) : null}
              </p>
              <p>{row.summary}</p>
              <p className="muted">Voor: {row.audience.map((a) => ORGANISATION_KIND_LABELS[a]).join(", ")}</p>
            </li>
          ))}
        </ul>
      ) : (
        <p>Geen modules gevonden. Probeer een ander zoekwoord of minder filters.</p>
      )}
    </>
  );
}

export const meta: MetaFunction = () => pageTitle("Leren");
