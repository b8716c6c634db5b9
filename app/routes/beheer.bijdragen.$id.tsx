import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { ContributionHistory } from "~/components/contribution-history";
import { ErrorPage } from "~/components/error-page";
import { FormError, TextAreaField } from "~/components/forms";
import { CORRECTABLE, DECISIONS, MAX_CORRECTION, ReviewSchema } from "~/models/contribution.schema";
import { contributionFormOptions, getContributionForReview, reviewContribution } from "~/models/contribution.server";
import { formatDate } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { readFormData } from "~/utils/form.server";
import {
  CONTRIBUTION_CREDIT_REVIEW_LABELS,
  CONTRIBUTION_KIND_LABELS,
  CONTRIBUTION_PERSPECTIVE_LABELS,
  CONTRIBUTION_STATUS_LABELS,
} from "~/utils/labels";
import { pageTitle } from "~/utils/meta";
import { requireIdParam } from "~/utils/params";

function notFound(): never {
  throw new Response("Bijdrage niet gevonden", { status: 404 });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: MANAGER_ROLES });
  const id = requireIdParam(params, "Bijdrage");
  const contribution = getContributionForReview(id);
  if (!contribution) notFound();
  const { modules } = await contributionFormOptions();
  const titles = new Map(modules.map((m) => [m.slug, m.title]));
  return { contribution, moduleTitles: contribution.modules.map((slug) => titles.get(slug) ?? slug) };
}

const DONE: Record<string, string> = {
  publish: "De bijdrage is gepubliceerd.",
  return: "De bijdrage is teruggestuurd; de bijdrager krijgt je vraag.",
  archive: "De bijdrage is gearchiveerd.",
  correct: "De verbetering is opgeslagen; de bijdrager ziet wat er veranderde.",
};

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: MANAGER_ROLES });
  const id = requireIdParam(params, "Bijdrage");
  const form = await readFormData(request);
  const intent = String(form.get("intent") ?? "");
  const submission = parseWithZod(form, { schema: ReviewSchema });
  if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
  const result = reviewContribution({ actorId: user.id, id: id, input: submission.value });
  switch (result.status) {
    case "ok":
      return redirectWithFlash(
        submission.value.intent === "correct" ? `/beheer/bijdragen/${id}` : "/beheer/bijdragen",
        DONE[submission.value.intent] ?? "Opgeslagen.",
      );
    case "not-found":
      return notFound();
    case "not-allowed":
      return data(
        {
          intent,
          result: submission.reply({
            formErrors: [
              `Dat kan niet meer: de bijdrage is nu ${CONTRIBUTION_STATUS_LABELS[result.current].toLowerCase()}.`,
            ],
          }),
        },
        { status: 409 },
      );
    case "too-large":
      return data(
        {
          intent,
          result: submission.reply({
            fieldErrors: {
              text: [
                `Dit verandert ${result.size} tekens. Verbeter alleen een tikfout (hoogstens ${MAX_CORRECTION} tekens); stuur de bijdrage anders terug met je vraag.`,
              ],
            },
          }),
        },
        { status: 400 },
      );
    case "unchanged":
      return data(
        { intent, result: submission.reply({ fieldErrors: { text: ["Je hebt niets veranderd."] } }) },
        { status: 400 },
      );
    case "privacy":
      return data({ intent, result: submission.reply({ fieldErrors: { text: [result.message] } }) }, { status: 400 });
  }
}

type Result = SubmissionResult<string[]> | undefined;

function DecisionForm({
  intent,
  lastResult,
  title,
  children,
  commentLabel,
  button,
  defaultText,
}: {
  intent: "publish" | "return" | "archive" | "correct";
  lastResult: Result;
  title: string;
  children?: React.ReactNode;
  commentLabel?: string;
  button: string;
  defaultText?: string;
}) {
  const [form, fields] = useForm<{ comment: string; text: string }>({
    id: `besluit-${intent}`,
    lastResult,
    defaultValue: defaultText ? { text: defaultText } : undefined,
    shouldValidate: "onSubmit",
  });
  return (
    <section aria-labelledby={`${form.id}-titel`} className="decision">
      <h3 id={`${form.id}-titel`}>{title}</h3>
      {children}
      <Form method="post" {...getFormProps(form)}>
        <FormError form={form} />
        {commentLabel ? <TextAreaField meta={fields.comment} label={commentLabel} rows={3} /> : null}
        {defaultText !== undefined ? <TextAreaField meta={fields.text} label="Tekst" rows={6} /> : null}
        <button
          type="submit"
          name="intent"
          value={intent}
          className={intent === "archive" ? "button button--secondary" : "button"}
        >
          {button}
        </button>
      </Form>
    </section>
  );
}

export default function ReviewContribution() {
  const { contribution: c, moduleTitles } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const resultFor = (intent: string): Result => (actionData?.intent === intent ? actionData.result : undefined);
  const can = (decision: keyof typeof DECISIONS) => (DECISIONS[decision].from as readonly string[]).includes(c.status);
  return (
    <div className="narrow">
      <p>
        <Link to={`/beheer/bijdragen?status=${c.status}`}>← Bijdragen</Link>
      </p>
      <h1>
        {CONTRIBUTION_KIND_LABELS[c.kind]} van {c.contributorName}
      </h1>
      <dl className="facts">
        <div>
          <dt>Status</dt>
          <dd>
            <span className={`status status--${c.status}`}>{CONTRIBUTION_STATUS_LABELS[c.status]}</span>
          </dd>
        </div>
        <div>
          <dt>Thema</dt>
          <dd>{c.themeName}</dd>
        </div>
        <div>
          <dt>Modules</dt>
          <dd>{moduleTitles.length ? moduleTitles.join(", ") : "Alle modules van het thema"}</dd>
        </div>
        <div>
          <dt>Perspectief</dt>
          <dd>{CONTRIBUTION_PERSPECTIVE_LABELS[c.perspective]}</dd>
        </div>
        <div>
          <dt>Genoemd als</dt>
          <dd>{CONTRIBUTION_CREDIT_REVIEW_LABELS[c.credit]}</dd>
        </div>
        <div>
          <dt>Ingediend</dt>
          <dd>{c.submittedAt ? formatDate(c.submittedAt) : "–"}</dd>
        </div>
      </dl>
      <section aria-labelledby="tekst-titel">
        <h2 id="tekst-titel">Tekst</h2>
        <p className="pre-line contribution-text">{c.text}</p>
      </section>

      <section aria-labelledby="besluit-titel">
        <h2 id="besluit-titel">Besluit</h2>
        {can("publish") ? (
          <DecisionForm intent="publish" lastResult={resultFor("publish")} title="Publiceren" button="Publiceren">
            <p>De bijdrage verschijnt meteen in de modules, met de naam zoals de bijdrager koos.</p>
          </DecisionForm>
        ) : null}
        {can("return") ? (
          <DecisionForm
            intent="return"
            lastResult={resultFor("return")}
            title="Terugsturen met een vraag"
            commentLabel="Wat moet de bijdrager aanpassen?"
            button="Terugsturen"
          />
        ) : null}
        {can("archive") ? (
          <DecisionForm
            intent="archive"
            lastResult={resultFor("archive")}
            title="Archiveren"
            commentLabel="Toelichting voor de bijdrager (niet verplicht)"
            button="Archiveren"
          />
        ) : null}
        {CORRECTABLE.includes(c.status) ? (
          <DecisionForm
            intent="correct"
            lastResult={resultFor("correct")}
            title="Een tikfout verbeteren"
            button="Verbetering opslaan"
            defaultText={c.text}
          >
            <p>
              Alleen kleine verbeteringen (hoogstens {MAX_CORRECTION} tekens). De bijdrager krijgt bericht en ziet wat
              er veranderde.
            </p>
          </DecisionForm>
        ) : null}
        {!can("publish") && !can("return") && !can("archive") ? <p>Er valt nu niets te besluiten.</p> : null}
      </section>

      <ContributionHistory events={c.events} />
    </div>
  );
}

export const meta: MetaFunction = () => pageTitle("Bijdrage beoordelen");

export function ErrorBoundary() {
  return <ErrorPage />;
}
