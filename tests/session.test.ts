import { describe, expect, test } from "vitest";
import { sqlite } from "@db/client.server";
import { endAllSessions, getSession, getUser, requireUser, startSession } from "~/auth/session.server";
import { makeUser } from "./factories";

const BASE = "http://localhost:3000";

function requestWith(cookie: string | null, path = "/") {
  return new Request(`${BASE}${path}`, { headers: cookie ? { Cookie: cookie } : {} });
}

/** The name=value part of a Set-Cookie header, as a browser would send it back. */
function cookiePair(setCookie: string) {
  return setCookie.split(";")[0] ?? "";
}

async function signIn(userId: string, previousCookie: string | null = null) {
  return cookiePair(await startSession(userId, requestWith(previousCookie)));
}

async function thrown(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected a thrown Response");
}

describe("sessions", () => {
  test("startSession sets an HttpOnly, SameSite=Lax cookie that identifies the user", async () => {
    const user = await makeUser();

    const setCookie = await startSession(user.id, requestWith(null));

    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
    expect(setCookie).toMatch(/;\s*Path=\//i);
    const signedIn = await getUser(requestWith(cookiePair(setCookie)));
    expect(signedIn).toMatchObject({ id: user.id, email: user.email, roles: ["professional"] });
  });

  test("without a cookie or with an unknown one there is no user", async () => {
    expect(await getUser(requestWith(null))).toBeNull();
    expect(await getUser(requestWith("leercirkel_sessie=onbekend"))).toBeNull();
  });

  test("requireUser sends a visitor to the sign-in page and back afterwards", async () => {
    const response = await thrown(requireUser(requestWith(null, "/beheer/gebruikers?q=jan&page=2")));

    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("Location") ?? "", BASE);
    expect(location.pathname).toBe("/inloggen");
    expect(location.searchParams.get("redirectTo")).toBe("/beheer/gebruikers?q=jan&page=2");
  });

  test("requireUser refuses a user without the role with a 403", async () => {
    const user = await makeUser({ roles: ["professional"] });
    const cookie = await signIn(user.id);

    const response = await thrown(requireUser(requestWith(cookie, "/beheer"), { role: ["coordinator", "admin"] }));

    expect(response.status).toBe(403);
  });

  test("requireUser returns a user with the role", async () => {
    const user = await makeUser({ roles: ["coordinator"] });
    const cookie = await signIn(user.id);

    const current = await requireUser(requestWith(cookie, "/beheer"), { role: ["coordinator", "admin"] });

    expect(current.id).toBe(user.id);
  });

  test("signing in again ends the session the request came with", async () => {
    const user = await makeUser();
    const before = await signIn(user.id);

    const after = await signIn(user.id, before);

    expect(after).not.toBe(before);
    expect(await getUser(requestWith(before))).toBeNull();
    expect((await getUser(requestWith(after)))?.id).toBe(user.id);
  });

  test("endAllSessions ends every session of that user only", async () => {
    const user = await makeUser();
    const other = await makeUser();
    const laptop = await signIn(user.id);
    const phone = await signIn(user.id);
    const otherCookie = await signIn(other.id);

    await endAllSessions(user.id);

    expect(await getUser(requestWith(laptop))).toBeNull();
    expect(await getUser(requestWith(phone))).toBeNull();
    expect((await getUser(requestWith(otherCookie)))?.id).toBe(other.id);
  });
});

describe("session lifetime", () => {
  const DAY_SECONDS = 24 * 60 * 60;
  const setExpiry = (sessionId: string, secondsFromNow: number) =>
    sqlite
      .prepare("update sessions set expires_at = ? where id = ?")
      .run(Math.floor(Date.now() / 1000) + secondsFromNow, sessionId);
  const sessionIdOf = (cookie: string) => cookie.split("=")[1] ?? "";

  test("an expired session signs nobody in and clears the cookie", async () => {
    const user = await makeUser();
    const cookie = cookiePair(await startSession(user.id, new Request(`${BASE}/`)));
    setExpiry(sessionIdOf(cookie), -60);

    const lookup = await getSession(new Request(`${BASE}/`, { headers: { Cookie: cookie } }));

    expect(lookup.user).toBeNull();
    expect(lookup.setCookie).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
  });

  test("a session past half its life is extended and its cookie sent again", async () => {
    const user = await makeUser();
    const cookie = cookiePair(await startSession(user.id, new Request(`${BASE}/`)));
    setExpiry(sessionIdOf(cookie), 10 * DAY_SECONDS);

    const lookup = await getSession(new Request(`${BASE}/`, { headers: { Cookie: cookie } }));

    expect(lookup.user?.id).toBe(user.id);
    expect(lookup.setCookie).toContain(sessionIdOf(cookie));
    const row = sqlite.prepare("select expires_at from sessions where id = ?").get(sessionIdOf(cookie)) as {
      expires_at: number;
    };
    expect(row.expires_at - Math.floor(Date.now() / 1000)).toBeGreaterThan(29 * DAY_SECONDS);
  });

  test("a fresh session is not re-sent on every request", async () => {
    const user = await makeUser();
    const cookie = cookiePair(await startSession(user.id, new Request(`${BASE}/`)));
    const lookup = await getSession(new Request(`${BASE}/`, { headers: { Cookie: cookie } }));
    expect(lookup.user?.id).toBe(user.id);
    expect(lookup.setCookie).toBeNull();
  });
});
