import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/session.server";
import { ContributionForm, saveErrors } from "~/components/contribution-form";
import { ContributionHistory } from "~/components/contribution-history";
import { ErrorPage } from "~/components/error-page";
import { ErrorList } from "~/components/forms";
import { ContributionSchema, EDITABLE, WITHDRAWABLE, WithdrawSchema } from "~/models/contribution.schema";
import {
  contributionFormOptions,
  getOwnContribution,
  saveContribution,
  withdrawContribution,
} from "~/models/contribution.server";
import { formatDate } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { readFormData } from "~/utils/form.server";
import {
  CONTRIBUTION_CREDIT_LABELS,
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
  const user = await requireUser(request, { role: "expert" });
  const id = requireIdParam(params, "Bijdrage");
  const contribution = getOwnContribution({ userId: user.id, id: id });
  if (!contribution) notFound();
  const options = await contributionFormOptions();
  return { contribution, options };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "expert" });
  const id = requireIdParam(params, "Bijdrage");
  const form = await readFormData(request);

  if (form.get("intent") === "withdraw") {
    const submission = parseWithZod(form, { schema: WithdrawSchema });
    if (submission.status !== "success") return data({ withdraw: submission.reply() }, { status: 400 });
    const result = withdrawContribution({ userId: user.id, id });
    if (result.status !== "ok") notFound();
    return redirectWithFlash("/bijdragen", "Je bijdrage is ingetrokken. Ze staat nergens meer.");
  }

  const submission = parseWithZod(form, { schema: ContributionSchema });
  if (submission.status !== "success") return data({ edit: submission.reply() }, { status: 400 });
  const result = await saveContribution({ userId: user.id, id, input: submission.value });
  if (result.status === "not-found") notFound();
  if (result.status === "not-editable") {
    return data(
      {
        edit: submission.reply({
          formErrors: ["Deze bijdrage is al ingediend of besloten; je kunt haar niet meer aanpassen."],
        }),
      },
      { status: 409 },
    );
  }
  if (result.status !== "ok") {
    const { modules } = await contributionFormOptions();
    return data({ edit: submission.reply({ fieldErrors: saveErrors(result, modules) }) }, { status: 400 });
  }
  return redirectWithFlash(
    `/bijdragen/${id}`,
    result.submitted ? "Je bijdrage is opnieuw ingediend." : "Je wijzigingen zijn bewaard.",
  );
}

function WithdrawForm({ lastResult }: { lastResult?: SubmissionResult<string[]> | null }) {
  const [form, fields] = useForm<z.input<typeof WithdrawSchema>>({
    id: "intrekken",
    lastResult,
    shouldValidate: "onSubmit",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="withdraw">
      <div className="choice">
        <input
          type="checkbox"
          id={fields.confirm.id}
          name={fields.confirm.name}
          value="ja"
          aria-invalid={fields.confirm.errors ? true : undefined}
          aria-describedby={fields.confirm.errors ? fields.confirm.errorId : undefined}
        />
        <label htmlFor={fields.confirm.id}>Ja, ik trek deze bijdrage in. Ze verdwijnt uit alle modules.</label>
      </div>
      <ErrorList id={fields.confirm.errorId} errors={fields.confirm.errors} />
      <button type="submit" name="intent" value="withdraw" className="button button--danger">
        Bijdrage intrekken
      </button>
    </Form>
  );
}

export default function MyContribution() {
  const { contribution: c, options } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const editable = EDITABLE.includes(c.status);
  const titles = new Map(options.modules.map((m) => [m.slug, m.title]));
  return (
    <div className="narrow">
      <p>
        <Link to="/bijdragen">← Mijn bijdragen</Link>
      </p>
      <h1>
        {CONTRIBUTION_KIND_LABELS[c.kind]}: {c.themeName}
      </h1>
      <dl className="facts">
        <div>
          <dt>Status</dt>
          <dd>
            <span className={`status status--${c.status}`}>{CONTRIBUTION_STATUS_LABELS[c.status]}</span>
          </dd>
        </div>
        <div>
          <dt>Perspectief</dt>
          <dd>{CONTRIBUTION_PERSPECTIVE_LABELS[c.perspective]}</dd>
        </div>
        <div>
          <dt>Genoemd als</dt>
          <dd>{CONTRIBUTION_CREDIT_LABELS[c.credit]}</dd>
        </div>
        <div>
          <dt>Modules</dt>
          <dd>
            {c.modules.length ? c.modules.map((s) => titles.get(s) ?? s).join(", ") : "Alle modules van het thema"}
          </dd>
        </div>
        {c.publishedAt ? (
          <>
            <div>
              <dt>Gepubliceerd</dt>
              <dd>{formatDate(c.publishedAt)}</dd>
            </div>
          </>
        ) : null}
      </dl>
      {c.status === "returned" && c.reviewComment ? (
        <p className="notice">
          <strong>Vraag van de coördinator:</strong> {c.reviewComment}
        </p>
      ) : null}

      {editable ? (
        <section aria-labelledby="aanpassen-titel">
          <h2 id="aanpassen-titel">{c.status === "draft" ? "Afmaken en indienen" : "Aanpassen en opnieuw indienen"}</h2>
          <ContributionForm
            lastResult={actionData && "edit" in actionData ? actionData.edit : undefined}
            options={options}
            defaultValue={{
              kind: c.kind,
              text: c.text,
              themeId: String(c.themeId),
              modules: c.modules,
              perspective: c.perspective,
              credit: c.credit,
            }}
          />
        </section>
      ) : (
        <section aria-labelledby="tekst-titel">
          <h2 id="tekst-titel">Je tekst</h2>
          <p className="pre-line contribution-text">{c.text}</p>
        </section>
      )}

      <ContributionHistory events={c.events} />

      {WITHDRAWABLE.includes(c.status) ? (
        <section aria-labelledby="intrekken-titel">
          <h2 id="intrekken-titel">Intrekken</h2>
          <p>Je kunt je bijdrage altijd intrekken. Een gepubliceerde bijdrage verdwijnt dan meteen uit de modules.</p>
          <WithdrawForm lastResult={actionData && "withdraw" in actionData ? actionData.withdraw : undefined} />
        </section>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = () => pageTitle("Bijdrage");

export function ErrorBoundary() {
  return <ErrorPage />;
}
