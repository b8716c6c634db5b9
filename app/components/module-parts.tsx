import { useActionData, useFetcher, useFormAction, type FetcherWithComponents } from "@remix-run/react";
import { createContext, forwardRef, Fragment, useContext, useEffect, useRef, type ReactNode } from "react";
import type { InterventionPart } from "@db/schema/enums";
import { GradeField } from "~/components/forms";
import { SameForEveryone } from "~/components/markup-once";
import { useSegmentHtml, type SegmentRef } from "~/mdx/segment-html";
import type { PageSegment } from "~/mdx/module-content";
import type { ModulePage } from "~/models/intervention.server";
import { formatDate } from "~/utils/dates";
import { useHydrated } from "~/utils/use-hydrated";

/** What the module page's action answers; forms read their own result from it. */
export type ModuleActionResult = {
  intent: string;
  key?: string;
  ok: boolean;
  message?: string;
  errors?: Record<string, string[]>;
  values?: Record<string, string>;
};

export const PART_LABELS: Record<InterventionPart | "kennischeck", string> = {
  kennis: "Kennis",
  toepassen: "Toepassen",
  ervaring: "Ervaringsdeskundigheid",
  kennischeck: "Kennischeck",
  afsluiting: "Afsluiting",
};

type ModuleFormComponent = FetcherWithComponents<ModuleActionResult>["Form"];

/**
 * A form that saves without reloading the page when JavaScript runs (a fetcher), and as a plain
 * POST otherwise. The `fetch` field tells the action to answer with data instead of a redirect.
 */
function useModuleFormInBrowser(intent: string, key?: string) {
  const fetcher = useFetcher<ModuleActionResult>();
  const actionData = useActionData<ModuleActionResult>();
  const hydrated = useHydrated();
  const fromPost = actionData && actionData.intent === intent && actionData.key === key ? actionData : undefined;
  // fetcher.Form is a plain <form method="post"> until JavaScript runs, so this works without it.
  const hidden = (
    <>
      <input type="hidden" name="intent" value={intent} />
      {hydrated ? <input type="hidden" name="fetch" value="1" /> : null}
    </>
  );
  return { Form: fetcher.Form, hidden, result: fetcher.data ?? fromPost, busy: fetcher.state !== "idle" };
}

/** The action of the page's forms, worked out once for the page (see ModuleForms). */
const FormActionContext = createContext("");

/** Around the module's forms: gives them their action, as each fetcher form would work it out. */
export function ModuleForms({ children }: { children: ReactNode }) {
  return <FormActionContext.Provider value={useFormAction()}>{children}</FormActionContext.Provider>;
}

/** What a fetcher form is on the server: a plain POST form to the page's action. */
const PlainForm: ModuleFormComponent = forwardRef(function PlainForm({ className, children }, ref) {
  return (
    <form ref={ref} method="post" action={useContext(FormActionContext)} className={className}>
      {children}
    </form>
  );
});

/**
 * On the server a module form is what the browser's first render makes of it before any
 * submission (the same HTML, tests/e2e/learning.spec.ts checks hydration): the fetcher, its form
 * and the hydration state are left out. They were about 8% of the module page's cost on the
 * server (docs/decisions/0007). A form's result after a POST without JavaScript comes with the
 * action's data, as in the browser.
 */
function useModuleFormOnServer(intent: string, key?: string) {
  const actionData = useActionData<ModuleActionResult>();
  const result = actionData && actionData.intent === intent && actionData.key === key ? actionData : undefined;
  const hidden = <input type="hidden" name="intent" value={intent} />;
  return { Form: PlainForm, hidden, result, busy: false };
}

// Which of the two a module form uses is fixed where the code runs, so a component calls the
// same hooks on every render.
const useModuleForm = typeof document === "undefined" ? useModuleFormOnServer : useModuleFormInBrowser;

function FieldError({ id, messages }: { id: string; messages?: string[] }) {
  if (!messages?.length) return null;
  return (
    <div id={id} className="field-error">
      {messages.map((m) => (
        <p key={m}>{m}</p>
      ))}
    </div>
  );
}

function Status({
  result,
  busy,
  saved = "Opgeslagen.",
}: {
  result?: ModuleActionResult;
  busy: boolean;
  saved?: string;
}) {
  return (
    <p className="save-status" role="status">
      {busy ? "Bezig met opslaan…" : result?.ok ? (result.message ?? saved) : ""}
    </p>
  );
}

/** A labelled text area with its error, for the module's own forms. */
function PlainTextArea({
  id,
  name,
  label,
  defaultValue,
  errors,
}: {
  id: string;
  name: string;
  label: string;
  defaultValue: string;
  errors?: string[];
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        name={name}
        rows={3}
        defaultValue={defaultValue}
        aria-describedby={errors ? `${id}-fout` : undefined}
        aria-invalid={errors ? true : undefined}
      />
      <FieldError id={`${id}-fout`} messages={errors} />
    </div>
  );
}

export function Html({ html, className = "prose" }: { html: string; className?: string }) {
  return <div className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}

function ArticleSegment({ segment }: { segment: { ref: SegmentRef; html: string } }) {
  const html = useSegmentHtml(segment.ref, segment.html);
  return <div className="prose" data-segment={segment.ref} dangerouslySetInnerHTML={{ __html: html }} />;
}

export function Segments({
  segments,
  render,
}: {
  segments: PageSegment[];
  render: (segment: { reflection: string } | { question: string }) => ReactNode;
}) {
  return (
    <>
      {segments.map((segment) =>
        "ref" in segment ? (
          <ArticleSegment key={segment.ref} segment={segment} />
        ) : (
          <Fragment key={"reflection" in segment ? segment.reflection : segment.question}>{render(segment)}</Fragment>
        ),
      )}
    </>
  );
}

type PublishedContribution = ModulePage["contributions"]["shown"][number];

function ContributionItem({ item }: { item: PublishedContribution }) {
  return (
    <li className={`contribution contribution--${item.kind}`}>
      <p className="contribution__kind">{item.kindLabel}</p>
      <blockquote className="contribution__text pre-line">{item.text}</blockquote>
      <p className="contribution__credit">{`— ${item.credit}`}</p>
    </li>
  );
}

/** Do's, don'ts, tips and stories that experts by experience added to this module's theme. */
export function PublishedContributions({ contributions }: { contributions: ModulePage["contributions"] }) {
  if (!contributions.shown.length) return null;
  return (
    <section className="contributions" aria-labelledby="bijdragen-titel">
      <h3 id="bijdragen-titel">Ervaringen die ouders en jongeren hieraan toevoegden</h3>
      <ul className="contribution-list">
        {contributions.shown.map((item) => (
          <ContributionItem key={item.id} item={item} />
        ))}
      </ul>
      {contributions.more.length ? (
        <details className="contributions__more">
          <summary>{`Meer ervaringen (${contributions.more.length})`}</summary>
          <ul className="contribution-list">
            {contributions.more.map((item) => (
              <ContributionItem key={item.id} item={item} />
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

export function ReflectionField({ id, questionHtml, saved }: { id: string; questionHtml: string; saved: string }) {
  const { Form, hidden, result, busy } = useModuleForm("save-reflection", id);
  const errors = result?.errors?.answer;
  const labelId = `reflectie-${id}-vraag`;
  const errorId = `reflectie-${id}-fout`;
  return (
    <Form method="post" preventScrollReset className="reflection">
      {hidden}
      <input type="hidden" name="questionId" value={id} />
      <div id={labelId} className="reflection__question" dangerouslySetInnerHTML={{ __html: questionHtml }} />
      <p className="hint" id={`reflectie-${id}-uitleg`}>
        Alleen jij ziet je antwoord. Schrijf niets op waaraan een kind of gezin te herkennen is.
      </p>
      <textarea
        id={`reflectie-${id}`}
        name="answer"
        rows={4}
        defaultValue={result?.values?.answer ?? saved}
        aria-labelledby={labelId}
        aria-describedby={errors ? `${errorId} reflectie-${id}-uitleg` : `reflectie-${id}-uitleg`}
        aria-invalid={errors ? true : undefined}
      />
      <FieldError id={errorId} messages={errors} />
      <div className="form-row">
        <button type="submit" className="button button--secondary" disabled={busy}>
          Antwoord opslaan
        </button>
        <Status result={result} busy={busy} />
      </div>
    </Form>
  );
}

export function PartDone({ part, done, locked }: { part: InterventionPart; done: boolean; locked: boolean }) {
  const { Form, hidden, busy } = useModuleForm(done ? "undo-part" : "complete-part", part);
  const label = PART_LABELS[part];
  return (
    <Form method="post" preventScrollReset className="part-done">
      {hidden}
      <input type="hidden" name="part" value={part} />
      {done ? (
        <>
          <p className="part-done__state">
            <span aria-hidden="true">✓</span> {`Het onderdeel ${label} is afgerond.`}
          </p>
          {locked ? null : (
            <button type="submit" className="button button--quiet" disabled={busy}>
              {`${label} toch weer openzetten`}
            </button>
          )}
        </>
      ) : (
        <button type="submit" className="button" disabled={busy}>
          {`${label} is klaar`}
        </button>
      )}
    </Form>
  );
}

export function IntentionForm({ page }: { page: ModulePage }) {
  const { Form, hidden, result, busy } = useModuleForm("save-intention");
  const intention = page.state.intention;
  const errors = result?.errors ?? {};
  return (
    <section className="intention" aria-labelledby="voornemen-titel">
      <h3 id="voornemen-titel">Mijn voornemen</h3>
      {intention?.checkIn ? (
        <p className="notice">
          Je hebt al teruggeblikt op dit voornemen. Wil je een nieuw voornemen? Pas het hieronder aan en kies een nieuwe
          datum.
        </p>
      ) : null}
      <Form method="post" preventScrollReset>
        {hidden}
        <div className="field">
          <label htmlFor="voornemen">Wat ga ik de komende weken anders doen?</label>
          <p className="hint" id="voornemen-uitleg">
            Maak het concreet: bij wie, wanneer, wat doe je anders dan nu?
          </p>
          <textarea
            id="voornemen"
            name="text"
            rows={3}
            defaultValue={result?.values?.text ?? intention?.text ?? ""}
            aria-describedby={errors.text ? "voornemen-fout voornemen-uitleg" : "voornemen-uitleg"}
            aria-invalid={errors.text ? true : undefined}
          />
          <FieldError id="voornemen-fout" messages={errors.text} />
        </div>
        <div className="field">
          <label htmlFor="terugblik-datum">Wanneer wil je terugkijken?</label>
          <p className="hint" id="terugblik-uitleg">
            Op die dag krijg je een e-mail en staat de terugblik op je startpagina. Standaard over drie weken.
          </p>
          <input
            id="terugblik-datum"
            name="checkInOn"
            type="date"
            min={page.earliestCheckInOn}
            defaultValue={result?.values?.checkInOn ?? intention?.checkInOn ?? page.defaultCheckInOn}
            aria-describedby={errors.checkInOn ? "terugblik-fout terugblik-uitleg" : "terugblik-uitleg"}
            aria-invalid={errors.checkInOn ? true : undefined}
          />
          <FieldError id="terugblik-fout" messages={errors.checkInOn} />
        </div>
        <div className="form-row">
          <button type="submit" className="button button--secondary" disabled={busy}>
            Voornemen opslaan
          </button>
          <Status result={result} busy={busy} />
        </div>
      </Form>
      {intention && !result ? (
        <p className="muted">{`Je terugblik staat gepland op ${formatDate(intention.checkInOn)}.`}</p>
      ) : null}
    </section>
  );
}

export function Quiz({ page }: { page: ModulePage }) {
  const { Form, hidden, result, busy } = useModuleForm("submit-quiz");
  const results = page.quizResults;
  const attempt = page.state.lastQuiz;
  const summaryRef = useRef<HTMLDivElement>(null);
  // After an attempt, move focus to the score so a screen reader hears it.
  useEffect(() => {
    if (result?.ok) summaryRef.current?.focus();
  }, [result]);
  const missing = result?.errors ?? {};
  return (
    <Form method="post" preventScrollReset className="quiz">
      {hidden}
      {attempt ? (
        <div className={`quiz-summary ${attempt.passed ? "quiz-summary--passed" : ""}`} tabIndex={-1} ref={summaryRef}>
          <p>
            <strong>{`${attempt.score} van de ${attempt.total} goed.`}</strong>{" "}
            {attempt.passed
              ? "Je hebt de kennischeck gehaald."
              : `Je hebt er ${page.passMark} nodig om de kennischeck te halen. Lees de uitleg en probeer het nog eens.`}
          </p>
        </div>
      ) : (
        <p>
          {`Beantwoord alle vragen. Je hebt er ${page.passMark} van de ${page.quiz.length} goed nodig; je mag het zo vaak proberen als je wilt.`}
        </p>
      )}
      <SameForEveryone sameFor={results || result ? null : page.quiz} className="quiz-questions">
        <QuizQuestions questions={page.quiz} results={results} missing={missing} kept={result?.values} />
      </SameForEveryone>
      <div className="form-row">
        <button type="submit" className="button" disabled={busy}>
          {attempt ? "Opnieuw controleren" : "Controleer mijn antwoorden"}
        </button>
        <p className="save-status" role="status">
          {busy ? "Bezig met nakijken…" : ""}
        </p>
      </div>
    </Form>
  );
}

function QuizQuestions({
  questions,
  results,
  missing,
  kept,
}: {
  questions: ModulePage["quiz"];
  results: ModulePage["quizResults"];
  missing: Record<string, string[]>;
  /** The answers chosen in an attempt that was refused (not every question answered). */
  kept?: Record<string, string>;
}) {
  return (
    <>
      {questions.map((question, index) => {
        const own = results?.[question.id];
        const legend = question.html.replace(/^<p>([\s\S]*)<\/p>$/, "$1");
        const single = !/<(p|ul|ol|div)\b/.test(legend);
        const errorId = `vraag-${question.id}-fout`;
        return (
          <fieldset
            key={question.id}
            className="quiz-question"
            aria-describedby={missing[question.id] ? errorId : undefined}
          >
            {single ? (
              <legend>
                <span className="quiz-question__number">{`Vraag ${index + 1}. `}</span>
                <span dangerouslySetInnerHTML={{ __html: legend }} />
              </legend>
            ) : (
              <legend>
                {`Vraag ${index + 1}`}
                <Html html={question.html} />
              </legend>
            )}
            {question.answers.map((answer, answerIndex) => {
              const id = `vraag-${question.id}-${answerIndex}`;
              const chosen = kept ? kept[`vraag-${question.id}`] === String(answerIndex) : own?.chosen === answerIndex;
              return (
                <div className="choice" key={id}>
                  <input
                    type="radio"
                    id={id}
                    name={`vraag-${question.id}`}
                    value={answerIndex}
                    defaultChecked={chosen}
                  />
                  <label htmlFor={id} dangerouslySetInnerHTML={{ __html: answer.html }} />
                </div>
              );
            })}
            <FieldError id={errorId} messages={missing[question.id]} />
            {own && own.chosen !== null ? (
              <p className={`quiz-feedback ${own.correct ? "quiz-feedback--right" : "quiz-feedback--wrong"}`}>
                <strong>{own.correct ? "Goed. " : "Niet goed. "}</strong>
                {own.feedback}
              </p>
            ) : null}
          </fieldset>
        );
      })}
    </>
  );
}

export function EvaluationForm({ page }: { page: ModulePage }) {
  const { Form, hidden, result, busy } = useModuleForm("evaluate");
  const current = page.state.evaluation;
  const errors = result?.errors ?? {};
  const grade = result?.values?.grade ?? (current ? String(current.grade) : "");
  return (
    <section aria-labelledby="evaluatie-titel" className="evaluation">
      <h3 id="evaluatie-titel">Wat vond je van deze module?</h3>
      <Form method="post" preventScrollReset>
        {hidden}
        <GradeField defaultValue={grade} errors={errors.grade} />
        <PlainTextArea
          id="meest-nuttig"
          name="mostUseful"
          label="Wat was het nuttigst?"
          defaultValue={result?.values?.mostUseful ?? current?.mostUseful ?? ""}
          errors={errors.mostUseful}
        />
        <PlainTextArea
          id="gemist"
          name="missing"
          label="Wat heb je gemist?"
          defaultValue={result?.values?.missing ?? current?.missing ?? ""}
          errors={errors.missing}
        />
        <div className="form-row">
          <button type="submit" className="button button--secondary" disabled={busy}>
            {current ? "Evaluatie bijwerken" : "Evaluatie versturen"}
          </button>
          <Status result={result} busy={busy} saved="Dank je wel voor je evaluatie." />
        </div>
      </Form>
    </section>
  );
}
