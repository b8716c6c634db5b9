import { randomUUID } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { db, type Db } from "@db/client.server";
import { themes, users, webinarRegistrations, webinars, type Webinar } from "@db/schema";
import { env } from "~/utils/env.server";
import { formatDateTime } from "~/utils/dates";
import { calendarIcs, icsAttachment, type CalendarEvent, type IcsMethod } from "~/utils/ics.server";
import { recordAudit } from "./audit.server";
import { enqueueMail, renderMail } from "./mail.server";
import type { UserProfile } from "./user.server";
import type { WebinarInput } from "./webinar.schema";

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

export function createWebinar({ actorId, input }: { actorId: string; input: WebinarInput }) {
  return db.transaction((tx) => {
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
        createdBy: actorId,
      })
      .returning({ id: webinars.id })
      .get();
    recordAudit(tx, { actorId, action: "webinar.create", targetType: "webinar", targetId: row.id });
    return row.id;
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
  const when = `${formatDateTime(webinar.startsAt)} tot ${formatDateTime(webinar.endsAt)}`;
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
export function updateWebinar({ actorId, id, input }: { actorId: string; id: number; input: WebinarInput }) {
  return db.transaction((tx) => {
    const before = tx.select().from(webinars).where(eq(webinars.id, id)).get();
    if (!before || before.cancelledAt) return { status: "not-found" as const };
    const rescheduled =
      before.startsAt.getTime() !== input.startsAt.getTime() || before.endsAt.getTime() !== input.endsAt.getTime();
    const noticeable = rescheduled || before.title !== input.title || before.joinUrl !== input.joinUrl;
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
    return { status: "ok" as const, mailed: noticeable };
  });
}

/** Cancels a webinar: everyone registered or waiting gets a mail, the registered with METHOD:CANCEL. */
export function cancelWebinar({ actorId, id, now = new Date() }: { actorId: string; id: number; now?: Date }) {
  return db.transaction((tx) => {
    const after = tx
      .update(webinars)
      .set({ cancelledAt: now, sequence: sql`${webinars.sequence} + 1`, updatedAt: now })
      .where(and(eq(webinars.id, id), sql`${webinars.cancelledAt} is null`))
      .returning()
      .get();
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
  const when = `${formatDateTime(webinar.startsAt)} tot ${formatDateTime(webinar.endsAt)}`;
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
      let promoted: string | null = null;
      if (!webinar.cancelledAt && now < webinar.startsAt && placesTaken(tx, webinarId) < webinar.capacity) {
        const next = tx
          .select({ id: webinarRegistrations.id, userId: webinarRegistrations.userId })
          .from(webinarRegistrations)
          .where(and(eq(webinarRegistrations.webinarId, webinarId), eq(webinarRegistrations.status, "waitlisted")))
          .orderBy(asc(webinarRegistrations.queuedAt), asc(webinarRegistrations.id))
          .limit(1)
          .get();
        if (next) {
          tx.update(webinarRegistrations)
            .set({ status: "registered", promotedAt: now })
            .where(eq(webinarRegistrations.id, next.id))
            .run();
          confirmationMail(tx, webinar, next.userId, "promoted");
          promoted = next.userId;
        }
      }
      return { status: "ok" as const, promoted };
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
