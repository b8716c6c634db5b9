import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { isManager } from "~/auth/roles";
import { getUser } from "~/auth/session.server";
import { getInterventions } from "~/mdx/registry.server";
import { listContributionNews, listOpenInvites } from "~/models/contribution.server";
import { listOpenPollsForUser } from "~/models/poll.server";
import { ACTION_STATUS_LABELS } from "~/models/group.schema";
import { listOpenActionsForUser } from "~/models/group.server";
import { getLearnerAgenda } from "~/models/progress.server";
import { listUpcomingWebinarsForUser, listWebinarEvaluationsDue } from "~/models/webinar.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import {
  CONTRIBUTION_KIND_LABELS,
  CONTRIBUTION_STATUS_LABELS,
  ORGANISATION_KIND_LABELS,
  ROLE_LABELS,
} from "~/utils/labels";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  let agenda = null;
  if (user) {
    const { bySlug } = await getInterventions();
    const { inProgress, checkInsDue } = getLearnerAgenda({ userId: user.id });
    const title = (slug: string) => bySlug.get(slug)?.frontmatter.title;
    agenda = {
      inProgress: inProgress.flatMap((p) => {
        const t = title(p.slug);
        return t ? [{ slug: p.slug, title: t }] : [];
      }),
      checkInsDue: checkInsDue.flatMap((c) => {
        const t = title(c.slug);
        return t ? [{ slug: c.slug, title: t, text: c.text, checkInOn: c.checkInOn }] : [];
      }),
    };
  }
  const contributions =
    user && user.roles.includes("expert")
      ? {
          news: listContributionNews(user.id).map((c) => ({
            id: c.id,
            status: c.status,
            kind: c.kind,
            themeName: c.themeName,
            reviewComment: c.reviewComment,
            decidedAt: c.decidedAt,
          })),
          invites: listOpenInvites(user.id),
        }
      : null;
  const openPolls = user
    ? listOpenPollsForUser(user)
        .filter((p) => !p.voted)
        .map((p) => ({ id: p.id, question: p.question, closesAt: p.closesAt }))
    : [];
  const webinars = user
    ? {
        upcoming: listUpcomingWebinarsForUser(user.id),
        evaluationsDue: listWebinarEvaluationsDue(user.id),
      }
    : { upcoming: [], evaluationsDue: [] };
  const openActions = user
    ? listOpenActionsForUser({ userId: user.id }).map((a) => ({
        id: a.id,
        description: a.description,
        status: a.status,
        dueOn: a.dueOn,
        overdue: a.overdue,
        groupId: a.groupId,
        groupName: a.groupName,
      }))
    : [];
  return {
    agenda,
    contributions,
    openPolls,
    webinars,
    openActions,
    user: user
      ? {
          name: user.name,
          organisation: user.organisation,
          roles: user.roles,
        }
      : null,
  };
}

const STEPS = [
  "Netwerkoverleg met kennisplatforms, professionals en ervaringsdeskundige ouders en jongeren",
  "Inventarisatie van de thema's die nodig zijn",
  "Een kader voor actieleergroepen, met een monitor",
  "Een eerste webinar over een thema, met een peiling onder de deelnemers",
  "De eerste actieleergroep",
  "Vervolgwebinars en vervolggroepen",
  "Het jaarlijkse netwerkoverleg over inhoud en opbrengst van het jaar",
];

function Visitor() {
  return (
    <>
      <section className="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">Leren in de jeugdhulp, van casuïstiek tot verandering in de praktijk</h1>
        <p className="lead">
          Er is veel kennis om de jeugdhulp te verbeteren, maar die bereikt professionals te langzaam. Leercirkel brengt
          per thema alles samen wat daarvoor nodig is: signalen uit de casuïstiek, korte leerinterventies, webinars,
          peilingen en actieleergroepen die het geleerde borgen in hun eigen organisatie.
        </p>
        <p className="actions">
          <Link className="button" to="/registreren">
            Account aanmaken
          </Link>
          <Link className="button button--secondary" to="/inloggen">
            Inloggen
          </Link>
          <Link className="button button--secondary" to="/leren">
            Bekijk de modules
          </Link>
        </p>
      </section>

      <section aria-labelledby="wie-title">
        <h2 id="wie-title">Voor wie</h2>
        <ul className="cards">
          <li className="card">
            <h3>Professionals</h3>
            <p>
              Volg korte leerinterventies met kennis, toepassing op je eigen werk en de ervaring van ouders en jongeren.
              Schrijf op wat je anders gaat doen en kijk weken later terug.
            </p>
          </li>
          <li className="card">
            <h3>Ervaringsdeskundigen</h3>
            <p>
              Deel wat wel en niet helpt, vanuit je eigen ervaring als ouder of jongere. Je ziet wat er met je bijdrage
              gebeurt.
            </p>
          </li>
          <li className="card">
            <h3>Coördinatoren</h3>
            <p>
              Zet leercirkels op, peil welke thema&apos;s nodig zijn, plan webinars, begeleid actieleergroepen en laat
              zien wat het jaar heeft opgeleverd.
            </p>
          </li>
        </ul>
      </section>

      <section aria-labelledby="stappen-title">
        <h2 id="stappen-title">De leercirkel in zeven stappen</h2>
        <p>Een leercirkel kan op ieder moment en bij iedere stap beginnen, voor ieder thema dat ertoe doet.</p>
        <ol className="steps">
          {STEPS.map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
        <p>
          Leren is meer dan kennis overdragen: het gaat om weten, doen, voelen en veranderen. Daarom volgt Leercirkel je
          voorbij de module, tot in de praktijk.
        </p>
      </section>
    </>
  );
}

type ContributionsData = NonNullable<Awaited<ReturnType<typeof loader>>["contributions"]>;

/** For experts by experience: invitations to contribute and what coordinators decided. */
function ContributionsCard({ news, invites }: ContributionsData) {
  return (
    <section
      className={news.length || invites.length ? "card card--attention" : "card"}
      aria-labelledby="bijdragen-titel"
    >
      <h2 id="bijdragen-titel">Mijn bijdragen</h2>
      {invites.length ? (
        <>
          <h3>Uitnodigingen</h3>
          <ul className="plain-list">
            {invites.map((invite) => (
              <li key={invite.id}>
                {invite.inviterName ?? "Een coördinator"} nodigt je uit voor het thema {invite.themeName}.{" "}
                <Link to={`/bijdragen/nieuw?uitnodiging=${invite.id}`}>Schrijf je bijdrage</Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {news.length ? (
        <>
          <h3>Nieuw over je bijdragen</h3>
          <ul className="plain-list">
            {news.map((item) => (
              <li key={item.id}>
                <Link to={`/bijdragen/${item.id}`}>
                  {CONTRIBUTION_KIND_LABELS[item.kind]} ({item.themeName})
                </Link>
                : {CONTRIBUTION_STATUS_LABELS[item.status].toLowerCase()}
                {item.status === "returned" && item.reviewComment ? (
                  <span className="muted"> – {item.reviewComment}</span>
                ) : null}
                <Form method="post" action="/bijdragen?terug=start" className="inline-form">
                  <input type="hidden" name="id" value={item.id} />
                  <button type="submit" name="intent" value="seen" className="button button--quiet button--small">
                    Gelezen<span className="visually-hidden">: {CONTRIBUTION_KIND_LABELS[item.kind]}</span>
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {!news.length && !invites.length ? <p>Geen nieuws over je bijdragen.</p> : null}
      <p>
        <Link to="/bijdragen">Naar mijn bijdragen</Link> · <Link to="/bijdragen/nieuw">Nieuwe bijdrage</Link>
      </p>
    </section>
  );
}

export default function Index() {
  const { user, agenda, contributions, openPolls, webinars, openActions } = useLoaderData<typeof loader>();
  if (!user || !agenda) return <Visitor />;
  const isCoordinator = isManager(user.roles);
  return (
    <>
      <h1>Welkom, {user.name}</h1>
      {agenda.checkInsDue.length ? (
        <section className="card card--attention" aria-labelledby="terugblik-titel">
          <h2 id="terugblik-titel">Tijd om terug te kijken</h2>
          <ul className="plain-list">
            {agenda.checkInsDue.map((item) => (
              <li key={item.slug}>
                <Link to={`/leren/${item.slug}/terugblik`}>Terugblik op {item.title}</Link>
                <span className="muted"> (gepland op {formatDate(item.checkInOn)})</span>
                <br />
                <span className="muted">Je voornemen: {item.text}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {openPolls.length ? (
        <section className="card card--attention" aria-labelledby="peilingen-titel">
          <h2 id="peilingen-titel">Je stem wordt gevraagd</h2>
          <ul className="plain-list">
            {openPolls.map((poll) => (
              <li key={poll.id}>
                <Link to={`/peilingen/${poll.id}`}>{poll.question}</Link>
                <span className="muted"> (open tot {formatDateTime(poll.closesAt)})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {webinars.evaluationsDue.length ? (
        <section className="card card--attention" aria-labelledby="webinar-evaluatie-titel">
          <h2 id="webinar-evaluatie-titel">Wat vond je van het webinar?</h2>
          <ul className="plain-list">
            {webinars.evaluationsDue.map((w) => (
              <li key={w.id}>
                <Link to={`/webinars/${w.id}/evaluatie`}>Evaluatie van {w.title}</Link>
                <span className="muted"> ({formatDate(w.startsAt)})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {contributions ? <ContributionsCard {...contributions} /> : null}
      {openActions.length ? (
        <section
          className={openActions.some((a) => a.overdue) ? "card card--attention" : "card"}
          aria-labelledby="acties-titel"
        >
          <h2 id="acties-titel">Mijn acties</h2>
          <ul className="plain-list">
            {openActions.map((a) => (
              <li key={a.id}>
                <Link to={`/actieleergroepen/${a.groupId}/acties/${a.id}`}>{a.description}</Link>{" "}
                <span className="muted">
                  ({a.groupName}, {ACTION_STATUS_LABELS[a.status].toLowerCase()}, klaar op {formatDate(a.dueOn)})
                </span>
                {a.overdue ? <strong className="badge badge--warning"> te laat</strong> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="card" aria-labelledby="webinars-titel">
        <h2 id="webinars-titel">Mijn webinars</h2>
        {webinars.upcoming.length ? (
          <ul className="plain-list">
            {webinars.upcoming.map((w) => (
              <li key={w.id}>
                <Link to={`/webinars/${w.id}`}>{w.title}</Link>{" "}
                <span className="muted">
                  ({formatDateTime(w.startsAt)}
                  {w.status === "waitlisted" ? ", op de wachtlijst" : ""})
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p>Je bent nu niet aangemeld voor een webinar.</p>
        )}
        <p>
          <Link to="/webinars">Naar alle webinars</Link>
        </p>
      </section>
      <section className="card" aria-labelledby="bezig-titel">
        <h2 id="bezig-titel">Mijn modules</h2>
        {agenda.inProgress.length ? (
          <ul className="plain-list">
            {agenda.inProgress.map((item) => (
              <li key={item.slug}>
                <Link to={`/leren/${item.slug}`}>{item.title}</Link> <span className="muted">(bezig)</span>
              </li>
            ))}
          </ul>
        ) : (
          <p>Je bent nu niet met een module bezig.</p>
        )}
        <p>
          <Link to="/leren">Naar alle modules</Link>
        </p>
      </section>
      <section className="card profile" aria-labelledby="profiel-title">
        <h2 id="profiel-title">Jouw gegevens</h2>
        <dl className="facts">
          <div>
            <dt>Organisatie</dt>
            <dd>
              {user.organisation.name} ({ORGANISATION_KIND_LABELS[user.organisation.kind]})
            </dd>
          </div>
          <div>
            <dt>Regio</dt>
            <dd>{user.organisation.region}</dd>
          </div>
          <div>
            <dt>{user.roles.length === 1 ? "Rol" : "Rollen"}</dt>
            <dd>{user.roles.map((role) => ROLE_LABELS[role]).join(", ") || "Geen rol"}</dd>
          </div>
        </dl>
        <p>
          <Link to="/account">Mijn account</Link>
          {isCoordinator ? (
            <>
              {" · "}
              <Link to="/beheer">Naar beheer</Link>
            </>
          ) : null}
        </p>
      </section>
    </>
  );
}

export const meta: MetaFunction = () => [
  { title: "Leercirkel · leren in de jeugdhulp" },
  {
    name: "description",
    content:
      "Leercirkel: korte leerinterventies, webinars, peilingen en actieleergroepen voor professionals en ervaringsdeskundigen in de jeugdhulp.",
  },
];
