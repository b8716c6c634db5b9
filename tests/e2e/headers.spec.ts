import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { get as httpGet } from "node:http";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import Database from "better-sqlite3";
import config, { E2E_DATABASE } from "../../playwright.config";
import { DEMO, DEMO_PASSWORD, expect, latestMailTo, test } from "./fixtures";

// Security headers and cookies on every kind of response (scripts/http-app.ts, app/auth/lucia.server.ts),
// and that no GET changes data. Plain HTTP through Playwright's request API: no browser page needed.

const serverEnv = (Array.isArray(config.webServer) ? config.webServer[0] : config.webServer)?.env ?? {};
const APP_URL = serverEnv.APP_URL ?? "";
const HTTPS = APP_URL.startsWith("https:");
// As app/utils/env.server.ts decides: COOKIE_SECURE when set, otherwise Secure in production.
const SECURE_COOKIES = serverEnv.COOKIE_SECURE
  ? ["true", "1", "yes"].includes(serverEnv.COOKIE_SECURE)
  : serverEnv.NODE_ENV === "production";

type Client = { label: string; context: APIRequestContext; cookie: string | null };

function setCookies(response: APIResponse) {
  return response
    .headersArray()
    .filter((h) => h.name.toLowerCase() === "set-cookie")
    .map((h) => h.value);
}

function cookieAttributes(line: string) {
  const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
  const at = pair.indexOf("=");
  return {
    name: pair.slice(0, at),
    value: pair.slice(at + 1),
    attributes: new Map(
      attributes.map((a) => {
        const eq = a.indexOf("=");
        return eq < 0 ? [a.toLowerCase(), ""] : [a.slice(0, eq).toLowerCase(), a.slice(eq + 1)];
      }),
    ),
  };
}

/** Signs in through the form as a browser without JavaScript does; returns the sign-in answer too. */
async function signInClient(
  playwright: { request: { newContext: (options: object) => Promise<APIRequestContext> } },
  baseURL: string,
  email: string,
) {
  const signIn = await playwright.request.newContext({ baseURL });
  const response = await signIn.post("/inloggen", {
    form: { email, password: DEMO_PASSWORD, redirectTo: "/" },
    headers: { Origin: baseURL },
    maxRedirects: 0,
  });
  expect(response.status(), `sign-in of ${email}`).toBe(302);
  const lines = setCookies(response);
  await signIn.dispose();
  const session = lines.map(cookieAttributes).find((c) => c.name === "leercirkel_sessie" && c.value);
  expect(session, "a session cookie").toBeTruthy();
  const cookie = `leercirkel_sessie=${session!.value}`;
  // Cookies go along by hand: the request API's jar need not send a Secure cookie over plain http.
  const context = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Cookie: cookie } });
  return { client: { label: email, context, cookie } satisfies Client, lines };
}

function expectSecurityHeaders(response: APIResponse, what: string) {
  const headers = response.headers();
  const csp = headers["content-security-policy"] ?? "";
  expect(csp, `${what}: CSP`).toContain("default-src 'self'");
  expect(csp, `${what}: CSP`).toContain("frame-ancestors 'none'");
  expect(csp, `${what}: CSP`).toContain("object-src 'none'");
  expect(csp, `${what}: CSP`).toContain("base-uri 'self'");
  expect(csp, `${what}: CSP`).toContain("form-action 'self'");
  const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
  expect(scriptSrc, `${what}: script-src`).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(scriptSrc, `${what}: script-src`).not.toContain("'unsafe-inline'");
  expect(scriptSrc, `${what}: script-src`).not.toContain("'unsafe-eval'");
  expect(headers["x-content-type-options"], `${what}: nosniff`).toBe("nosniff");
  expect(headers["x-frame-options"], `${what}: X-Frame-Options`).toBe("DENY");
  expect(headers["referrer-policy"], `${what}: Referrer-Policy`).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"], `${what}: Permissions-Policy`).toContain("camera=()");
  expect(headers["x-powered-by"], `${what}: X-Powered-By`).toBeUndefined();
  if (HTTPS) {
    expect(headers["strict-transport-security"], `${what}: HSTS`).toMatch(/max-age=\d+/);
    expect(csp, `${what}: CSP`).toContain("upgrade-insecure-requests");
  } else {
    // HSTS over plain http would lock browsers out of a local or test installation.
    expect(headers["strict-transport-security"], `${what}: no HSTS over http`).toBeUndefined();
  }
  return scriptSrc.match(/'nonce-([^']+)'/)?.[1] ?? "";
}

/** Every script element of an HTML page carries the response's nonce. */
async function expectScriptsCarryNonce(response: APIResponse, nonce: string, what: string) {
  const html = await response.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length, `${what}: scripts on the page`).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag, `${what}: script without the nonce`).toContain(`nonce="${nonce}"`);
}

function firstId(sql: string): string {
  const db = new Database(E2E_DATABASE, { readonly: true });
  try {
    const row = db.prepare(sql).get() as Record<string, unknown> | undefined;
    if (!row) throw new Error(`no row for: ${sql}`);
    return String(Object.values(row)[0]);
  } finally {
    db.close();
  }
}

test("every kind of response carries the security headers", async ({ request, playwright, baseURL }) => {
  const base = baseURL!;
  const { client: professional } = await signInClient(playwright, base, DEMO.professional);
  const { client: coordinator } = await signInClient(playwright, base, DEMO.coordinator);
  const { client: admin } = await signInClient(playwright, base, DEMO.admin);
  const webinarId = firstId("select id from webinars order by id");

  const home = await request.get("/");
  const asset = (await home.text()).match(/\/assets\/[\w.-]+\.(?:js|css)/)?.[0];
  expect(asset, "an asset linked from the start page").toBeTruthy();

  const cases: { what: string; client: APIRequestContext; path: string; status: number; type: RegExp }[] = [
    { what: "public page", client: request, path: "/", status: 200, type: /^text\/html/ },
    { what: "sign-in page", client: request, path: "/inloggen", status: 200, type: /^text\/html/ },
    { what: "signed-in page", client: professional.context, path: "/account", status: 200, type: /^text\/html/ },
    { what: "admin page", client: admin.context, path: "/beheer/gebruikers", status: 200, type: /^text\/html/ },
    {
      what: "CSV download",
      client: coordinator.context,
      path: "/beheer/leren/export.csv",
      status: 200,
      type: /^text\/csv/,
    },
    {
      what: "calendar file",
      client: request,
      path: `/webinars/${webinarId}/agenda.ics`,
      status: 200,
      type: /^text\/calendar/,
    },
    { what: "health check", client: request, path: "/healthz", status: 200, type: /^text\/plain/ },
    {
      what: "JSON download",
      client: professional.context,
      path: "/account/gegevens.json",
      status: 200,
      type: /^application\/json/,
    },
    {
      what: "data request",
      client: professional.context,
      path: "/webinars.data",
      status: 200,
      type: /^text\/x-script/,
    },
    { what: "404 page", client: request, path: "/pagina-die-niet-bestaat", status: 404, type: /^text\/html/ },
    { what: "static asset", client: request, path: asset!, status: 200, type: /javascript|css/ },
  ];

  const nonces = new Set<string>();
  for (const { what, client, path, status, type } of cases) {
    const response = await client.get(path, { maxRedirects: 0 });
    expect(response.status(), `${what} ${path}`).toBe(status);
    expect(response.headers()["content-type"], `${what} ${path}: content type`).toMatch(type);
    const nonce = expectSecurityHeaders(response, `${what} ${path}`);
    if (type.source.includes("html")) {
      await expectScriptsCarryNonce(response, nonce, `${what} ${path}`);
      nonces.add(nonce);
    }
  }
  expect(nonces.size, "a fresh nonce for every page").toBe(cases.filter((c) => c.type.source.includes("html")).length);

  // Refusals carry the headers too: a form post from another site.
  const foreign = await request.post("/inloggen", {
    form: { email: DEMO.professional, password: DEMO_PASSWORD },
    headers: { Origin: "https://elders.example" },
    maxRedirects: 0,
  });
  expect(foreign.status()).toBe(403);
  expectSecurityHeaders(foreign, "refused cross-site post");

  for (const client of [professional, coordinator, admin]) await client.context.dispose();
});

test("cookies are HttpOnly, SameSite=Lax, Path=/ and Secure as configured", async ({ playwright, baseURL }) => {
  const base = baseURL!;
  const { client, lines } = await signInClient(playwright, base, DEMO.professional);
  const signOut = await client.context.post("/uitloggen", { headers: { Origin: base }, maxRedirects: 0 });
  expect(signOut.status()).toBe(302);
  const all = [...lines, ...setCookies(signOut)].map(cookieAttributes);

  const session = all.find((c) => c.name === "leercirkel_sessie" && c.value);
  const cleared = all.find((c) => c.name === "leercirkel_sessie" && !c.value);
  const flash = all.find((c) => c.name === "leercirkel_melding");
  expect(session, "session cookie at sign-in").toBeTruthy();
  expect(cleared, "cleared session cookie at sign-out").toBeTruthy();
  expect(flash, "flash cookie at sign-out").toBeTruthy();
  // lucia's default session id: 40 characters of base32, not guessable.
  expect(session!.value).toMatch(/^[a-z2-7]{40}$/);
  // It lasts the idle lifetime (SESSION_IDLE_HOURS), never beyond the longest absolute lifetime.
  const maxAge = Number(session!.attributes.get("max-age"));
  expect(maxAge).toBeGreaterThan(0);
  expect(maxAge).toBeLessThanOrEqual(Number(serverEnv.SESSION_ABSOLUTE_DAYS ?? 30) * 24 * 3600);
  expect(Number(cleared!.attributes.get("max-age") ?? 0)).toBe(0);

  for (const cookie of [session!, cleared!, flash!]) {
    const what = `${cookie.name}${cookie.value ? "" : " (cleared)"}`;
    expect(cookie.attributes.has("httponly"), `${what}: HttpOnly`).toBe(true);
    expect(cookie.attributes.get("samesite")?.toLowerCase(), `${what}: SameSite`).toBe("lax");
    expect(cookie.attributes.get("path"), `${what}: Path`).toBe("/");
    expect(cookie.attributes.has("secure"), `${what}: Secure`).toBe(SECURE_COOKIES);
    if (HTTPS) expect(cookie.attributes.has("secure"), `${what}: Secure over https`).toBe(true);
    expect(cookie.attributes.has("domain"), `${what}: no Domain (host-only)`).toBe(false);
  }

  // The session ended on the server, not only in the browser.
  const after = await client.context.get("/account", { maxRedirects: 0 });
  expect(after.status()).toBe(302);
  expect(after.headers().location).toMatch(/^\/inloggen/);
  await client.context.dispose();
});

// ------------------------------------------------------------------------------ GET changes nothing

// Background jobs (webinar and action reminders, check-in invitations) may write at any moment:
// the outbox and the columns they set are left out of the comparison, and so are the sessions.
const SKIP_TABLES = new Set(["sessions", "mail_outbox"]);
const SKIP_COLUMNS = new Set([
  "reminder_day_sent_at",
  "reminder_hour_sent_at",
  "reminder_soon_sent_at",
  "reminder_overdue_sent_at",
  "invited_at",
]);

/** A checksum per table of every row, in a stable order. */
function tableChecksums() {
  const db = new Database(E2E_DATABASE, { readonly: true });
  try {
    const tables = db
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
      .all() as { name: string }[];
    const sums = new Map<string, string>();
    for (const { name } of tables) {
      if (SKIP_TABLES.has(name)) continue;
      const columns = (db.prepare(`pragma table_info("${name}")`).all() as { name: string }[])
        .map((c) => c.name)
        .filter((c) => !SKIP_COLUMNS.has(c));
      const rows = db
        .prepare(`select ${columns.map((c) => `"${c}"`).join(", ")} from "${name}"`)
        .raw()
        .all()
        .map((row) => JSON.stringify(row))
        .sort();
      sums.set(name, createHash("sha256").update(rows.join("\n")).digest("hex"));
    }
    return sums;
  } finally {
    db.close();
  }
}

function changedTables(before: Map<string, string>, after: Map<string, string>) {
  return [...new Set([...before.keys(), ...after.keys()])].filter((t) => before.get(t) !== after.get(t));
}

/** The URL of a flat route file (Remix v2 conventions), with `$param` left in. */
function routeUrl(file: string) {
  const name = file.replace(/\/route\.tsx?$/, "").replace(/\.tsx?$/, "");
  const segments = name.split(/\.(?![^[]*\])/);
  const parts = segments
    .filter((s) => s !== "_index" && !s.startsWith("_"))
    .map((s) => s.replace(/_$/, "").replace(/\[([^\]]*)\]/g, "$1"));
  return `/${parts.join("/")}`;
}

function routesWithAction() {
  const dir = "app/routes";
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = entry.isDirectory()
      ? ["route.tsx", "route.ts"].map((f) => `${entry.name}/${f}`).find((f) => existsSync(join(dir, f)))
      : entry.name;
    if (!file || !/\.tsx?$/.test(file)) continue;
    if (/export\s+(async\s+)?(function|const)\s+action\b/.test(readFileSync(join(dir, file), "utf8"))) files.push(file);
  }
  return files.sort();
}

test("a GET to any route with an action changes nothing in the database", async ({ request, playwright, baseURL }) => {
  test.setTimeout(120_000);
  const base = baseURL!;

  // Real one-time tokens, so that opening a link (as a mail scanner does) is shown not to use one up.
  const tokens: Record<string, string> = { bevestigen: "a".repeat(43), "wachtwoord-herstellen": "b".repeat(43) };
  const email = `kopteksten-${Date.now()}@example.nl`;
  const registered = await request.post("/registreren", {
    form: {
      name: "Koptekst Test",
      email,
      password: "een-lang-wachtwoord",
      organisationId: firstId("select id from organisations order by id"),
      role: "professional",
    },
    headers: { Origin: base },
    maxRedirects: 0,
  });
  if (registered.status() === 302) {
    const link = latestMailTo(email)?.text.match(/\/registreren\/bevestigen\/([A-Za-z0-9_-]+)/);
    if (link) tokens.bevestigen = link[1]!;
  }
  const reset = "ruud.willems@demo.leercirkel.nl";
  await request.post("/wachtwoord-vergeten", { form: { email: reset }, headers: { Origin: base }, maxRedirects: 0 });
  const resetLink = latestMailTo(reset)?.text.match(/\/wachtwoord-herstellen\/([A-Za-z0-9_-]+)/);
  if (resetLink) tokens["wachtwoord-herstellen"] = resetLink[1]!;

  // A value for each parameter, by the path segment before it: a new route with a new parameter
  // needs a line here (the test says which).
  const groupId = firstId("select group_id from group_actions order by id");
  const values: Record<string, () => string> = {
    "actieleergroepen/$id": () => groupId,
    "acties/$actionId": () => firstId(`select id from group_actions where group_id = ${groupId} order by id`),
    "bijeenkomsten/$meetingId": () => firstId(`select id from group_meetings where group_id = ${groupId} order by id`),
    "kaders/$id": () => firstId("select id from group_frames order by id"),
    "bijdragen/$id": () => firstId("select id from contributions order by id"),
    "gebruikers/$id": () => firstId(`select id from users where email_normalized = '${DEMO.professional}'`),
    "organisaties/$id": () => firstId("select id from organisations order by id"),
    "peilingen/$id": () => firstId("select id from polls order by id"),
    "signalen/$id": () => firstId("select id from signals order by id"),
    "themas/$id": () => firstId("select id from themes order by id"),
    "webinars/$id": () => firstId("select id from webinars order by starts_at desc"),
    "leercirkels/$slug": () =>
      firstId("select t.slug from learning_circles c join themes t on t.id = c.theme_id order by c.id"),
    "leren/$slug": () => firstId("select slug from compiled_interventions order by slug"),
    "bevestigen/$token": () => tokens.bevestigen!,
    "wachtwoord-herstellen/$token": () => tokens["wachtwoord-herstellen"]!,
    $: () => "pagina-die-niet-bestaat",
  };
  const urls = routesWithAction().map((file) => {
    const segments = routeUrl(file).split("/");
    return segments
      .map((segment, i) => {
        if (!segment.startsWith("$")) return segment;
        const key = segment === "$" ? "$" : `${segments[i - 1]}/${segment}`;
        const value = values[key];
        if (!value) throw new Error(`${file}: no value for ${key} in tests/e2e/headers.spec.ts`);
        return value();
      })
      .join("/");
  });
  expect(urls.length).toBeGreaterThan(10);

  const clients: Client[] = [{ label: "visitor", context: request, cookie: null }];
  for (const email of [DEMO.professional, DEMO.expert, DEMO.coordinator, DEMO.admin]) {
    clients.push((await signInClient(playwright, base, email)).client);
  }

  const changes: string[] = [];
  for (const url of urls) {
    const before = tableChecksums();
    for (const client of clients) {
      // The document, and the data request a browser with JavaScript makes for it.
      for (const path of [url, `${url === "/" ? "/_root" : url}.data`]) {
        const response = await client.context.get(path, { maxRedirects: 0 });
        expect(response.status(), `GET ${path} as ${client.label}`).toBeLessThan(500);
      }
    }
    const changed = changedTables(before, tableChecksums());
    if (changed.length) changes.push(`GET ${url} changed ${changed.join(", ")}`);
  }
  expect(changes).toEqual([]);

  // GET /uitloggen did not sign anyone out (sessions are left out of the checksums above).
  for (const client of clients.slice(1)) {
    const account = await client.context.get("/account", { maxRedirects: 0 });
    expect(account.status(), `${client.label} still signed in`).toBe(200);
    await client.context.dispose();
  }
});

test("pages come compressed as the client asks: brotli, gzip or not at all, always the same page", async ({
  baseURL,
}) => {
  const get = (encoding: string) =>
    new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      const request = httpGet(`${baseURL}/leren`, { headers: { "Accept-Encoding": encoding } }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({ encoding: response.headers["content-encoding"], body: Buffer.concat(chunks) }),
        );
      });
      request.on("error", reject);
    });
  const brotli = await get("gzip, deflate, br");
  expect(brotli.encoding).toBe("br");
  const gzip = await get("gzip, deflate");
  expect(gzip.encoding).toBe("gzip");
  const plain = await get("identity");
  expect(plain.encoding).toBeUndefined();
  const pages = [brotliDecompressSync(brotli.body), gunzipSync(gzip.body), plain.body].map((page) =>
    // Each response has its own nonce; the rest is the same.
    page.toString("utf8").replace(/nonce="[^"]+"/g, 'nonce=""'),
  );
  expect(pages[0]).toContain("<!DOCTYPE html>");
  expect(pages[1]).toBe(pages[0]);
  expect(pages[2]).toBe(pages[0]);
  // Compressed well enough: a third of the page or less.
  expect(brotli.body.length).toBeLessThan(plain.body.length / 3);
  expect(gzip.body.length).toBeLessThan(plain.body.length / 3);
});
