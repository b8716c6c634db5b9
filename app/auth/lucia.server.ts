import { Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from "lucia";
import { sqlite } from "@db/client.server";
import type { OrganisationKind, Role } from "@db/schema/enums";
import { env } from "~/utils/env.server";

// lucia v3 is deprecated upstream; it stays inside app/auth behind our own functions
// (docs/decisions/0002-lucia-sessions.md). This adapter reads the session, the user, the
// organisation and the roles in one prepared statement: it runs on every request.

type SessionRow = {
  id: string;
  user_id: string;
  expires_at: number;
  name: string;
  email: string;
  organisation_id: number;
  organisation_name: string;
  organisation_kind: OrganisationKind;
  organisation_region: string;
  roles: string | null;
};

const statements = {
  sessionAndUser: sqlite.prepare<[string], SessionRow>(`
    select s.id, s.user_id, s.expires_at, u.name, u.email,
           o.id as organisation_id, o.name as organisation_name, o.kind as organisation_kind,
           o.region as organisation_region,
           (select group_concat(r.role) from user_roles r where r.user_id = u.id) as roles
    from sessions s
    join users u on u.id = s.user_id
    join organisations o on o.id = u.organisation_id
    where s.id = ?`),
  userSessions: sqlite.prepare<[string], { id: string; user_id: string; expires_at: number }>(
    "select id, user_id, expires_at from sessions where user_id = ?",
  ),
  insert: sqlite.prepare("insert into sessions (id, user_id, expires_at) values (?, ?, ?)"),
  updateExpiry: sqlite.prepare("update sessions set expires_at = ? where id = ?"),
  delete: sqlite.prepare("delete from sessions where id = ?"),
  deleteForUser: sqlite.prepare("delete from sessions where user_id = ?"),
  deleteExpired: sqlite.prepare("delete from sessions where expires_at <= ?"),
};

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

export type SessionUserAttributes = {
  name: string;
  email: string;
  organisation: { id: number; name: string; kind: OrganisationKind; region: string };
  roles: Role[];
};

const adapter: Adapter = {
  async getSessionAndUser(sessionId): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const row = statements.sessionAndUser.get(sessionId);
    if (!row) return [null, null];
    const attributes: SessionUserAttributes = {
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
    return [
      { id: row.id, userId: row.user_id, expiresAt: new Date(row.expires_at * 1000), attributes: {} },
      { id: row.user_id, attributes },
    ];
  },
  async getUserSessions(userId) {
    return statements.userSessions
      .all(userId)
      .map((row) => ({ id: row.id, userId: row.user_id, expiresAt: new Date(row.expires_at * 1000), attributes: {} }));
  },
  async setSession(session) {
    statements.insert.run(session.id, session.userId, seconds(session.expiresAt));
  },
  async updateSessionExpiration(sessionId, expiresAt) {
    statements.updateExpiry.run(seconds(expiresAt), sessionId);
  },
  async deleteSession(sessionId) {
    statements.delete.run(sessionId);
  },
  async deleteUserSessions(userId) {
    statements.deleteForUser.run(userId);
  },
  async deleteExpiredSessions() {
    statements.deleteExpired.run(seconds(new Date()));
  },
};

export const SESSION_LIFETIME = new TimeSpan(30, "d");

export const lucia = new Lucia(adapter, {
  sessionExpiresIn: SESSION_LIFETIME,
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
