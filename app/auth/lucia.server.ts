import { DrizzleSQLiteAdapter } from "@lucia-auth/adapter-drizzle";
import { Lucia, TimeSpan } from "lucia";
import { db } from "@db/client.server";
import { sessions, users } from "@db/schema";
import { env } from "~/utils/env.server";

// lucia v3 is deprecated upstream; it stays inside app/auth behind our own functions
// (docs/decisions/0002-lucia-sessions.md).
const adapter = new DrizzleSQLiteAdapter(db, sessions, users);

export const SESSION_LIFETIME = new TimeSpan(30, "d");

export const lucia = new Lucia(adapter, {
  sessionExpiresIn: SESSION_LIFETIME,
  sessionCookie: {
    name: "leercirkel_sessie",
    expires: true,
    attributes: { secure: env.cookieSecure, sameSite: "lax", path: "/" },
  },
  getUserAttributes: () => ({}),
});

declare module "lucia" {
  interface Register {
    Lucia: typeof lucia;
    DatabaseUserAttributes: Record<string, never>;
  }
}
