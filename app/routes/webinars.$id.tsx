import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getUser, requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import {
  canSeeJoinLink,
  cancelRegistration,
  getRegistration,
  getWebinar,
  getWebinarCertificateCode,
  getWebinarEvaluation,
  hasEnded,
  issueWebinarCertificate,
  placesLeft,
  registerForWebinar,
  waitlistPosition,
  webinarDeepening,
} from "~/models/webinar.server";
import { formatPeriod } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { readFormData } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";
import { requireIdParam } from "~/utils/params";

function load(params: unknown) {
  const webinar = getWebinar(requireIdParam(params, "Webinar"));
  if (!webinar) throw new Response("Webinar niet gevonden", { status: 404 });
  return webinar;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const webinar = load(params);
  const registration = user ? getRegistration(webinar.id, user.id) : undefined;
  const now = new Date();
  const registered = registration?.status === "registered";
  const attended = registered && registration?.attended === true;
  return {
    signedIn: Boolean(user),
    deepening: await webinarDeepening(webinar),
    webinar: {
      id: webinar.id,
      title: webinar.title,
      description: webinar.description,
      speakers: webinar.speakers,
      startsAt: webinar.startsAt,
      endsAt: webinar.endsAt,
      cancelled: Boolean(webinar.cancelledAt),
      registrationOpen: !webinar.cancelledAt && now < webinar.registrationClosesAt,
      ended: hasEnded(webinar, now),
      // The recording and slides are for those who had a place.
      recordingUrl: registered ? webinar.recordingUrl : null,
      slidesUrl: registered ? webinar.slidesUrl : null,
    },
    attended,
    evaluation: attended && user ? (getWebinarEvaluation(webinar.id, user.id)?.grade ?? null) : null,
    certificateCode: attended && user ? getWebinarCertificateCode(webinar.id, user.id) : null,
    placesLeft: placesLeft(webinar.id),
    status: registration && registration.status !== "cancelled" ? registration.status : null,
    position: user && registration?.status === "waitlisted" ? waitlistPosition(webinar.id, user.id) : null,
    // Only for registered people, and only from 30 minutes before the start.
    joinUrl: canSeeJoinLink(webinar, registration, now) ? webinar.joinUrl : null,
  };
}

const ActionSchema = z.object({ intent: z.enum(["register", "cancel", "certificate"]) });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const webinar = load(params);
  const parsed = ActionSchema.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) throw new Response("Onbekende opdracht.", { status: 400 });
  const here = `/webinars/${webinar.id}`;
  if (parsed.data.intent === "certificate") {
    const result = issueWebinarCertificate({ webinarId: webinar.id, userId: user.id });
    if (result.status !== "ok") {
      throw new Response("Een deelnamebewijs is er voor wie aanwezig was.", { status: 403 });
    }
    return redirect(`/deelnamebewijs/${result.code}`);
  }
  if (parsed.data.intent === "cancel") {
    const result = cancelRegistration({ webinarId: webinar.id, userId: user.id });
    return redirectWithFlash(here, result.status === "ok" ? "Je bent afgemeld." : "Je was niet aangemeld.");
  }
  const result = registerForWebinar({ webinarId: webinar.id, user });
  if (result.status === "closed") return redirectWithFlash(here, "Aanmelden kan niet meer.");
  if (result.status === "not-found") throw new Response("Webinar niet gevonden", { status: 404 });
  return redirectWithFlash(
    here,
    result.status === "registered"
      ? "Je bent aangemeld. Je krijgt een bevestiging met een agenda-afspraak."
      : "Het webinar is vol: je staat op de wachtlijst.",
  );
}

export default function WebinarPage() {
  const { signedIn, webinar, placesLeft, status, position, joinUrl, deepening, attended, evaluation, certificateCode } =
    useLoaderData<typeof loader>();
  return (
    <div className="narrow">
      <p>
        <Link to="/webinars">← Webinars</Link>
      </p>
      <h1>{webinar.title}</h1>
      <p className="lead">
        {formatPeriod(webinar.startsAt, webinar.endsAt)} (Nederlandse tijd)
        {webinar.cancelled ? " · geannuleerd" : ""}
      </p>
      {webinar.description ? <p className="pre-line">{webinar.description}</p> : null}
      {webinar.speakers.length ? (
        <>
          <h2>Sprekers</h2>
          <ul className="plain-list">
            {webinar.speakers.map((s) => (
              <li key={s.name}>
                {s.name}
                {s.role ? <span className="muted"> – {s.role}</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {attended ? (
        <section aria-labelledby="afloop-titel" className="card">
          <h2 id="afloop-titel">Je was erbij</h2>
          <p>Je deelname telt als leertijd.</p>
          <div className="form-row">
            {certificateCode ? (
              <Link className="button" to={`/deelnamebewijs/${certificateCode}`}>
                Je deelnamebewijs
              </Link>
            ) : (
              <Form method="post">
                <button type="submit" name="intent" value="certificate" className="button">
                  Deelnamebewijs ophalen
                </button>
              </Form>
            )}
            <Link className="button button--secondary" to={`/webinars/${webinar.id}/evaluatie`}>
              {evaluation === null ? "Geef je evaluatie" : `Je evaluatie (cijfer ${evaluation}) aanpassen`}
            </Link>
          </div>
        </section>
      ) : null}
      {webinar.recordingUrl || webinar.slidesUrl ? (
        <section aria-labelledby="terugkijken-titel">
          <h2 id="terugkijken-titel">Terugkijken</h2>
          <ul>
            {webinar.recordingUrl ? (
              <li>
                <a href={webinar.recordingUrl} rel="noopener noreferrer">
                  De opname
                </a>
              </li>
            ) : null}
            {webinar.slidesUrl ? (
              <li>
                <a href={webinar.slidesUrl} rel="noopener noreferrer">
                  De presentatie
                </a>
              </li>
            ) : null}
          </ul>
        </section>
      ) : null}
      {webinar.ended ? null : (
        <section aria-labelledby="aanmelden-titel" className="card">
          <h2 id="aanmelden-titel">Aanmelden</h2>
          {webinar.cancelled ? (
            <p>Dit webinar gaat niet door.</p>
          ) : status === "registered" ? (
            <>
              <p>
                <strong>Je bent aangemeld.</strong>{" "}
                <a href={`/webinars/${webinar.id}/agenda.ics`}>Zet het in je agenda (.ics)</a>
              </p>
              {joinUrl ? (
                <p>
                  <a className="button" href={joinUrl} rel="noopener noreferrer">
                    Deelnemen aan het webinar
                  </a>
                </p>
              ) : (
                <p className="muted">De link om deel te nemen staat hier vanaf 30 minuten voor het begin.</p>
              )}
            </>
          ) : status === "waitlisted" ? (
            <p>
              <strong>Je staat op de wachtlijst (plaats {position}).</strong> Komt er een plaats vrij, dan krijg je die
              automatisch en hoor je het van ons.
            </p>
          ) : webinar.registrationOpen ? (
            <p>
              {placesLeft > 0 ? `Nog ${placesLeft} plaatsen vrij.` : "Het webinar is vol; je kunt op de wachtlijst."}
            </p>
          ) : (
            <p>Aanmelden is gesloten.</p>
          )}
          {!webinar.cancelled && webinar.registrationOpen && signedIn ? (
            <Form method="post">
              {status ? (
                <button type="submit" name="intent" value="cancel" className="button button--secondary">
                  Afmelden
                </button>
              ) : (
                <button type="submit" name="intent" value="register" className="button">
                  {placesLeft > 0 ? "Aanmelden" : "Op de wachtlijst"}
                </button>
              )}
            </Form>
          ) : null}
          {!signedIn && webinar.registrationOpen ? (
            <p>
              <Link to={`/inloggen?redirectTo=/webinars/${webinar.id}`}>Log in om je aan te melden</Link>
            </p>
          ) : null}
        </section>
      )}
      {deepening.modules.length || deepening.poll || deepening.groups.length ? (
        <section aria-labelledby="verdiepen-titel">
          <h2 id="verdiepen-titel">Verder verdiepen</h2>
          <ul>
            {deepening.modules.map((m) => (
              <li key={m.slug}>
                Module: <Link to={`/leren/${m.slug}`}>{m.title}</Link>
              </li>
            ))}
            {deepening.poll ? (
              <li>
                Peiling: <Link to={`/peilingen/${deepening.poll.id}`}>{deepening.poll.question}</Link>
              </li>
            ) : null}
            {deepening.groups.map((g) => (
              <li key={g.id}>
                Actieleergroep: <Link to={`/actieleergroepen/${g.id}`}>{g.name}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data?.webinar.title ?? "Webinar");

export function ErrorBoundary() {
  return <ErrorPage />;
}
