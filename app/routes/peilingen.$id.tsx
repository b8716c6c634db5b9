import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { isManager } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { PollResults } from "~/components/poll-results";
import { ballotFromForm, SuggestionSchema, type BallotPoints } from "~/models/poll.schema";
import {
  canSeeResults,
  castVote,
  getOwnBallot,
  getPoll,
  getResults,
  hasVoted,
  isInAudience,
  listOptions,
  pollState,
  suggestOption,
} from "~/models/poll.server";
import { formatDateTime } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { readFormData } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";
import { requireIdParam } from "~/utils/params";

function notFound(): never {
  throw new Response("Peiling niet gevonden", { status: 404 });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const poll = getPoll(requireIdParam(params, "Peiling"));
  // A poll for another audience does not exist for this person (coordinators see every poll).
  if (!poll || (!isInAudience(poll, user) && !isManager(user.roles))) notFound();
  const state = pollState(poll);
  const voted = hasVoted(poll.id, user.id);
  const visible = canSeeResults(poll, user, voted);
  return {
    poll: {
      id: poll.id,
      question: poll.question,
      explanation: poll.explanation,
      method: poll.method,
      maxChoices: poll.maxChoices,
      anonymous: poll.anonymous,
      allowSuggestions: poll.allowSuggestions,
      opensAt: poll.opensAt,
      closesAt: poll.closedAt ?? poll.closesAt,
      resultsVisibility: poll.resultsVisibility,
    },
    state,
    mayVote: state === "open" && isInAudience(poll, user),
    options: listOptions(poll.id).map((o) => ({ id: o.id, label: o.label })),
    ballot: getOwnBallot(poll.id, user.id),
    voted,
    results: visible ? getResults(poll) : null,
  };
}

const VOTE_ERRORS: Record<string, string> = {
  "not-open": "Deze peiling is niet (meer) open.",
  "not-in-audience": "Je hoort niet bij wie voor deze peiling mag stemmen.",
  "unknown-option": "Kies uit de opties van deze peiling.",
  "lost-ballot":
    "Je stemde al, maar je eerdere stem kan niet meer worden gewijzigd. Neem contact op met de coördinator.",
  "not-found": "Deze peiling bestaat niet.",
};

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const poll = getPoll(requireIdParam(params, "Peiling"));
  if (!poll || !isInAudience(poll, user)) notFound();
  const form = await readFormData(request);
  const here = `/peilingen/${poll.id}`;

  if (form.get("intent") === "suggest") {
    const submission = parseWithZod(form, { schema: SuggestionSchema });
    if (submission.status !== "success") return data({ suggest: submission.reply() }, { status: 400 });
    const result = suggestOption({ pollId: poll.id, user, label: submission.value.label });
    if (result.status === "duplicate") {
      return data(
        { suggest: submission.reply({ fieldErrors: { label: ["Deze optie staat er al (of is al voorgesteld)."] } }) },
        { status: 400 },
      );
    }
    if (result.status !== "ok")
      return data({ error: "Voorstellen kan bij deze peiling niet (meer)." }, { status: 409 });
    return redirectWithFlash(here, "Dank je wel. De coördinator bekijkt je voorstel.");
  }

  const values: Record<string, string | string[]> = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).map(String);
    values[key] = all.length > 1 || key === "choice" ? all : (all[0] ?? "");
  }
  const options = listOptions(poll.id).map((o) => o.id);
  const ballot = ballotFromForm(poll, options, form);
  if (!ballot.ok) return data({ error: ballot.message, values }, { status: 400 });
  const result = castVote({ pollId: poll.id, user, points: ballot.points });
  if (result.status !== "ok") {
    return data({ error: VOTE_ERRORS[result.status] ?? "Dat lukte niet.", values }, { status: 409 });
  }
  return redirectWithFlash(here, result.changed ? "Je stem is gewijzigd." : "Dank je wel, je stem is opgeslagen.");
}

type Values = Record<string, string | string[]>;

/** What the form shows: what was just sent (after an error), else the person's own ballot. */
function initial(
  method: string,
  ballot: BallotPoints | null,
  values: Values | undefined,
  optionCount: number,
  max: number | null,
) {
  if (values) return values;
  const out: Values = {};
  if (!ballot) return out;
  if (method === "single" || method === "multiple") out.choice = Object.keys(ballot);
  const places = Math.min(max ?? optionCount, optionCount);
  for (const [id, points] of Object.entries(ballot)) {
    if (method === "ranking") out[`rank-${id}`] = String(places - points + 1);
    if (method === "dots") out[`dots-${id}`] = String(points);
  }
  return out;
}

function BallotForm() {
  const { poll, options, ballot, voted } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const error = actionData && "error" in actionData ? actionData.error : undefined;
  const values = initial(
    poll.method,
    ballot,
    actionData && "values" in actionData ? (actionData.values as Values) : undefined,
    options.length,
    poll.maxChoices,
  );
  const chosen = new Set([values.choice ?? []].flat());
  const places = Math.min(poll.maxChoices ?? options.length, options.length);
  const legend = {
    single: "Kies één optie",
    multiple: `Kies hoogstens ${poll.maxChoices} opties`,
    ranking: `Zet ${places === options.length ? "alle opties" : `je top ${places}`} op volgorde: 1 is het belangrijkst`,
    dots: `Verdeel ${poll.maxChoices} punten over de opties`,
  }[poll.method];
  return (
    <Form method="post" className="ballot" key={JSON.stringify(values)}>
      <fieldset className="field-group" aria-describedby={error ? "stem-fout" : undefined}>
        <legend>{legend}</legend>
        <div id="stem-fout" role="alert" className={error ? "form-error" : undefined}>
          {error ? <p>{error}</p> : null}
        </div>
        {options.map((o) => (
          <div key={o.id} className={poll.method === "ranking" || poll.method === "dots" ? "ballot-option" : "choice"}>
            {poll.method === "single" || poll.method === "multiple" ? (
              <>
                <input
                  type={poll.method === "single" ? "radio" : "checkbox"}
                  id={`optie-${o.id}`}
                  name="choice"
                  value={o.id}
                  defaultChecked={chosen.has(String(o.id))}
                />
                <label htmlFor={`optie-${o.id}`}>{o.label}</label>
              </>
            ) : poll.method === "ranking" ? (
              <>
                <select id={`optie-${o.id}`} name={`rank-${o.id}`} defaultValue={String(values[`rank-${o.id}`] ?? "")}>
                  <option value="">–</option>
                  {Array.from({ length: places }, (_, i) => (
                    <option key={i} value={i + 1}>
                      {i + 1}
                    </option>
                  ))}
                </select>
                <label htmlFor={`optie-${o.id}`}>{o.label}</label>
              </>
            ) : (
              <>
                <input
                  type="number"
                  id={`optie-${o.id}`}
                  name={`dots-${o.id}`}
                  min={0}
                  max={poll.maxChoices ?? undefined}
                  inputMode="numeric"
                  defaultValue={String(values[`dots-${o.id}`] ?? "")}
                />
                <label htmlFor={`optie-${o.id}`}>{o.label}</label>
              </>
            )}
          </div>
        ))}
      </fieldset>
      <button type="submit" name="intent" value="vote" className="button">
        {voted ? "Stem wijzigen" : "Stemmen"}
      </button>
    </Form>
  );
}

function SuggestForm() {
  const actionData = useActionData<typeof action>();
  const result = actionData && "suggest" in actionData ? actionData.suggest : undefined;
  const errors = result?.error?.label ?? undefined;
  return (
    <section aria-labelledby="voorstel-titel">
      <h2 id="voorstel-titel">Een optie voorstellen</h2>
      <Form method="post">
        <div className="field">
          <label htmlFor="voorstel">Je voorstel</label>
          <p className="hint" id="voorstel-uitleg">
            De coördinator bekijkt het; daarna kunnen anderen erop stemmen.
          </p>
          <input
            id="voorstel"
            name="label"
            maxLength={200}
            defaultValue={String((result?.initialValue as { label?: string } | undefined)?.label ?? "")}
            aria-invalid={errors ? true : undefined}
            aria-describedby={errors ? "voorstel-uitleg voorstel-fout" : "voorstel-uitleg"}
          />
          <div id="voorstel-fout" className="field-error">
            {errors?.map((e) => (
              <p key={e}>{e}</p>
            ))}
          </div>
        </div>
        <button type="submit" name="intent" value="suggest" className="button button--secondary">
          Voorstellen
        </button>
      </Form>
    </section>
  );
}

export default function PollPage() {
  const { poll, state, mayVote, voted, results } = useLoaderData<typeof loader>();
  return (
    <div className="narrow">
      <p>
        <Link to="/peilingen">← Peilingen</Link>
      </p>
      <h1>{poll.question}</h1>
      <p className="muted">
        {state === "scheduled" ? `Opent ${formatDateTime(poll.opensAt)}` : null}
        {state === "open" ? `Open tot ${formatDateTime(poll.closesAt)}` : null}
        {state === "closed" ? `Gesloten op ${formatDateTime(poll.closesAt)}` : null}
        {poll.anonymous ? " · anoniem: niemand kan zien wat jij stemde" : ""}
      </p>
      {poll.explanation ? <p className="pre-line">{poll.explanation}</p> : null}
      {mayVote ? (
        <>
          {voted ? <p className="notice">Je hebt gestemd. Je kunt je stem wijzigen tot de peiling sluit.</p> : null}
          <BallotForm />
          {poll.allowSuggestions ? <SuggestForm /> : null}
        </>
      ) : state === "scheduled" ? (
        <p>Je kunt stemmen zodra de peiling opent.</p>
      ) : null}
      {results ? (
        <PollResults results={results} method={poll.method} />
      ) : (
        <p>
          {poll.resultsVisibility === "coordinators"
            ? "De uitslag is alleen voor de coördinatoren."
            : poll.resultsVisibility === "after_close"
              ? "De uitslag is te zien als de peiling gesloten is."
              : "De uitslag zie je nadat je hebt gestemd."}
        </p>
      )}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data?.poll.question ?? "Peiling");

export function ErrorBoundary() {
  return <ErrorPage />;
}
