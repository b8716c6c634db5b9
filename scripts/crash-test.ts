// npx tsx scripts/crash-test.ts [--kills 200] — crash safety (issue #9). Starts the production
// build (node build/serve.js, so run `npm run build` first) on its own port and a fresh database
// with demo data. Clients sign in as a browser would and write through HTTP: they vote in the open
// poll, register for webinars and cancel again, mark parts of modules done and save (and clear)
// reflections. At random moments the server is killed with SIGKILL (now and then while it is still
// starting) and started again on the same database. After every kill, with the server down, the
// database is opened read-only: every write that got a success answer must be in it, and
// `PRAGMA integrity_check` must say ok. A script, not a test: it prints figures and exits 1 on any
// lost write, corruption, failed start or second seeding.
//
// Options: --kills N (200), --clients N (10), --register N (3 accounts registered and confirmed
// through HTTP before the first kill), --port N (3430), --min-up MS (100) and --max-up MS (1500)
// for how long the server runs between kills, --startup-kills FRACTION (0.1) of kills while the
// server starts, --keep to keep the database folder, --seed-kills N (0) to also kill N first starts
// of fresh databases while they seed the demo data, and check that the next start completes it.
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";

const { values: args } = parseArgs({
  options: {
    kills: { type: "string", default: "200" },
    clients: { type: "string", default: "10" },
    register: { type: "string", default: "3" },
    port: { type: "string", default: "3430" },
    "min-up": { type: "string", default: "100" },
    "max-up": { type: "string", default: "1500" },
    "startup-kills": { type: "string", default: "0.1" },
    "seed-kills": { type: "string", default: "0" },
    keep: { type: "boolean", default: false },
  },
});

function numberArg(name: keyof typeof args, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(args[name]);
  if (!Number.isFinite(value) || value < min || value > max) {
    console.error(`--${name} must be a number from ${min} to ${max}.`);
    process.exit(2);
  }
  return value;
}

const KILLS = numberArg("kills", 1);
const CLIENTS = numberArg("clients", 1);
const REGISTER = numberArg("register", 0, 10); // the app allows 10 registrations per hour per address
const PORT = numberArg("port", 1024, 65535);
const MIN_UP = numberArg("min-up", 0);
const MAX_UP = Math.max(MIN_UP, numberArg("max-up", 0));
const STARTUP_KILLS = numberArg("startup-kills", 0, 1);
const SEED_KILLS = numberArg("seed-kills", 0, 100);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const PASSWORD = "leercirkel-demo";
const SERVER = resolve("build/serve.js");
const CONTENT_DIR = resolve(process.env.CONTENT_DIR ?? "content");

if (!existsSync(SERVER) || !existsSync(resolve("build/server/index.js"))) {
  console.error("No build found: run `npm run build` first.");
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), "leercirkel-crash-"));
const DB_PATH = join(dir, "leercirkel.db");
const started = Date.now();

// ------------------------------------------------------------------------------------ figures

const figures = {
  kills: 0,
  startupKills: 0,
  requests: 0,
  serverErrors: 0,
  integrityFailures: 0,
  startFailures: 0,
  reseeds: 0,
  incompleteSeeds: 0,
  checks: 0,
};
const lostIds = new Set<number>();
const problems: string[] = [];
function problem(message: string) {
  if (problems.length < 30) problems.push(message);
  console.error(`  ! ${message}`);
}

// ------------------------------------------------------------------------------------ writes

// Every write a client sends is recorded before it is sent, under a key for the thing it sets
// (one person's ballot in a poll, one registration, one part, one reflection…) and the value the
// thing must have afterwards. Each key belongs to one client, which sends one request at a time,
// so the writes of a key are in the order the server could have applied them.
type WriteKind = "vote" | "webinar" | "part" | "reflection" | "session" | "account" | "confirm";
type Outcome = "acked" | "rejected" | "unknown";
type Write = { id: number; kind: WriteKind; key: string; value: string; outcome: Outcome };
type KeyReader = (db: Database.Database) => string;

const ABSENT = "∅";
const writesByKey = new Map<string, Write[]>();
const readers = new Map<string, KeyReader>();
let nextWriteId = 1;

function record(kind: WriteKind, key: string, value: string, read: KeyReader): Write {
  const write: Write = { id: nextWriteId++, kind, key, value, outcome: "unknown" };
  const list = writesByKey.get(key);
  if (list) list.push(write);
  else writesByKey.set(key, [write]);
  readers.set(key, read);
  return write;
}

function ackedWrites() {
  return [...writesByKey.values()].flat().filter((w) => w.outcome === "acked");
}

/**
 * Checks the database as the crash left it (the server is down): integrity, then every
 * acknowledged write. A write is found when its key holds its value, or the value of a later
 * write of the same key that was sent and not refused (which may have committed after it).
 */
function verify(label: string) {
  figures.checks++;
  const db = new Database(DB_PATH, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") {
      figures.integrityFailures++;
      problem(`${label}: integrity_check says ${String(integrity)}`);
    }
    let found = 0;
    let lost = 0;
    for (const [key, list] of writesByKey) {
      const actual = readers.get(key)!(db);
      list.forEach((write, index) => {
        if (write.outcome !== "acked") return;
        const later = list.slice(index + 1).filter((w) => w.outcome !== "rejected");
        if (actual === write.value || later.some((w) => w.value === actual)) {
          found++;
        } else {
          lost++;
          if (!lostIds.has(write.id)) {
            lostIds.add(write.id);
            problem(`${label}: lost ${write.kind} write #${write.id} ${key}: expected ${write.value}, found ${actual}`);
          }
        }
      });
    }
    return { found, lost };
  } finally {
    db.close();
  }
}

// ------------------------------------------------------------------------------------ the server

// Clients wait at the gate while the server is down.
class Gate {
  private isOpen = false;
  private waiters: (() => void)[] = [];
  open() {
    this.isOpen = true;
    for (const wake of this.waiters.splice(0)) wake();
  }
  close() {
    this.isOpen = false;
  }
  wait(): Promise<void> {
    return this.isOpen ? Promise.resolve() : new Promise((wake) => this.waiters.push(wake));
  }
}
const gate = new Gate();

let child: ChildProcess | null = null;
let serverLog: string[] = [];
let lastStartupMs = 2000;

function startServer(dbPath = DB_PATH) {
  serverLog = [];
  const proc = spawn(process.execPath, [SERVER], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(PORT),
      HOST: "127.0.0.1",
      APP_URL: ORIGIN,
      DATABASE_PATH: dbPath,
      SEED_DEMO: "true",
      DEMO_PASSWORD: PASSWORD,
      LOG_REQUESTS: "false",
      SMTP_URL: "",
      SESSION_SECRET: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) if (line.trim()) serverLog.push(line);
    if (serverLog.length > 200) serverLog.splice(0, serverLog.length - 200);
  };
  proc.stdout?.on("data", keep);
  proc.stderr?.on("data", keep);
  child = proc;
  return proc;
}

function exited(proc: ChildProcess) {
  return proc.exitCode !== null || proc.signalCode !== null;
}

async function waitUntilReady(proc: ChildProcess, timeoutMs = 60_000) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (exited(proc)) return false;
    try {
      const response = await fetch(`${ORIGIN}/healthz`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status === 200) {
        lastStartupMs = Date.now() - start;
        return true;
      }
    } catch {
      // not listening yet
    }
    await sleep(25);
  }
  return false;
}

async function killServer() {
  const proc = child;
  if (!proc) return;
  gate.close();
  if (!exited(proc)) {
    const gone = new Promise((done) => proc.once("exit", done));
    proc.kill("SIGKILL");
    await gone;
  }
  child = null;
}

async function stopServer() {
  const proc = child;
  if (!proc) return;
  gate.close();
  if (!exited(proc)) {
    const gone = new Promise((done) => proc.once("exit", done));
    proc.kill("SIGTERM");
    await gone;
  }
  child = null;
}

/** Starts the server and waits for /healthz; a start that fails is a finding, with its log. */
async function startAndWait(label: string, dbPath = DB_PATH) {
  const proc = startServer(dbPath);
  if (await waitUntilReady(proc)) return true;
  figures.startFailures++;
  problem(`${label}: the server did not start:\n${serverLog.slice(-30).join("\n")}`);
  await killServer();
  return false;
}

// ------------------------------------------------------------------------------------ HTTP

type Answer = { status: number; location: string; cookies: string[]; body: string };

/** One request as the browser sends it; null when the server was not there to answer. */
async function send(path: string, { form, cookie }: { form?: URLSearchParams; cookie?: string | null } = {}) {
  figures.requests++;
  const headers: Record<string, string> = {};
  if (cookie) headers.Cookie = cookie;
  if (form) {
    headers.Origin = ORIGIN;
    headers["Content-Type"] = "application/x-www-form-urlencoded";
  }
  try {
    const response = await fetch(`${ORIGIN}${path}`, {
      method: form ? "POST" : "GET",
      headers,
      body: form?.toString(),
      redirect: "manual",
      signal: AbortSignal.timeout(30_000),
    });
    const body = await response.text();
    if (response.status >= 500) {
      figures.serverErrors++;
      problem(`${response.status} on ${form ? "POST" : "GET"} ${path}: ${body.slice(0, 200)}`);
    }
    return {
      status: response.status,
      location: response.headers.get("location") ?? "",
      cookies: response.headers.getSetCookie(),
      body,
    } satisfies Answer;
  } catch {
    return null;
  }
}

function cookieValue(answer: Answer, name: string): string | null {
  for (const line of answer.cookies) {
    const [pair] = line.split(";");
    const at = pair?.indexOf("=") ?? -1;
    if (pair && at > 0 && pair.slice(0, at) === name) return pair.slice(at + 1);
  }
  return null;
}

/** The flash message a redirect carries (a signed cookie holding base64 JSON). */
function flashOf(answer: Answer): string | null {
  const raw = cookieValue(answer, "leercirkel_melding");
  if (!raw) return null;
  const value = decodeURIComponent(raw);
  const payload = value.slice(0, value.lastIndexOf("."));
  try {
    const data = JSON.parse(Buffer.from(payload, "base64").toString("utf8")) as Record<string, unknown>;
    return typeof data.__flash_message__ === "string" ? data.__flash_message__ : null;
  } catch {
    return null;
  }
}

// ------------------------------------------------------------------------------------ what there is

type Poll = {
  id: number;
  method: "single" | "multiple" | "ranking" | "dots";
  maxChoices: number | null;
  options: number[];
};
type Module = { slug: string; reflections: string[] };
type Account = { email: string; password: string; userId: string };

const PARTS = ["kennis", "toepassen", "ervaring", "afsluiting"] as const;

function readWorld() {
  const db = new Database(DB_PATH, { readonly: true, fileMustExist: true });
  try {
    const now = Date.now();
    const polls = db
      .prepare<[number, number], { id: number; method: Poll["method"]; maxChoices: number | null }>(
        "select id, method, max_choices as maxChoices from polls where audience = 'all' and closed_at is null and opens_at <= ? and closes_at > ?",
      )
      .all(now, now + 3600_000)
      .map((poll) => ({
        ...poll,
        options: db
          .prepare<[number], { id: number }>("select id from poll_options where poll_id = ? and status = 'approved'")
          .all(poll.id)
          .map((o) => o.id),
      }))
      .filter((poll) => poll.options.length >= 2);
    const webinars = db
      .prepare<[number], { id: number }>(
        "select id from webinars where cancelled_at is null and registration_closes_at > ?",
      )
      .all(now + 3600_000)
      .map((w) => w.id);
    const users = new Map(
      db
        .prepare<[], { id: string; email: string }>("select id, email_normalized as email from users")
        .all()
        .map((u) => [u.email, u.id]),
    );
    const organisations = db
      .prepare<[], { id: number }>("select id from organisations order by id")
      .all()
      .map((o) => o.id);
    return { polls, webinars, users, organisations };
  } finally {
    db.close();
  }
}

function readModules(): Module[] {
  const root = join(CONTENT_DIR, "interventions");
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, "index.mdx")))
    .map((entry) => {
      const source = readFileSync(join(root, entry.name, "index.mdx"), "utf8");
      return {
        slug: entry.name,
        reflections: [...source.matchAll(/<Reflectievraag\s+id="([^"]+)"/g)].map((m) => m[1]!),
      };
    });
}

/** What a restart must not create again: the demo data is seeded once. */
function seededCounts(path = DB_PATH): string {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const tables = ["themes", "organisations", "polls", "webinars", "contributions", "action_learning_groups"];
    return tables
      .map((table) => `${table}=${(db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n}`)
      .join(" ");
  } finally {
    db.close();
  }
}

// ------------------------------------------------------------------------------------ clients

const random = (n: number) => Math.floor(Math.random() * n);
const pick = <T>(items: readonly T[]): T => items[random(items.length)]!;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
function shuffle<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
function letters(n: number) {
  return Array.from(randomBytes(n), (b) => String.fromCharCode(97 + (b % 26))).join("");
}

let stopping = false;

function existsReader(sql: string, ...params: (string | number)[]): KeyReader {
  return (db) => (db.prepare(sql).get(...params) ? "exists" : ABSENT);
}

class Client {
  cookie: string | null = null;
  constructor(
    readonly account: Account,
    readonly world: { polls: Poll[]; webinars: number[]; modules: Module[]; secret: string },
  ) {}

  async run() {
    while (!stopping) {
      await gate.wait();
      if (stopping) return;
      const ok = this.cookie ? await this.step() : await this.signIn();
      if (!ok) await sleep(20);
    }
  }

  /** Signs in like a fresh browser (no cookie, so no earlier session is ended). */
  async signIn(): Promise<boolean> {
    const form = new URLSearchParams({ email: this.account.email, password: this.account.password, redirectTo: "/" });
    const answer = await send("/inloggen", { form });
    if (!answer) return false;
    const session = answer.status === 302 ? cookieValue(answer, "leercirkel_sessie") : null;
    if (!session) {
      problem(`sign-in of ${this.account.email} answered ${answer.status}`);
      await sleep(500);
      return false;
    }
    this.cookie = `leercirkel_sessie=${session}`;
    const write = record(
      "session",
      `session|${session}`,
      "exists",
      existsReader("select 1 from sessions where id = ?", session),
    );
    write.outcome = "acked";
    return true;
  }

  async step(): Promise<boolean> {
    const roll = random(100);
    if (roll < 3) return this.signIn();
    if (roll < 33 && this.world.polls.length) return this.vote();
    if (roll < 58 && this.world.webinars.length) return this.webinar();
    if (roll < 78) return this.part();
    return this.reflection();
  }

  /** Sends one form; returns the answer, or null when it could not tell (and then waits for the server). */
  async post(path: string, form: URLSearchParams, write: Write, succeeded: (answer: Answer) => boolean) {
    if (random(5) === 0) await send(path, { cookie: this.cookie }); // the page first, as a browser would
    const answer = await send(path, { form, cookie: this.cookie });
    if (!answer) return false;
    if (answer.status === 302 && answer.location.startsWith("/inloggen")) {
      problem(`session of ${this.account.email} was gone`);
      this.cookie = null;
      write.outcome = "rejected";
      return false;
    }
    write.outcome = succeeded(answer) ? "acked" : answer.status >= 400 && answer.status < 500 ? "rejected" : "unknown";
    if (write.outcome !== "acked")
      problem(`POST ${path} (${write.kind}) answered ${answer.status} ${answer.body.slice(0, 120)}`);
    return true;
  }

  async vote() {
    const poll = pick(this.world.polls);
    const form = new URLSearchParams({ intent: "vote" });
    const points: Record<number, number> = {};
    const options = shuffle(poll.options);
    if (poll.method === "single") {
      form.append("choice", String(options[0]));
      points[options[0]!] = 1;
    } else if (poll.method === "multiple") {
      const chosen = options.slice(0, 1 + random(Math.min(poll.maxChoices ?? options.length, options.length)));
      for (const id of chosen) {
        form.append("choice", String(id));
        points[id] = 1;
      }
    } else if (poll.method === "ranking") {
      const places = Math.min(poll.maxChoices ?? options.length, options.length);
      options.slice(0, places).forEach((id, index) => {
        form.append(`rank-${id}`, String(index + 1));
        points[id] = places - index;
      });
    } else {
      let budget = poll.maxChoices ?? 1;
      for (const id of options) {
        const value = id === options.at(-1) ? budget : random(budget + 1);
        if (value) {
          form.append(`dots-${id}`, String(value));
          points[id] = value;
        }
        budget -= value;
      }
      if (!Object.keys(points).length) {
        form.append(`dots-${options[0]}`, "1");
        points[options[0]!] = 1;
      }
    }
    const key = createHmac("sha256", this.world.secret)
      .update(`ballot:${poll.id}:${this.account.userId}`)
      .digest("base64url");
    const write = record("vote", `vote|${this.account.email}|${poll.id}`, canonical(points), (db) => {
      const row = db
        .prepare<[number, string], { points: string }>(
          "select points from poll_ballots where poll_id = ? and ballot_key = ?",
        )
        .get(poll.id, key);
      return row ? canonical(JSON.parse(row.points) as Record<string, number>) : ABSENT;
    });
    const here = `/peilingen/${poll.id}`;
    return this.post(here, form, write, (a) => a.status === 302 && a.location === here);
  }

  async webinar() {
    const webinarId = pick(this.world.webinars);
    const intent = random(2) === 0 ? "register" : "cancel";
    const write = record(
      "webinar",
      `webinar|${this.account.email}|${webinarId}`,
      intent === "register" ? "in" : "out",
      (db) => {
        const row = db
          .prepare<[number, string], { status: string }>(
            "select status from webinar_registrations where webinar_id = ? and user_id = ?",
          )
          .get(webinarId, this.account.userId);
        return row && row.status !== "cancelled" ? "in" : "out";
      },
    );
    const here = `/webinars/${webinarId}`;
    return this.post(here, new URLSearchParams({ intent }), write, (a) => {
      // "Aanmelden kan niet meer." is a redirect too, but nothing was written.
      return (
        a.status === 302 && a.location === here && flashOf(a) !== null && flashOf(a) !== "Aanmelden kan niet meer."
      );
    });
  }

  async part() {
    const module = pick(this.world.modules);
    const part = pick(PARTS);
    const userId = this.account.userId;
    const write = record(
      "part",
      `part|${this.account.email}|${module.slug}|${part}`,
      "exists",
      existsReader(
        "select 1 from part_progress where user_id = ? and slug = ? and part = ?",
        userId,
        module.slug,
        part,
      ),
    );
    return this.learn(module.slug, new URLSearchParams({ intent: "complete-part", part }), write);
  }

  async reflection() {
    const module = pick(this.world.modules.filter((m) => m.reflections.length));
    const questionId = pick(module.reflections);
    // Now and then an empty answer, which removes the saved one.
    const answer = random(10) === 0 ? "" : `Wat ik anders ga doen: ${letters(6)} ${letters(10)}.`;
    const userId = this.account.userId;
    const write = record(
      "reflection",
      `reflection|${this.account.email}|${module.slug}|${questionId}`,
      answer || ABSENT,
      (db) =>
        db
          .prepare<[string, string, string], { answer: string }>(
            "select answer from reflections where user_id = ? and slug = ? and question_id = ?",
          )
          .get(userId, module.slug, questionId)?.answer ?? ABSENT,
    );
    return this.learn(module.slug, new URLSearchParams({ intent: "save-reflection", questionId, answer }), write);
  }

  /** A module form: half the time as a page without JavaScript (a redirect), half as a fetcher. */
  learn(slug: string, form: URLSearchParams, write: Write) {
    const here = `/leren/${slug}`;
    if (random(2) === 0) {
      return this.post(here, form, write, (a) => a.status === 302 && a.location.startsWith(`${here}#`));
    }
    form.set("fetch", "1");
    return this.post(`${here}.data`, form, write, (a) => a.status === 200 && a.body.includes('"ok",true'));
  }
}

function canonical(points: Record<string, number>) {
  return JSON.stringify(Object.entries(points).sort(([a], [b]) => Number(a) - Number(b)));
}

/** Registers an account through the form and confirms it with the link from the outbox. */
async function registerAccount(index: number, organisationId: number): Promise<Account | null> {
  const email = `crash-${index}-${letters(6)}@example.nl`;
  const password = `${letters(8)}-${letters(8)}`;
  const account = record("account", `account|${email}`, "exists", (db) =>
    db.prepare("select 1 from users where email_normalized = ?").get(email) ? "exists" : ABSENT,
  );
  const form = new URLSearchParams({
    name: `Crash Test ${index}`,
    email,
    password,
    organisationId: String(organisationId),
    role: "professional",
  });
  const answer = await send("/registreren", { form });
  if (!answer || answer.status !== 302 || answer.location !== "/registreren/verstuurd") {
    problem(`registering ${email} answered ${answer?.status ?? "nothing"}`);
    account.outcome = "unknown";
    return null;
  }
  account.outcome = "acked";
  let token: string | undefined;
  for (let attempt = 0; attempt < 50 && !token; attempt++) {
    const db = new Database(DB_PATH, { readonly: true, fileMustExist: true });
    const mail = db
      .prepare<[string], { text: string }>('select text from mail_outbox where "to" = ? order by id desc limit 1')
      .get(email);
    db.close();
    token = mail?.text.match(/\/registreren\/bevestigen\/([A-Za-z0-9_-]+)/)?.[1];
    if (!token) await sleep(100);
  }
  if (!token) {
    problem(`no confirmation mail for ${email}`);
    return null;
  }
  const confirm = record("confirm", `confirm|${email}`, "verified", (db) =>
    db.prepare("select 1 from users where email_normalized = ? and email_verified_at is not null").get(email)
      ? "verified"
      : ABSENT,
  );
  const confirmed = await send(`/registreren/bevestigen/${token}`, { form: new URLSearchParams() });
  if (!confirmed || confirmed.status !== 302) {
    problem(`confirming ${email} answered ${confirmed?.status ?? "nothing"}`);
    return null;
  }
  confirm.outcome = "acked";
  const db = new Database(DB_PATH, { readonly: true, fileMustExist: true });
  const row = db.prepare<[string], { id: string }>("select id from users where email_normalized = ?").get(email);
  db.close();
  return row ? { email, password, userId: row.id } : null;
}

// ------------------------------------------------------------------------------------ the run

const DEMO_EMAILS = [
  "professional@demo.leercirkel.nl",
  "ervaringsdeskundige@demo.leercirkel.nl",
  "coordinator@demo.leercirkel.nl",
  "admin@demo.leercirkel.nl",
  "sanne.devries@demo.leercirkel.nl",
  "ahmed.bakir@demo.leercirkel.nl",
  "lotte.hendriks@demo.leercirkel.nl",
  "ruud.willems@demo.leercirkel.nl",
  "noor.peters@demo.leercirkel.nl",
  "daan.smit@demo.leercirkel.nl",
  "ingrid.bos@demo.leercirkel.nl",
];

function afterKill() {
  const { lost } = verify(`after kill ${figures.kills}`);
  if (figures.kills % 10 === 0 || lost) {
    console.info(
      `kill ${figures.kills}/${KILLS}: ${figures.requests} requests, ${ackedWrites().length} acknowledged writes, ${lostIds.size} lost, ${figures.integrityFailures} integrity failure(s), ${seconds(Date.now() - started)}`,
    );
  }
}

function seconds(ms: number) {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

async function main() {
  console.info(`Crash test: ${KILLS} kills, database ${DB_PATH}, port ${PORT}.`);
  if (!(await startAndWait("first start"))) return finish();
  const world = readWorld();
  const firstStartupMs = lastStartupMs;
  const seeded = seededCounts();
  const secret = readFileSync(join(dir, "session-secret"), "utf8").trim();
  const modules = readModules();
  console.info(
    `Seeded: ${seeded}; ${world.polls.length} open poll(s), ${world.webinars.length} webinar(s) open for registration, ${modules.length} module(s).`,
  );

  const accounts: Account[] = [];
  for (const email of DEMO_EMAILS) {
    const userId = world.users.get(email);
    if (userId) accounts.push({ email, password: PASSWORD, userId });
  }
  for (let i = 0; i < REGISTER; i++) {
    const account = await registerAccount(i + 1, world.organisations[i % world.organisations.length]!);
    if (account) accounts.push(account);
  }
  const clients = shuffle(accounts)
    .slice(0, CLIENTS)
    .map((account) => new Client(account, { polls: world.polls, webinars: world.webinars, modules, secret }));
  console.info(
    `${clients.length} client(s), each as its own account (${accounts.length - DEMO_EMAILS.length} registered here).`,
  );

  gate.open();
  const running = clients.map((client) => client.run());

  while (figures.kills < KILLS) {
    await sleep(MIN_UP + random(MAX_UP - MIN_UP + 1));
    await killServer();
    figures.kills++;
    afterKill();
    // Now and then the next start is killed too, at a random moment before it answers.
    if (figures.kills < KILLS && Math.random() < STARTUP_KILLS) {
      startServer();
      await sleep(random(lastStartupMs));
      await killServer();
      figures.kills++;
      figures.startupKills++;
      afterKill();
    }
    if (!(await startAndWait(`restart after kill ${figures.kills}`))) break;
    const seededAgain = serverLog.find((line) => line.startsWith("Seeded"));
    const counts = seededCounts();
    if (seededAgain || counts !== seeded) {
      figures.reseeds++;
      problem(`restart after kill ${figures.kills} seeded again: ${seededAgain ?? ""} ${seeded} -> ${counts}`);
    }
    gate.open();
  }

  // The last crash, under load like the others; then a clean start and stop must leave it all.
  stopping = true;
  await killServer();
  gate.open();
  await Promise.all(running);
  verify("after the last kill");
  if (await startAndWait("final start")) {
    await stopServer();
  }
  const final = verify("after the final stop");
  await seedKills(seeded, firstStartupMs);
  return finish(final);
}

/**
 * Kills first starts of fresh databases at a random moment (while they migrate and seed), starts
 * them again, and compares what was seeded with an uninterrupted first start.
 */
async function seedKills(reference: string, firstStartupMs: number) {
  for (let i = 1; i <= SEED_KILLS; i++) {
    const path = join(dir, `seed-${i}`, "leercirkel.db");
    startServer(path);
    const at = random(firstStartupMs);
    await sleep(at);
    await killServer();
    if (!(await startAndWait(`start after killing first start ${i}`, path))) continue;
    await stopServer();
    const counts = seededCounts(path);
    if (counts !== reference) {
      figures.incompleteSeeds++;
      problem(`first start killed after ${at} ms: the next start left ${counts} (uninterrupted: ${reference})`);
    }
  }
}

function finish(final?: { found: number; lost: number }) {
  const acked = ackedWrites();
  const byKind = new Map<WriteKind, number>();
  for (const write of acked) byKind.set(write.kind, (byKind.get(write.kind) ?? 0) + 1);
  const failed =
    lostIds.size > 0 ||
    figures.integrityFailures > 0 ||
    figures.startFailures > 0 ||
    figures.reseeds > 0 ||
    figures.incompleteSeeds > 0 ||
    !final;
  const rows: [string, string | number][] = [
    ["kills (SIGKILL)", `${figures.kills} (${figures.startupKills} while starting)`],
    ["integrity checks", figures.checks],
    ["requests sent", figures.requests],
    ["acknowledged writes", `${acked.length} (${[...byKind].map(([kind, n]) => `${kind} ${n}`).join(", ")})`],
    ["acknowledged writes found", final?.found ?? "-"],
    ["lost writes", lostIds.size],
    ["integrity failures", figures.integrityFailures],
    ["failed starts", figures.startFailures],
    ["seeded again", figures.reseeds],
    ...(SEED_KILLS ? [["incomplete seeds", `${figures.incompleteSeeds} of ${SEED_KILLS}`] as [string, string]] : []),
    ["5xx answers", figures.serverErrors],
    ["wall time", seconds(Date.now() - started)],
  ];
  console.info("\nCrash test results");
  for (const [label, value] of rows) console.info(`  ${label.padEnd(27)} ${value}`);
  if (problems.length) console.info(`\nFirst problems:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  if (failed) {
    console.error(`\nFAILED. The database is kept in ${dir}.`);
  } else {
    console.info("\nOK: every acknowledged write survived every kill.");
    if (!args.keep) rmSync(dir, { recursive: true, force: true });
    else console.info(`The database is kept in ${dir}.`);
  }
  process.exitCode = failed ? 1 : 0;
}

process.on("exit", () => {
  if (child && !exited(child)) child.kill("SIGKILL");
});
process.on("SIGINT", () => {
  if (child && !exited(child)) child.kill("SIGKILL");
  process.exit(130);
});

await main();
