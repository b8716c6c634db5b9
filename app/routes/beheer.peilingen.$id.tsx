import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { PollResults } from "~/components/poll-results";
import { ReopenSchema } from "~/models/poll.schema";
import {
  closePoll,
  decideSuggestion,
  getPoll,
  getResults,
  listOptions,
  optionToTheme,
  pollState,
  reopenPoll,
} from "~/models/poll.server";
import { listThemes } from "~/models/theme.server";
import { formatDateTime, toAmsterdamLocal } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { readFormData } from "~/utils/form.server";
import {
  ORGANISATION_KIND_LABELS,
  POLL_AUDIENCE_LABELS,
  POLL_METHOD_LABELS,
  POLL_STATE_LABELS,
  POLL_VISIBILITY_LABELS,
} from "~/utils/labels";
import { pageTitle } from "~/utils/meta";
import { requireIdParam } from "~/utils/params";

function notFound(): never {
  throw new Response("Peiling niet gevonden", { status: 404 });
}

function loadPoll(params: unknown) {
  const poll = getPoll(requireIdParam(params, "Peiling"));
  if (!poll) notFound();
  return poll;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: MANAGER_ROLES });
  const poll = loadPoll(params);
  const options = listOptions(poll.id, { all: true });
  return {
    poll,
    state: pollState(poll),
    results: getResults(poll),
    suggestions: options.filter((o) => o.status === "pending"),
    approved: options.filter((o) => o.status === "approved"),
    themes: listThemes().map((t) => ({ id: t.id, name: t.name })),
    linkedTheme: poll.themeId ? (listThemes().find((t) => t.id === poll.themeId) ?? null) : null,
    defaultReopen: toAmsterdamLocal(Date.now() + 7 * 86400_000),
  };
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("close") }),
  z.object({ intent: z.literal("approve"), optionId: z.coerce.number().int().positive() }),
  z.object({ intent: z.literal("reject"), optionId: z.coerce.number().int().positive() }),
  z.object({
    intent: z.literal("to-theme"),
    optionId: z.coerce.number().int().positive(),
    themeId: z.union([z.literal(""), z.coerce.number().int().positive()]).optional(),
  }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: MANAGER_ROLES });
  const poll = loadPoll(params);
  const form = await readFormData(request);
  const here = `/beheer/peilingen/${poll.id}`;
  if (form.get("intent") === "reopen") {
    const submission = parseWithZod(form, { schema: ReopenSchema });
    if (submission.status !== "success") return data({ reopen: submission.reply() }, { status: 400 });
    const result = reopenPoll({ actorId: user.id, id: poll.id, closesAt: submission.value.closesAt });
    if (result.status === "in-past") {
      return data(
        { reopen: submission.reply({ fieldErrors: { closesAt: ["Kies een einde in de toekomst."] } }) },
        { status: 400 },
      );
    }
    if (result.status !== "ok") return data({ error: "De peiling is niet gesloten." }, { status: 409 });
    return redirectWithFlash(here, "De peiling is weer open.");
  }
  const parsed = ActionSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data({ error: "Onbekende opdracht." }, { status: 400 });
  const input = parsed.data;
  switch (input.intent) {
    case "close": {
      const result = closePoll({ actorId: user.id, id: poll.id });
      if (result.status !== "ok") return data({ error: "De peiling is al gesloten." }, { status: 409 });
      return redirectWithFlash(here, "De peiling is gesloten.");
    }
    case "approve":
    case "reject": {
      const result = decideSuggestion({
        actorId: user.id,
        pollId: poll.id,
        optionId: input.optionId,
        approve: input.intent === "approve",
      });
      if (result.status !== "ok") return data({ error: "Dit voorstel is al behandeld." }, { status: 409 });
      return redirectWithFlash(
        here,
        input.intent === "approve" ? "Het voorstel staat nu bij de opties." : "Het voorstel is afgewezen.",
      );
    }
    case "to-theme": {
      const result = optionToTheme({
        actorId: user.id,
        pollId: poll.id,
        optionId: input.optionId,
        themeId: input.themeId || undefined,
      });
      if (result.status === "not-closed") return data({ error: "Sluit de peiling eerst." }, { status: 409 });
      if (result.status !== "ok") return data({ error: "Deze optie of dit thema bestaat niet." }, { status: 404 });
      return redirectWithFlash(
        here,
        result.created
          ? `Het nieuwe thema ${result.theme.name} is gemaakt; de peiling hoort er nu bij.`
          : `De peiling hoort nu bij het thema ${result.theme.name}.`,
      );
    }
  }
}

export default function ManagePoll() {
  const { poll, state, results, suggestions, approved, themes, linkedTheme, defaultReopen } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const reopenErrors =
    actionData && "reopen" in actionData ? (actionData.reopen.error?.closesAt ?? undefined) : undefined;
  return (
    <div className="narrow">
      <p>
        <Link to="/beheer/peilingen">← Peilingen</Link>
      </p>
      <h1>{poll.question}</h1>
      {actionData && "error" in actionData ? (
        <p className="form-error" role="alert">
          {actionData.error}
        </p>
      ) : null}
      <dl className="facts">
        <div>
          <dt>Status</dt>
          <dd>{POLL_STATE_LABELS[state]}</dd>
        </div>
        <div>
          <dt>Manier van stemmen</dt>
          <dd>
            {POLL_METHOD_LABELS[poll.method]}
            {poll.maxChoices ? ` (N = ${poll.maxChoices})` : ""}
          </dd>
        </div>
        <div>
          <dt>Wie mag stemmen</dt>
          <dd>
            {POLL_AUDIENCE_LABELS[poll.audience]}
            {poll.audienceRegion ? `: ${poll.audienceRegion}` : ""}
            {poll.audienceKind ? `: ${ORGANISATION_KIND_LABELS[poll.audienceKind]}` : ""}
          </dd>
        </div>
        <div>
          <dt>Uitslag zichtbaar</dt>
          <dd>{POLL_VISIBILITY_LABELS[poll.resultsVisibility]}</dd>
        </div>
        <div>
          <dt>Open</dt>
          <dd>
            {formatDateTime(poll.opensAt)} – {formatDateTime(poll.closedAt ?? poll.closesAt)}
          </dd>
        </div>
        <div>
          <dt>Anoniem</dt>
          <dd>{poll.anonymous ? "Ja" : "Nee"}</dd>
        </div>
        {linkedTheme ? (
          <div>
            <dt>Hoort bij thema</dt>
            <dd>{linkedTheme.name}</dd>
          </div>
        ) : null}
      </dl>
      {poll.explanation ? <p className="pre-line">{poll.explanation}</p> : null}

      <PollResults results={results} method={poll.method} />
      <p>
        <a href={`/beheer/peilingen/${poll.id}/uitslag.csv`} download>
          Uitslag downloaden (CSV)
        </a>
      </p>

      {suggestions.length ? (
        <section aria-labelledby="voorstellen-titel">
          <h2 id="voorstellen-titel">Voorstellen van deelnemers</h2>
          <ul className="plain-list">
            {suggestions.map((s) => (
              <li key={s.id}>
                {s.label}{" "}
                <Form method="post" className="inline-form">
                  <input type="hidden" name="optionId" value={s.id} />
                  <button
                    type="submit"
                    name="intent"
                    value="approve"
                    className="button button--small"
                    aria-label={`Toevoegen: ${s.label}`}
                  >
                    Toevoegen
                  </button>{" "}
                  <button
                    type="submit"
                    name="intent"
                    value="reject"
                    className="button button--quiet button--small"
                    aria-label={`Afwijzen: ${s.label}`}
                  >
                    Afwijzen
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="beheer-titel">
        <h2 id="beheer-titel">Beheren</h2>
        {state !== "closed" ? (
          <Form method="post">
            <button type="submit" name="intent" value="close" className="button button--secondary">
              Peiling nu sluiten
            </button>
          </Form>
        ) : (
          <>
            <Form method="post" className="form-row">
              <div className="field">
                <label htmlFor="heropenen-tot">Weer openen tot (Nederlandse tijd)</label>
                <input
                  id="heropenen-tot"
                  name="closesAt"
                  type="datetime-local"
                  defaultValue={defaultReopen}
                  aria-invalid={reopenErrors ? true : undefined}
                  aria-describedby={reopenErrors ? "heropenen-fout" : undefined}
                />
                <div id="heropenen-fout" className="field-error">
                  {reopenErrors?.map((e) => (
                    <p key={e}>{e}</p>
                  ))}
                </div>
              </div>
              <button type="submit" name="intent" value="reopen" className="button button--secondary">
                Weer openen
              </button>
            </Form>
            <h3>Van uitkomst naar thema</h3>
            <p>
              Maak van een optie een thema (een nieuw thema met die naam, of een bestaand) en start of voed zo de
              leercirkel van dat thema. De peiling blijft eraan gekoppeld.
            </p>
            <ul className="plain-list">
              {approved.map((o) => (
                <li key={o.id}>
                  <Form method="post" className="form-row">
                    <input type="hidden" name="optionId" value={o.id} />
                    <div className="field">
                      <label htmlFor={`thema-${o.id}`}>{o.label}: naar thema</label>
                      <select id={`thema-${o.id}`} name="themeId" defaultValue={o.themeId ?? ""}>
                        <option value="">Nieuw thema &quot;{o.label}&quot;</option>
                        {themes.map((t) => (
                          <option key={t.id} value={t.id}>
                            {t.name}
                          </option>
                        ))}
                      </select>
                    </div>
                    <button
                      type="submit"
                      name="intent"
                      value="to-theme"
                      className="button button--small"
                      aria-label={`Koppelen: ${o.label}`}
                    >
                      Koppelen
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data?.poll.question ?? "Peiling");

export function ErrorBoundary() {
  return <ErrorPage />;
}
