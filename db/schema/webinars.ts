import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import { REGISTRATION_STATUSES } from "./enums";
import { polls } from "./polls";
import { themes } from "./themes";

const now = sql`(unixepoch('subsec') * 1000)`;
const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });

/** A webinar of a learning circle. Times are stored in UTC and shown in Europe/Amsterdam. */
export const webinars = sqliteTable(
  "webinars",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // Stable across every change: the UID of the calendar event.
    uid: text("uid").notNull().unique(),
    title: text("title").notNull(),
    themeId: integer("theme_id").references(() => themes.id, { onDelete: "set null" }),
    description: text("description").notNull().default(""),
    // [{ name, role }]; an expert by experience is a speaker like any other.
    speakers: text("speakers", { mode: "json" })
      .$type<{ name: string; role: string }[]>()
      .notNull()
      .default(sql`'[]'`),
    startsAt: timestamp("starts_at").notNull(),
    endsAt: timestamp("ends_at").notNull(),
    capacity: integer("capacity").notNull(),
    registrationClosesAt: timestamp("registration_closes_at").notNull(),
    joinUrl: text("join_url").notNull(),
    modules: text("modules", { mode: "json" })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    pollId: integer("poll_id").references(() => polls.id, { onDelete: "set null" }),
    recordingUrl: text("recording_url"),
    slidesUrl: text("slides_url"),
    // Raised with every change registrants must know of (the calendar's SEQUENCE).
    sequence: integer("sequence").notNull().default(0),
    cancelledAt: timestamp("cancelled_at"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at").notNull().default(now),
    updatedAt: timestamp("updated_at").notNull().default(now),
  },
  // A circle's figures read its theme's webinars.
  (t) => [index("webinars_theme_idx").on(t.themeId, t.startsAt)],
);

export const webinarRegistrations = sqliteTable(
  "webinar_registrations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    webinarId: integer("webinar_id")
      .notNull()
      .references(() => webinars.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: text("status", { enum: REGISTRATION_STATUSES }).notNull(),
    // The order of the waitlist: the time of (re)registering.
    queuedAt: timestamp("queued_at").notNull().default(now),
    promotedAt: timestamp("promoted_at"),
    cancelledAt: timestamp("cancelled_at"),
    // Each reminder is claimed once (UPDATE … WHERE reminder_… IS NULL), also across restarts.
    reminderDaySentAt: timestamp("reminder_day_sent_at"),
    reminderHourSentAt: timestamp("reminder_hour_sent_at"),
    // null until the coordinator marks attendance (by hand or from the meeting tool's list).
    attended: integer("attended", { mode: "boolean" }),
    // The after-webinar mail (recording, evaluation, going deeper), sent once per attendee.
    followUpSentAt: timestamp("follow_up_sent_at"),
    createdAt: timestamp("created_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("webinar_registrations_unique").on(t.webinarId, t.userId),
    index("webinar_registrations_queue_idx").on(t.webinarId, t.status, t.queuedAt),
  ],
);

/** An attendee's evaluation: a rapportcijfer and two open questions; one per person, editable. */
export const webinarEvaluations = sqliteTable(
  "webinar_evaluations",
  {
    webinarId: integer("webinar_id")
      .notNull()
      .references(() => webinars.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    grade: integer("grade").notNull(),
    takeaway: text("takeaway").notNull().default(""),
    improve: text("improve").notNull().default(""),
    createdAt: timestamp("created_at").notNull().default(now),
    updatedAt: timestamp("updated_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.webinarId, t.userId] })],
);

export type Webinar = typeof webinars.$inferSelect;
export type WebinarRegistration = typeof webinarRegistrations.$inferSelect;
export type WebinarEvaluation = typeof webinarEvaluations.$inferSelect;
