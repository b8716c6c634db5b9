import { Link } from "@remix-run/react";
import { ACTION_STATUSES, EMBEDDING_KINDS } from "@db/schema/enums";
import { ACTION_STATUS_LABELS, EMBEDDING_KIND_LABELS } from "~/models/group.schema";
import type { groupMonitor } from "~/models/group.server";
import { formatDate, formatDateTime } from "~/utils/dates";

export type GroupMonitorData = NonNullable<ReturnType<typeof groupMonitor>>;

const percentFormat = new Intl.NumberFormat("nl-NL", { style: "percent", maximumFractionDigits: 0 });
const percent = (share: number) => percentFormat.format(share);

/**
 * The monitor of one group, for the screen and for paper: how the actions moved week by week,
 * what is overdue, who came to the meetings, what got embedded where, and the final yield.
 */
export function GroupMonitor({ monitor, at }: { monitor: GroupMonitorData; at: Date }) {
  const { group } = monitor;
  return (
    <div className="group-monitor">
      <p className="no-print">
        <Link to={`/actieleergroepen/${group.id}`}>← {group.name}</Link>
      </p>
      <h1>Monitor: {group.name}</h1>
      <p className="lead">
        {group.themeName ? `${group.themeName} · ` : ""}begeleid door {group.facilitatorName ?? "nog onbekend"} ·{" "}
        {group.closedAt
          ? `van ${formatDate(group.startsOn)} tot ${formatDate(group.closedAt)} (afgesloten)`
          : `vanaf ${formatDate(group.startsOn)}`}
      </p>
      <dl className="agreements">
        <div>
          <dt>Leervraag</dt>
          <dd className="pre-line">{group.learningQuestion}</dd>
        </div>
      </dl>
      <p className="actions no-print">
        <button type="button" className="button no-print" onClick={() => window.print()}>
          Printen
        </button>
        <a className="button button--secondary" href={`/actieleergroepen/${group.id}/monitor.csv`} download>
          Download als CSV
        </a>
      </p>

      <KeyFigures monitor={monitor} />
      <StatusPerWeek monitor={monitor} />
      <Overdue monitor={monitor} />
      <Attendance monitor={monitor} />
      <Embedded monitor={monitor} />

      <section aria-labelledby="opbrengst-titel">
        <h2 id="opbrengst-titel">Opbrengst van de groep</h2>
        {group.closedAt && monitor.finalYield ? (
          <p className="pre-line">{monitor.finalYield}</p>
        ) : (
          <p className="muted">De begeleider schrijft de opbrengst op bij het afsluiten van de groep.</p>
        )}
      </section>
      <p className="muted">Stand van {formatDateTime(at)}.</p>
    </div>
  );
}

function KeyFigures({ monitor }: { monitor: GroupMonitorData }) {
  const { counts, meetings } = monitor;
  return (
    <section aria-labelledby="kerncijfers-titel">
      <h2 id="kerncijfers-titel">Stand van zaken</h2>
      <dl className="facts">
        {ACTION_STATUSES.map((s) => (
          <div key={s}>
            <dt>Acties {ACTION_STATUS_LABELS[s].toLowerCase()}</dt>
            <dd>{counts[s]}</dd>
          </div>
        ))}
        <div>
          <dt>Over de einddatum</dt>
          <dd>{monitor.overdue.length}</dd>
        </div>
        <div>
          <dt>Bijeenkomsten gehouden</dt>
          <dd>
            {meetings.held} van {meetings.planned}
            {meetings.upcoming ? `, ${meetings.upcoming} gepland` : ""}
          </dd>
        </div>
      </dl>
    </section>
  );
}

function StatusPerWeek({ monitor }: { monitor: GroupMonitorData }) {
  const weeks = monitor.statusPerWeek;
  return (
    <section aria-labelledby="verloop-titel">
      <h2 id="verloop-titel">Acties per status, per week</h2>
      {weeks.length === 0 ? (
        <p>De groep start op {formatDate(monitor.group.startsOn)}; vanaf dan telt de monitor per week.</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="verloop-tabel" tabIndex={0}>
          <table>
            <caption id="verloop-tabel">
              Aantal acties per status aan het eind van elke week (de lopende week: tot nu)
            </caption>
            <thead>
              <tr>
                <th scope="col">Week</th>
                <th scope="col">Periode</th>
                {ACTION_STATUSES.map((s) => (
                  <th scope="col" key={s}>
                    {ACTION_STATUS_LABELS[s]}
                  </th>
                ))}
                <th scope="col">Aandeel gedaan</th>
              </tr>
            </thead>
            <tbody>
              {weeks.map((w) => {
                const total = ACTION_STATUSES.reduce((sum, s) => sum + w.counts[s], 0);
                const done = total ? w.counts.gedaan / total : 0;
                return (
                  <tr key={w.week}>
                    <th scope="row">Week {w.week}</th>
                    <td>
                      {formatDate(w.from)} t/m {formatDate(w.until)}
                    </td>
                    {ACTION_STATUSES.map((s) => (
                      <td key={s}>{w.counts[s]}</td>
                    ))}
                    <td>
                      {total ? (
                        // The poll bars: a grid row gives the track its width inside the cell.
                        <span className="bars__row">
                          <span className="bars__track" aria-hidden="true">
                            {/* Widths in steps of 5% from the stylesheet: the CSP allows no inline styles. */}
                            <span className="bars__bar" data-w={Math.round(done * 20)} />
                          </span>
                          <span className="bars__value">{percent(done)}</span>
                        </span>
                      ) : (
                        "–"
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Overdue({ monitor }: { monitor: GroupMonitorData }) {
  const groupId = monitor.group.id;
  return (
    <section aria-labelledby="te-laat-titel">
      <h2 id="te-laat-titel">Acties over de einddatum</h2>
      {monitor.overdue.length === 0 ? (
        <p>Geen acties over de einddatum.</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="te-laat-tabel" tabIndex={0}>
          <table>
            <caption id="te-laat-tabel">Open of lopende acties waarvan de einddatum voorbij is</caption>
            <thead>
              <tr>
                <th scope="col">Actie</th>
                <th scope="col">Eigenaar</th>
                <th scope="col">Organisatie</th>
                <th scope="col">Einddatum</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {monitor.overdue.map((a) => (
                <tr key={a.id}>
                  <th scope="row" className="pre-line">
                    <Link to={`/actieleergroepen/${groupId}/acties/${a.id}`}>{a.description}</Link>
                  </th>
                  <td>{a.ownerName ?? <span className="muted">niemand</span>}</td>
                  <td>{a.organisationName ?? <span className="muted">onbekend</span>}</td>
                  <td>{formatDate(a.dueOn)}</td>
                  <td>{ACTION_STATUS_LABELS[a.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Attendance({ monitor }: { monitor: GroupMonitorData }) {
  const groupId = monitor.group.id;
  const recorded = monitor.attendance.filter((a) => a.rate !== null);
  const average = recorded.length ? recorded.reduce((sum, a) => sum + a.rate!, 0) / recorded.length : null;
  return (
    <section aria-labelledby="aanwezigheid-titel">
      <h2 id="aanwezigheid-titel">Aanwezigheid per bijeenkomst</h2>
      {monitor.attendance.length === 0 ? (
        <p>Er is nog geen bijeenkomst gehouden.</p>
      ) : (
        <>
          <div className="table-wrap" role="region" aria-labelledby="aanwezigheid-tabel" tabIndex={0}>
            <table>
              <caption id="aanwezigheid-tabel">Aanwezigen per gehouden bijeenkomst, tegen de leden op die dag</caption>
              <thead>
                <tr>
                  <th scope="col">Bijeenkomst</th>
                  <th scope="col">Aanwezig</th>
                  <th scope="col">Leden</th>
                  <th scope="col">Percentage</th>
                </tr>
              </thead>
              <tbody>
                {monitor.attendance.map((a) => (
                  <tr key={a.meetingId}>
                    <th scope="row">
                      <Link to={`/actieleergroepen/${groupId}/bijeenkomsten/${a.meetingId}`}>
                        {formatDateTime(a.startsAt)}
                      </Link>
                    </th>
                    <td>{a.recorded ? a.attended : <span className="muted">niet vastgelegd</span>}</td>
                    <td>{a.members}</td>
                    <td>{a.rate === null ? "–" : percent(a.rate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {average === null ? (
            <p className="muted">De aanwezigheid is nog bij geen enkele bijeenkomst vastgelegd.</p>
          ) : (
            <p>
              Gemiddeld {percent(average)} aanwezig over {recorded.length}{" "}
              {recorded.length === 1 ? "bijeenkomst" : "bijeenkomsten"} met vastgelegde aanwezigheid.
            </p>
          )}
        </>
      )}
    </section>
  );
}

function Embedded({ monitor }: { monitor: GroupMonitorData }) {
  const rows = monitor.embeddedPerOrganisation;
  return (
    <section aria-labelledby="geborgd-titel">
      <h2 id="geborgd-titel">Geborgd per organisatie</h2>
      {rows.length === 0 ? (
        <p>De groep heeft nog geen acties.</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="geborgd-tabel" tabIndex={0}>
          <table>
            <caption id="geborgd-tabel">Acties per organisatie: gedaan, geborgd en waar</caption>
            <thead>
              <tr>
                <th scope="col">Organisatie</th>
                <th scope="col">Acties</th>
                <th scope="col">Gedaan</th>
                <th scope="col">Geborgd</th>
                {EMBEDDING_KINDS.map((k) => (
                  <th scope="col" key={k}>
                    {EMBEDDING_KIND_LABELS[k]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((o) => (
                <tr key={o.organisationId ?? "onbekend"}>
                  <th scope="row">{o.organisationName}</th>
                  <td>{o.actions}</td>
                  <td>{o.done}</td>
                  <td>{o.embedded}</td>
                  {EMBEDDING_KINDS.map((k) => (
                    <td key={k}>{o[k]}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
