import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { listThemes } from "~/models/theme.server";
import { listWebinars } from "~/models/webinar.server";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";
import { ThemeFilter } from "~/components/theme-filter";

const QuerySchema = z.object({ thema: z.coerce.number().int().positive().optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  await getUser(request);
  const query = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { upcoming, past } = listWebinars({ themeId: query.thema });
  const pick = (w: (typeof upcoming)[number]) => ({
    id: w.id,
    title: w.title,
    startsAt: w.startsAt,
    themeName: w.themeName,
    placesLeft: w.placesLeft,
    cancelled: Boolean(w.cancelledAt),
  });
  return {
    themeId: query.thema ?? null,
    themes: listThemes().map((t) => ({ id: t.id, name: t.name })),
    upcoming: upcoming.map(pick),
    past: past.map(pick),
  };
}

export default function Webinars() {
  const { themes, themeId, upcoming, past } = useLoaderData<typeof loader>();
  return (
    <div className="narrow">
      <h1>Webinars</h1>
      <p className="lead">
        Korte online bijeenkomsten over een thema van een leercirkel, met professionals en ervaringsdeskundigen.
      </p>
      <ThemeFilter themes={themes} themeId={themeId} />
      <section aria-labelledby="komend-titel">
        <h2 id="komend-titel">Komende webinars</h2>
        {upcoming.length === 0 ? (
          <p>Er zijn geen komende webinars{themeId ? " over dit thema" : ""}.</p>
        ) : (
          <ul className="stack">
            {upcoming.map((w) => (
              <li key={w.id} className="card">
                <h3>
                  <Link to={`/webinars/${w.id}`}>{w.title}</Link>
                </h3>
                <p>
                  {formatDateTime(w.startsAt)}
                  {w.themeName ? ` · ${w.themeName}` : ""} ·{" "}
                  {w.cancelled ? "geannuleerd" : w.placesLeft > 0 ? `nog ${w.placesLeft} plaatsen` : "vol (wachtlijst)"}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      {past.length ? (
        <section aria-labelledby="geweest-titel">
          <h2 id="geweest-titel">Geweest</h2>
          <ul className="plain-list">
            {past.map((w) => (
              <li key={w.id}>
                <Link to={`/webinars/${w.id}`}>{w.title}</Link>{" "}
                <span className="muted">({formatDateTime(w.startsAt)})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = () => pageTitle("Webinars");

export function ErrorBoundary() {
  return <ErrorPage />;
}
