import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { INTERVENTION_PARTS, type InterventionPart } from "@db/schema/enums";
import { requireUser } from "~/auth/session.server";
import { AppLink } from "~/components/app-link";
import { ErrorPage } from "~/components/error-page";
import {
  EvaluationForm,
  IntentionForm,
  ModuleForms,
  PART_LABELS,
  PartDone,
  PublishedContributions,
  Quiz,
  ReflectionField,
  Segments,
  type ModuleActionResult,
} from "~/components/module-parts";
import { readModuleContent } from "~/mdx/module-content";
import { getIntervention } from "~/mdx/registry.server";
import { getModuleForLearner, type ModulePage as ModulePageView } from "~/models/intervention.server";
import { EvaluationSchema, IntentionSchema, PartSchema, ReflectionSchema } from "~/models/learning.schema";
import {
  completePart,
  saveIntention,
  saveReflection,
  submitEvaluation,
  submitQuiz,
  undoPart,
} from "~/models/progress.server";
import { formatDate } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { readFormData } from "~/utils/form.server";
import { listInDutch, ORGANISATION_KIND_LABELS } from "~/utils/labels";
import { pageTitle } from "~/utils/meta";

const ParamsSchema = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,80}$/) });

function notFound(): never {
  throw new Response("Module niet gevonden", { status: 404 });
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) notFound();
  const page = await getModuleForLearner({
    slug: parsed.data.slug,
    userId: user.id,
    withArticle: !context.documentRequest,
  });
  if (!page) notFound();
  return page;
}

function fieldErrors(issues: z.core.$ZodIssue[]) {
  const errors: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = String(issue.path[0] ?? "form");
    (errors[key] ??= []).push(issue.message);
  }
  return errors;
}

const NEXT_PART: Record<InterventionPart, string> = {
  kennis: "deel-toepassen",
  toepassen: "deel-ervaring",
  ervaring: "deel-kennischeck",
  afsluiting: "afronding",
};

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = ParamsSchema.safeParse(params);
  const intervention = parsed.success ? await getIntervention(parsed.data.slug) : null;
  if (!intervention) notFound();
  const slug = intervention.slug;
  const form = await readFormData(request);
  const values = Object.fromEntries([...form.entries()].map(([k, v]) => [k, typeof v === "string" ? v : ""]));
  const viaFetch = values.fetch === "1";

  // With JavaScript the form saved in place; without, the browser goes back to where it was.
  const reply = async (result: ModuleActionResult, anchor: string, status = 200) => {
    if (result.ok && !viaFetch) return redirectWithFlash(`/leren/${slug}#${anchor}`, result.message ?? "Opgeslagen.");
    return data(result, { status });
  };

  switch (values.intent) {
    case "complete-part":
    case "undo-part": {
      const input = PartSchema.safeParse(values);
      if (!input.success)
        return data({ intent: values.intent, ok: false, message: "Onbekend onderdeel." }, { status: 400 });
      const { part } = input.data;
      if (input.data.intent === "undo-part") {
        undoPart({ userId: user.id, slug, part });
        return reply({ intent: "undo-part", key: part, ok: true, message: "Weer open gezet." }, `deel-${part}`);
      }
      const result = completePart({ userId: user.id, intervention, part });
      return reply(
        {
          intent: "complete-part",
          key: part,
          ok: true,
          message: result.completed
            ? "Gefeliciteerd: je hebt de module afgerond!"
            : `${PART_LABELS[part]} is afgerond.`,
        },
        result.completed ? "afronding" : NEXT_PART[part],
      );
    }
    case "save-reflection": {
      const input = ReflectionSchema.safeParse(values);
      const key = values.questionId;
      if (!input.success) {
        return data(
          { intent: "save-reflection", key, ok: false, errors: fieldErrors(input.error.issues), values },
          { status: 400 },
        );
      }
      const result = saveReflection({ userId: user.id, intervention, ...input.data });
      if (result.status === "unknown-question") {
        return data(
          { intent: "save-reflection", key, ok: false, message: "Deze vraag bestaat niet (meer)." },
          { status: 400 },
        );
      }
      return reply(
        { intent: "save-reflection", key, ok: true, message: "Je antwoord is opgeslagen." },
        `reflectie-${key}`,
      );
    }
    case "submit-quiz": {
      const answers: Record<string, number> = {};
      const errors: Record<string, string[]> = {};
      for (const question of intervention.quiz) {
        const raw = values[`vraag-${question.id}`];
        const index = Number(raw);
        if (
          raw === undefined ||
          raw === "" ||
          !Number.isInteger(index) ||
          index < 0 ||
          index >= question.answers.length
        ) {
          errors[question.id] = ["Kies een antwoord."];
        } else {
          answers[question.id] = index;
        }
      }
      if (Object.keys(errors).length) {
        return data(
          { intent: "submit-quiz", ok: false, errors, values, message: "Beantwoord alle vragen." },
          { status: 400 },
        );
      }
      const result = submitQuiz({ userId: user.id, intervention, answers });
      const message = result.completed
        ? "Gefeliciteerd: je hebt de module afgerond!"
        : `${result.score} van de ${result.total} goed: ${result.passed ? "gehaald." : "nog niet gehaald."}`;
      return reply({ intent: "submit-quiz", ok: true, message }, result.completed ? "afronding" : "deel-kennischeck");
    }
    case "save-intention": {
      const input = IntentionSchema.safeParse(values);
      if (!input.success) {
        return data(
          { intent: "save-intention", ok: false, errors: fieldErrors(input.error.issues), values },
          { status: 400 },
        );
      }
      const result = saveIntention({ userId: user.id, slug, text: input.data.text, checkInOn: input.data.checkInOn });
      if (result.status === "invalid-date") {
        return data(
          { intent: "save-intention", ok: false, errors: { checkInOn: [result.message] }, values },
          { status: 400 },
        );
      }
      return reply(
        {
          intent: "save-intention",
          ok: true,
          message: `Je voornemen is opgeslagen. Op ${formatDate(input.data.checkInOn)} vragen we hoe het ging.`,
        },
        "voornemen-titel",
      );
    }
    case "evaluate": {
      const input = EvaluationSchema.safeParse({ ...values, grade: values.grade ? Number(values.grade) : undefined });
      if (!input.success) {
        return data(
          { intent: "evaluate", ok: false, errors: fieldErrors(input.error.issues), values },
          { status: 400 },
        );
      }
      const result = submitEvaluation({ userId: user.id, slug, ...input.data });
      if (result.status === "not-completed") {
        return data({ intent: "evaluate", ok: false, message: "Rond eerst de module af." }, { status: 409 });
      }
      return reply({ intent: "evaluate", ok: true, message: "Dank je wel voor je evaluatie." }, "evaluatie-titel");
    }
    default:
      return data({ intent: String(values.intent ?? ""), ok: false, message: "Onbekende actie." }, { status: 400 });
  }
}

// A sentence with values in it is one template string: one text node, where `text {value} text`
// makes three, each rendered, escaped and marked off with a comment in the HTML (docs/decisions/0007).
export default function ModulePage() {
  const data = useLoaderData<typeof loader>();
  const page: ModulePageView = { ...data, ...readModuleContent(data.content) };
  const { frontmatter, state } = page;
  const done = new Set(state.partsDone);
  const steps = [
    ...INTERVENTION_PARTS.map((part) => ({ key: part, done: done.has(part) })),
    { key: "kennischeck" as const, done: state.quizPassed },
  ];
  const doneCount = steps.filter((s) => s.done).length;
  const completed = Boolean(state.completedAt);
  const order = ["kennis", "toepassen", "ervaring", "kennischeck", "afsluiting"] as const;

  return (
    <ModuleForms>
      <article className="module">
        <p className="breadcrumb">
          <AppLink to="/leren">Leren</AppLink> <span aria-hidden="true">›</span>
          {` ${page.themeName}`}
        </p>
        <h1>{frontmatter.title}</h1>
        <p className="lead">{frontmatter.summary}</p>
        <ul className="module-facts">
          <li>{`${frontmatter.duration} minuten`}</li>
          <li>{`Thema: ${page.themeName}`}</li>
          <li>{`Voor: ${frontmatter.audience.map((a) => ORGANISATION_KIND_LABELS[a]).join(", ")}`}</li>
        </ul>

        <nav className="module-progress" aria-labelledby="voortgang-titel">
          <h2 id="voortgang-titel" className="module-progress__title">
            {`Voortgang: ${doneCount} van de ${steps.length} onderdelen`}
          </h2>
          <progress value={doneCount} max={steps.length} aria-labelledby="voortgang-titel" />
          <ol>
            {order.map((key, index) => {
              const isDone = key === "kennischeck" ? state.quizPassed : done.has(key);
              return (
                <li key={key} className={isDone ? "is-done" : undefined}>
                  <a href={`#deel-${key}`}>{`${index + 1}. ${PART_LABELS[key]}`}</a>
                  <span className="visually-hidden">{isDone ? " (afgerond)" : " (nog niet afgerond)"}</span>
                  {isDone ? <span aria-hidden="true"> ✓</span> : null}
                </li>
              );
            })}
          </ol>
        </nav>

        {order.map((key, index) => (
          <section
            key={key}
            id={`deel-${key}`}
            className={`module-part module-part--${key}`}
            aria-labelledby={`deel-${key}-titel`}
          >
            <h2 id={`deel-${key}-titel`}>{`${index + 1}. ${PART_LABELS[key]}`}</h2>
            {key === "kennischeck" ? (
              <>
                <Segments segments={page.parts.kennischeck.filter((s) => "ref" in s)} render={() => null} />
                <Quiz page={page} />
              </>
            ) : (
              <>
                <Segments
                  segments={page.parts[key]}
                  render={(segment) => {
                    if (!("reflection" in segment)) return null;
                    const question = page.reflections.find((r) => r.id === segment.reflection);
                    return question ? (
                      <ReflectionField
                        id={question.id}
                        questionHtml={question.html}
                        saved={state.reflections[question.id] ?? ""}
                      />
                    ) : null;
                  }}
                />
                {key === "toepassen" ? <IntentionForm page={page} /> : null}
                {key === "ervaring" ? <PublishedContributions contributions={page.contributions} /> : null}
                {key === "afsluiting" && frontmatter.deepen.length ? (
                  <div className="deepen-links">
                    <h3>Links om verder te gaan</h3>
                    <ul>
                      {frontmatter.deepen.map((link) => (
                        <li key={link.url}>
                          <a href={link.url}>{link.title}</a>
                        </li>
                      ))}
                    </ul>
                  </div>
                ) : null}
                <PartDone part={key} done={done.has(key)} locked={completed} />
              </>
            )}
          </section>
        ))}

        <section id="afronding" className="module-complete" aria-labelledby="afronding-titel">
          <h2 id="afronding-titel">Afronding</h2>
          {completed ? (
            <>
              <p className="notice">
                {`Je hebt deze module afgerond op ${formatDate(state.completedAt)}. `}
                {state.certificateCode ? (
                  <AppLink to={`/deelnamebewijs/${state.certificateCode}`}>Bekijk en print je deelnamebewijs</AppLink>
                ) : null}
              </p>
              <EvaluationForm page={page} />
            </>
          ) : (
            <p>
              {`Je rondt de module af als je alle onderdelen hebt afgerond en de kennischeck hebt gehaald. Dan krijg je een deelnamebewijs${frontmatter.accreditation ? ` (${frontmatter.accreditation.register}-geaccrediteerd)` : ""}.`}
            </p>
          )}
        </section>

        <footer className="module-meta">
          <p>
            {`Geschreven door ${listInDutch(frontmatter.authors)}${frontmatter.experts.length ? `, met bijdragen van ${listInDutch(frontmatter.experts)}` : ""}. Versie ${frontmatter.version}, inhoudelijk gecontroleerd op ${formatDate(frontmatter.lastReviewed)}.`}
          </p>
        </footer>
      </article>
    </ModuleForms>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? readModuleContent(data.content).frontmatter.title : "Module");

export function ErrorBoundary() {
  return <ErrorPage />;
}
