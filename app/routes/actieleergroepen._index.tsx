import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { isManager } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { listGroupsForUser } from "~/models/group.server";
import { formatDate } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { mine, invitations, requests, open } = listGroupsForUser({ viewer: user });
  const card = (g: (typeof mine)[number]) => ({
    id: g.id,
    name: g.name,
    themeName: g.themeName,
    facilitatorName: g.facilitatorName,
    learningQuestion: g.learningQuestion,
    startsOn: g.startsOn,
    members: g.members,
    placesLeft: g.placesLeft,
    closed: Boolean(g.closedAt),
    facilitating: g.facilitatorId === user.id,
  });
  return {
    manager: isManager(user.roles),
    mine: mine.map(card),
    invitations: invitations.map(card),
    requests: requests.map(card),
    open: open.map(card),
  };
}

type Card = Awaited<ReturnType<typeof loader>>["mine"][number];

function GroupList({ groups, note }: { groups: Card[]; note?: (g: Card) => string }) {
  return (
    <ul className="plain-list group-list">
      {groups.map((g) => (
        <li key={g.id} className="card">
          <h3>
            <Link to={`/actieleergroepen/${g.id}`}>{g.name}</Link>
          </h3>
          <p className="muted">
            {g.themeName ? `${g.themeName} · ` : ""}
            {g.facilitating ? "jij begeleidt" : `begeleid door ${g.facilitatorName ?? "nog onbekend"}`} · vanaf{" "}
            {formatDate(g.startsOn)} · {g.members} {g.members === 1 ? "lid" : "leden"}
            {g.closed ? " · afgesloten" : ""}
          </p>
          <p>{g.learningQuestion}</p>
          {note ? <p className="muted">{note(g)}</p> : null}
        </li>
      ))}
    </ul>
  );
}

export default function Groups() {
  const { manager, mine, invitations, requests, open } = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>Actieleergroepen</h1>
      <p className="lead">
        In een actieleergroep onderzoek je met professionals uit andere organisaties en met ervaringsdeskundigen hoe je
        wat je leerde in je eigen organisatie verankert.
      </p>
      {manager ? (
        <p>
          <Link to="/beheer/actieleergroepen">Groepen en kaders beheren</Link>
        </p>
      ) : null}
      {invitations.length ? (
        <section className="card card--attention" aria-labelledby="uitnodigingen-titel">
          <h2 id="uitnodigingen-titel">Je bent uitgenodigd</h2>
          <GroupList groups={invitations} note={() => "Open de groep om de uitnodiging aan te nemen of af te slaan."} />
        </section>
      ) : null}
      <section aria-labelledby="mijn-titel">
        <h2 id="mijn-titel">Mijn groepen</h2>
        {mine.length ? <GroupList groups={mine} /> : <p>Je doet nog niet mee met een actieleergroep.</p>}
      </section>
      {requests.length ? (
        <section aria-labelledby="aanvragen-titel">
          <h2 id="aanvragen-titel">Je aanvragen</h2>
          <GroupList groups={requests} note={() => "De begeleider laat weten of je mee kunt doen."} />
        </section>
      ) : null}
      <section aria-labelledby="open-titel">
        <h2 id="open-titel">Groepen waar je kunt aansluiten</h2>
        {open.length ? (
          <GroupList
            groups={open}
            note={(g) => `Nog ${g.placesLeft} ${g.placesLeft === 1 ? "plaats" : "plaatsen"}; de begeleider beslist.`}
          />
        ) : (
          <p>Er is nu geen groep die nieuwe leden zoekt.</p>
        )}
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => pageTitle("Actieleergroepen");

export function ErrorBoundary() {
  return <ErrorPage />;
}
