import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { CircleFigureList, percentage } from "~/components/circle-figures";
import { ErrorPage } from "~/components/error-page";
import { FormError, TextAreaField } from "~/components/forms";
import { CIRCLE_STEP_TITLES, HighlightsSchema, YearReportFilterSchema } from "~/models/circle.schema";
import { findCircleBySlug, listCircleNames, saveHighlights, yearReport } from "~/models/circle.server";
import { amsterdamDay, formatDate, formatDateTime } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { readFormData } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";

/** The circle asked for (null: all circles), or a 404 for one that does not exist. */
function scopeOf(url: URL) {
  const { cirkel, jaar: year } = YearReportFilterSchema.parse(Object.fromEntries(url.searchParams));
  if (!cirkel) return { circle: null, year };
  const circle = findCircleBySlug(cirkel);
  if (!circle) throw new Response("Leercirkel niet gevonden", { status: 404 });
  return { circle, year };
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: MANAGER_ROLES });
  const { circle, year } = scopeOf(new URL(request.url));
  const report = await yearReport({ themeId: circle ? circle.themeId : "all", year });
  if (!report) throw new Response("Leercirkel niet gevonden", { status: 404 });
  const thisYear = Number(amsterdamDay().slice(0, 4));
  return {
    circle: circle ? { slug: circle.slug, name: circle.name } : null,
    circles: listCircleNames(),
    years: Array.from({ length: 6 }, (_, i) => thisYear - i),
    report,
  };
}

const HighlightsFormSchema = HighlightsSchema.extend({ intent: z.literal("highlights") });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: MANAGER_ROLES });
  const url = new URL(request.url);
  const { circle } = scopeOf(url);
  const submission = parseWithZod(await readFormData(request), { schema: HighlightsFormSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = saveHighlights({ actorId: user.id, circleId: circle ? circle.id : "all", input: submission.value });
  if (result.status === "not-found") throw new Response("Leercirkel niet gevonden", { status: 404 });
  if (result.status !== "ok") throw new Response("Alleen coördinatoren schrijven de hoogtepunten.", { status: 403 });
  const query = new URLSearchParams({
    ...(circle ? { cirkel: circle.slug } : {}),
    jaar: String(submission.value.year),
  });
  return redirectWithFlash(
    `/leercirkels/jaaropbrengst?${query}`,
    submission.value.text ? "De hoogtepunten zijn opgeslagen." : "De hoogtepunten zijn weggehaald.",
  );
}

export default function YearReportPage() {
  const { circle, circles, years, report } = useLoaderData<typeof loader>();
  const f = report.figures;
  const scopeName = circle ? `leercirkel ${circle.name}` : "alle leercirkels";
  const query = new URLSearchParams({ ...(circle ? { cirkel: circle.slug } : {}), jaar: String(report.year) });
  const heldWebinars = f.webinars.perWebinar.filter((w) => w.held);
  return (
    <article className="year-report">
      <p className="no-print">
        <Link to={circle ? `/leercirkels/${circle.slug}` : "/leercirkels"}>
          ← {circle ? `Leercirkel ${circle.name}` : "Leercirkels"}
        </Link>
      </p>
      <h1>
        Jaaropbrengst {report.year}: {scopeName}
      </h1>
      <p className="lead">
        Wat {circle ? "deze leercirkel" : "de leercirkels"} in {report.year} {circle ? "heeft" : "hebben"} opgeleverd:
        de cijfers uit het platform, de hoogtepunten en de lessen uit actieleergroepen en netwerkbijeenkomsten. Voor
        stap 7: {CIRCLE_STEP_TITLES[7].toLowerCase()}.
      </p>

      <div className="no-print">
        <Form method="get" className="filter-form" aria-label="Jaaropbrengst kiezen">
          <div className="field">
            <label htmlFor="cirkel">Leercirkel</label>
            <select id="cirkel" name="cirkel" defaultValue={circle?.slug ?? ""}>
              <option value="">Alle leercirkels</option>
              {circles.map((c) => (
                <option key={c.slug} value={c.slug}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="jaar">Jaar</label>
            <select id="jaar" name="jaar" defaultValue={String(report.year)}>
              {(years.includes(report.year) ? years : [report.year, ...years]).map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button--secondary">
            Toon jaaropbrengst
          </button>
        </Form>
      </div>
      <p className="actions no-print">
        <PrintButton />
        <a className="button button--secondary" href={`/leercirkels/jaaropbrengst.csv?${query}`} download>
          Download als CSV
        </a>
      </p>

      <section aria-labelledby="cijfers-titel">
        <h2 id="cijfers-titel">Cijfers {report.year}</h2>
        <CircleFigureList figures={f} tableId="jaar-bereik-tabel" />
        <p>
          {f.networkMeetings.held === 1 ? "1 netwerkbijeenkomst" : `${f.networkMeetings.held} netwerkbijeenkomsten`};{" "}
          {f.groups.started === 1 ? "1 actieleergroep" : `${f.groups.started} actieleergroepen`} gestart en{" "}
          {f.groups.closed} afgesloten, met samen{" "}
          {f.groups.members === 1 ? "1 deelnemer" : `${f.groups.members} deelnemers`}.
        </p>
        {heldWebinars.length ? (
          <div className="table-wrap" role="region" aria-labelledby="jaar-webinars" tabIndex={0}>
            <table>
              <caption id="jaar-webinars">Gehouden webinars</caption>
              <thead>
                <tr>
                  <th scope="col">Webinar</th>
                  <th scope="col">Datum</th>
                  <th scope="col">Aanwezig</th>
                  <th scope="col">Evaluaties</th>
                </tr>
              </thead>
              <tbody>
                {heldWebinars.map((w) => (
                  <tr key={w.id}>
                    <th scope="row">{w.title}</th>
                    <td>{formatDateTime(w.startsAt)}</td>
                    <td>
                      {w.attended} van {w.registered} ({percentage(w.attended, w.registered)})
                    </td>
                    <td>{w.evaluations}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {f.groups.perGroup.length ? (
          <div className="table-wrap" role="region" aria-labelledby="jaar-groepen" tabIndex={0}>
            <table>
              <caption id="jaar-groepen">Actieleergroepen</caption>
              <thead>
                <tr>
                  <th scope="col">Actieleergroep</th>
                  <th scope="col">Gestart</th>
                  <th scope="col">Deelnemers</th>
                  <th scope="col">Acties geborgd</th>
                </tr>
              </thead>
              <tbody>
                {f.groups.perGroup.map((g) => (
                  <tr key={g.id}>
                    <th scope="row">{g.name}</th>
                    <td>
                      {formatDate(g.startsOn)}
                      {g.closedAt ? `, afgesloten ${formatDate(g.closedAt)}` : ""}
                    </td>
                    <td>{g.members}</td>
                    <td>
                      {g.embedded} van {g.actions}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      <section aria-labelledby="hoogtepunten-titel">
        <h2 id="hoogtepunten-titel">Hoogtepunten</h2>
        {report.highlights.text ? (
          <div className="pre-line">{report.highlights.text}</div>
        ) : (
          <p className="muted">Nog geen hoogtepunten geschreven voor {report.year}.</p>
        )}
        {report.highlights.perCircle.map((h) => (
          <div key={h.themeName}>
            <h3>{h.themeName}</h3>
            <div className="pre-line">{h.text}</div>
          </div>
        ))}
        <HighlightsForm year={report.year} text={report.highlights.text ?? ""} scopeName={scopeName} />
      </section>

      <section aria-labelledby="lessen-titel">
        <h2 id="lessen-titel">Lessen</h2>
        {report.lessons.groups.length + report.lessons.meetings.length + report.lessons.networkMeetings.length === 0 ? (
          <p className="muted">In {report.year} zijn nog geen opbrengsten of besluiten vastgelegd.</p>
        ) : null}
        {report.lessons.groups.length ? (
          <>
            <h3>Uit afgesloten actieleergroepen</h3>
            <ul>
              {report.lessons.groups.map((g) => (
                <li key={g.groupId}>
                  <strong>{g.groupName}</strong>
                  {!circle && g.themeName ? ` (${g.themeName})` : ""}, afgesloten {formatDate(g.closedAt)}:{" "}
                  <span className="pre-line">{g.finalYield}</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {report.lessons.meetings.length ? (
          <>
            <h3>Opbrengsten van bijeenkomsten</h3>
            <ul>
              {report.lessons.meetings.map((m) => (
                <li key={m.meetingId}>
                  <strong>{m.groupName}</strong>
                  {!circle && m.themeName ? ` (${m.themeName})` : ""}, {formatDate(m.startsAt)}:{" "}
                  <span className="pre-line">{m.yield}</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {report.lessons.networkMeetings.length ? (
          <>
            <h3>Besluiten van netwerkbijeenkomsten</h3>
            <ul>
              {report.lessons.networkMeetings.map((n) => (
                <li key={n.id}>
                  <strong>
                    {n.step === 7 ? "Jaarlijkse netwerkbijeenkomst" : "Netwerkoverleg"} van {formatDate(n.heldOn)}
                  </strong>
                  {!circle ? ` (${n.themeName})` : ""}:{" "}
                  <span className="pre-line">{n.decisions || n.notes || "geen besluiten vastgelegd"}</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
    </article>
  );
}

function PrintButton() {
  return (
    <button type="button" className="button" onClick={() => window.print()}>
      Afdrukken
    </button>
  );
}

function HighlightsForm({ year, text, scopeName }: { year: number; text: string; scopeName: string }) {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "hoogtepunten",
    lastResult,
    defaultValue: { year: String(year), text },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: HighlightsFormSchema }),
  });
  return (
    <details className="form-details no-print" open={Boolean(lastResult)}>
      <summary>Hoogtepunten {year} schrijven</summary>
      <Form method="post" {...getFormProps(form)} className="narrow">
        <FormError form={form} />
        <input type="hidden" name="intent" value="highlights" />
        <input type="hidden" name="year" value={year} />
        <TextAreaField
          meta={fields.text}
          label={`Hoogtepunten van ${scopeName} in ${year}`}
          hint="Wat viel op, wat is er veranderd in de praktijk, wat neemt het netwerk mee naar volgend jaar? Leeg laten haalt de hoogtepunten weg."
          rows={8}
        />
        <button type="submit" className="button">
          Hoogtepunten opslaan
        </button>
      </Form>
    </details>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(
    data
      ? `Jaaropbrengst ${data.report.year}: ${data.circle ? `leercirkel ${data.circle.name}` : "alle leercirkels"}`
      : "Jaaropbrengst",
  );

export function ErrorBoundary() {
  return <ErrorPage />;
}
