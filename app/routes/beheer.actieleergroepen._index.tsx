import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { ACTION_STATUSES } from "@db/schema/enums";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { ACTION_STATUS_LABELS } from "~/models/group.schema";
import { allGroupMonitors, listFrames } from "~/models/group.server";
import { amsterdamDay, formatDate } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: MANAGER_ROLES });
  const groups = allGroupMonitors({ viewer: user });
  if (!groups) throw new Response("Je hebt geen toegang tot deze pagina.", { status: 403 });
  return {
    today: amsterdamDay(),
    groups: groups.map((g) => ({
      id: g.id,
      name: g.name,
      themeName: g.themeName,
      facilitatorName: g.facilitatorName,
      startsOn: g.startsOn,
      closedAt: g.closedAt,
      members: g.members,
      maxMembers: g.maxMembers,
      organisations: g.organisations,
      experts: g.experts,
      warnings: g.warnings,
      meetingsPlanned: g.meetingsPlanned,
      meetingsHeld: g.meetingsHeld,
      averageAttendance: g.averageAttendance,
      actions: g.actions,
      actionsTotal: g.actionsTotal,
      overdue: g.overdue,
      embedded: g.embedded,
    })),
    frames: listFrames().map((f) => ({
      id: f.id,
      name: f.name,
      themeName: f.themeName,
      plannedMeetings: f.plannedMeetings,
      meetingIntervalWeeks: f.meetingIntervalWeeks,
      maxMembers: f.maxMembers,
      groups: f.groups,
    })),
  };
}

type Group = Awaited<ReturnType<typeof loader>>["groups"][number];

const WARNING_LABELS: Record<Group["warnings"][number], string> = {
  "single-organisation": "alle leden uit één organisatie",
  "no-expert": "geen ervaringsdeskundige",
};

const decimal = (value: number) => String(value).replace(".", ",");

const rhythm = (weeks: number) => (weeks === 1 ? "elke week" : `om de ${weeks} weken`);

export default function ManageGroups() {
  const { today, groups, frames } = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>Actieleergroepen</h1>
      <p className="actions">
        <Link className="button" to="/beheer/actieleergroepen/nieuw">
          Groep starten
        </Link>
        <Link className="button button--secondary" to="/beheer/actieleergroepen/kaders/nieuw">
          Nieuw kader
        </Link>
      </p>

      <section aria-labelledby="groepen-titel">
        <h2 id="groepen-titel">Groepen</h2>
        {groups.length === 0 ? (
          <p>Er is nog geen actieleergroep. Start een groep met een kader.</p>
        ) : (
          <div className="table-wrap" role="region" aria-labelledby="groepen-tabel" tabIndex={0}>
            <table>
              <caption id="groepen-tabel">De kerncijfers van alle groepen naast elkaar</caption>
              <thead>
                <tr>
                  <th scope="col">Groep</th>
                  <th scope="col">Status</th>
                  <th scope="col">Thema</th>
                  <th scope="col">Begeleider</th>
                  <th scope="col">Leden</th>
                  <th scope="col">Bijeenkomsten gehouden</th>
                  <th scope="col">Gemiddeld aanwezig</th>
                  {ACTION_STATUSES.map((s) => (
                    <th scope="col" key={s}>
                      Acties {ACTION_STATUS_LABELS[s].toLowerCase()}
                    </th>
                  ))}
                  <th scope="col">Over de einddatum</th>
                  <th scope="col">Geborgd</th>
                </tr>
              </thead>
              <tbody>
                {groups.map((g) => (
                  <GroupRow key={g.id} group={g} today={today} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="kaders">
        <h2 id="kaders">Kaders</h2>
        <p>
          Een kader is de opzet waarmee je een groep start. Een groep neemt het kader over en past het aan; een latere
          wijziging van het kader verandert geen groep die al loopt.
        </p>
        {frames.length === 0 ? (
          <p>Er is nog geen kader.</p>
        ) : (
          <div className="table-wrap" role="region" aria-labelledby="kaders-tabel" tabIndex={0}>
            <table>
              <caption id="kaders-tabel">Kaders om een groep mee te starten</caption>
              <thead>
                <tr>
                  <th scope="col">Kader</th>
                  <th scope="col">Thema</th>
                  <th scope="col">Opzet</th>
                  <th scope="col">Groepen gestart</th>
                  <th scope="col">Wijzigen</th>
                  <th scope="col">Groep starten</th>
                </tr>
              </thead>
              <tbody>
                {frames.map((f) => (
                  <tr key={f.id}>
                    <th scope="row">{f.name}</th>
                    <td>{f.themeName ?? <span className="muted">geen thema</span>}</td>
                    <td>
                      {f.plannedMeetings} {f.plannedMeetings === 1 ? "bijeenkomst" : "bijeenkomsten"},{" "}
                      {rhythm(f.meetingIntervalWeeks)}, hoogstens {f.maxMembers} deelnemers
                    </td>
                    <td>{f.groups}</td>
                    <td>
                      <Link to={`/beheer/actieleergroepen/kaders/${f.id}`}>
                        Wijzigen<span className="visually-hidden">: {f.name}</span>
                      </Link>
                    </td>
                    <td>
                      <Link to={`/beheer/actieleergroepen/nieuw?kader=${f.id}`}>
                        Groep starten met dit kader<span className="visually-hidden">: {f.name}</span>
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

function GroupRow({ group: g, today }: { group: Group; today: string }) {
  return (
    <tr>
      <th scope="row">
        <Link to={`/actieleergroepen/${g.id}`}>{g.name}</Link>
        <br />
        <Link to={`/actieleergroepen/${g.id}/monitor`}>
          Monitor<span className="visually-hidden"> van {g.name}</span>
        </Link>
      </th>
      <td>
        {g.closedAt
          ? `afgesloten op ${formatDate(g.closedAt)}`
          : g.startsOn > today
            ? `start op ${formatDate(g.startsOn)}`
            : `loopt sinds ${formatDate(g.startsOn)}`}
      </td>
      <td>{g.themeName ?? <span className="muted">geen thema</span>}</td>
      <td>{g.facilitatorName ?? <span className="muted">onbekend</span>}</td>
      <td>
        {g.members} van {g.maxMembers}
        <br />
        <span className="muted">
          {g.organisations} {g.organisations === 1 ? "organisatie" : "organisaties"}, {g.experts}{" "}
          {g.experts === 1 ? "ervaringsdeskundige" : "ervaringsdeskundigen"}
        </span>
        {g.warnings.map((w) => (
          <Fragment key={w}>
            <br />
            <span className="badge--warning">Let op: {WARNING_LABELS[w]}</span>
          </Fragment>
        ))}
      </td>
      <td>
        {g.meetingsHeld} van {g.meetingsPlanned}
      </td>
      <td>
        {g.averageAttendance === null ? (
          <span className="muted">nog niet bijgehouden</span>
        ) : (
          `${decimal(g.averageAttendance)} per bijeenkomst`
        )}
      </td>
      {ACTION_STATUSES.map((s) => (
        <td key={s}>{g.actions[s]}</td>
      ))}
      <td>{g.overdue}</td>
      <td>{g.embedded}</td>
    </tr>
  );
}

export const meta: MetaFunction = () => pageTitle("Actieleergroepen beheren");

export function ErrorBoundary() {
  return <ErrorPage />;
}
