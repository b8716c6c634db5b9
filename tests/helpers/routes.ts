// Calls route modules in-process, as Remix would: the harness behind tests/authorization.test.ts and
// tests/fuzz.test.ts. It finds every route file in app/routes, turns its flat-routes file name into
// the URL pattern, loads the module to see which methods it answers (loader: GET, action: POST),
// makes sessions and requests, reduces what a loader or action returns or throws to an outcome, and
// takes row-level checksums of the database.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import { db, sqlite } from "@db/client.server";
import { startSession } from "~/auth/session.server";
import { getInterventions } from "~/mdx/registry.server";
import { createAction, planMeeting } from "~/models/group.server";
import { PollSchema } from "~/models/poll.schema";
import { createPoll } from "~/models/poll.server";
import { createUserToken } from "~/models/user-token.server";
import { findUserIdByEmail } from "~/models/user.server";
import { issueWebinarCertificate } from "~/models/webinar.server";
import { amsterdamDay, toAmsterdamLocal } from "~/utils/dates";
import { env } from "~/utils/env.server";
import { seed } from "../../scripts/seed";
import { makeContribution, makeGroup, makeUser, makeWebinar } from "../factories";

export const ROUTES_DIR = resolve(process.cwd(), "app/routes");

export type Method = "GET" | "POST";

export type RouteFile = {
  /** The file name without its extension ("beheer.webinars.$id_.deelnemers"), or a folder's name. */
  id: string;
  /** Absolute path of the module. */
  file: string;
  /** The URL pattern, React Router style: "/beheer/webinars/:id/deelnemers", "/*" for a splat. */
  pattern: string;
  /** Unique name in the tables: the pattern, with " (layout)" for a layout whose index route has the same URL. */
  key: string;
};

type RouteModule = {
  loader?: (args: LoaderFunctionArgs) => unknown;
  action?: (args: ActionFunctionArgs) => unknown;
};

// remix.config.js: ignoredRouteFiles ["**/*.test.*", "**/.*"].
const ignored = (name: string) => name.startsWith(".") || /\.test\./.test(name);
const ROUTE_MODULE = /\.(tsx?|jsx?)$/;

/** Every route module under app/routes: flat files, and folders with a route.tsx (or route.ts). */
export function listRouteFiles(dir = ROUTES_DIR): RouteFile[] {
  const found: { id: string; file: string }[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (ignored(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      const route = ["route.tsx", "route.ts", "route.jsx", "route.js"].map((f) => join(path, f)).find(existsSync);
      if (route) found.push({ id: name, file: route });
    } else if (ROUTE_MODULE.test(name)) {
      found.push({ id: name.replace(ROUTE_MODULE, ""), file: path });
    }
  }
  const routes = found.map(({ id, file }) => ({ id, file, pattern: routePattern(id), key: "" }));
  const byPattern = new Map<string, typeof routes>();
  for (const route of routes) byPattern.set(route.pattern, [...(byPattern.get(route.pattern) ?? []), route]);
  for (const [pattern, same] of byPattern) {
    for (const route of same) {
      const isIndex = route.id.split(".").at(-1) === "_index";
      route.key = same.length > 1 && !isIndex ? `${pattern} (layout)` : pattern;
    }
    if (new Set(same.map((r) => r.key)).size !== same.length) {
      throw new Error(`route files with the same URL ${pattern}: ${same.map((r) => r.id).join(", ")}`);
    }
  }
  return routes;
}

type Char = { char: string; escaped: boolean };

/** Splits a flat-routes file name on the dots that are not escaped with [ ]. */
function segments(id: string): Char[][] {
  const result: Char[][] = [[]];
  let escaped = false;
  for (const char of id) {
    if (char === "[" && !escaped) escaped = true;
    else if (char === "]" && escaped) escaped = false;
    else if (char === "." && !escaped) result.push([]);
    else result.at(-1)!.push({ char, escaped });
  }
  return result;
}

/**
 * The URL pattern of a Remix v2 flat-routes file name: dots are slashes, `$name` a parameter, a
 * lone `$` the splat, `_index` the index route, a leading `_` a pathless layout, a trailing `_` opts
 * out of nesting (no URL effect), `[…]` escapes, `(segment)` is optional.
 */
export function routePattern(id: string): string {
  const parts: string[] = [];
  const all = segments(id);
  for (const [index, chars] of all.entries()) {
    let segment = chars;
    const text = () => segment.map((c) => c.char).join("");
    const first = segment[0];
    if (!first) continue;
    if (!first.escaped && text() === "_index" && index === all.length - 1) continue;
    if (!first.escaped && first.char === "_") continue;
    const last = segment.at(-1)!;
    if (!last.escaped && last.char === "_") segment = segment.slice(0, -1);
    let optional = false;
    if (!first.escaped && first.char === "(" && !segment.at(-1)!.escaped && segment.at(-1)!.char === ")") {
      segment = segment.slice(1, -1);
      optional = true;
    }
    const head = segment[0];
    let part: string;
    if (head && !head.escaped && head.char === "$") part = segment.length === 1 ? "*" : `:${text().slice(1)}`;
    else part = text();
    parts.push(optional ? `${part}?` : part);
  }
  return `/${parts.join("/")}`;
}

/** The params of a concrete path for a pattern; null when the path does not fit the pattern. */
export function matchParams(pattern: string, path: string): Record<string, string> | null {
  const wanted = pattern.split("/").filter(Boolean);
  const got = new URL(path, "http://x").pathname.split("/").filter(Boolean);
  const params: Record<string, string> = {};
  for (const [index, part] of wanted.entries()) {
    if (part === "*") {
      params["*"] = got.slice(index).map(decodeURIComponent).join("/");
      return params;
    }
    const value = got[index];
    if (value === undefined) return null;
    if (part.startsWith(":")) params[part.slice(1)] = decodeURIComponent(value);
    else if (part !== value) return null;
  }
  return got.length === wanted.length ? params : null;
}

const modules = new Map<string, Promise<RouteModule>>();

export function loadRoute(route: RouteFile): Promise<RouteModule> {
  let module = modules.get(route.file);
  if (!module) {
    module = import(/* @vite-ignore */ route.file) as Promise<RouteModule>;
    modules.set(route.file, module);
  }
  return module;
}

/** The methods a route module answers: GET for a loader, POST for an action. */
export async function routeMethods(route: RouteFile): Promise<Method[]> {
  const module = await loadRoute(route);
  const methods: Method[] = [];
  if (typeof module.loader === "function") methods.push("GET");
  if (typeof module.action === "function") methods.push("POST");
  return methods;
}

// ---------------------------------------------------------------- sessions and requests

/** A new session for the user, as the `name=value` pair a browser sends in its Cookie header. */
export async function sessionCookie(userId: string): Promise<string> {
  const setCookie = await startSession(userId, new Request(`${env.appUrl}/`));
  return setCookie.split(";")[0]!;
}

export type FormEntries = [name: string, value: string | Blob][];

export type RequestInput = {
  method: Method;
  path: string;
  cookie?: string | null;
  /** A form: url-encoded, or multipart as soon as a value is a Blob. */
  form?: FormEntries;
  /** A body as is, with its content type (for bodies no browser form would send). */
  raw?: { body: string | Uint8Array<ArrayBuffer>; contentType: string | null };
};

/** A request as a browser sends it to this app: a POST carries the app's own Origin. */
export function buildRequest({ method, path, cookie, form, raw }: RequestInput): Request {
  const headers = new Headers();
  if (cookie) headers.set("Cookie", cookie);
  let body: BodyInit | undefined;
  if (method === "POST") {
    headers.set("Origin", env.appUrl);
    if (raw) {
      body = raw.body;
      if (raw.contentType) headers.set("Content-Type", raw.contentType);
    } else if (form?.some(([, value]) => typeof value !== "string")) {
      const data = new FormData();
      for (const [name, value] of form) data.append(name, value);
      body = data;
    } else {
      body = new URLSearchParams((form ?? []) as [string, string][]);
    }
  }
  return new Request(`${env.appUrl}${path}`, { method, headers, body });
}

export function loadContext(clientIp = "127.0.0.1"): AppLoadContext {
  return { cspNonce: "test", clientIp, documentRequest: false };
}

// ---------------------------------------------------------------- outcomes

/** What a caller sees: a status, a redirect to the sign-in page, or another redirect. */
export type Outcome = number | "signin" | "redirect";

export type Settled = {
  outcome: Outcome;
  status: number;
  thrown: boolean;
  location: string | null;
  /** The data of a plain or data() result (not read from a Response body). */
  data: unknown;
};

type DataWithInit = { type: "DataWithResponseInit"; data: unknown; init: ResponseInit | null };

function isDataWithInit(value: unknown): value is DataWithInit {
  return typeof value === "object" && value !== null && (value as { type?: unknown }).type === "DataWithResponseInit";
}

/** Reduces a returned or thrown Response, data() or plain value to an outcome. */
export function settle(value: unknown, thrown: boolean): Settled {
  if (value instanceof Response) {
    const location = value.headers.get("Location");
    const redirect = value.status >= 300 && value.status < 400 && location !== null;
    const signin = redirect && /^\/inloggen(\?|$)/.test(location);
    return {
      outcome: signin ? "signin" : redirect ? "redirect" : value.status,
      status: value.status,
      thrown,
      location,
      data: undefined,
    };
  }
  if (isDataWithInit(value)) {
    const status = value.init?.status ?? 200;
    return { outcome: status, status, thrown, location: null, data: value.data };
  }
  if (thrown) throw value;
  return { outcome: 200, status: 200, thrown, location: null, data: value };
}

/**
 * Calls the route's loader (GET) or action (POST) with the request and params, as Remix does.
 * Anything thrown that is not a Response (or data()) is thrown on: that would be a 500.
 */
export async function callRoute(
  route: RouteFile,
  request: Request,
  params: Record<string, string>,
  context: AppLoadContext = loadContext(),
): Promise<Settled> {
  const module = await loadRoute(route);
  const handler = request.method === "GET" ? module.loader : module.action;
  if (!handler) throw new Error(`${route.id} has no ${request.method === "GET" ? "loader" : "action"}`);
  let value: unknown;
  try {
    value = await handler({ request, params, context });
  } catch (error) {
    if (error instanceof Response || isDataWithInit(error)) return settle(error, true);
    throw error;
  }
  return settle(value, false);
}

// ---------------------------------------------------------------- database checksums

type Row = Record<string, unknown>;
export type TableSnapshot = Map<string, { hash: string; row: Row }>;
export type Snapshot = Map<string, TableSnapshot>;

const tableInfo = new Map<string, { key: string }>();

function keyExpression(table: string) {
  let info = tableInfo.get(table);
  if (!info) {
    let key: string;
    try {
      sqlite.prepare(`select rowid from "${table}" limit 1`).all();
      key = "rowid";
    } catch {
      // WITHOUT ROWID: the primary key columns identify a row.
      const columns = sqlite.prepare(`pragma table_info("${table}")`).all() as { name: string; pk: number }[];
      key = columns
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => `"${c.name}"`)
        .join(` || char(31) || `);
    }
    info = { key };
    tableInfo.set(table, info);
  }
  return info.key;
}

/**
 * Rows inserted, updated or deleted on the app's connection since it opened (triggers included):
 * when it has not moved, no table changed, and a snapshot taken before is still current.
 */
export function changeCounter(): number {
  return (sqlite.prepare("select total_changes() as n").get() as { n: number }).n;
}

export function listTables(): string[] {
  return (
    sqlite
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name",
      )
      .all() as { name: string }[]
  ).map((t) => t.name);
}

const hashRow = (row: Row) =>
  createHash("sha1")
    .update(JSON.stringify(row, (_, v) => (Buffer.isBuffer(v) ? v.toString("base64") : v)))
    .digest("base64");

/** Every row of every table (except `exclude`), by row key, with a hash of its contents. */
export function snapshot(exclude: readonly string[] = ["sessions"]): Snapshot {
  const result: Snapshot = new Map();
  for (const table of listTables()) {
    if (exclude.includes(table)) continue;
    const rows = new Map<string, { hash: string; row: Row }>();
    for (const row of sqlite.prepare(`select ${keyExpression(table)} as "__key", * from "${table}"`).all() as Row[]) {
      const { __key, ...rest } = row;
      rows.set(String(__key), { hash: hashRow(rest), row: rest });
    }
    result.set(table, rows);
  }
  return result;
}

export type RowChange = {
  table: string;
  key: string;
  kind: "insert" | "update" | "delete";
  before?: Row;
  after?: Row;
};

/** The rows that were added, changed or removed between two snapshots. */
export function diff(before: Snapshot, after: Snapshot): RowChange[] {
  const changes: RowChange[] = [];
  for (const table of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(table) ?? new Map();
    const b = after.get(table) ?? new Map();
    for (const [key, old] of a) {
      const now = b.get(key);
      if (!now) changes.push({ table, key, kind: "delete", before: old.row });
      else if (now.hash !== old.hash) changes.push({ table, key, kind: "update", before: old.row, after: now.row });
    }
    for (const [key, now] of b) {
      if (!a.has(key)) changes.push({ table, key, kind: "insert", after: now.row });
    }
  }
  return changes;
}

/** A short description of changes for an assertion message. */
export function describeChanges(changes: RowChange[], limit = 10): string {
  const shown = changes.slice(0, limit).map((c) => {
    const row = JSON.stringify(c.after ?? c.before).slice(0, 300);
    return `${c.kind} ${c.table}[${c.key}] ${row}`;
  });
  return [...shown, ...(changes.length > limit ? [`… and ${changes.length - limit} more`] : [])].join("\n");
}

// ---------------------------------------------------------------- the world both tests run in

export const DEMO_PASSWORD = "demo-wachtwoord-voor-tests";

const one = <T>(sql: string, ...args: unknown[]): T => {
  const row = sqlite.prepare(sql).get(...args) as T | undefined;
  if (row === undefined) throw new Error(`fixture not found: ${sql} ${JSON.stringify(args)}`);
  return row;
};
const idOf = (sql: string, ...args: unknown[]) => one<{ id: number }>(sql, ...args).id;

/**
 * The demo data (scripts/seed.ts) and a few fixtures beside it: a group closed to requests with its
 * own meeting and action, a contribution of the demo expert, a webinar the demo professional
 * attended, a certificate, a poll for another audience and usable tokens. Every module is compiled
 * (and cached) first, so that no page view has to write the compile cache.
 */
export async function setUpWorld() {
  await seed({ demo: true, demoPassword: DEMO_PASSWORD });
  await getInterventions();

  const user = (email: string) => {
    const id = findUserIdByEmail(`${email}@demo.leercirkel.nl`);
    if (!id) throw new Error(`no demo user ${email}`);
    return id;
  };
  const users = {
    professional: user("professional"),
    expert: user("ervaringsdeskundige"),
    coordinator: user("coordinator"),
    admin: user("admin"),
    ingrid: user("ingrid.bos"),
    sanne: user("sanne.devries"),
    ahmed: user("ahmed.bakir"),
    lotte: user("lotte.hendriks"),
    ruud: user("ruud.willems"),
    noor: user("noor.peters"),
    daan: user("daan.smit"),
  };
  const themeId = (slug: string) => idOf("select id from themes where slug = ?", slug);

  // The demo group, open to requests: the demo professional, Sanne, Ahmed, Ruud and Noor are members.
  const demoGroupId = idOf("select id from action_learning_groups where name = ?", "Samen analyseren Noord-Veluwe");
  const demoMeetings = sqlite
    .prepare("select id from group_meetings where group_id = ? order by starts_at")
    .all(demoGroupId) as { id: number }[];
  const demoGroup = {
    id: demoGroupId,
    frameId: one<{ frame_id: number }>("select frame_id from action_learning_groups where id = ?", demoGroupId)
      .frame_id,
    heldMeetingId: demoMeetings[0]!.id,
    nextMeetingId: demoMeetings.at(-1)!.id,
    professionalActionId: idOf(
      "select id from group_actions where group_id = ? and owner_id = ?",
      demoGroupId,
      users.professional,
    ),
    sanneActionId: idOf("select id from group_actions where group_id = ? and owner_id = ?", demoGroupId, users.sanne),
    member: users.sanne,
    nonMember: users.lotte,
  };

  // A group that takes no requests: Lotte is its only member; the demo professional is not in it.
  const closed = await makeGroup({
    coordinatorId: users.ingrid,
    name: "Besloten actieleergroep (test)",
    openToRequests: false,
    memberIds: [users.lotte],
    themeId: themeId("verklarende-analyse"),
  });
  const start = new Date(Date.now() + 7 * 86400_000);
  start.setUTCHours(9, 0, 0, 0);
  const meeting = planMeeting({
    actorId: users.ingrid,
    groupId: closed.id,
    input: { startsAt: start, endsAt: new Date(start.getTime() + 2 * 3600_000), location: "Arnhem", agenda: "" },
  });
  const action = createAction({
    actorId: users.ingrid,
    groupId: closed.id,
    input: {
      description: "Een vast moment afspreken met de GI",
      ownerId: users.lotte,
      dueOn: amsterdamDay(new Date(Date.now() + 14 * 86400_000)),
    },
  });
  if (meeting.status !== "ok" || action.status !== "ok") throw new Error("fixture: closed group");
  const closedGroup = {
    id: closed.id,
    frameId: closed.frameId,
    meetingId: meeting.id,
    actionId: action.id,
    member: users.lotte,
    nonMember: users.sanne,
  };

  const contributions = {
    noorPublished: idOf(
      "select id from contributions where contributor_id = ? and status = 'published' order by id",
      users.noor,
    ),
    expertOwn: await makeContribution({
      contributorId: users.expert,
      themeId: themeId("luisteren-naar-ouders-en-jeugdigen"),
      kind: "do",
      perspective: "ouder",
      credit: "first_name",
      text: "Vraag eerst wat wij zelf al geprobeerd hebben, voordat je met adviezen komt.",
    }),
  };

  const heldWebinarId = idOf("select id from webinars where title like 'Verklarende analyse:%'");
  const attended = makeWebinar({
    actorId: users.ingrid,
    title: "Webinar dat de demo-professional bijwoonde (test)",
    startsInHours: -72,
    registrants: [users.professional],
    attended: [users.professional],
  });
  const certificate = issueWebinarCertificate({ webinarId: heldWebinarId, userId: users.sanne });
  if (certificate.status !== "ok") throw new Error("fixture: certificate");
  const webinars = {
    held: heldWebinarId,
    upcoming: idOf("select id from webinars where title like 'Signalen van eetstoornissen%'"),
    attendedByProfessional: attended,
    sanneCertificate: certificate.code,
  };

  const now = Date.now();
  const otherAudience = await createPoll({
    actorId: users.ingrid,
    input: PollSchema.parse({
      question: "Alleen voor gemeenten: welk thema eerst?",
      method: "single",
      audience: "organisation_kind",
      audienceKind: "gemeente",
      resultsVisibility: "after_vote",
      opensAt: toAmsterdamLocal(now - 3600_000),
      closesAt: toAmsterdamLocal(now + 7 * 86400_000),
      freeOptions: "Schoolverzuim\nScheiding",
    }),
  });
  if (otherAudience.status !== "ok") throw new Error("fixture: poll");
  const polls = {
    demo: idOf("select id from polls where question like 'Welke thema''s heeft het netwerk%'"),
    otherAudience: otherAudience.id,
  };

  const tokenHolder = await makeUser({ name: "Token Houder" });
  const tokens = {
    holder: tokenHolder.id,
    verifyEmail: createUserToken(db, { userId: tokenHolder.id, purpose: "verify-email" }),
    resetPassword: createUserToken(db, { userId: tokenHolder.id, purpose: "reset-password" }),
  };

  return {
    users,
    themes: { verklarendeAnalyse: themeId("verklarende-analyse"), autisme: themeId("autisme") },
    demoGroup,
    closedGroup,
    contributions,
    webinars,
    polls,
    tokens,
    mailId: idOf("select min(id) as id from mail_outbox"),
    signalId: idOf("select min(id) as id from signals"),
    organisationId: idOf("select organisation_id as id from users where id = ?", users.professional),
    circleSlug: "verklarende-analyse",
    moduleSlug: "verklarende-analyse",
  };
}

export type World = Awaited<ReturnType<typeof setUpWorld>>;
