import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/session.server";
import { Pagination } from "~/components/pagination";
import { listAuditEntries } from "~/models/audit.server";
import { calendarDay } from "~/models/group.schema";
import { formatDate, formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";

// Only administrators read the log (so it has always been): it records what coordinators do,
// and the people it names are not theirs to look up.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "admin" });
  const { persoon, van, tot, pagina } = SearchSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return {
    page: pagina,
    filter: { persoon: persoon ?? "", van: van ?? "", tot: tot ?? "" },
    ...listAuditEntries({ person: persoon, from: van, until: tot, page: pagina }),
  };
}

const optionalDay = calendarDay("een datum").optional().catch(undefined);

/** ?persoon=…&van=YYYY-MM-DD&tot=YYYY-MM-DD&pagina=N; what cannot be read is left out, a backwards period turned around. */
const SearchSchema = z
  .object({
    persoon: z
      .string()
      .trim()
      .max(200)
      .optional()
      .catch(undefined)
      .transform((value) => value || undefined),
    van: optionalDay,
    tot: optionalDay,
    pagina: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  })
  .transform(({ van, tot, ...rest }) => {
    const [from, until] = van && tot && van > tot ? [tot, van] : [van, tot];
    return { ...rest, van: from, tot: until };
  });

const ACTION_LABELS: Record<string, string> = {
  "role.grant": "Rol gegeven",
  "role.revoke": "Rol ingetrokken",
  "organisation.create": "Organisatie toegevoegd",
  "organisation.update": "Organisatie gewijzigd",
  "theme.create": "Thema toegevoegd",
  "theme.update": "Thema gewijzigd",
  "user.password_reset": "Wachtwoord hersteld",
  "user.password_change": "Wachtwoord gewijzigd",
  "user.export": "Eigen gegevens gedownload",
  "user.erase": "Account verwijderd",
  "contribution.publish": "Bijdrage gepubliceerd",
  "contribution.return": "Bijdrage teruggestuurd",
  "contribution.archive": "Bijdrage gearchiveerd",
  "contribution.correct": "Bijdrage verbeterd",
  "contribution.withdraw": "Bijdrage ingetrokken",
  "contribution.invite": "Uitgenodigd voor een bijdrage",
  "poll.create": "Peiling gemaakt",
  "poll.close": "Peiling gesloten",
  "poll.reopen": "Peiling heropend",
  "poll.option.approve": "Voorstel in peiling goedgekeurd",
  "poll.option.reject": "Voorstel in peiling afgewezen",
  "poll.to-theme": "Peilingsuitkomst werd thema",
  "webinar.create": "Webinar gepland",
  "webinar.update": "Webinar gewijzigd",
  "webinar.cancel": "Webinar afgelast",
  "webinar.materials": "Opname en presentatie van webinar",
  "webinar.attendance": "Aanwezigheid bij webinar bijgehouden",
  "webinar.attendance-import": "Aanwezigheid bij webinar ingelezen",
  "webinar.follow-up": "Mail na webinar verstuurd",
  "webinar.export": "Deelnemerslijst van webinar gedownload",
  "group_frame.create": "Kader voor actieleergroepen gemaakt",
  "group_frame.update": "Kader voor actieleergroepen gewijzigd",
  "group.start": "Actieleergroep gestart",
  "group.update": "Actieleergroep gewijzigd",
  "group.close": "Actieleergroep afgesloten",
  "group.member.invite": "Uitgenodigd voor actieleergroep",
  "group.member.accept": "Aanvraag voor actieleergroep aangenomen",
  "group.member.decline": "Aanvraag voor actieleergroep afgewezen",
  "group.meeting.plan": "Bijeenkomst gepland",
  "group.meeting.update": "Bijeenkomst gewijzigd",
  "group.meeting.cancel": "Bijeenkomst afgezegd",
  "group.meeting.yield": "Opbrengst en aanwezigheid van bijeenkomst vastgelegd",
  "group.action.create": "Actie gegeven",
  "group.action.update": "Actie gewijzigd",
  "group.action.status": "Status van actie gewijzigd",
  "group.monitor.export": "Monitor van actieleergroep gedownload",
  "circle.start": "Leercirkel gestart",
  "circle.step_status": "Stap van leercirkel vastgesteld",
  "circle.network_meeting": "Netwerkoverleg vastgelegd",
  "circle.highlights": "Hoogtepunten van leercirkel",
  "signal.record": "Signaal vastgelegd",
  "signal.update": "Signaal gewijzigd",
  "signal.link": "Signaal aan thema gekoppeld",
  "mail.read": "Mail van iemand anders gelezen",
};

const TARGET_LABELS: Record<string, string> = {
  user: "gebruiker",
  organisation: "organisatie",
  theme: "thema",
  contribution: "bijdrage",
  contribution_invite: "uitnodiging",
  poll: "peiling",
  webinar: "webinar",
  group: "actieleergroep",
  group_frame: "kader",
  group_meeting: "bijeenkomst",
  group_action: "actie",
  circle: "leercirkel",
  network_meeting: "netwerkoverleg",
  signal: "signaal",
  mail: "e-mail",
};

/** The page's own address for one person, so a name in the table narrows the log to them. */
function personHref(searchParams: URLSearchParams, email: string) {
  const next = new URLSearchParams(searchParams);
  next.set("persoon", email);
  next.delete("pagina");
  return `?${next}`;
}

export default function AuditLog() {
  const { rows, page, pages, total, filter, people, peopleTotal } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const filtered = Boolean(filter.persoon || filter.van || filter.tot);
  return (
    <>
      <h1>Auditlog</h1>
      <p>
        Wat coördinatoren en beheerders deden met gegevens van anderen, nieuwste eerst. Zoek op een persoon om te zien
        wat die deed en wat er met diens gegevens gebeurde.
      </p>
      {/* A new key per search: the fields show what the page was filtered on, also after a link. */}
      <Form method="get" role="search" className="filters" key={searchParams.toString()}>
        <div className="field">
          <label htmlFor="persoon">Persoon</label>
          <p className="hint" id="persoon-hint">
            Naam of e-mailadres, of een deel ervan
          </p>
          <input
            id="persoon"
            name="persoon"
            type="search"
            defaultValue={filter.persoon}
            aria-describedby="persoon-hint"
          />
        </div>
        <div className="field">
          <label htmlFor="van">Van</label>
          <input id="van" name="van" type="date" defaultValue={filter.van} />
        </div>
        <div className="field">
          <label htmlFor="tot">Tot en met</label>
          <input id="tot" name="tot" type="date" defaultValue={filter.tot} />
        </div>
        <div className="filters__actions">
          <button type="submit" className="button">
            Zoeken
          </button>
          {filtered ? <Link to="/beheer/audit">Alles tonen</Link> : null}
        </div>
      </Form>
      <p role="status">
        {total === 1 ? "1 regel" : `${total} regels`}
        {filter.persoon ? ` bij “${filter.persoon}”` : ""}
        {filter.van && filter.tot
          ? ` van ${formatDate(filter.van)} tot en met ${formatDate(filter.tot)}`
          : filter.van
            ? ` vanaf ${formatDate(filter.van)}`
            : filter.tot
              ? ` tot en met ${formatDate(filter.tot)}`
              : ""}
        .
        {people
          ? people.length
            ? ` ${peopleTotal === 1 ? "Gevonden persoon" : "Gevonden personen"}: ${people.map((p) => `${p.name} (${p.email})`).join(", ")}${peopleTotal > people.length ? ` en nog ${peopleTotal - people.length}` : ""}.`
            : " Er is niemand met die naam of dat e-mailadres."
          : null}
      </p>
      {rows.length ? (
        <div className="table-wrap" role="region" aria-label="Auditlog" tabIndex={0}>
          <table>
            <caption className="visually-hidden">Auditlog</caption>
            <thead>
              <tr>
                <th scope="col">Wanneer</th>
                <th scope="col">Wie</th>
                <th scope="col">Wat</th>
                <th scope="col">Over wie</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatDateTime(entry.createdAt)}</td>
                  <td>
                    {entry.actorName && entry.actorEmail ? (
                      <Link to={personHref(searchParams, entry.actorEmail)}>{entry.actorName}</Link>
                    ) : (
                      <span className="muted">systeem of verwijderd account</span>
                    )}
                  </td>
                  <td>
                    {ACTION_LABELS[entry.action] ?? entry.action}
                    <br />
                    <span className="muted">
                      {TARGET_LABELS[entry.targetType] ?? entry.targetType}{" "}
                      {entry.targetType === "user" ? "" : entry.targetId}
                    </span>
                  </td>
                  <td>
                    {entry.people.length ? (
                      <>
                        {entry.people.map((p, i) => (
                          <span key={p.id}>
                            {i > 0 ? ", " : null}
                            <Link to={personHref(searchParams, p.email)}>{p.name}</Link>
                          </span>
                        ))}
                        {entry.morePeople ? ` en nog ${entry.morePeople}` : null}
                      </>
                    ) : entry.targetType === "user" ? (
                      <span className="muted">verwijderd account</span>
                    ) : null}
                  </td>
                  <td>
                    <code>{JSON.stringify(entry.details)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{filtered ? "Niets gevonden bij deze zoekopdracht." : "Er staat nog niets in het auditlog."}</p>
      )}
      <Pagination page={page} pages={pages} searchParams={searchParams} />
    </>
  );
}

export const meta: MetaFunction = () => pageTitle("Auditlog");
