import { describe, expect, test } from "vitest";
import { sqlite } from "@db/client.server";
import { SESSION_ABSOLUTE, SESSION_ACTIVITY_STEP_MS, SESSION_IDLE } from "~/auth/lucia.server";
import {
  deleteExpiredSessions,
  endAllSessions,
  endSession,
  getSession,
  getUser,
  requireUser,
  startSession,
} from "~/auth/session.server";
import { changePassword, requestPasswordReset, resetPassword } from "~/models/user.server";
import { parseEnv as parseProcessEnv } from "~/utils/env.server";
import { makeUser, TEST_PASSWORD, uniqueIp } from "./factories";
import { mailsTo, tokenFromMail } from "./helpers/outbox";

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

// The app's types mark NODE_ENV as always present in process.env; these cases leave it out on purpose.
const parseEnv = (vars: Record<string, string>) => parseProcessEnv(vars as NodeJS.ProcessEnv);

describe("session lifetime", () => {
  const HOUR = 60 * 60 * 1000;
  const DAY = 24 * HOUR;
  const IDLE = SESSION_IDLE.milliseconds();
  const ABSOLUTE = SESSION_ABSOLUTE.milliseconds();
  const T0 = new Date("2026-03-02T09:00:00Z");
  const at = (ms: number) => new Date(T0.getTime() + ms);
  const sessionIdOf = (cookie: string) => cookie.split("=")[1] ?? "";
  const rowOf = (sessionId: string) =>
    sqlite.prepare("select expires_at, created_at from sessions where id = ?").get(sessionId) as
      { expires_at: number; created_at: number } | undefined;

  async function signInAt(userId: string, now: Date) {
    return cookiePair(await startSession(userId, requestWith(null), now));
  }

  const lookUp = (cookie: string, now: Date) => getSession(requestWith(cookie), now);

  test("the defaults: 7 days without activity, 30 days at most; the idle time fits in the absolute one", () => {
    expect(parseEnv({})).toMatchObject({ SESSION_IDLE_HOURS: 168, SESSION_ABSOLUTE_DAYS: 30 });
    expect(parseEnv({ SESSION_IDLE_HOURS: "8", SESSION_ABSOLUTE_DAYS: "1" })).toMatchObject({
      SESSION_IDLE_HOURS: 8,
      SESSION_ABSOLUTE_DAYS: 1,
    });
    expect(() => parseEnv({ SESSION_IDLE_HOURS: "49", SESSION_ABSOLUTE_DAYS: "2" })).toThrow(
      /SESSION_IDLE_HOURS: must not be longer than SESSION_ABSOLUTE_DAYS/,
    );
    expect(() => parseEnv({ SESSION_IDLE_HOURS: "0" })).toThrow(/SESSION_IDLE_HOURS:/);
    expect(() => parseEnv({ SESSION_ABSOLUTE_DAYS: "een maand" })).toThrow(/SESSION_ABSOLUTE_DAYS:/);
    // The lifetimes the tests below run with.
    expect(IDLE).toBe(7 * DAY);
    expect(ABSOLUTE).toBe(30 * DAY);
  });

  test("a session unused for the idle time ends, is deleted and its cookie cleared", async () => {
    const user = await makeUser();
    const cookie = await signInAt(user.id, T0);

    expect((await lookUp(cookie, at(IDLE - HOUR))).user?.id).toBe(user.id);
    // Just used: counts from this moment now.
    const later = at(IDLE - HOUR + IDLE);
    const lookup = await lookUp(cookie, later);

    expect(lookup.user).toBeNull();
    expect(lookup.setCookie).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    expect(rowOf(sessionIdOf(cookie))).toBeUndefined();
  });

  test("the idle time counts from the last request, not from the sign-in", async () => {
    const user = await makeUser();
    const cookie = await signInAt(user.id, T0);

    // Day 6, then day 12, then day 18: never a week without a request.
    for (const day of [6, 12, 18]) {
      const lookup = await lookUp(cookie, at(day * DAY));
      expect(lookup.user?.id).toBe(user.id);
      // The idle expiry moved on, so the cookie (which expires as well) is sent again.
      expect(lookup.setCookie).toContain(sessionIdOf(cookie));
      expect(rowOf(sessionIdOf(cookie))?.expires_at).toBe(Math.floor((T0.getTime() + day * DAY + IDLE) / 1000));
    }
    expect((await lookUp(cookie, at(18 * DAY + IDLE - 1000))).user?.id).toBe(user.id);
    expect((await lookUp(cookie, at(18 * DAY + IDLE - 1000 + IDLE))).user).toBeNull();
  });

  test("a session ends at its absolute lifetime even when used all the time", async () => {
    const user = await makeUser();
    const cookie = await signInAt(user.id, T0);

    for (let t = 12 * HOUR; t < ABSOLUTE; t += 12 * HOUR) {
      expect((await lookUp(cookie, at(t))).user?.id, `after ${t / HOUR} hours`).toBe(user.id);
    }
    // The idle expiry was never moved past the absolute end.
    const row = rowOf(sessionIdOf(cookie))!;
    expect(row.created_at).toBe(T0.getTime());
    expect(row.expires_at * 1000).toBeLessThanOrEqual(T0.getTime() + ABSOLUTE);

    const lookup = await lookUp(cookie, at(ABSOLUTE));
    expect(lookup.user).toBeNull();
    expect(lookup.setCookie).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    expect(rowOf(sessionIdOf(cookie))).toBeUndefined();
  });

  test("a new sign-in starts a new absolute lifetime", async () => {
    const user = await makeUser();
    const first = await signInAt(user.id, T0);
    const second = cookiePair(await startSession(user.id, requestWith(first), at(ABSOLUTE - DAY)));

    expect((await lookUp(second, at(ABSOLUTE + DAY))).user?.id).toBe(user.id);
  });

  test("activity is written at most once per step, and only then is the cookie sent again", async () => {
    const user = await makeUser();
    const cookie = await signInAt(user.id, T0);
    const before = rowOf(sessionIdOf(cookie))?.expires_at;

    const soon = await lookUp(cookie, at(SESSION_ACTIVITY_STEP_MS - 1000));
    expect(soon.user?.id).toBe(user.id);
    expect(soon.setCookie).toBeNull();
    expect(rowOf(sessionIdOf(cookie))?.expires_at).toBe(before);

    const afterStep = await lookUp(cookie, at(SESSION_ACTIVITY_STEP_MS));
    expect(afterStep.setCookie).toContain(sessionIdOf(cookie));
    expect(afterStep.setCookie).toMatch(new RegExp(`Max-Age=${IDLE / 1000}`));
    expect(rowOf(sessionIdOf(cookie))?.expires_at).toBeGreaterThan(before!);
  });

  test("deleteExpiredSessions removes sessions past either lifetime and keeps the others", async () => {
    const user = await makeUser();
    const now = Date.now();
    const idle = await signInAt(user.id, new Date(now - IDLE - HOUR));
    const old = await signInAt(user.id, new Date(now - ABSOLUTE - HOUR));
    // Idle time still running (as an old row could have), but past the absolute lifetime.
    sqlite
      .prepare("update sessions set expires_at = ? where id = ?")
      .run(Math.floor((now + DAY) / 1000), sessionIdOf(old));
    const current = await signInAt(user.id, new Date(now - DAY));

    await deleteExpiredSessions();

    expect(rowOf(sessionIdOf(idle))).toBeUndefined();
    expect(rowOf(sessionIdOf(old))).toBeUndefined();
    expect(rowOf(sessionIdOf(current))).toBeDefined();
  });

  test("a session without a lookup time is checked against the clock", async () => {
    const user = await makeUser();
    const cookie = cookiePair(await startSession(user.id, requestWith(null)));
    const lookup = await getSession(requestWith(cookie));
    expect(lookup.user?.id).toBe(user.id);
    expect(lookup.setCookie).toBeNull();
  });
});

describe("ending sessions", () => {
  const sessionIdOf = (cookie: string) => cookie.split("=")[1] ?? "";
  const NEW_PASSWORD = "een-ander-lang-wachtwoord";

  test("overal uitloggen: every session of the user ends, also the one the request came with", async () => {
    const user = await makeUser();
    const other = await makeUser();
    const laptop = await signIn(user.id);
    const phone = await signIn(user.id);
    const otherCookie = await signIn(other.id);

    // What the "sign-out-everywhere" intent of /account does.
    await endAllSessions(user.id);
    const cleared = await endSession(requestWith(laptop, "/account"));

    expect(cleared).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    expect(await getUser(requestWith(laptop))).toBeNull();
    expect(await getUser(requestWith(phone))).toBeNull();
    expect(sqlite.prepare("select count(*) as n from sessions where user_id = ?").get(user.id)).toEqual({ n: 0 });
    expect((await getUser(requestWith(otherCookie)))?.id).toBe(other.id);
  });

  test("a password change keeps the session it was made in and ends the others", async () => {
    const user = await makeUser();
    const other = await makeUser();
    const laptop = await signIn(user.id);
    const phone = await signIn(user.id);
    const otherCookie = await signIn(other.id);

    const result = await changePassword({
      userId: user.id,
      currentPassword: TEST_PASSWORD,
      newPassword: NEW_PASSWORD,
      keepSessionId: sessionIdOf(laptop),
    });

    expect(result).toEqual({ status: "ok" });
    expect((await getUser(requestWith(laptop)))?.id).toBe(user.id);
    expect(await getUser(requestWith(phone))).toBeNull();
    expect((await getUser(requestWith(otherCookie)))?.id).toBe(other.id);
  });

  test("a password change without a session to keep ends all; the new session replaces the current one", async () => {
    const user = await makeUser();
    const laptop = await signIn(user.id);
    const phone = await signIn(user.id);

    await changePassword({ userId: user.id, currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
    // What /account does after the change: a fresh session for this device.
    const renewed = await signIn(user.id, laptop);

    expect(await getUser(requestWith(laptop))).toBeNull();
    expect(await getUser(requestWith(phone))).toBeNull();
    expect((await getUser(requestWith(renewed)))?.id).toBe(user.id);
  });

  test("a wrong current password changes nothing and ends no session", async () => {
    const user = await makeUser();
    const phone = await signIn(user.id);

    const result = await changePassword({
      userId: user.id,
      currentPassword: "niet-het-wachtwoord",
      newPassword: NEW_PASSWORD,
    });

    expect(result).toEqual({ status: "wrong-password" });
    expect((await getUser(requestWith(phone)))?.id).toBe(user.id);
  });

  test("a password reset ends every session of the account", async () => {
    const user = await makeUser();
    const other = await makeUser();
    const laptop = await signIn(user.id);
    const phone = await signIn(user.id);
    const otherCookie = await signIn(other.id);
    expect(await requestPasswordReset({ email: user.email, ip: uniqueIp() })).toEqual({ status: "mail-sent" });
    const token = tokenFromMail(mailsTo(user.email).at(-1), "/wachtwoord-herstellen");

    expect(await resetPassword({ token, password: NEW_PASSWORD })).toBe(user.id);

    expect(await getUser(requestWith(laptop))).toBeNull();
    expect(await getUser(requestWith(phone))).toBeNull();
    expect(sqlite.prepare("select count(*) as n from sessions where user_id = ?").get(user.id)).toEqual({ n: 0 });
    expect((await getUser(requestWith(otherCookie)))?.id).toBe(other.id);
  });
});
