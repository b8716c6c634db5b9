import { createCookieSessionStorage, redirect } from "@remix-run/node";
import { cookieSecret } from "./secret.server";
import { env } from "./env.server";

const storage = createCookieSessionStorage<Record<string, never>, { message: string }>({
  cookie: {
    name: "leercirkel_melding",
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: env.cookieSecure,
    secrets: [cookieSecret],
    maxAge: 60,
  },
});

/** A redirect that shows `message` once on the next page. Extra Set-Cookie values may be passed. */
export async function redirectWithFlash(to: string, message: string, setCookies: string[] = []) {
  const session = await storage.getSession();
  session.flash("message", message);
  const headers = new Headers();
  for (const cookie of setCookies) headers.append("Set-Cookie", cookie);
  headers.append("Set-Cookie", await storage.commitSession(session));
  return redirect(to, { headers });
}

/** Reads (and so clears) the flash message. Returns the message and the Set-Cookie to send. */
export async function readFlash(request: Request) {
  const session = await storage.getSession(request.headers.get("Cookie"));
  const message = session.get("message") ?? null;
  return { message, setCookie: message ? await storage.commitSession(session) : null };
}
