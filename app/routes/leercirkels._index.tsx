import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { CIRCLE_STEP_STATUS_LABELS, CIRCLE_STEP_TITLES } from "~/models/circle.schema";
import { listCircles } from "~/models/circle.server";
import { pageTitle } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const circles = await listCircles();
  return {
    circles: circles.map((c) => ({
      slug: c.slug,
      name: c.name,
      currentStep: c.currentStep,
      steps: c.steps,
      figures: c.figures,
    })),
  };
}

export default function Circles() {
  const { circles } = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>Leercirkels</h1>
      <p className="lead">
        Per thema de hele cyclus: van signalen uit de casuïstiek via peilingen, webinars, modules en actieleergroepen
        tot de verandering in de praktijk.
      </p>
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

export const meta: MetaFunction = () => pageTitle("Leercirkels");

export function ErrorBoundary() {
  return <ErrorPage />;
}
