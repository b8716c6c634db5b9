import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { db, type Db } from "@db/client.server";
import {
  certificates,
  organisations,
  polls,
  themes,
  users,
  webinarEvaluations,
  webinarRegistrations,
  webinars,
  type Webinar,
} from "@db/schema";
import { getInterventions } from "~/mdx/registry.server";
import { toCsv } from "~/utils/csv";
import { env } from "~/utils/env.server";
import { formatDateTime, formatPeriod } from "~/utils/dates";
import { ORGANISATION_KIND_LABELS } from "~/utils/labels";
import { calendarIcs, icsAttachment, type CalendarEvent, type IcsMethod } from "~/utils/ics.server";
import { recordAudit } from "./audit.server";
import { listOpenGroupsOfTheme } from "./group.server";
import { enqueueMail, renderMail } from "./mail.server";
import { listThemes, themeExists } from "./theme.server";
import { findCertificateCode, newCertificateCode } from "./progress.server";
import { normalizeEmail, type UserProfile } from "./user.server";
import type { WebinarEvaluationInput, WebinarInput } from "./webinar.schema";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** The join link shows from this long before the start. */
export const JOIN_LINK_LEAD_MS = 30 * 60_000;

// ---------------------------------------------------------------- calendar files

function webinarEvent(webinar: Webinar, method?: IcsMethod): CalendarEvent {
  return {
    uid: webinar.uid,
    sequence: webinar.sequence,
    start: webinar.startsAt,
    end: webinar.endsAt,
    stamp: webinar.updatedAt,
    summary: webinar.title,
    description: `${webinar.description}\n\nDe link om deel te nemen staat vanaf 30 minuten voor het begin op ${env.appUrl}/webinars/${webinar.id}`,
    url: `${env.appUrl}/webinars/${webinar.id}`,
    method: method ?? (webinar.cancelledAt ? "CANCEL" : "REQUEST"),
  };
}

/**
 * The webinar as an RFC 5545 calendar: one event with a UID that never changes, a SEQUENCE raised
 * with every change, and METHOD:CANCEL once cancelled.
 */
export function webinarIcs(webinar: Webinar, method?: IcsMethod) {
  return calendarIcs(webinarEvent(webinar, method));
}

function webinarAttachment(webinar: Webinar) {
  return icsAttachment(webinarEvent(webinar), "webinar.ics");
}

// ---------------------------------------------------------------- coordinators

/** What the planning form offers: themes, modules to go deeper with, and polls to attach. */
export async function webinarFormChoices() {
  const { list } = await getInterventions();
  return {
    themes: listThemes().map((t) => ({ id: t.id, name: t.name })),
    modules: list.map((m) => ({ slug: m.slug, title: m.frontmatter.title })),
    polls: db
      .select({ id: polls.id, question: polls.question })
      .from(polls)
      .orderBy(desc(polls.opensAt), desc(polls.id))
      .all(),
  };
}

/** The related modules that exist, with their titles, in the order the coordinator chose. */
export async function relatedModules(webinar: Pick<Webinar, "modules">) {
  const { bySlug } = await getInterventions();
  return webinar.modules.flatMap((slug) => {
    const found = bySlug.get(slug);
    return found ? [{ slug, title: found.frontmatter.title, duration: found.frontmatter.duration }] : [];
  });
}

export type WebinarSaveResult =
  | { status: "ok"; id: number; mailed: boolean }
  | { status: "not-found" }
  | { status: "invalid"; field: "themeId" | "pollId"; message: string };

/** A theme or poll chosen in the form that no longer exists (deleted meanwhile, or a forged id). */
function invalidReference(tx: Tx, input: WebinarInput): Extract<WebinarSaveResult, { status: "invalid" }> | null {
  if (!themeExists(tx, input.themeId)) {
    return { status: "invalid", field: "themeId", message: "Dit thema bestaat niet (meer)." };
  }
  if (input.pollId && !tx.select({ id: polls.id }).from(polls).where(eq(polls.id, input.pollId)).get()) {
    return { status: "invalid", field: "pollId", message: "Deze peiling bestaat niet (meer)." };
  }
  return null;
}

export function createWebinar({ actorId, input }: { actorId: string; input: WebinarInput }): WebinarSaveResult {
  return db.transaction((tx): WebinarSaveResult => {
    const invalid = invalidReference(tx, input);
    if (invalid) return invalid;
    const row = tx
      .insert(webinars)
      .values({
        uid: `${randomUUID()}@leercirkel`,
        title: input.title,
        themeId: input.themeId ?? null,
        description: input.description,
        speakers: input.speakers,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        capacity: input.capacity,
        registrationClosesAt: input.registrationClosesAt ?? input.startsAt,
        joinUrl: input.joinUrl,
        modules: input.modules,
        pollId: input.pollId ?? null,
        createdBy: actorId,
      })
      .returning({ id: webinars.id })
      .get();
    recordAudit(tx, { actorId, action: "webinar.create", targetType: "webinar", targetId: row.id });
    return { status: "ok", id: row.id, mailed: false };
  });
}

/** Upcoming (soonest first) and past (latest first) webinars, optionally of one theme. */
export function listWebinars({ themeId, now = new Date() }: { themeId?: number; now?: Date } = {}) {
  const rows = db
    .select({
      webinar: webinars,
      themeName: themes.name,
      taken: sql<number>`(select count(*) from ${webinarRegistrations} r where r.webinar_id = ${webinars.id} and r.status = 'registered')`,
    })
    .from(webinars)
    .leftJoin(themes, eq(themes.id, webinars.themeId))
    .where(themeId ? eq(webinars.themeId, themeId) : sql`1`)
    .orderBy(asc(webinars.startsAt))
    .all()
    .map((r) => ({ ...r.webinar, themeName: r.themeName, placesLeft: Math.max(0, r.webinar.capacity - r.taken) }));
  return {
    upcoming: rows.filter((w) => w.endsAt > now),
    past: rows.filter((w) => w.endsAt <= now).reverse(),
  };
}

function activeRegistrants(tx: Tx, webinarId: number) {
  return tx
    .select({ userId: webinarRegistrations.userId, status: webinarRegistrations.status })
    .from(webinarRegistrations)
    .where(and(eq(webinarRegistrations.webinarId, webinarId), sql`${webinarRegistrations.status} <> 'cancelled'`))
    .all();
}

function changeMail(tx: Tx, webinar: Webinar, userId: string, status: string, kind: "changed" | "cancelled") {
  const to = person(tx, userId);
  if (!to) return;
  const when = formatPeriod(webinar.startsAt, webinar.endsAt);
  enqueueMail(tx, {
    to: to.email,
    subject: kind === "cancelled" ? `Gaat niet door: ${webinar.title}` : `Gewijzigd: ${webinar.title}`,
    ...renderMail({
      greeting: `Beste ${to.name},`,
      paragraphs: [
        kind === "cancelled"
          ? `Het webinar "${webinar.title}" gaat helaas niet door. In de bijlage staat de afzegging voor je agenda.`
          : `Het webinar "${webinar.title}" is gewijzigd: het is nu op ${when}. In de bijlage staat de bijgewerkte agenda-afspraak.`,
      ],
      action: { label: "Naar het webinar", url: `${env.appUrl}/webinars/${webinar.id}` },
    }),
    // Only those with a place have it in their agenda.
    attachments: status === "registered" ? [webinarAttachment(webinar)] : [],
  });
}

/**
 * Changes a webinar. A change of time, title or place of meeting raises the calendar SEQUENCE and
 * mails everyone registered or waiting, with the updated calendar file; reminders are sent again
 * for the new time.
 */
export function updateWebinar({
  actorId,
  id,
  input,
  now = new Date(),
}: {
  actorId: string;
  id: number;
  input: WebinarInput;
  now?: Date;
}): WebinarSaveResult {
  return db.transaction((tx): WebinarSaveResult => {
    const before = tx.select().from(webinars).where(eq(webinars.id, id)).get();
    if (!before || before.cancelledAt) return { status: "not-found" };
    const invalid = invalidReference(tx, input);
    if (invalid) return invalid;
    const rescheduled =
      before.startsAt.getTime() !== input.startsAt.getTime() || before.endsAt.getTime() !== input.endsAt.getTime();
    // After the webinar nobody needs a new calendar entry (a title fixed for the certificate, say).
    const noticeable =
      before.endsAt > now && (rescheduled || before.title !== input.title || before.joinUrl !== input.joinUrl);
    const after = tx
      .update(webinars)
      .set({
        title: input.title,
        themeId: input.themeId ?? null,
        description: input.description,
        speakers: input.speakers,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        capacity: input.capacity,
        registrationClosesAt: input.registrationClosesAt ?? input.startsAt,
        joinUrl: input.joinUrl,
        modules: input.modules,
        pollId: input.pollId ?? null,
        sequence: noticeable ? before.sequence + 1 : before.sequence,
        updatedAt: new Date(),
      })
      .where(eq(webinars.id, id))
      .returning()
      .get();
    if (rescheduled) {
      tx.update(webinarRegistrations)
        .set({ reminderDaySentAt: null, reminderHourSentAt: null })
        .where(eq(webinarRegistrations.webinarId, id))
        .run();
    }
    if (noticeable) for (const r of activeRegistrants(tx, id)) changeMail(tx, after, r.userId, r.status, "changed");
    recordAudit(tx, {
      actorId,
      action: "webinar.update",
      targetType: "webinar",
      targetId: id,
      details: { rescheduled },
    });
    return { status: "ok", id, mailed: noticeable };
  });
}

/** Cancels a webinar: everyone registered or waiting gets a mail, the registered with METHOD:CANCEL. */
export function cancelWebinar({ actorId, id, now = new Date() }: { actorId: string; id: number; now?: Date }) {
  return db.transaction((tx) => {
    const after = tx
      .update(webinars)
      .set({ cancelledAt: now, sequence: sql`${webinars.sequence} + 1`, updatedAt: now })
      .where(and(eq(webinars.id, id), sql`${webinars.cancelledAt} is null`, sql`${webinars.endsAt} > ${now.getTime()}`))
      .returning()
      .get();
    // Already cancelled, or already held: a held webinar stays in the record.
    if (!after) return { status: "not-found" as const };
    for (const r of activeRegistrants(tx, id)) changeMail(tx, after, r.userId, r.status, "cancelled");
    recordAudit(tx, { actorId, action: "webinar.cancel", targetType: "webinar", targetId: id });
    return { status: "ok" as const };
  });
}

export function getWebinar(id: number) {
  return db.select().from(webinars).where(eq(webinars.id, id)).get();
}

function person(tx: Tx, userId: string) {
  return tx.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, userId)).get();
}

function placesTaken(tx: Tx, webinarId: number) {
  return (
    tx
      .select({ count: sql<number>`count(*)` })
      .from(webinarRegistrations)
      .where(and(eq(webinarRegistrations.webinarId, webinarId), eq(webinarRegistrations.status, "registered")))
      .get()?.count ?? 0
  );
}

/** The place on the waitlist (1 is next), or null when not waiting. */
export function placesLeft(webinarId: number) {
  const webinar = getWebinar(webinarId);
  if (!webinar) return 0;
  return Math.max(0, webinar.capacity - db.transaction((tx) => placesTaken(tx, webinarId)));
}

export function waitlistPosition(webinarId: number, userId: string) {
  const rows = db
    .select({ userId: webinarRegistrations.userId })
    .from(webinarRegistrations)
    .where(and(eq(webinarRegistrations.webinarId, webinarId), eq(webinarRegistrations.status, "waitlisted")))
    .orderBy(asc(webinarRegistrations.queuedAt), asc(webinarRegistrations.id))
    .all();
  const index = rows.findIndex((r) => r.userId === userId);
  return index === -1 ? null : index + 1;
}

export function getRegistration(webinarId: number, userId: string) {
  return db
    .select()
    .from(webinarRegistrations)
    .where(and(eq(webinarRegistrations.webinarId, webinarId), eq(webinarRegistrations.userId, userId)))
    .get();
}

function confirmationMail(tx: Tx, webinar: Webinar, userId: string, kind: "registered" | "waitlisted" | "promoted") {
  const to = person(tx, userId);
  if (!to) return;
  const when = formatPeriod(webinar.startsAt, webinar.endsAt);
  const text = {
    registered: `Je bent aangemeld voor het webinar "${webinar.title}" op ${when}. In de bijlage staat een agenda-afspraak.`,
    waitlisted: `Het webinar "${webinar.title}" (${when}) is vol. Je staat op de wachtlijst; komt er een plaats vrij, dan krijg je die automatisch en hoor je het van ons.`,
    promoted: `Er is een plaats vrijgekomen: je bent nu aangemeld voor het webinar "${webinar.title}" op ${when}. In de bijlage staat een agenda-afspraak.`,
  }[kind];
  enqueueMail(tx, {
    to: to.email,
    subject: kind === "waitlisted" ? `Wachtlijst: ${webinar.title}` : `Aangemeld: ${webinar.title}`,
    ...renderMail({
      greeting: `Beste ${to.name},`,
      paragraphs: [
        text,
        "De link om deel te nemen staat vanaf 30 minuten voor het begin op de pagina van het webinar.",
      ],
      action: { label: "Naar het webinar", url: `${env.appUrl}/webinars/${webinar.id}` },
    }),
    attachments: kind === "waitlisted" ? [] : [webinarAttachment(webinar)],
  });
}

export type RegisterResult =
  { status: "registered" | "waitlisted"; already: boolean } | { status: "not-found" } | { status: "closed" };

/**
 * Registers a person: a place while there is one, else the waitlist. One IMMEDIATE transaction
 * counts the places and writes the registration, so two people (or one person twice) at once can
 * never take more places than there are.
 */
export function registerForWebinar({
  webinarId,
  user,
  now = new Date(),
}: {
  webinarId: number;
  user: Pick<UserProfile, "id">;
  now?: Date;
}): RegisterResult {
  return db.transaction(
    (tx): RegisterResult => {
      const webinar = tx.select().from(webinars).where(eq(webinars.id, webinarId)).get();
      if (!webinar) return { status: "not-found" };
      if (webinar.cancelledAt || now >= webinar.registrationClosesAt) return { status: "closed" };
      const existing = tx
        .select()
        .from(webinarRegistrations)
        .where(and(eq(webinarRegistrations.webinarId, webinarId), eq(webinarRegistrations.userId, user.id)))
        .get();
      if (existing && existing.status !== "cancelled") return { status: existing.status, already: true };
      const status = placesTaken(tx, webinarId) < webinar.capacity ? "registered" : "waitlisted";
      if (existing) {
        tx.update(webinarRegistrations)
          .set({ status, queuedAt: now, cancelledAt: null, promotedAt: null })
          .where(eq(webinarRegistrations.id, existing.id))
          .run();
      } else {
        tx.insert(webinarRegistrations).values({ webinarId, userId: user.id, status, queuedAt: now }).run();
      }
      confirmationMail(tx, webinar, user.id, status);
      return { status, already: false };
    },
    { behavior: "immediate" },
  );
}

/**
 * When a place is free in a webinar still to come, the first on the waitlist gets it and is mailed
 * (with the calendar file). Returns who was promoted. Runs inside the caller's transaction: a
 * cancellation, or the erasure of an account (app/models/privacy.server.ts).
 */
export function promoteFromWaitlist(tx: Tx, webinar: Webinar, now: Date): string | null {
  if (webinar.cancelledAt || now >= webinar.startsAt || placesTaken(tx, webinar.id) >= webinar.capacity) return null;
  const next = tx
    .select({ id: webinarRegistrations.id, userId: webinarRegistrations.userId })
    .from(webinarRegistrations)
    .where(and(eq(webinarRegistrations.webinarId, webinar.id), eq(webinarRegistrations.status, "waitlisted")))
    .orderBy(asc(webinarRegistrations.queuedAt), asc(webinarRegistrations.id))
    .limit(1)
    .get();
  if (!next) return null;
  tx.update(webinarRegistrations)
    .set({ status: "registered", promotedAt: now })
    .where(eq(webinarRegistrations.id, next.id))
    .run();
  confirmationMail(tx, webinar, next.userId, "promoted");
  return next.userId;
}

/** Cancels a registration; a freed place goes to the first on the waitlist, who is mailed. */
export function cancelRegistration({
  webinarId,
  userId,
  now = new Date(),
}: {
  webinarId: number;
  userId: string;
  now?: Date;
}) {
  return db.transaction(
    (tx) => {
      const webinar = tx.select().from(webinars).where(eq(webinars.id, webinarId)).get();
      if (!webinar) return { status: "not-found" as const };
      const cancelled = tx
        .update(webinarRegistrations)
        .set({ status: "cancelled", cancelledAt: now })
        .where(
          and(
            eq(webinarRegistrations.webinarId, webinarId),
            eq(webinarRegistrations.userId, userId),
            sql`${webinarRegistrations.status} <> 'cancelled'`,
          ),
        )
        .returning({ previous: sql<string>`'x'` })
        .get();
      if (!cancelled) return { status: "not-registered" as const };
      return { status: "ok" as const, promoted: promoteFromWaitlist(tx, webinar, now) };
    },
    { behavior: "immediate" },
  );
}

/** The join link is for registered people, from 30 minutes before the start until the end. */
export function canSeeJoinLink(
  webinar: Pick<Webinar, "startsAt" | "endsAt" | "cancelledAt">,
  registration: { status: string } | undefined,
  now = new Date(),
) {
  if (!registration || registration.status !== "registered" || webinar.cancelledAt) return false;
  return now.getTime() >= webinar.startsAt.getTime() - JOIN_LINK_LEAD_MS && now < webinar.endsAt;
}

// ---------------------------------------------------------------- reminders

const REMINDERS = {
  day: { before: 24 * 3600_000, column: webinarRegistrations.reminderDaySentAt, label: "morgen" },
  hour: { before: 3600_000, column: webinarRegistrations.reminderHourSentAt, label: "over een uur" },
} as const;

/**
 * Queues the reminder mails that are due: 24 hours and 1 hour before the start, each once per
 * registration. The claim is an UPDATE … WHERE not yet sent RETURNING, so a second run (another
 * process, or after a restart) finds nothing to send twice.
 */
export function sendDueReminders(now = new Date()) {
  let queued = 0;
  for (const [kind, reminder] of Object.entries(REMINDERS) as [
    keyof typeof REMINDERS,
    (typeof REMINDERS)[keyof typeof REMINDERS],
  ][]) {
    db.transaction((tx) => {
      const due = tx
        .update(webinarRegistrations)
        .set(kind === "day" ? { reminderDaySentAt: now } : { reminderHourSentAt: now })
        .where(
          and(
            eq(webinarRegistrations.status, "registered"),
            sql`${reminder.column} is null`,
            sql`${webinarRegistrations.webinarId} in (select id from ${webinars} where cancelled_at is null and starts_at > ${now.getTime()} and starts_at <= ${now.getTime() + reminder.before})`,
          ),
        )
        .returning({ webinarId: webinarRegistrations.webinarId, userId: webinarRegistrations.userId })
        .all();
      for (const row of due) {
        const webinar = tx.select().from(webinars).where(eq(webinars.id, row.webinarId)).get();
        const to = person(tx, row.userId);
        if (!webinar || !to) continue;
        // A reminder for a webinar an hour away is the day reminder too: send only the nearest one.
        if (kind === "day" && webinar.startsAt.getTime() - now.getTime() <= REMINDERS.hour.before) continue;
        enqueueMail(tx, {
          to: to.email,
          subject: `Herinnering: ${webinar.title} begint ${reminder.label}`,
          ...renderMail({
            greeting: `Beste ${to.name},`,
            paragraphs: [
              `Het webinar "${webinar.title}" begint ${reminder.label}, op ${formatDateTime(webinar.startsAt)}.`,
              "De link om deel te nemen staat vanaf 30 minuten voor het begin op de pagina van het webinar.",
            ],
            action: { label: "Naar het webinar", url: `${env.appUrl}/webinars/${webinar.id}` },
          }),
        });
        queued++;
      }
    });
  }
  return queued;
}

// ---------------------------------------------------------------- after the webinar

/** Whether the webinar has ended (attendance, materials and the after-webinar mail come then). */
export function hasEnded(webinar: Pick<Webinar, "endsAt" | "cancelledAt">, now = new Date()) {
  return !webinar.cancelledAt && webinar.endsAt <= now;
}

/** Everyone who registered, waited or cancelled, with their attendance and evaluation, for the coordinator. */
export function listRegistrations(webinarId: number) {
  return db
    .select({
      userId: webinarRegistrations.userId,
      name: users.name,
      email: users.email,
      organisation: organisations.name,
      organisationKind: organisations.kind,
      region: organisations.region,
      status: webinarRegistrations.status,
      queuedAt: webinarRegistrations.queuedAt,
      attended: webinarRegistrations.attended,
      followUpSentAt: webinarRegistrations.followUpSentAt,
      grade: webinarEvaluations.grade,
    })
    .from(webinarRegistrations)
    .innerJoin(users, eq(users.id, webinarRegistrations.userId))
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .leftJoin(
      webinarEvaluations,
      and(
        eq(webinarEvaluations.webinarId, webinarRegistrations.webinarId),
        eq(webinarEvaluations.userId, webinarRegistrations.userId),
      ),
    )
    .where(eq(webinarRegistrations.webinarId, webinarId))
    .orderBy(asc(users.name), asc(users.id))
    .all();
}

export function setWebinarMaterials({
  actorId,
  id,
  recordingUrl,
  slidesUrl,
}: {
  actorId: string;
  id: number;
  recordingUrl?: string;
  slidesUrl?: string;
}) {
  return db.transaction((tx) => {
    const row = tx
      .update(webinars)
      .set({ recordingUrl: recordingUrl ?? null, slidesUrl: slidesUrl ?? null, updatedAt: new Date() })
      .where(and(eq(webinars.id, id), sql`${webinars.cancelledAt} is null`))
      .returning({ id: webinars.id })
      .get();
    if (!row) return { status: "not-found" as const };
    recordAudit(tx, { actorId, action: "webinar.materials", targetType: "webinar", targetId: id });
    return { status: "ok" as const };
  });
}

/**
 * Attendance marked by hand: of the people shown in the list, those ticked were there and the
 * others were not. People not in the list keep what they had (someone added from a file meanwhile).
 */
export function markAttendance({
  actorId,
  webinarId,
  shown,
  present,
  now = new Date(),
}: {
  actorId: string;
  webinarId: number;
  shown: string[];
  present: string[];
  now?: Date;
}) {
  return db.transaction((tx) => {
    const webinar = tx.select().from(webinars).where(eq(webinars.id, webinarId)).get();
    if (!webinar || webinar.cancelledAt) return { status: "not-found" as const };
    if (webinar.startsAt > now) return { status: "not-started" as const };
    const presentSet = new Set(present);
    let marked = 0;
    const touched: string[] = [];
    for (const userId of new Set(shown)) {
      const attended = presentSet.has(userId);
      const changed = tx
        .update(webinarRegistrations)
        .set({ attended })
        .where(
          and(
            eq(webinarRegistrations.webinarId, webinarId),
            eq(webinarRegistrations.userId, userId),
            // Only people with a place could join; a cancelled registration stays cancelled.
            eq(webinarRegistrations.status, "registered"),
          ),
        )
        .returning({ userId: webinarRegistrations.userId })
        .get();
      if (changed) touched.push(changed.userId);
      if (changed && attended) marked++;
    }
    recordAudit(tx, {
      actorId,
      action: "webinar.attendance",
      targetType: "webinar",
      targetId: webinarId,
      details: { present: marked },
      people: touched,
    });
    return { status: "ok" as const, present: marked };
  });
}

const EMAIL_PATTERN = /[a-z0-9._%+'-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/gi;

/**
 * The e-mail addresses in a participant list as meeting tools export it: Teams writes UTF-16 with
 * tabs, Zoom UTF-8 with commas, others semicolons. Reading addresses wherever they stand in the
 * file works for all of them without knowing the columns.
 */
export function emailsInParticipantList(bytes: Uint8Array) {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder("utf-16le").decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder("utf-16be").decode(bytes.subarray(2));
  else text = new TextDecoder("utf-8").decode(bytes);
  return [...new Set((text.match(EMAIL_PATTERN) ?? []).map((e) => e.toLowerCase()))];
}

export type AttendanceImport =
  | { status: "not-found" | "not-started" | "no-addresses" }
  | {
      status: "ok";
      found: number;
      marked: number;
      added: { name: string; email: string }[];
      unknown: string[];
    };

/**
 * Marks as present everyone in the meeting tool's participant list. Someone who took part without
 * registering (a forwarded link) but has an account is added as a registered attendee, and named
 * in the result so the coordinator can check; addresses without an account are listed, not stored.
 */
export function importAttendance({
  actorId,
  webinarId,
  bytes,
  now = new Date(),
}: {
  actorId: string;
  webinarId: number;
  bytes: Uint8Array;
  now?: Date;
}): AttendanceImport {
  const emails = emailsInParticipantList(bytes);
  return db.transaction((tx): AttendanceImport => {
    const webinar = tx.select().from(webinars).where(eq(webinars.id, webinarId)).get();
    if (!webinar || webinar.cancelledAt) return { status: "not-found" };
    if (webinar.startsAt > now) return { status: "not-started" };
    if (!emails.length) return { status: "no-addresses" };
    let marked = 0;
    const markedIds: string[] = [];
    const added: { name: string; email: string }[] = [];
    const unknown: string[] = [];
    for (const email of emails) {
      const user = tx
        .select({ id: users.id, name: users.name, email: users.email })
        .from(users)
        .where(eq(users.emailNormalized, normalizeEmail(email)))
        .get();
      if (!user) {
        unknown.push(email);
        continue;
      }
      // The organiser's own address is in every list they export; the organiser is no attendee.
      if (user.id === webinar.createdBy) continue;
      const existing = tx
        .select({ id: webinarRegistrations.id, status: webinarRegistrations.status })
        .from(webinarRegistrations)
        .where(and(eq(webinarRegistrations.webinarId, webinarId), eq(webinarRegistrations.userId, user.id)))
        .get();
      if (existing?.status === "registered") {
        tx.update(webinarRegistrations).set({ attended: true }).where(eq(webinarRegistrations.id, existing.id)).run();
      } else if (existing) {
        tx.update(webinarRegistrations)
          .set({ status: "registered", attended: true, cancelledAt: null })
          .where(eq(webinarRegistrations.id, existing.id))
          .run();
        added.push({ name: user.name, email: user.email });
      } else {
        tx.insert(webinarRegistrations)
          .values({ webinarId, userId: user.id, status: "registered", queuedAt: now, attended: true })
          .run();
        added.push({ name: user.name, email: user.email });
      }
      marked++;
      markedIds.push(user.id);
    }
    recordAudit(tx, {
      actorId,
      action: "webinar.attendance-import",
      targetType: "webinar",
      targetId: webinarId,
      details: { found: emails.length, marked, added: added.length, unknown: unknown.length },
      people: markedIds,
    });
    return { status: "ok", found: emails.length, marked, added, unknown };
  });
}

export type FollowUpDeepening = {
  modules: { slug: string; title: string }[];
  poll: { id: number; question: string } | null;
  groups: { id: number; name: string }[];
};

/** Where attendees go deeper: the related modules, the attached poll, and the theme's groups. */
export async function webinarDeepening(
  webinar: Pick<Webinar, "modules" | "pollId" | "themeId">,
): Promise<FollowUpDeepening> {
  const poll = webinar.pollId
    ? db.select({ id: polls.id, question: polls.question }).from(polls).where(eq(polls.id, webinar.pollId)).get()
    : undefined;
  return {
    modules: await relatedModules(webinar),
    poll: poll ?? null,
    groups: webinar.themeId ? listOpenGroupsOfTheme(webinar.themeId) : [],
  };
}

/**
 * The after-webinar mail to every attendee who has not had it: the recording and slides, the
 * evaluation, the certificate, and the invitation to go deeper. Each attendee is claimed once
 * (follow_up_sent_at), so sending again later reaches only attendees marked since.
 */
export function sendFollowUp({
  actorId,
  webinarId,
  deepening,
  now = new Date(),
}: {
  actorId: string;
  webinarId: number;
  deepening: FollowUpDeepening;
  now?: Date;
}) {
  return db.transaction((tx) => {
    const webinar = tx.select().from(webinars).where(eq(webinars.id, webinarId)).get();
    if (!webinar || webinar.cancelledAt) return { status: "not-found" as const };
    if (!hasEnded(webinar, now)) return { status: "not-ended" as const };
    const claimed = tx
      .update(webinarRegistrations)
      .set({ followUpSentAt: now })
      .where(
        and(
          eq(webinarRegistrations.webinarId, webinarId),
          eq(webinarRegistrations.status, "registered"),
          eq(webinarRegistrations.attended, true),
          sql`${webinarRegistrations.followUpSentAt} is null`,
        ),
      )
      .returning({ userId: webinarRegistrations.userId })
      .all();
    const page = `${env.appUrl}/webinars/${webinar.id}`;
    const materials = [
      webinar.recordingUrl ? `Terugkijken: ${webinar.recordingUrl}` : null,
      webinar.slidesUrl ? `De presentatie: ${webinar.slidesUrl}` : null,
    ].filter((line): line is string => line !== null);
    const deeper = [
      ...deepening.modules.map((m) => `Module "${m.title}": ${env.appUrl}/leren/${m.slug}`),
      ...(deepening.poll ? [`Peiling "${deepening.poll.question}": ${env.appUrl}/peilingen/${deepening.poll.id}`] : []),
      ...deepening.groups.map((g) => `Actieleergroep "${g.name}": ${env.appUrl}/actieleergroepen/${g.id}`),
    ];
    for (const { userId } of claimed) {
      const to = person(tx, userId);
      if (!to) continue;
      enqueueMail(tx, {
        to: to.email,
        subject: `Na het webinar: ${webinar.title}`,
        ...renderMail({
          greeting: `Beste ${to.name},`,
          paragraphs: [
            `Dank je wel dat je meedeed aan het webinar "${webinar.title}" van ${formatDateTime(webinar.startsAt)}.`,
            ...(materials.length ? [materials.join("\n")] : []),
            "Wil je laten weten wat je ervan vond? Het kost twee minuten: een rapportcijfer en twee korte vragen.",
          ],
          action: { label: "Geef je evaluatie", url: `${page}/evaluatie` },
          after: [
            `Je deelname telt als leertijd: je deelnamebewijs haal je op ${page}.`,
            ...(deeper.length ? [`Verder verdiepen:\n${deeper.join("\n")}`] : []),
          ],
        }),
      });
    }
    recordAudit(tx, {
      actorId,
      action: "webinar.follow-up",
      targetType: "webinar",
      targetId: webinarId,
      details: { mailed: claimed.length },
      people: claimed.map((c) => c.userId),
    });
    return { status: "ok" as const, mailed: claimed.length };
  });
}

function attendedRegistration(webinarId: number, userId: string) {
  return db
    .select({ id: webinarRegistrations.id })
    .from(webinarRegistrations)
    .where(
      and(
        eq(webinarRegistrations.webinarId, webinarId),
        eq(webinarRegistrations.userId, userId),
        eq(webinarRegistrations.status, "registered"),
        eq(webinarRegistrations.attended, true),
      ),
    )
    .get();
}

export function getWebinarEvaluation(webinarId: number, userId: string) {
  return db
    .select()
    .from(webinarEvaluations)
    .where(and(eq(webinarEvaluations.webinarId, webinarId), eq(webinarEvaluations.userId, userId)))
    .get();
}

/** An attendee's evaluation; saving again replaces it. Only attendees evaluate. */
export function saveWebinarEvaluation({
  webinarId,
  userId,
  input,
  now = new Date(),
}: {
  webinarId: number;
  userId: string;
  input: WebinarEvaluationInput;
  now?: Date;
}) {
  if (!attendedRegistration(webinarId, userId)) return { status: "not-attended" as const };
  db.insert(webinarEvaluations)
    .values({ webinarId, userId, ...input, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [webinarEvaluations.webinarId, webinarEvaluations.userId],
      set: { ...input, updatedAt: now },
    })
    .run();
  return { status: "ok" as const };
}

export function webinarCertificateSubject(webinarId: number) {
  return `webinar-${webinarId}`;
}

/**
 * The attendee's certificate of participation, issued once (the same code on every request); it
 * keeps the name, title, date and length as they were.
 */
export function issueWebinarCertificate({ webinarId, userId }: { webinarId: number; userId: string }) {
  return db.transaction(
    (tx) => {
      const webinar = tx.select().from(webinars).where(eq(webinars.id, webinarId)).get();
      if (!webinar || !attendedRegistration(webinarId, userId)) return { status: "not-attended" as const };
      const subjectSlug = webinarCertificateSubject(webinarId);
      const existing = findCertificateCode(tx, { userId, kind: "webinar", subjectSlug });
      if (existing) return { status: "ok" as const, code: existing };
      const holder = person(tx, userId);
      const code = newCertificateCode();
      tx.insert(certificates)
        .values({
          code,
          userId,
          kind: "webinar",
          subjectSlug,
          holderName: holder?.name ?? "",
          title: webinar.title,
          durationMinutes: Math.round((webinar.endsAt.getTime() - webinar.startsAt.getTime()) / 60_000),
          completedAt: webinar.startsAt,
          accreditation: null,
        })
        .run();
      return { status: "ok" as const, code };
    },
    { behavior: "immediate" },
  );
}

export function getWebinarCertificateCode(webinarId: number, userId: string) {
  return findCertificateCode(db, { userId, kind: "webinar", subjectSlug: webinarCertificateSubject(webinarId) });
}

export type WebinarFigures = {
  registered: number;
  waitlisted: number;
  cancelled: number;
  attended: number;
  /** Attended of those with a place, 0–1; null before attendance is marked. */
  attendanceRate: number | null;
  evaluations: number;
  gradeAverage: number | null;
};

/** The coordinator's figures of one webinar, counted from the registrations and evaluations. */
export function webinarFigures(webinarId: number): WebinarFigures {
  const counts = db
    .select({
      registered: sql<number>`coalesce(sum(${webinarRegistrations.status} = 'registered'), 0)`,
      waitlisted: sql<number>`coalesce(sum(${webinarRegistrations.status} = 'waitlisted'), 0)`,
      cancelled: sql<number>`coalesce(sum(${webinarRegistrations.status} = 'cancelled'), 0)`,
      attended: sql<number>`coalesce(sum(${webinarRegistrations.status} = 'registered' and ${webinarRegistrations.attended} = 1), 0)`,
      marked: sql<number>`coalesce(sum(${webinarRegistrations.status} = 'registered' and ${webinarRegistrations.attended} is not null), 0)`,
    })
    .from(webinarRegistrations)
    .where(eq(webinarRegistrations.webinarId, webinarId))
    .get() ?? { registered: 0, waitlisted: 0, cancelled: 0, attended: 0, marked: 0 };
  const grades = db
    .select({ n: sql<number>`count(*)`, avg: sql<number | null>`avg(${webinarEvaluations.grade})` })
    .from(webinarEvaluations)
    .where(eq(webinarEvaluations.webinarId, webinarId))
    .get();
  return {
    registered: counts.registered,
    waitlisted: counts.waitlisted,
    cancelled: counts.cancelled,
    attended: counts.attended,
    attendanceRate: counts.marked && counts.registered ? counts.attended / counts.registered : null,
    evaluations: grades?.n ?? 0,
    gradeAverage: grades?.avg ?? null,
  };
}

/** The open answers of the evaluations, newest first, without names: people answer for the webinar. */
export function listWebinarEvaluationAnswers(webinarId: number) {
  return db
    .select({
      grade: webinarEvaluations.grade,
      takeaway: webinarEvaluations.takeaway,
      improve: webinarEvaluations.improve,
    })
    .from(webinarEvaluations)
    .where(eq(webinarEvaluations.webinarId, webinarId))
    .orderBy(desc(webinarEvaluations.updatedAt))
    .all();
}

const STATUS_LABELS = { registered: "aangemeld", waitlisted: "wachtlijst", cancelled: "afgemeld" } as const;

/** The participant list as CSV; the export is in the audit log, as it holds personal data. */
export function registrationsCsv({ actorId, webinarId }: { actorId: string; webinarId: number }) {
  const rows = listRegistrations(webinarId);
  recordAudit(db, {
    actorId,
    action: "webinar.export",
    targetType: "webinar",
    targetId: webinarId,
    details: { rows: rows.length },
    people: rows.map((r) => r.userId),
  });
  return toCsv([
    [
      "Naam",
      "E-mailadres",
      "Organisatie",
      "Soort organisatie",
      "Regio",
      "Status",
      "Aangemeld op",
      "Aanwezig",
      "Rapportcijfer",
    ],
    ...rows.map((r) => [
      r.name,
      r.email,
      r.organisation,
      r.organisationKind ? ORGANISATION_KIND_LABELS[r.organisationKind] : null,
      r.region,
      STATUS_LABELS[r.status],
      formatDateTime(r.queuedAt),
      r.attended === null ? "" : r.attended ? "ja" : "nee",
      r.grade,
    ]),
  ]);
}

/** The webinars a person registered or waits for, that have not ended, soonest first. */
export function listUpcomingWebinarsForUser(userId: string, now = new Date()) {
  return db
    .select({
      id: webinars.id,
      title: webinars.title,
      startsAt: webinars.startsAt,
      endsAt: webinars.endsAt,
      status: webinarRegistrations.status,
    })
    .from(webinarRegistrations)
    .innerJoin(webinars, eq(webinars.id, webinarRegistrations.webinarId))
    .where(
      and(
        eq(webinarRegistrations.userId, userId),
        sql`${webinarRegistrations.status} <> 'cancelled'`,
        sql`${webinars.cancelledAt} is null`,
        sql`${webinars.endsAt} > ${now.getTime()}`,
      ),
    )
    .orderBy(asc(webinars.startsAt))
    .all();
}

/** Webinars of the last 30 days a person attended and has not evaluated yet. */
export function listWebinarEvaluationsDue(userId: string, now = new Date()) {
  return db
    .select({ id: webinars.id, title: webinars.title, startsAt: webinars.startsAt })
    .from(webinarRegistrations)
    .innerJoin(webinars, eq(webinars.id, webinarRegistrations.webinarId))
    .where(
      and(
        eq(webinarRegistrations.userId, userId),
        eq(webinarRegistrations.status, "registered"),
        eq(webinarRegistrations.attended, true),
        sql`${webinars.endsAt} > ${now.getTime() - 30 * 86400_000}`,
        sql`not exists (select 1 from ${webinarEvaluations} e where e.webinar_id = ${webinars.id} and e.user_id = ${userId})`,
      ),
    )
    .orderBy(desc(webinars.startsAt))
    .all();
}
