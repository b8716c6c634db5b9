import { redirect } from "@remix-run/node";
import { and, eq, ne } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { sessions } from "@db/schema/accounts";
import type { Role } from "@db/schema/enums";
import type { UserProfile } from "~/models/user.server";
import { createSession, lucia, readSession } from "./lucia.server";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type CurrentUser = UserProfile & { sessionId: string };

type SessionLookup = { user: CurrentUser | null; setCookie: string | null };

// Every loader gets its own copy of the request, so a lookup is shared by session id for the
// rest of this turn of the event loop: the root and the route loader of one request then read
// the session once. Anything that ends or starts a session clears it.
const recent = new Map<string, Promise<SessionLookup>>();

function forgetRecentLookups() {
  recent.clear();
}

async function lookUpSession(sessionId: string, now: Date): Promise<SessionLookup> {
  // Idle and absolute lifetime: see app/auth/lucia.server.ts.
  const found = readSession(sessionId, now);
  if (!found) return { user: null, setCookie: lucia.createBlankSessionCookie().serialize() };
  const { session, user } = found;
  // Activity moved the idle expiry on ("fresh"); the cookie must follow.
  const setCookie = session.fresh ? lucia.createSessionCookie(session.id).serialize() : null;
  const { name, email, organisation, roles } = user;
  return { user: { id: user.id, name, email, organisation, roles, sessionId: session.id }, setCookie };
}

/**
 * The signed-in user and, when the session was extended or ended, the cookie to send back.
 * `now` is for tests of the lifetimes; a lookup at a given moment is never shared.
 */
export function getSession(request: Request, now?: Date): Promise<SessionLookup> {
  const sessionId = lucia.readSessionCookie(request.headers.get("Cookie") ?? "");
  if (!sessionId) return Promise.resolve({ user: null, setCookie: null });
  if (now) return lookUpSession(sessionId, now);
  let lookup = recent.get(sessionId);
  if (!lookup) {
    if (recent.size === 0) setImmediate(forgetRecentLookups);
    lookup = lookUpSession(sessionId, new Date());
    recent.set(sessionId, lookup);
  }
  return lookup;
}

export async function getUser(request: Request): Promise<CurrentUser | null> {
  return (await getSession(request)).user;
}

export function hasRole(user: Pick<UserProfile, "roles"> | null, role: Role | readonly Role[]): boolean {
  if (!user) return false;
  const wanted: readonly Role[] = typeof role === "string" ? [role] : role;
  return wanted.some((r) => user.roles.includes(r));
}

/**
 * The signed-in user, or a redirect to /inloggen that comes back here afterwards.
 * With `role`, a user without (any of) that role gets a 403.
 */
export async function requireUser(
  request: Request,
  options: { role?: Role | readonly Role[] } = {},
): Promise<CurrentUser> {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    const back = `${url.pathname}${url.search}`;
    throw redirect(`/inloggen?${new URLSearchParams({ redirectTo: back })}`);
  }
  if (options.role && !hasRole(user, options.role)) {
    throw new Response("Je hebt geen toegang tot deze pagina.", { status: 403, statusText: "Forbidden" });
  }
  return user;
}

/** Redirects a signed-in user away from pages meant for visitors (sign-in, registration). */
export async function requireVisitor(request: Request, to = "/") {
  if (await getUser(request)) throw redirect(to);
}

/**
 * Starts a new session for the user and ends the one the request came with (if any),
 * so that a session id never survives a sign-in. Returns the Set-Cookie header value.
 */
export async function startSession(userId: string, request: Request, now = new Date()): Promise<string> {
  const oldId = lucia.readSessionCookie(request.headers.get("Cookie") ?? "");
  forgetRecentLookups();
  if (oldId) await lucia.invalidateSession(oldId);
  const session = createSession(userId, now);
  return lucia.createSessionCookie(session.id).serialize();
}

/** Ends the request's session. Returns the Set-Cookie header value that clears the cookie. */
export async function endSession(request: Request): Promise<string> {
  const sessionId = lucia.readSessionCookie(request.headers.get("Cookie") ?? "");
  forgetRecentLookups();
  if (sessionId) await lucia.invalidateSession(sessionId);
  return lucia.createBlankSessionCookie().serialize();
}

/** Ends every session of a user ("overal uitloggen", password change or reset). */
export async function endAllSessions(userId: string) {
  forgetRecentLookups();
  await lucia.invalidateUserSessions(userId);
}

/**
 * Ends a user's sessions in the caller's transaction, so they end together with the change that
 * calls for it: all of them after a password reset, all but `keep` (the session the password was
 * changed in) after a password change.
 */
export function endSessionsInTransaction(tx: Tx | Db, { userId, keep }: { userId: string; keep?: string }) {
  forgetRecentLookups();
  tx.delete(sessions)
    .where(and(eq(sessions.userId, userId), keep ? ne(sessions.id, keep) : undefined))
    .run();
}

export async function deleteExpiredSessions() {
  await lucia.deleteExpiredSessions();
}
