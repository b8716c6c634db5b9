import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { ErrorList } from "~/components/forms";
import { LinkSignalSchema, SIGNAL_KIND_LABELS, SIGNAL_SOURCE_LABELS, UNKNOWN_THEME } from "~/models/circle.schema";
import { linkSignalToTheme, listSignals } from "~/models/circle.server";
import { listThemes } from "~/models/theme.server";
import { formatDate } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { readFormData } from "~/utils/form.server";
import { REGIONS } from "~/utils/labels";
import { pageTitle } from "~/utils/meta";

/** ?thema=zonder (no theme yet) or a theme id, ?regio=…; anything unreadable shows all. */
const FilterSchema = z.object({
  thema: z
    .union([z.literal("zonder"), z.coerce.number().int().positive()])
    .optional()
    .catch(undefined),
  regio: z.enum(REGIONS).optional().catch(undefined),
});

const LIMIT = 200;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: MANAGER_ROLES });
  const filter = FilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const signals = listSignals({
    withoutTheme: filter.thema === "zonder",
    themeId: typeof filter.thema === "number" ? filter.thema : undefined,
    region: filter.regio,
    limit: LIMIT + 1,
  });
  return {
    filter: { thema: filter.thema === undefined ? "" : String(filter.thema), regio: filter.regio ?? "" },
    signals: signals.slice(0, LIMIT),
    more: signals.length > LIMIT,
    themes: listThemes().map((t) => ({ id: t.id, name: t.name })),
  };
}

const LinkFormSchema = LinkSignalSchema.extend({
  intent: z.literal("link"),
  signalId: z.number().int().positive(),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: MANAGER_ROLES });
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: LinkFormSchema });
  const signalId = Number(form.get("signalId")) || null;
  if (submission.status !== "success") {
    const error = submission.error?.themeId?.[0] ?? "Kies een thema.";
    return data({ signalId, error }, { status: 400 });
  }
  const { signalId: id, themeId } = submission.value;
  const result = linkSignalToTheme({ actorId: user.id, id, themeId });
  if (result.status === "not-found") throw new Response("Signaal niet gevonden", { status: 404 });
  if (result.status === "unknown-theme") return data({ signalId, error: UNKNOWN_THEME }, { status: 400 });
  if (result.status !== "ok") throw new Response("Alleen coördinatoren koppelen signalen.", { status: 403 });
  // Back to the list as it was filtered (without Remix's own ?index).
  const back = new URL(request.url);
  for (const key of ["index", "_data"]) back.searchParams.delete(key);
  return redirectWithFlash(back.pathname + back.search, "Het signaal is aan het thema gekoppeld.");
}

export default function Signals() {
  const { filter, signals, more, themes } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <div>
      <h1>Signalen uit de praktijk</h1>
      <p className="lead">
        Patronen, lacunes en trends die expertteams, casuïstiekonderzoek en de praktijk zien: het begin van een
        leercirkel. Een signaal met een thema staat bij de leercirkel van dat thema.
      </p>
      <p>
        <Link className="button" to="/beheer/signalen/nieuw">
          Signaal vastleggen
        </Link>
      </p>

      <Form method="get" className="filter-form" aria-label="Signalen filteren">
        <div className="field">
          <label htmlFor="thema">Thema</label>
          <select id="thema" name="thema" defaultValue={filter.thema}>
            <option value="">Alle signalen</option>
            <option value="zonder">Nog zonder thema</option>
            {themes.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="regio">Regio</label>
          <select id="regio" name="regio" defaultValue={filter.regio}>
            <option value="">Alle regio&apos;s</option>
            {REGIONS.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--secondary">
          Filteren
        </button>
      </Form>

      {signals.length === 0 ? (
        <p>Geen signalen gevonden.</p>
      ) : (
        <>
          <Form method="get" action="/beheer/peilingen/nieuw" id="peiling-uit-signalen" className="inline-form">
            <p className="hint" id="peiling-hint">
              Vink signalen aan om er een peiling mee te beginnen: een signaal met een thema wordt die thema-optie, een
              signaal zonder thema een eigen optie.
            </p>
            <button type="submit" className="button button--secondary" aria-describedby="peiling-hint">
              Peiling maken met de aangevinkte signalen
            </button>
          </Form>
          <div className="table-wrap" role="region" aria-labelledby="signalen-tabel" tabIndex={0}>
            <table>
              <caption id="signalen-tabel">
                {signals.length} {signals.length === 1 ? "signaal" : "signalen"}
                {more ? ` (de nieuwste ${signals.length}; filter om oudere te zien)` : ""}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Kiezen</th>
                  <th scope="col">Datum</th>
                  <th scope="col">Signaal</th>
                  <th scope="col">Soort en bron</th>
                  <th scope="col">Regio</th>
                  <th scope="col">Thema</th>
                </tr>
              </thead>
              <tbody>
                {signals.map((s) => (
                  <tr key={s.id}>
                    <td>
                      <input
                        type="checkbox"
                        name="signaal"
                        value={s.id}
                        form="peiling-uit-signalen"
                        id={`kies-${s.id}`}
                        aria-label={`${s.title} kiezen voor een peiling`}
                      />
                    </td>
                    <td>{formatDate(s.observedOn)}</td>
                    <td>
                      <Link to={`/beheer/signalen/${s.id}`}>{s.title}</Link>
                    </td>
                    <td>
                      {SIGNAL_KIND_LABELS[s.kind]}, {SIGNAL_SOURCE_LABELS[s.source].toLowerCase()}
                    </td>
                    <td>{s.region}</td>
                    <td>
                      {s.themeName ?? (
                        <LinkForm
                          signalId={s.id}
                          themes={themes}
                          error={failed?.signalId === s.id ? failed.error : null}
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}

function LinkForm({
  signalId,
  themes,
  error,
}: {
  signalId: number;
  themes: { id: number; name: string }[];
  error: string | null;
}) {
  const selectId = `thema-${signalId}`;
  const errorId = `${selectId}-fout`;
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value="link" />
      <input type="hidden" name="signalId" value={signalId} />
      <label htmlFor={selectId} className="visually-hidden">
        Thema voor dit signaal
      </label>
      <select
        id={selectId}
        name="themeId"
        defaultValue=""
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
      >
        <option value="">Kies een thema</option>
        {themes.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>{" "}
      <button type="submit" className="button button--small button--secondary">
        Koppelen
      </button>
      <ErrorList id={errorId} errors={error ? [error] : undefined} />
    </Form>
  );
}

export const meta: MetaFunction = () => pageTitle("Signalen");

export function ErrorBoundary() {
  return <ErrorPage />;
}
