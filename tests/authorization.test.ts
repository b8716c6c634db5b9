// Who may do what, for every route: each loader (GET) and action (POST, empty body) is called
// in-process as each kind of person, against the demo data and a few fixtures (tests/helpers/routes.ts).
// The MATRIX below is the one place that says what each of them gets. A route file or method without
// an entry fails the test, and so does an entry for a route that no longer exists. Every loader call
// is also checked to change no row in any table (sessions aside: lucia extends them when read; and
// the audit log where reading personal data is audited, GET_MAY_APPEND), and every refused action
// (4xx) to have changed nothing.
import { beforeAll, describe, expect, test } from "vitest";
import {
  buildRequest,
  callRoute,
  changeCounter,
  describeChanges,
  diff,
  listRouteFiles,
  matchParams,
  routeMethods,
  sessionCookie,
  setUpWorld,
  snapshot,
  type Method,
  type Outcome,
  type RouteFile,
  type Snapshot,
  type World,
} from "./helpers/routes";

type Role = "visitor" | "professional" | "expert" | "coordinator" | "admin";
/** For the routes of one action learning group: an active member of it and someone who is not. */
type GroupRole = "member" | "nonMember";
type Expectation = Record<Role, Outcome> & Partial<Record<GroupRole, Outcome>>;

type Case = {
  /** What this case is about, when a route has more than one. */
  label?: string;
  path: (w: World) => string;
  expect: Expectation;
  /** For group routes: whose members play `member` and `nonMember`. */
  group?: "demo" | "closed";
};

// ---------------------------------------------------------------- expectation shorthands

const anyone = (o: Outcome): Expectation => ({ visitor: o, professional: o, expert: o, coordinator: o, admin: o });
/** Signed in: anyone; a visitor is sent to the sign-in page. */
const signedIn = (o: Outcome, overrides: Partial<Expectation> = {}): Expectation => ({
  ...anyone(o),
  visitor: "signin",
  ...overrides,
});
/** Coordinators and admins (MANAGER_ROLES). */
const managers = (o: Outcome): Expectation => signedIn(o, { professional: 403, expert: 403 });
const adminOnly = (o: Outcome): Expectation => signedIn(o, { professional: 403, expert: 403, coordinator: 403 });
/** The demo coordinator is also a professional, but no expert. */
const expertsOnly = (o: Outcome): Expectation => signedIn(403, { expert: o });
/** Pages for visitors: anyone signed in is sent on. */
const visitorsOnly = (o: Outcome): Expectation => ({ ...anyone("redirect"), visitor: o });
/** Group routes: the demo roles, and an active member and a non-member of the group in the path. */
const inGroup = (base: Expectation, member: Outcome, nonMember: Outcome): Expectation => ({
  ...base,
  member,
  nonMember,
});

const UNKNOWN_ID = 987654;

// ---------------------------------------------------------------- the matrix

// The demo professional is a member of the demo group (open to requests) and of no other; the
// demo expert of none; the demo coordinator facilitates none (coordinators see every group).
// For the demo group `member` is Sanne and `nonMember` Lotte; for the closed group it is the
// other way round.
const MATRIX: Record<string, Case[]> = {
  "GET /*": [{ path: () => "/bestaat/niet", expect: anyone(404) }],
  "POST /*": [{ path: () => "/bestaat/niet", expect: anyone(404) }],
  "GET /": [{ path: () => "/", expect: anyone(200) }],
  "GET /healthz": [{ path: () => "/healthz", expect: anyone(200) }],

  // accounts
  "GET /inloggen": [
    { path: () => "/inloggen", expect: visitorsOnly(200) },
    // Not a path of this site (a euro sign, NUL, a tab that browsers drop): the start page instead, no 500.
    { label: "odd redirectTo", path: () => "/inloggen?redirectTo=%2F%E2%82%AC%00", expect: visitorsOnly(200) },
    {
      label: "redirectTo with a tab",
      path: () => "/inloggen?redirectTo=%2F%09%2Fevil.example",
      expect: visitorsOnly(200),
    },
  ],
  "POST /inloggen": [{ path: () => "/inloggen", expect: anyone(400) }],
  "GET /registreren": [{ path: () => "/registreren", expect: visitorsOnly(200) }],
  "POST /registreren": [{ path: () => "/registreren", expect: visitorsOnly(400) }],
  "GET /registreren/verstuurd": [{ path: () => "/registreren/verstuurd", expect: visitorsOnly(200) }],
  "GET /registreren/bevestigen/:token": [
    { label: "valid token", path: (w) => `/registreren/bevestigen/${w.tokens.verifyEmail}`, expect: anyone(200) },
    { label: "guessed token", path: () => `/registreren/bevestigen/${"x".repeat(43)}`, expect: anyone(410) },
  ],
  "POST /registreren/bevestigen/:token": [
    { label: "guessed token", path: () => `/registreren/bevestigen/${"x".repeat(43)}`, expect: anyone(410) },
  ],
  "POST /wachtwoord-vergeten": [{ path: () => "/wachtwoord-vergeten", expect: anyone(400) }],
  "GET /wachtwoord-herstellen/:token": [
    { label: "valid token", path: (w) => `/wachtwoord-herstellen/${w.tokens.resetPassword}`, expect: anyone(200) },
    { label: "guessed token", path: () => `/wachtwoord-herstellen/${"x".repeat(43)}`, expect: anyone(410) },
  ],
  "POST /wachtwoord-herstellen/:token": [
    { label: "guessed token", path: () => `/wachtwoord-herstellen/${"x".repeat(43)}`, expect: anyone(400) },
  ],
  "GET /uitloggen": [{ path: () => "/uitloggen", expect: anyone("redirect") }],
  "POST /uitloggen": [{ path: () => "/uitloggen", expect: anyone("redirect") }],
  "GET /account": [{ path: () => "/account", expect: signedIn(200) }],
  "POST /account": [{ path: () => "/account", expect: signedIn(400) }],
  "GET /account/gegevens.json": [{ path: () => "/account/gegevens.json", expect: signedIn(200) }],
  "GET /account/verwijderen": [{ path: () => "/account/verwijderen", expect: signedIn(200) }],
  "POST /account/verwijderen": [{ path: () => "/account/verwijderen", expect: signedIn(400) }],

  // learning
  "GET /leren": [{ path: () => "/leren", expect: anyone(200) }],
  "GET /leren/:slug": [
    { path: (w) => `/leren/${w.moduleSlug}`, expect: signedIn(200) },
    { label: "unknown module", path: () => "/leren/bestaat-niet", expect: signedIn(404) },
  ],
  "POST /leren/:slug": [
    { path: (w) => `/leren/${w.moduleSlug}`, expect: signedIn(400) },
    { label: "unknown module", path: () => "/leren/bestaat-niet", expect: signedIn(404) },
  ],
  "GET /leren/:slug/terugblik": [
    { path: (w) => `/leren/${w.moduleSlug}/terugblik`, expect: signedIn(200) },
    { label: "unknown module", path: () => "/leren/bestaat-niet/terugblik", expect: signedIn(404) },
  ],
  "POST /leren/:slug/terugblik": [{ path: (w) => `/leren/${w.moduleSlug}/terugblik`, expect: signedIn(400) }],
  "GET /leren/:slug/afbeeldingen/:file": [
    // No module ships an image yet; whatever is asked is not there, for anyone.
    { path: (w) => `/leren/${w.moduleSlug}/afbeeldingen/schema.png`, expect: anyone(404) },
    {
      label: "a file outside the module",
      path: (w) => `/leren/${w.moduleSlug}/afbeeldingen/..%2Findex.mdx`,
      expect: anyone(404),
    },
  ],
  "GET /deelnamebewijs/:code": [
    // Public on purpose: whoever has the code may verify the certificate.
    { label: "real code", path: (w) => `/deelnamebewijs/${w.webinars.sanneCertificate}`, expect: anyone(200) },
    { label: "guessed code", path: () => "/deelnamebewijs/ABCD-EFGH-JKLM", expect: anyone(404) },
    { label: "malformed code", path: () => "/deelnamebewijs/1", expect: anyone(404) },
  ],
  "GET /deelnamebewijs/:code/pdf": [
    // The same certificate as a PDF: as public as the page, and only for a code that exists.
    { label: "real code", path: (w) => `/deelnamebewijs/${w.webinars.sanneCertificate}/pdf`, expect: anyone(200) },
    { label: "guessed code", path: () => "/deelnamebewijs/ABCD-EFGH-JKLM/pdf", expect: anyone(404) },
    { label: "malformed code", path: () => "/deelnamebewijs/1/pdf", expect: anyone(404) },
  ],

  // contributions (experts by experience)
  "GET /bijdragen": [{ path: () => "/bijdragen", expect: expertsOnly(200) }],
  "POST /bijdragen": [{ path: () => "/bijdragen", expect: expertsOnly(400) }],
  "GET /bijdragen/nieuw": [{ path: () => "/bijdragen/nieuw", expect: expertsOnly(200) }],
  "POST /bijdragen/nieuw": [{ path: () => "/bijdragen/nieuw", expect: expertsOnly(400) }],
  "GET /bijdragen/:id": [
    { label: "own", path: (w) => `/bijdragen/${w.contributions.expertOwn}`, expect: expertsOnly(200) },
    {
      label: "another expert's",
      path: (w) => `/bijdragen/${w.contributions.noorPublished}`,
      expect: expertsOnly(404),
    },
    { label: "unknown id", path: () => `/bijdragen/${UNKNOWN_ID}`, expect: expertsOnly(404) },
  ],
  "POST /bijdragen/:id": [
    { label: "own", path: (w) => `/bijdragen/${w.contributions.expertOwn}`, expect: expertsOnly(400) },
    // The form is read before the record: an empty form is a 400 whoever's id it names, and says nothing.
    {
      label: "another expert's",
      path: (w) => `/bijdragen/${w.contributions.noorPublished}`,
      expect: expertsOnly(400),
    },
  ],

  // polls
  "GET /peilingen": [{ path: () => "/peilingen", expect: signedIn(200) }],
  "GET /peilingen/:id": [
    { path: (w) => `/peilingen/${w.polls.demo}`, expect: signedIn(200) },
    {
      label: "for municipalities only",
      path: (w) => `/peilingen/${w.polls.otherAudience}`,
      expect: signedIn(200, { professional: 404, expert: 404 }),
    },
    { label: "unknown id", path: () => `/peilingen/${UNKNOWN_ID}`, expect: signedIn(404) },
  ],
  "POST /peilingen/:id": [
    { path: (w) => `/peilingen/${w.polls.demo}`, expect: signedIn(400) },
    {
      // Managers may look at any poll, but vote only where they belong to the audience.
      label: "for municipalities only",
      path: (w) => `/peilingen/${w.polls.otherAudience}`,
      expect: signedIn(404),
    },
  ],

  // webinars
  "GET /webinars": [{ path: () => "/webinars", expect: anyone(200) }],
  "GET /webinars/:id": [
    { path: (w) => `/webinars/${w.webinars.upcoming}`, expect: anyone(200) },
    { label: "unknown id", path: () => `/webinars/${UNKNOWN_ID}`, expect: anyone(404) },
  ],
  "POST /webinars/:id": [{ path: (w) => `/webinars/${w.webinars.upcoming}`, expect: signedIn(400) }],
  "GET /webinars/:id/agenda.ics": [
    { path: (w) => `/webinars/${w.webinars.upcoming}/agenda.ics`, expect: anyone(200) },
    { label: "unknown id", path: () => `/webinars/${UNKNOWN_ID}/agenda.ics`, expect: anyone(404) },
  ],
  "GET /webinars/:id/evaluatie": [
    {
      // The evaluation belongs to the person asking: whoever did not attend gets a 403, no data.
      label: "attended by the professional",
      path: (w) => `/webinars/${w.webinars.attendedByProfessional}/evaluatie`,
      expect: signedIn(403, { professional: 200 }),
    },
    { label: "attended by others", path: (w) => `/webinars/${w.webinars.held}/evaluatie`, expect: signedIn(403) },
    { label: "unknown id", path: () => `/webinars/${UNKNOWN_ID}/evaluatie`, expect: signedIn(404) },
  ],
  "POST /webinars/:id/evaluatie": [
    {
      label: "attended by the professional",
      path: (w) => `/webinars/${w.webinars.attendedByProfessional}/evaluatie`,
      expect: signedIn(403, { professional: 400 }),
    },
    { label: "attended by others", path: (w) => `/webinars/${w.webinars.held}/evaluatie`, expect: signedIn(403) },
  ],

  // action learning groups
  "GET /actieleergroepen": [{ path: () => "/actieleergroepen", expect: signedIn(200) }],
  "GET /actieleergroepen/:id": [
    {
      // Open to requests: anyone signed in sees its card; members and coordinators its room.
      label: "demo group",
      group: "demo",
      path: (w) => `/actieleergroepen/${w.demoGroup.id}`,
      expect: inGroup(signedIn(200), 200, 200),
    },
    {
      label: "closed to requests",
      group: "closed",
      path: (w) => `/actieleergroepen/${w.closedGroup.id}`,
      expect: inGroup(signedIn(200, { professional: 404, expert: 404 }), 200, 404),
    },
    {
      label: "unknown id",
      group: "demo",
      path: () => `/actieleergroepen/${UNKNOWN_ID}`,
      expect: inGroup(signedIn(404), 404, 404),
    },
  ],
  "POST /actieleergroepen/:id": [
    // The intent is read first: an empty form is a 400 for anyone, member or not, and says nothing.
    {
      label: "closed to requests",
      group: "closed",
      path: (w) => `/actieleergroepen/${w.closedGroup.id}`,
      expect: inGroup(signedIn(400), 400, 400),
    },
  ],
  "GET /actieleergroepen/:id/monitor": [
    {
      label: "demo group",
      group: "demo",
      path: (w) => `/actieleergroepen/${w.demoGroup.id}/monitor`,
      expect: inGroup(signedIn(200, { expert: 404 }), 200, 404),
    },
    {
      label: "closed to requests",
      group: "closed",
      path: (w) => `/actieleergroepen/${w.closedGroup.id}/monitor`,
      expect: inGroup(signedIn(200, { professional: 404, expert: 404 }), 200, 404),
    },
  ],
  "GET /actieleergroepen/:id/monitor.csv": [
    {
      label: "demo group",
      group: "demo",
      path: (w) => `/actieleergroepen/${w.demoGroup.id}/monitor.csv`,
      expect: inGroup(signedIn(200, { expert: 404 }), 200, 404),
    },
    {
      label: "closed to requests",
      group: "closed",
      path: (w) => `/actieleergroepen/${w.closedGroup.id}/monitor.csv`,
      expect: inGroup(signedIn(200, { professional: 404, expert: 404 }), 200, 404),
    },
  ],
  "GET /actieleergroepen/:id/acties/:actionId": [
    {
      label: "the professional's own action",
      group: "demo",
      path: (w) => `/actieleergroepen/${w.demoGroup.id}/acties/${w.demoGroup.professionalActionId}`,
      expect: inGroup(signedIn(200, { expert: 404 }), 200, 404),
    },
    {
      label: "another group's action",
      group: "closed",
      path: (w) => `/actieleergroepen/${w.closedGroup.id}/acties/${w.closedGroup.actionId}`,
      expect: inGroup(signedIn(200, { professional: 404, expert: 404 }), 200, 404),
    },
    {
      label: "an action id guessed under one's own group",
      group: "demo",
      path: (w) => `/actieleergroepen/${w.demoGroup.id}/acties/${w.closedGroup.actionId}`,
      expect: inGroup(signedIn(404), 404, 404),
    },
    {
      label: "unknown id",
      group: "demo",
      path: (w) => `/actieleergroepen/${w.demoGroup.id}/acties/${UNKNOWN_ID}`,
      expect: inGroup(signedIn(404), 404, 404),
    },
  ],
  "POST /actieleergroepen/:id/acties/:actionId": [
    {
      label: "the professional's own action",
      group: "demo",
      path: (w) => `/actieleergroepen/${w.demoGroup.id}/acties/${w.demoGroup.professionalActionId}`,
      expect: inGroup(signedIn(400, { expert: 404 }), 400, 404),
    },
    {
      label: "another group's action",
      group: "closed",
      path: (w) => `/actieleergroepen/${w.closedGroup.id}/acties/${w.closedGroup.actionId}`,
      expect: inGroup(signedIn(400, { professional: 404, expert: 404 }), 400, 404),
    },
    {
      label: "an action id guessed under one's own group",
      group: "demo",
      path: (w) => `/actieleergroepen/${w.demoGroup.id}/acties/${w.closedGroup.actionId}`,
      expect: inGroup(signedIn(404), 404, 404),
    },
  ],
  "GET /actieleergroepen/:id/bijeenkomsten/:meetingId": [
    {
      label: "a meeting held",
      group: "demo",
      path: (w) => `/actieleergroepen/${w.demoGroup.id}/bijeenkomsten/${w.demoGroup.heldMeetingId}`,
      expect: inGroup(signedIn(200, { expert: 404 }), 200, 404),
    },
    {
      label: "another group's meeting",
      group: "closed",
      path: (w) => `/actieleergroepen/${w.closedGroup.id}/bijeenkomsten/${w.closedGroup.meetingId}`,
      expect: inGroup(signedIn(200, { professional: 404, expert: 404 }), 200, 404),
    },
    {
      label: "a meeting id guessed under one's own group",
      group: "demo",
      path: (w) => `/actieleergroepen/${w.demoGroup.id}/bijeenkomsten/${w.closedGroup.meetingId}`,
      expect: inGroup(signedIn(404), 404, 404),
    },
    {
      label: "unknown id",
      group: "demo",
      path: (w) => `/actieleergroepen/${w.demoGroup.id}/bijeenkomsten/${UNKNOWN_ID}`,
      expect: inGroup(signedIn(404), 404, 404),
    },
  ],
  "POST /actieleergroepen/:id/bijeenkomsten/:meetingId": [
    {
      label: "the next meeting",
      group: "demo",
      path: (w) => `/actieleergroepen/${w.demoGroup.id}/bijeenkomsten/${w.demoGroup.nextMeetingId}`,
      expect: inGroup(signedIn(400, { expert: 404 }), 400, 404),
    },
    {
      label: "a meeting id guessed under one's own group",
      group: "demo",
      path: (w) => `/actieleergroepen/${w.demoGroup.id}/bijeenkomsten/${w.closedGroup.meetingId}`,
      expect: inGroup(signedIn(404), 404, 404),
    },
  ],

  // learning circles
  "GET /leercirkels": [{ path: () => "/leercirkels", expect: signedIn(200) }],
  "POST /leercirkels": [{ path: () => "/leercirkels", expect: managers(400) }],
  "GET /leercirkels/:slug": [
    { path: (w) => `/leercirkels/${w.circleSlug}`, expect: signedIn(200) },
    { label: "unknown slug", path: () => "/leercirkels/bestaat-niet", expect: signedIn(404) },
  ],
  "POST /leercirkels/:slug": [{ path: (w) => `/leercirkels/${w.circleSlug}`, expect: managers(400) }],
  "GET /leercirkels/jaaropbrengst": [
    { path: () => "/leercirkels/jaaropbrengst", expect: managers(200) },
    { label: "one circle", path: (w) => `/leercirkels/jaaropbrengst?cirkel=${w.circleSlug}`, expect: managers(200) },
    { label: "unknown circle", path: () => "/leercirkels/jaaropbrengst?cirkel=bestaat-niet", expect: managers(404) },
  ],
  "POST /leercirkels/jaaropbrengst": [{ path: () => "/leercirkels/jaaropbrengst", expect: managers(400) }],
  "GET /leercirkels/jaaropbrengst.csv": [
    { path: () => "/leercirkels/jaaropbrengst.csv", expect: managers(200) },
    {
      label: "unknown circle",
      path: () => "/leercirkels/jaaropbrengst.csv?cirkel=bestaat-niet",
      expect: managers(404),
    },
  ],

  // coordinators and admins
  "GET /beheer (layout)": [{ path: () => "/beheer", expect: managers(200) }],
  "GET /beheer": [{ path: () => "/beheer", expect: managers(200) }],
  "GET /beheer/audit": [{ path: () => "/beheer/audit", expect: adminOnly(200) }],
  "GET /beheer/gebruikers": [{ path: () => "/beheer/gebruikers", expect: adminOnly(200) }],
  "GET /beheer/gebruikers/:id": [
    { path: (w) => `/beheer/gebruikers/${w.users.professional}`, expect: adminOnly(200) },
    { label: "unknown id", path: () => "/beheer/gebruikers/bestaat-niet", expect: adminOnly(404) },
  ],
  "POST /beheer/gebruikers/:id": [
    { path: (w) => `/beheer/gebruikers/${w.users.professional}`, expect: adminOnly(400) },
  ],
  "GET /beheer/organisaties": [{ path: () => "/beheer/organisaties", expect: adminOnly(200) }],
  "GET /beheer/organisaties/nieuw": [{ path: () => "/beheer/organisaties/nieuw", expect: adminOnly(200) }],
  "POST /beheer/organisaties/nieuw": [{ path: () => "/beheer/organisaties/nieuw", expect: adminOnly(400) }],
  "GET /beheer/organisaties/:id": [
    { path: (w) => `/beheer/organisaties/${w.organisationId}`, expect: adminOnly(200) },
    { label: "unknown id", path: () => `/beheer/organisaties/${UNKNOWN_ID}`, expect: adminOnly(404) },
  ],
  "POST /beheer/organisaties/:id": [
    { path: (w) => `/beheer/organisaties/${w.organisationId}`, expect: adminOnly(400) },
  ],
  "GET /beheer/themas": [{ path: () => "/beheer/themas", expect: managers(200) }],
  "GET /beheer/themas/nieuw": [{ path: () => "/beheer/themas/nieuw", expect: managers(200) }],
  "POST /beheer/themas/nieuw": [{ path: () => "/beheer/themas/nieuw", expect: managers(400) }],
  "GET /beheer/themas/:id": [
    { path: (w) => `/beheer/themas/${w.themes.autisme}`, expect: managers(200) },
    { label: "unknown id", path: () => `/beheer/themas/${UNKNOWN_ID}`, expect: managers(404) },
  ],
  "POST /beheer/themas/:id": [{ path: (w) => `/beheer/themas/${w.themes.autisme}`, expect: managers(400) }],
  "GET /beheer/leren": [{ path: () => "/beheer/leren", expect: managers(200) }],
  "GET /beheer/leren/export.csv": [{ path: () => "/beheer/leren/export.csv", expect: managers(200) }],
  "GET /beheer/mail": [{ path: () => "/beheer/mail", expect: managers(200) }],
  "GET /beheer/mail/:id": [
    { path: (w) => `/beheer/mail/${w.mailId}`, expect: managers(200) },
    { label: "unknown id", path: () => `/beheer/mail/${UNKNOWN_ID}`, expect: managers(404) },
  ],
  "GET /beheer/bijdragen": [{ path: () => "/beheer/bijdragen", expect: managers(200) }],
  "GET /beheer/bijdragen/uitnodigen": [{ path: () => "/beheer/bijdragen/uitnodigen", expect: managers(200) }],
  "POST /beheer/bijdragen/uitnodigen": [{ path: () => "/beheer/bijdragen/uitnodigen", expect: managers(400) }],
  "GET /beheer/bijdragen/:id": [
    { path: (w) => `/beheer/bijdragen/${w.contributions.noorPublished}`, expect: managers(200) },
    { label: "unknown id", path: () => `/beheer/bijdragen/${UNKNOWN_ID}`, expect: managers(404) },
  ],
  "POST /beheer/bijdragen/:id": [
    { path: (w) => `/beheer/bijdragen/${w.contributions.noorPublished}`, expect: managers(400) },
  ],
  "GET /beheer/peilingen": [{ path: () => "/beheer/peilingen", expect: managers(200) }],
  "GET /beheer/peilingen/nieuw": [{ path: () => "/beheer/peilingen/nieuw", expect: managers(200) }],
  "POST /beheer/peilingen/nieuw": [{ path: () => "/beheer/peilingen/nieuw", expect: managers(400) }],
  "GET /beheer/peilingen/:id": [
    { path: (w) => `/beheer/peilingen/${w.polls.demo}`, expect: managers(200) },
    { label: "unknown id", path: () => `/beheer/peilingen/${UNKNOWN_ID}`, expect: managers(404) },
  ],
  "POST /beheer/peilingen/:id": [{ path: (w) => `/beheer/peilingen/${w.polls.demo}`, expect: managers(400) }],
  "GET /beheer/peilingen/:id/uitslag.csv": [
    { path: (w) => `/beheer/peilingen/${w.polls.demo}/uitslag.csv`, expect: managers(200) },
    { label: "unknown id", path: () => `/beheer/peilingen/${UNKNOWN_ID}/uitslag.csv`, expect: managers(404) },
  ],
  "GET /beheer/webinars": [{ path: () => "/beheer/webinars", expect: managers(200) }],
  "GET /beheer/webinars/nieuw": [{ path: () => "/beheer/webinars/nieuw", expect: managers(200) }],
  "POST /beheer/webinars/nieuw": [{ path: () => "/beheer/webinars/nieuw", expect: managers(400) }],
  "GET /beheer/webinars/:id": [
    { path: (w) => `/beheer/webinars/${w.webinars.upcoming}`, expect: managers(200) },
    { label: "unknown id", path: () => `/beheer/webinars/${UNKNOWN_ID}`, expect: managers(404) },
  ],
  "POST /beheer/webinars/:id": [{ path: (w) => `/beheer/webinars/${w.webinars.upcoming}`, expect: managers(400) }],
  "GET /beheer/webinars/:id/deelnemers": [
    { path: (w) => `/beheer/webinars/${w.webinars.held}/deelnemers`, expect: managers(200) },
    { label: "unknown id", path: () => `/beheer/webinars/${UNKNOWN_ID}/deelnemers`, expect: managers(404) },
  ],
  "POST /beheer/webinars/:id/deelnemers": [
    { path: (w) => `/beheer/webinars/${w.webinars.held}/deelnemers`, expect: managers(400) },
  ],
  "GET /beheer/webinars/:id/deelnemers.csv": [
    { path: (w) => `/beheer/webinars/${w.webinars.held}/deelnemers.csv`, expect: managers(200) },
    { label: "unknown id", path: () => `/beheer/webinars/${UNKNOWN_ID}/deelnemers.csv`, expect: managers(404) },
  ],
  "GET /beheer/actieleergroepen": [{ path: () => "/beheer/actieleergroepen", expect: managers(200) }],
  "GET /beheer/actieleergroepen/nieuw": [
    { path: () => "/beheer/actieleergroepen/nieuw", expect: managers(200) },
    {
      label: "with a frame",
      path: (w) => `/beheer/actieleergroepen/nieuw?kader=${w.demoGroup.frameId}`,
      expect: managers(200),
    },
  ],
  "POST /beheer/actieleergroepen/nieuw": [{ path: () => "/beheer/actieleergroepen/nieuw", expect: managers(400) }],
  "GET /beheer/actieleergroepen/kaders/nieuw": [
    { path: () => "/beheer/actieleergroepen/kaders/nieuw", expect: managers(200) },
  ],
  "POST /beheer/actieleergroepen/kaders/nieuw": [
    { path: () => "/beheer/actieleergroepen/kaders/nieuw", expect: managers(400) },
  ],
  "GET /beheer/actieleergroepen/kaders/:id": [
    { path: (w) => `/beheer/actieleergroepen/kaders/${w.demoGroup.frameId}`, expect: managers(200) },
    { label: "unknown id", path: () => `/beheer/actieleergroepen/kaders/${UNKNOWN_ID}`, expect: managers(404) },
  ],
  "POST /beheer/actieleergroepen/kaders/:id": [
    { path: (w) => `/beheer/actieleergroepen/kaders/${w.demoGroup.frameId}`, expect: managers(400) },
  ],
  "GET /beheer/signalen": [{ path: () => "/beheer/signalen", expect: managers(200) }],
  "POST /beheer/signalen": [{ path: () => "/beheer/signalen", expect: managers(400) }],
  "GET /beheer/signalen/nieuw": [{ path: () => "/beheer/signalen/nieuw", expect: managers(200) }],
  "POST /beheer/signalen/nieuw": [{ path: () => "/beheer/signalen/nieuw", expect: managers(400) }],
  "GET /beheer/signalen/:id": [
    { path: (w) => `/beheer/signalen/${w.signalId}`, expect: managers(200) },
    { label: "unknown id", path: () => `/beheer/signalen/${UNKNOWN_ID}`, expect: managers(404) },
  ],
  "POST /beheer/signalen/:id": [{ path: (w) => `/beheer/signalen/${w.signalId}`, expect: managers(400) }],
};

// ---------------------------------------------------------------- running it

const ROLES: Role[] = ["visitor", "professional", "expert", "coordinator", "admin"];

let world: World;
const routes = listRouteFiles();
const routesByKey = new Map(routes.map((r) => [r.key, r]));

beforeAll(async () => {
  world = await setUpWorld();
}, 120_000);

function userFor(role: Role | GroupRole, group: Case["group"]): string | null {
  if (role === "visitor") return null;
  if (role === "member" || role === "nonMember") {
    if (!group) throw new Error("member and nonMember need a group");
    return (group === "demo" ? world.demoGroup : world.closedGroup)[role];
  }
  return world.users[role];
}

// A loader may append to these tables, and change nothing else: reading or downloading personal
// data leaves a trace in the audit log (DESIGN.md, privacy). Any other GET that writes fails the test.
const AUDIT_TABLES = ["audit_log", "audit_log_people"];
const GET_MAY_APPEND: Record<string, string[]> = {
  "GET /account/gegevens.json": AUDIT_TABLES,
  "GET /actieleergroepen/:id/monitor.csv": AUDIT_TABLES,
  "GET /beheer/mail/:id": AUDIT_TABLES,
  "GET /beheer/webinars/:id/deelnemers.csv": AUDIT_TABLES,
};

// Snapshots are row by row and the compile cache is large: one is taken again only after a write.
let current: { at: number; rows: Snapshot } | null = null;
function currentSnapshot() {
  const at = changeCounter();
  if (current?.at !== at) current = { at, rows: snapshot() };
  return current;
}

// One session per person for the loaders; an action gets a new one, since signing out ends it.
const cookies = new Map<string, string>();
async function cookieFor(userId: string | null, method: Method) {
  if (!userId) return null;
  if (method === "POST") return sessionCookie(userId);
  let cookie = cookies.get(userId);
  if (!cookie) {
    cookie = await sessionCookie(userId);
    cookies.set(userId, cookie);
  }
  return cookie;
}

/** What a person gets: the outcome, and for a sign-in redirect whether it comes back to the page. */
async function outcomeFor(key: string, route: RouteFile, method: Method, path: string, userId: string | null) {
  const params = matchParams(route.pattern, path);
  if (!params) throw new Error(`${path} does not fit ${route.pattern}`);
  const cookie = await cookieFor(userId, method);
  const before = currentSnapshot();
  const settled = await callRoute(route, buildRequest({ method, path, cookie }), params);
  const changes = changeCounter() === before.at ? [] : diff(before.rows, currentSnapshot().rows);
  if (method === "GET") {
    const appendOnly = GET_MAY_APPEND[key] ?? [];
    const wrong = changes.filter((c) => !(c.kind === "insert" && appendOnly.includes(c.table)));
    if (wrong.length) throw new Error(`GET ${path} changed rows:\n${describeChanges(wrong)}`);
  }
  if (method === "POST" && typeof settled.outcome === "number" && settled.outcome >= 400 && changes.length) {
    throw new Error(`POST ${path} refused with ${settled.outcome} but changed rows:\n${describeChanges(changes)}`);
  }
  if (settled.outcome === "signin") {
    const back = new URL(settled.location!, "http://x").searchParams.get("redirectTo");
    if (back !== path) return `signin to ${back}` as const;
  }
  return settled.outcome;
}

describe("the matrix covers the routes", () => {
  test("every route file and method has an entry, and every entry a route", async () => {
    const present: string[] = [];
    for (const route of routes) {
      for (const method of await routeMethods(route)) present.push(`${method} ${route.key}`);
    }
    const missing = present.filter((key) => !(key in MATRIX));
    const stale = Object.keys(MATRIX).filter((key) => !present.includes(key));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  test("every case fits its route's pattern and names every role", () => {
    for (const [key, cases] of Object.entries(MATRIX)) {
      const route = routesByKey.get(key.replace(/^(GET|POST) /, ""));
      if (!route) continue;
      expect(cases.length, key).toBeGreaterThan(0);
      for (const c of cases) {
        expect(matchParams(route.pattern, c.path(world)), `${key}: ${c.path(world)}`).not.toBeNull();
        expect(Object.keys(c.expect).sort(), key).toEqual(
          [...ROLES, ...(c.group ? (["member", "nonMember"] as const) : [])].sort(),
        );
      }
    }
  });
});

describe.each(Object.entries(MATRIX))("%s", (key, cases) => {
  const [method, ...rest] = key.split(" ") as [Method, ...string[]];
  const route = routesByKey.get(rest.join(" "));

  test.each(cases.map((c) => [c.label ?? "as expected", c] as const))("%s", async (_, c) => {
    if (!route) return; // reported by the coverage test above
    const path = c.path(world);
    const actual: Record<string, unknown> = {};
    for (const role of Object.keys(c.expect) as (Role | GroupRole)[]) {
      actual[role] = await outcomeFor(key, route, method, path, userFor(role, c.group));
    }
    expect(actual, `${method} ${path}`).toEqual(c.expect);
  });
});
