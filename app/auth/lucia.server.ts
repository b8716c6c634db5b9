import {
  generateIdFromEntropySize,
  Lucia,
  TimeSpan,
  type Adapter,
  type DatabaseSession,
  type DatabaseUser,
  type User,
} from "lucia";
import { sqlite } from "@db/client.server";
import { lazy } from "@db/lazy";
import type { OrganisationKind, Role } from "@db/schema/enums";
import { env } from "~/utils/env.server";

// lucia v3 is deprecated upstream; it stays inside app/auth behind our own functions
// (docs/decisions/0002-lucia-sessions.md). This adapter reads the session, the user, the
// organisation and the roles in one prepared statement: it runs on every request.
//
// Two lifetimes (issue 9, configured in app/utils/env.server.ts): a session is valid while
//   now < last activity + SESSION_IDLE_HOURS   (expires_at, moved on as the session is used)
//   now < created_at + SESSION_ABSOLUTE_DAYS   (fixed at sign-in, however active the session is).
// lucia knows only the first and reads the clock itself, so `readSession` below does the check
// (with the moment passed in); lucia keeps the ids, the cookies and the deletes.

type SessionRow = {
  id: string;
  user_id: string;
  expires_at: number;
  created_at: number;
  name: string;
  email: string;
  organisation_id: number;
  organisation_name: string;
  organisation_kind: OrganisationKind;
  organisation_region: string;
  roles: string | null;
};

// Prepared on first use: the tables exist only once the migrations ran (scripts may import this first).
const prepared = lazy(() => ({
  sessionAndUser: sqlite.prepare<[string], SessionRow>(`
    select s.id, s.user_id, s.expires_at, s.created_at, u.name, u.email,
           o.id as organisation_id, o.name as organisation_name, o.kind as organisation_kind,
           o.region as organisation_region,
           (select group_concat(r.role) from user_roles r where r.user_id = u.id) as roles
    from sessions s
    join users u on u.id = s.user_id
    join organisations o on o.id = u.organisation_id
    where s.id = ?`),
  userSessions: sqlite.prepare<[string], { id: string; user_id: string; expires_at: number; created_at: number }>(
    "select id, user_id, expires_at, created_at from sessions where user_id = ?",
  ),
  insert: sqlite.prepare<[string, string, number, number]>(
    "insert into sessions (id, user_id, expires_at, created_at) values (?, ?, ?, ?)",
  ),
  // Never past the absolute end: a row then expires by itself for deleteExpired as well.
  updateExpiry: sqlite.prepare<[number, number, string]>(
    "update sessions set expires_at = min(?, cast((created_at + ?) / 1000 as integer)) where id = ?",
  ),
  delete: sqlite.prepare<[string]>("delete from sessions where id = ?"),
  deleteForUser: sqlite.prepare<[string]>("delete from sessions where user_id = ?"),
  deleteExpired: sqlite.prepare<[number, number]>("delete from sessions where expires_at <= ? or created_at <= ?"),
}));

const seconds = (date: Date | number) => Math.floor(new Date(date).getTime() / 1000);

/** How long a session lives without a request. */
export const SESSION_IDLE = new TimeSpan(env.SESSION_IDLE_HOURS, "h");
/** How long a session lives at most after sign-in, however active. */
export const SESSION_ABSOLUTE = new TimeSpan(env.SESSION_ABSOLUTE_DAYS, "d");
/**
 * How old the recorded activity may get before a request records it anew (one write, and the
 * cookie sent again). The idle lifetime is therefore exact to within this step, an hour at most,
 * without a write on every request.
 */
export const SESSION_ACTIVITY_STEP_MS = Math.min(SESSION_IDLE.milliseconds() / 2, 60 * 60 * 1000);

/** The moment a session ends: at the end of its idle time, or of its absolute lifetime if sooner. */
function endOf(row: { expires_at: number; created_at: number }) {
  return new Date(Math.min(row.expires_at * 1000, row.created_at + SESSION_ABSOLUTE.milliseconds()));
}

export type SessionUserAttributes = {
  name: string;
  email: string;
  organisation: { id: number; name: string; kind: OrganisationKind; region: string };
  roles: Role[];
};

function attributesOf(row: SessionRow): SessionUserAttributes {
  return {
    name: row.name,
    email: row.email,
    organisation: {
      id: row.organisation_id,
      name: row.organisation_name,
      kind: row.organisation_kind,
      region: row.organisation_region,
    },
    roles: (row.roles ? row.roles.split(",") : []).sort() as Role[],
  };
}

const adapter: Adapter = {
  async getSessionAndUser(sessionId): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const row = prepared().sessionAndUser.get(sessionId);
    if (!row) return [null, null];
    return [
      { id: row.id, userId: row.user_id, expiresAt: endOf(row), attributes: {} },
      { id: row.user_id, attributes: attributesOf(row) },
    ];
  },
  async getUserSessions(userId) {
    return prepared()
      .userSessions.all(userId)
      .map((row) => ({ id: row.id, userId: row.user_id, expiresAt: endOf(row), attributes: {} }));
  },
  async setSession(session) {
    prepared().insert.run(session.id, session.userId, seconds(session.expiresAt), Date.now());
  },
  async updateSessionExpiration(sessionId, expiresAt) {
    prepared().updateExpiry.run(seconds(expiresAt), SESSION_ABSOLUTE.milliseconds(), sessionId);
  },
  async deleteSession(sessionId) {
    prepared().delete.run(sessionId);
  },
  async deleteUserSessions(userId) {
    prepared().deleteForUser.run(userId);
  },
  async deleteExpiredSessions() {
    const now = Date.now();
    prepared().deleteExpired.run(seconds(now), now - SESSION_ABSOLUTE.milliseconds());
  },
};

export const lucia = new Lucia(adapter, {
  // The cookie lives as long as the idle time from when it was last sent.
  sessionExpiresIn: SESSION_IDLE,
  sessionCookie: {
    name: "leercirkel_sessie",
    expires: true,
    attributes: { secure: env.cookieSecure, sameSite: "lax", path: "/" },
  },
  getUserAttributes: (attributes) => attributes,
});

declare module "lucia" {
  interface Register {
    Lucia: typeof lucia;
    DatabaseUserAttributes: SessionUserAttributes;
  }
}

export type CheckedSession = { id: string; userId: string; createdAt: Date; expiresAt: Date; fresh: boolean };

/** Starts a session at `now`; its idle time and absolute lifetime both count from then. */
export function createSession(userId: string, now: Date): CheckedSession {
  const id = generateIdFromEntropySize(25);
  // The environment check keeps the idle time within the absolute lifetime.
  const expiresAt = new Date(now.getTime() + SESSION_IDLE.milliseconds());
  prepared().insert.run(id, userId, seconds(expiresAt), now.getTime());
  return { id, userId, createdAt: now, expiresAt, fresh: true };
}

/**
 * The session and its user as of `now`, or null when it does not exist or has ended (idle too
 * long, or past its absolute lifetime): an ended session is deleted. When the recorded activity is
 * older than SESSION_ACTIVITY_STEP_MS it is moved to `now` and the session comes back `fresh`,
 * so the caller sends the cookie again.
 */
export function readSession(sessionId: string, now: Date): { session: CheckedSession; user: User } | null {
  const row = prepared().sessionAndUser.get(sessionId);
  if (!row) return null;
  const at = now.getTime();
  const absoluteEnd = row.created_at + SESSION_ABSOLUTE.milliseconds();
  const idleEnd = row.expires_at * 1000;
  if (at >= Math.min(idleEnd, absoluteEnd)) {
    prepared().delete.run(sessionId);
    return null;
  }
  let expiresAt = Math.min(idleEnd, absoluteEnd);
  let fresh = false;
  const recordedActivity = idleEnd - SESSION_IDLE.milliseconds();
  if (idleEnd < absoluteEnd && at - recordedActivity >= SESSION_ACTIVITY_STEP_MS) {
    const idleUntil = seconds(at + SESSION_IDLE.milliseconds());
    prepared().updateExpiry.run(idleUntil, SESSION_ABSOLUTE.milliseconds(), sessionId);
    expiresAt = Math.min(idleUntil * 1000, absoluteEnd);
    fresh = true;
  }
  const user: User = { id: row.user_id, ...attributesOf(row) };
  return {
    session: {
      id: row.id,
      userId: row.user_id,
      createdAt: new Date(row.created_at),
      expiresAt: new Date(expiresAt),
      fresh,
    },
    user,
  };
}
