import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MANAGER_ROLES } from "~/auth/roles";
import { hasRole, requireUser } from "~/auth/session.server";
import { coordinatorDashboard } from "~/models/circle.server";
import { getAdminOverview } from "~/models/overview.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { CONTRIBUTION_KIND_LABELS } from "~/utils/labels";
import { env } from "~/utils/env.server";
import { pageTitle } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: MANAGER_ROLES });
  return {
    isAdmin: hasRole(user, "admin"),
    overview: getAdminOverview(),
    smtp: Boolean(env.SMTP_URL),
    now: coordinatorDashboard(),
  };
}

export default function AdminHome() {
  const { isAdmin, overview, smtp, now } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Beheer</h1>
      <Dashboard now={now} />
      <ul className="cards">
        {isAdmin ? (
          <>
            <li className="card">
              <h2>
                <Link to="/beheer/gebruikers">Gebruikers</Link>
              </h2>
              <p>{overview.users} accounts. Zoek gebruikers en geef of ontneem rollen.</p>
            </li>
            <li className="card">
              <h2>
                <Link to="/beheer/organisaties">Organisaties</Link>
              </h2>
              <p>{overview.organisations} organisaties in het netwerk, per regio en soort.</p>
            </li>
          </>
        ) : null}
        <li className="card">
          <h2>
            <Link to="/beheer/themas">Thema&apos;s</Link>
          </h2>
          <p>{overview.themes} thema&apos;s waarover leercirkels, modules en webinars gaan.</p>
        </li>
        <li className="card">
          <h2>
            <Link to="/beheer/mail">Mail</Link>
          </h2>
          <p>
            {overview.mailsWaiting} {overview.mailsWaiting === 1 ? "e-mail wacht" : "e-mails wachten"} in de wachtrij
            {overview.mailsFailed ? `, ${overview.mailsFailed} mislukt` : ""}.
            {smtp ? "" : " Er is geen mailserver ingesteld: e-mails blijven hier leesbaar."}
          </p>
        </li>
      </ul>
    </>
  );
}

type DashboardData = Awaited<ReturnType<typeof loader>>["now"];

function More({ count, shown, to }: { count: number; shown: number; to: string }) {
  return count > shown ? (
    <p>
      <Link to={to}>Alle {count}</Link>
    </p>
  ) : null;
}

/** What needs a coordinator now: each list with its full count and the most urgent items. */
function Dashboard({ now }: { now: DashboardData }) {
  const { contributionsToReview, pollsClosing, webinarsWithoutRecording, overdueActions, signalsWithoutTheme } = now;
  const total =
    contributionsToReview.count +
    pollsClosing.count +
    webinarsWithoutRecording.count +
    overdueActions.count +
    signalsWithoutTheme.count;
  return (
    <section aria-labelledby="nu-titel" className={total ? "card card--attention" : "card"}>
      <h2 id="nu-titel">Wat nu aandacht vraagt</h2>
      {total === 0 ? <p>Niets: alles is bij.</p> : null}
      {contributionsToReview.count ? (
        <>
          <h3>Bijdragen om te beoordelen ({contributionsToReview.count})</h3>
          <ul className="plain-list">
            {contributionsToReview.items.map((c) => (
              <li key={c.id}>
                <Link to={`/beheer/bijdragen/${c.id}`}>
                  {CONTRIBUTION_KIND_LABELS[c.kind]} bij {c.themeName}
                </Link>{" "}
                <span className="muted">(ingediend {formatDate(c.submittedAt)})</span>
              </li>
            ))}
          </ul>
          <More count={contributionsToReview.count} shown={contributionsToReview.items.length} to="/beheer/bijdragen" />
        </>
      ) : null}
      {pollsClosing.count ? (
        <>
          <h3>Peilingen die binnen een week sluiten ({pollsClosing.count})</h3>
          <ul className="plain-list">
            {pollsClosing.items.map((p) => (
              <li key={p.id}>
                <Link to={`/beheer/peilingen/${p.id}`}>{p.question}</Link>{" "}
                <span className="muted">
                  (sluit {formatDateTime(p.closesAt)}, {p.ballotCount} stemmen)
                </span>
              </li>
            ))}
          </ul>
          <More count={pollsClosing.count} shown={pollsClosing.items.length} to="/beheer/peilingen" />
        </>
      ) : null}
      {webinarsWithoutRecording.count ? (
        <>
          <h3>Webinars zonder opname ({webinarsWithoutRecording.count})</h3>
          <ul className="plain-list">
            {webinarsWithoutRecording.items.map((w) => (
              <li key={w.id}>
                <Link to={`/beheer/webinars/${w.id}/deelnemers`}>{w.title}</Link>{" "}
                <span className="muted">(afgelopen {formatDate(w.endsAt)})</span>
              </li>
            ))}
          </ul>
          <More
            count={webinarsWithoutRecording.count}
            shown={webinarsWithoutRecording.items.length}
            to="/beheer/webinars"
          />
        </>
      ) : null}
      {overdueActions.count ? (
        <>
          <h3>Acties over de einddatum ({overdueActions.count})</h3>
          <ul className="plain-list">
            {overdueActions.items.map((a) => (
              <li key={a.id}>
                <Link to={`/actieleergroepen/${a.groupId}/acties/${a.id}`}>{a.description}</Link>{" "}
                <span className="muted">
                  ({a.groupName}, {a.ownerName ?? "oud-lid"}, klaar op {formatDate(a.dueOn)})
                </span>
              </li>
            ))}
          </ul>
          <More count={overdueActions.count} shown={overdueActions.items.length} to="/beheer/actieleergroepen" />
        </>
      ) : null}
      {signalsWithoutTheme.count ? (
        <>
          <h3>Signalen zonder thema ({signalsWithoutTheme.count})</h3>
          <ul className="plain-list">
            {signalsWithoutTheme.items.map((s) => (
              <li key={s.id}>
                <Link to={`/beheer/signalen/${s.id}`}>{s.title}</Link>{" "}
                <span className="muted">
                  ({s.region}, {formatDate(s.observedOn)})
                </span>
              </li>
            ))}
          </ul>
          <p>
            <Link to="/beheer/signalen?thema=zonder">Signalen aan een thema koppelen</Link>
          </p>
        </>
      ) : null}
    </section>
  );
}

export const meta: MetaFunction = () => pageTitle("Beheer");
