import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CIRCLE_STEPS } from "@db/schema/enums";
import { isManager, MANAGER_ROLES } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { FormError, SelectField } from "~/components/forms";
import { CIRCLE_STEP_STATUS_LABELS, CIRCLE_STEP_TITLES, StartCircleSchema } from "~/models/circle.schema";
import { listCircles, startCircle } from "~/models/circle.server";
import { listThemes } from "~/models/theme.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { readFormData } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const circles = await listCircles();
  const started = new Set(circles.map((c) => c.themeId));
  return {
    manager: isManager(user.roles),
    themesWithoutCircle: isManager(user.roles)
      ? listThemes()
          .filter((t) => !started.has(t.id))
          .map((t) => ({ id: t.id, name: t.name }))
      : [],
    circles: circles.map((c) => ({
      slug: c.slug,
      name: c.name,
      currentStep: c.currentStep,
      steps: c.steps,
      figures: c.figures,
    })),
  };
}

const StartFormSchema = StartCircleSchema.extend({ intent: z.literal("start") });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: MANAGER_ROLES });
  const submission = parseWithZod(await readFormData(request), { schema: StartFormSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = startCircle({ actorId: user.id, themeId: submission.value.themeId, step: submission.value.step });
  if (result.status === "forbidden")
    throw new Response("Alleen coördinatoren starten een leercirkel.", { status: 403 });
  if (result.status === "unknown-theme") {
    return data(submission.reply({ fieldErrors: { themeId: ["Kies een thema uit de lijst."] } }), { status: 400 });
  }
  return redirectWithFlash(
    `/leercirkels/${result.slug}`,
    result.status === "exists" ? "Dit thema had al een leercirkel." : "De leercirkel is gestart.",
  );
}

export default function Circles() {
  const { circles, manager, themesWithoutCircle } = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>Leercirkels</h1>
      <p className="lead">
        Per thema de hele cyclus: van signalen uit de casuïstiek via peilingen, webinars, modules en actieleergroepen
        tot de verandering in de praktijk.
      </p>
      {manager ? (
        <p>
          <Link to="/leercirkels/jaaropbrengst">Jaaropbrengst van alle leercirkels</Link> ·{" "}
          <Link to="/beheer/signalen">Signalen uit de praktijk</Link>
        </p>
      ) : null}
      {manager && themesWithoutCircle.length ? <StartCircle themes={themesWithoutCircle} /> : null}
      {circles.length === 0 ? (
        <p>Er is nog geen leercirkel gestart.</p>
      ) : (
        <ul className="plain-list circle-list">
          {circles.map((c) => (
            <li key={c.slug} className="card">
              <h2>
                <Link to={`/leercirkels/${c.slug}`}>{c.name}</Link>
              </h2>
              <p>
                Nu bij stap {c.currentStep}: {CIRCLE_STEP_TITLES[c.currentStep]}
              </p>
              <ol className="step-dots" aria-label="Stappen">
                {c.steps.map((s) => (
                  <li key={s.step} className={`step-dot step-dot--${s.status}`}>
                    <span className="visually-hidden">
                      Stap {s.step}: {CIRCLE_STEP_STATUS_LABELS[s.status]}
                    </span>
                    <span aria-hidden="true">{s.step}</span>
                  </li>
                ))}
              </ol>
              <p className="step-legend" aria-hidden="true">
                <span className="step-dot step-dot--afgerond step-dot--small" /> afgerond
                <span className="step-dot step-dot--bezig step-dot--small" /> bezig
                <span className="step-dot step-dot--niet_gestart step-dot--small" /> niet gestart
              </p>
              <dl className="facts">
                <div>
                  <dt>Bereikt</dt>
                  <dd>{c.figures.reached} mensen</dd>
                </div>
                <div>
                  <dt>Modules afgerond</dt>
                  <dd>{c.figures.modulesCompleted}</dd>
                </div>
                <div>
                  <dt>Webinars gehouden</dt>
                  <dd>
                    {c.figures.webinarsHeld} ({c.figures.attended} aanwezig)
                  </dd>
                </div>
                <div>
                  <dt>Actieleergroepen</dt>
                  <dd>{c.figures.groupsRunning}</dd>
                </div>
                <div>
                  <dt>Acties geborgd</dt>
                  <dd>{c.figures.actionsEmbedded}</dd>
                </div>
                <div>
                  <dt>Bijdragen gepubliceerd</dt>
                  <dd>{c.figures.contributionsPublished}</dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function StartCircle({ themes }: { themes: { id: number; name: string }[] }) {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "cirkel-starten",
    lastResult,
    defaultValue: { step: "1" },
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: StartFormSchema }),
  });
  return (
    <details className="form-details" open={Boolean(lastResult)}>
      <summary>Een leercirkel starten</summary>
      <p className="hint">Een leercirkel kan bij iedere stap beginnen, voor ieder thema dat ertoe doet.</p>
      <Form method="post" {...getFormProps(form)} className="narrow">
        <FormError form={form} />
        <input type="hidden" name="intent" value="start" />
        <SelectField
          meta={fields.themeId}
          label="Thema"
          placeholder="Kies een thema"
          options={themes.map((t) => ({ value: String(t.id), label: t.name }))}
        />
        <SelectField
          meta={fields.step}
          label="Beginnen bij stap"
          options={CIRCLE_STEPS.map((step) => ({ value: String(step), label: `${step}. ${CIRCLE_STEP_TITLES[step]}` }))}
        />
        <button type="submit" className="button">
          Leercirkel starten
        </button>
      </Form>
    </details>
  );
}

export const meta: MetaFunction = () => pageTitle("Leercirkels");

export function ErrorBoundary() {
  return <ErrorPage />;
}
