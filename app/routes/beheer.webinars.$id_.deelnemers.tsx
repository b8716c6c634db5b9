import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { ErrorList, FormError, TextField } from "~/components/forms";
import { AttendanceSchema, AttendanceUploadSchema, WebinarMaterialsSchema } from "~/models/webinar.schema";
import {
  getWebinar,
  hasEnded,
  importAttendance,
  listRegistrations,
  listWebinarEvaluationAnswers,
  markAttendance,
  sendFollowUp,
  setWebinarMaterials,
  webinarDeepening,
  webinarFigures,
} from "~/models/webinar.server";
import { formatDateTime } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { readFormData } from "~/utils/form.server";
import { ORGANISATION_KIND_LABELS } from "~/utils/labels";
import { pageTitle } from "~/utils/meta";
import { requireIdParam } from "~/utils/params";

function load(params: unknown) {
  const webinar = getWebinar(requireIdParam(params, "Webinar"));
  if (!webinar) throw new Response("Webinar niet gevonden", { status: 404 });
  return webinar;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: MANAGER_ROLES });
  const webinar = load(params);
  const now = new Date();
  const registrations = listRegistrations(webinar.id);
  return {
    webinar: {
      id: webinar.id,
      title: webinar.title,
      startsAt: webinar.startsAt,
      cancelled: Boolean(webinar.cancelledAt),
      started: webinar.startsAt <= now,
      ended: hasEnded(webinar, now),
      recordingUrl: webinar.recordingUrl ?? "",
      slidesUrl: webinar.slidesUrl ?? "",
    },
    figures: webinarFigures(webinar.id),
    registrations: registrations.map((r) => ({
      userId: r.userId,
      name: r.name,
      organisation: r.organisation,
      organisationKind: r.organisationKind,
      status: r.status,
      queuedAt: r.queuedAt,
      attended: r.attended,
      followUpSent: Boolean(r.followUpSentAt),
      grade: r.grade,
    })),
    followUpDue: registrations.filter((r) => r.status === "registered" && r.attended && !r.followUpSentAt).length,
    answers: listWebinarEvaluationAnswers(webinar.id),
  };
}

const STATUS_LABELS = { registered: "aangemeld", waitlisted: "wachtlijst", cancelled: "afgemeld" } as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: MANAGER_ROLES });
  const webinar = load(params);
  const here = `/beheer/webinars/${webinar.id}/deelnemers`;
  const form = await readFormData(request);
  const intent = form.get("intent");

  if (intent === "materials") {
    const submission = parseWithZod(form, { schema: WebinarMaterialsSchema });
    if (submission.status !== "success") return data({ materials: submission.reply() }, { status: 400 });
    const result = setWebinarMaterials({ actorId: user.id, id: webinar.id, ...submission.value });
    if (result.status !== "ok") throw new Response("Dit webinar is geannuleerd.", { status: 409 });
    return redirectWithFlash(here, "De opname en de presentatie zijn opgeslagen.");
  }

  if (intent === "attendance") {
    const submission = parseWithZod(form, { schema: AttendanceSchema });
    if (submission.status !== "success") throw new Response("Deze lijst kon niet worden gelezen.", { status: 400 });
    const result = markAttendance({ actorId: user.id, webinarId: webinar.id, ...submission.value });
    if (result.status === "not-started") {
      return data({ attendanceError: "Aanwezigheid houd je bij vanaf het begin van het webinar." }, { status: 409 });
    }
    if (result.status !== "ok") throw new Response("Dit webinar is geannuleerd.", { status: 409 });
    return redirectWithFlash(here, `Aanwezigheid opgeslagen: ${result.present} aanwezig.`);
  }

  if (intent === "attendance-upload") {
    const submission = parseWithZod(form, { schema: AttendanceUploadSchema });
    if (submission.status !== "success") {
      return data({ uploadError: submission.error?.file?.[0] ?? "Kies een bestand." }, { status: 400 });
    }
    const bytes = new Uint8Array(await submission.value.file.arrayBuffer());
    const result = importAttendance({ actorId: user.id, webinarId: webinar.id, bytes });
    if (result.status === "no-addresses") {
      return data(
        { uploadError: "In dit bestand staan geen e-mailadressen. Exporteer de deelnemerslijst met e-mailadressen." },
        { status: 400 },
      );
    }
    if (result.status === "not-started") {
      return data({ uploadError: "Aanwezigheid houd je bij vanaf het begin van het webinar." }, { status: 409 });
    }
    if (result.status !== "ok") throw new Response("Dit webinar is geannuleerd.", { status: 409 });
    return data({ upload: result });
  }

  if (intent === "follow-up") {
    const result = sendFollowUp({
      actorId: user.id,
      webinarId: webinar.id,
      deepening: await webinarDeepening(webinar),
    });
    if (result.status === "not-ended") {
      return data({ followUpError: "Het nabericht kan pas na afloop van het webinar." }, { status: 409 });
    }
    if (result.status !== "ok") throw new Response("Dit webinar is geannuleerd.", { status: 409 });
    return redirectWithFlash(
      here,
      result.mailed
        ? `Het nabericht is verstuurd aan ${result.mailed} ${result.mailed === 1 ? "deelnemer" : "deelnemers"}.`
        : "Alle aanwezigen hadden het nabericht al.",
    );
  }
  throw new Response("Onbekende opdracht.", { status: 400 });
}

export default function WebinarParticipants() {
  const { webinar, figures, registrations, followUpDue, answers } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const withPlace = registrations.filter((r) => r.status === "registered");
  return (
    <div>
      <p>
        <Link to={`/beheer/webinars/${webinar.id}`}>← {webinar.title}</Link>
      </p>
      <h1>Deelnemers: {webinar.title}</h1>
      <p className="lead">
        {formatDateTime(webinar.startsAt)}
        {webinar.cancelled ? " · geannuleerd" : ""}
      </p>

      <dl className="facts">
        <div>
          <dt>Aangemeld</dt>
          <dd>{figures.registered}</dd>
        </div>
        <div>
          <dt>Wachtlijst</dt>
          <dd>{figures.waitlisted}</dd>
        </div>
        <div>
          <dt>Afgemeld</dt>
          <dd>{figures.cancelled}</dd>
        </div>
        <div>
          <dt>Aanwezig</dt>
          <dd>
            {figures.attendanceRate === null
              ? "nog niet bijgehouden"
              : `${figures.attended} (${Math.round(figures.attendanceRate * 100)}% van de aangemelden)`}
          </dd>
        </div>
        <div>
          <dt>Evaluatie</dt>
          <dd>
            {figures.gradeAverage === null
              ? "nog geen"
              : `gemiddeld ${figures.gradeAverage.toFixed(1).replace(".", ",")} (${figures.evaluations} ${
                  figures.evaluations === 1 ? "evaluatie" : "evaluaties"
                })`}
          </dd>
        </div>
      </dl>
      <p>
        <a href={`/beheer/webinars/${webinar.id}/deelnemers.csv`} download>
          Deelnemerslijst downloaden (CSV)
        </a>
      </p>

      <section aria-labelledby="aanwezigheid-titel">
        <h2 id="aanwezigheid-titel">Aanmeldingen en aanwezigheid</h2>
        {registrations.length === 0 ? (
          <p>Nog niemand heeft zich aangemeld.</p>
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value="attendance" />
            {webinar.started && !webinar.cancelled
              ? withPlace.map((r) => <input key={r.userId} type="hidden" name="shown" value={r.userId} />)
              : null}
            <div className="table-wrap" role="region" aria-label="Aanmeldingen" tabIndex={0}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Naam</th>
                    <th scope="col">Organisatie</th>
                    <th scope="col">Status</th>
                    <th scope="col">Aangemeld op</th>
                    <th scope="col">Aanwezig</th>
                    <th scope="col">Cijfer</th>
                  </tr>
                </thead>
                <tbody>
                  {registrations.map((r) => (
                    <tr key={r.userId}>
                      <th scope="row">{r.name}</th>
                      <td>
                        {r.organisation}
                        {r.organisationKind ? (
                          <span className="muted"> ({ORGANISATION_KIND_LABELS[r.organisationKind]})</span>
                        ) : null}
                      </td>
                      <td>{STATUS_LABELS[r.status]}</td>
                      <td>{formatDateTime(r.queuedAt)}</td>
                      <td>
                        {r.status === "registered" && webinar.started && !webinar.cancelled ? (
                          <span className="choice">
                            <input
                              // Keyed on the stored value: after a list is read in, the box shows it.
                              key={String(r.attended)}
                              type="checkbox"
                              id={`aanwezig-${r.userId}`}
                              name="present"
                              value={r.userId}
                              defaultChecked={r.attended === true}
                            />
                            <label htmlFor={`aanwezig-${r.userId}`}>
                              <span className="visually-hidden">{r.name} was </span>aanwezig
                            </label>
                          </span>
                        ) : r.attended === null ? (
                          "–"
                        ) : r.attended ? (
                          "ja"
                        ) : (
                          "nee"
                        )}
                      </td>
                      <td>{r.grade ?? "–"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {webinar.started && !webinar.cancelled && withPlace.length ? (
              <>
                <div className="field-error" role="alert">
                  {actionData && "attendanceError" in actionData ? <p>{actionData.attendanceError}</p> : null}
                </div>
                <button type="submit" className="button">
                  Aanwezigheid opslaan
                </button>
              </>
            ) : null}
          </Form>
        )}
        {!webinar.started && !webinar.cancelled ? (
          <p className="hint">Vanaf het begin van het webinar houd je hier bij wie er was.</p>
        ) : null}
      </section>

      {webinar.started && !webinar.cancelled ? (
        <>
          <AttendanceUpload />
          <Materials recordingUrl={webinar.recordingUrl} slidesUrl={webinar.slidesUrl} />
        </>
      ) : null}

      {webinar.ended ? (
        <section aria-labelledby="nabericht-titel">
          <h2 id="nabericht-titel">Nabericht</h2>
          <p>
            Wie aanwezig was krijgt een mail met de opname en de presentatie (als je die hierboven invulde), de
            evaluatie, het deelnamebewijs en de uitnodiging om verder te gaan: de modules, de peiling en de
            actieleergroepen van het thema. Iedereen krijgt het nabericht één keer; wie je later als aanwezig markeert,
            krijgt het bij de volgende keer versturen.
          </p>
          <Form method="post">
            <div className="field-error" role="alert">
              {actionData && "followUpError" in actionData ? <p>{actionData.followUpError}</p> : null}
            </div>
            {followUpDue ? (
              <button type="submit" name="intent" value="follow-up" className="button">
                Nabericht versturen aan {followUpDue} {followUpDue === 1 ? "aanwezige" : "aanwezigen"}
              </button>
            ) : (
              <p className="muted">
                {figures.attended
                  ? "Alle aanwezigen hebben het nabericht gekregen."
                  : "Nog niemand is als aanwezig gemarkeerd."}
              </p>
            )}
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="antwoorden-titel">
        <h2 id="antwoorden-titel">Evaluaties</h2>
        {answers.length === 0 ? (
          <p>Nog geen evaluaties.</p>
        ) : (
          <ul className="plain-list answers">
            {answers.map((a, i) => (
              <li key={i} className="card">
                <p>
                  <strong>Cijfer {a.grade}</strong>
                </p>
                {a.takeaway ? (
                  <p>
                    <span className="muted">Neemt mee: </span>
                    <span className="pre-line">{a.takeaway}</span>
                  </p>
                ) : null}
                {a.improve ? (
                  <p>
                    <span className="muted">Kan beter: </span>
                    <span className="pre-line">{a.improve}</span>
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function AttendanceUpload() {
  const actionData = useActionData<typeof action>();
  const upload = actionData && "upload" in actionData ? actionData.upload : null;
  const error = actionData && "uploadError" in actionData ? actionData.uploadError : undefined;
  return (
    <section aria-labelledby="lijst-titel">
      <h2 id="lijst-titel">Deelnemerslijst uit Teams of Zoom</h2>
      <p className="hint">
        Download na afloop de deelnemerslijst uit het vergaderprogramma (Teams: aanwezigheidsrapport; Zoom: deelnemers)
        en laad hem hier. Iedereen met een e-mailadres in de lijst telt als aanwezig.
      </p>
      <Form method="post" encType="multipart/form-data">
        <div className="field">
          <label htmlFor="deelnemerslijst">Bestand (CSV of tekst, hoogstens 1 MB)</label>
          <input
            type="file"
            id="deelnemerslijst"
            name="file"
            accept=".csv,.txt,text/csv,text/plain"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "deelnemerslijst-fout" : undefined}
          />
          <ErrorList id="deelnemerslijst-fout" errors={error ? [error] : undefined} />
        </div>
        <button type="submit" name="intent" value="attendance-upload" className="button button--secondary">
          Lijst inlezen
        </button>
      </Form>
      {upload ? (
        <div role="status" className="card">
          <p>
            <strong>
              {upload.found} e-mailadressen gevonden; {upload.marked} {upload.marked === 1 ? "deelnemer" : "deelnemers"}{" "}
              als aanwezig gemarkeerd.
            </strong>
          </p>
          {upload.added.length ? (
            <>
              <p>Zonder aanmelding meegedaan, nu toegevoegd als aanwezig (haal het vinkje weg als dat niet klopt):</p>
              <ul>
                {upload.added.map((p) => (
                  <li key={p.email}>
                    {p.name} ({p.email})
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {upload.unknown.length ? (
            <>
              <p>Geen account bij Leercirkel, niet meegeteld:</p>
              <ul>
                {upload.unknown.map((email) => (
                  <li key={email}>{email}</li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function Materials({ recordingUrl, slidesUrl }: { recordingUrl: string; slidesUrl: string }) {
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "materialen",
    lastResult: actionData && "materials" in actionData ? actionData.materials : undefined,
    defaultValue: { recordingUrl, slidesUrl },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: WebinarMaterialsSchema }),
  });
  return (
    <section aria-labelledby="materialen-titel">
      <h2 id="materialen-titel">Opname en presentatie</h2>
      <p className="hint">
        Alleen wie aangemeld was ziet deze links, op de pagina van het webinar en in het nabericht.
      </p>
      <Form method="post" {...getFormProps(form)}>
        <FormError form={form} />
        <input type="hidden" name="intent" value="materials" />
        <TextField meta={fields.recordingUrl} label="Link naar de opname" type="url" />
        <TextField meta={fields.slidesUrl} label="Link naar de presentatie" type="url" />
        <button type="submit" className="button button--secondary">
          Links opslaan
        </button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Deelnemers: ${data.webinar.title}` : "Deelnemers");

export function ErrorBoundary() {
  return <ErrorPage />;
}
