import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { getModuleStats } from "~/models/intervention.server";
import { pageTitle } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: MANAGER_ROLES });
  return { stats: await getModuleStats() };
}

const nl = (value: number | null, suffix = "") =>
  value === null ? "–" : `${String(value).replace(".", ",")}${suffix}`;

export default function LearningStats() {
  const { stats } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Leren: cijfers per module</h1>
      <p>
        Alleen aantallen: wat deelnemers bij een reflectievraag of terugblik schrijven, blijft van henzelf.{" "}
        <a href="/beheer/leren/export.csv" download>
          Download als CSV
        </a>
      </p>
      <div className="table-wrap" role="region" aria-label="Cijfers per module" tabIndex={0}>
        <table>
          <caption className="visually-hidden">Cijfers per module</caption>
          <thead>
            <tr>
              <th scope="col">Module</th>
              <th scope="col">Gestart</th>
              <th scope="col">Afgerond</th>
              <th scope="col">Mediaan tijd</th>
              <th scope="col">Rapportcijfer</th>
              <th scope="col">Voornemens</th>
              <th scope="col">Terugblik: gelukt / deels / nog niet</th>
            </tr>
          </thead>
          <tbody>
            {stats.map((s) => (
              <tr key={s.slug}>
                <th scope="row">
                  <Link to={`/leren/${s.slug}`}>{s.title}</Link>
                  <br />
                  <span className="muted">{s.themeName}</span>
                </th>
                <td>{s.starts}</td>
                <td>{s.completions}</td>
                <td>{s.medianMinutes === 0 ? "minder dan 1 min" : nl(s.medianMinutes, " min")}</td>
                <td>
                  {nl(s.gradeAverage)}
                  {s.evaluationCount ? (
                    <>
                      <span className="muted"> ({s.evaluationCount}×)</span>
                      <GradeBars grades={s.grades} />
                    </>
                  ) : null}
                </td>
                <td>{s.intentions}</td>
                <td>
                  {s.checkIns.yes} / {s.checkIns.partly} / {s.checkIns.not_yet}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** The spread of report marks as a small bar chart, with the numbers for screen readers. */
function GradeBars({ grades }: { grades: number[] }) {
  const max = Math.max(1, ...grades);
  const summary = grades
    .map((n, i) => (n ? `${n}× een ${i + 1}` : null))
    .filter(Boolean)
    .join(", ");
  return (
    <div className="grade-bars" role="img" aria-label={`Verdeling: ${summary}`}>
      {grades.map((n, i) => (
        <span key={i} className="grade-bars__bar" data-height={Math.round((n / max) * 4)} title={`${i + 1}: ${n}`}>
          <span aria-hidden="true">{i + 1}</span>
        </span>
      ))}
    </div>
  );
}

export const meta: MetaFunction = () => pageTitle("Leren: cijfers");
