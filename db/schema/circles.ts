import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import { CIRCLE_STEP_STATUSES, SIGNAL_KINDS, SIGNAL_SOURCES, type OrganisationKind } from "./enums";
import { themes } from "./themes";

const now = sql`(unixepoch('subsec') * 1000)`;
const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });
const actorRef = (name: string) => text(name).references(() => users.id, { onDelete: "set null" });

/**
 * A learning circle (leercirkel): one per theme, found at /leercirkels/<theme slug>. What feeds it
 * (polls, webinars, modules, groups) is linked through the theme, not copied here. See
 * docs/decisions/0011-learning-circles.md.
 */
export const learningCircles = sqliteTable(
  "learning_circles",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    themeId: integer("theme_id")
      .notNull()
      .references(() => themes.id, { onDelete: "cascade" }),
    // The step the circle was entered at (1–7): a circle on "verklarende analyse" starts at 5.
    entryStep: integer("entry_step").notNull(),
    startedBy: actorRef("started_by"),
    createdAt: timestamp("created_at").notNull().default(now),
    updatedAt: timestamp("updated_at").notNull().default(now),
  },
  (t) => [uniqueIndex("learning_circles_theme_unique").on(t.themeId)],
);

/**
 * A step's status as a coordinator set it. No row: the status is derived from the data (see
 * suggestedStepStatus in app/models/circle.server.ts); a row always wins over the suggestion.
 */
export const circleSteps = sqliteTable(
  "circle_steps",
  {
    circleId: integer("circle_id")
      .notNull()
      .references(() => learningCircles.id, { onDelete: "cascade" }),
    step: integer("step").notNull(),
    status: text("status", { enum: CIRCLE_STEP_STATUSES }).notNull(),
    note: text("note").notNull().default(""),
    updatedBy: actorRef("updated_by"),
    updatedAt: timestamp("updated_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.circleId, t.step] })],
);

/**
 * A network meeting (netwerkoverleg, step 1, or the yearly network meeting, step 7): who took part,
 * counted per kind of organisation (no names), and what was said and decided.
 */
export const networkMeetings = sqliteTable(
  "network_meetings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    circleId: integer("circle_id")
      .notNull()
      .references(() => learningCircles.id, { onDelete: "cascade" }),
    step: integer("step").notNull(),
    // A calendar day in Europe/Amsterdam, YYYY-MM-DD.
    heldOn: text("held_on").notNull(),
    participants: text("participants", { mode: "json" })
      .$type<Partial<Record<OrganisationKind, number>>>()
      .notNull()
      .default(sql`'{}'`),
    // Parents and young people with lived experience, who take part in their own right.
    expertsByExperience: integer("experts_by_experience").notNull().default(0),
    notes: text("notes").notNull().default(""),
    decisions: text("decisions").notNull().default(""),
    createdBy: actorRef("created_by"),
    createdAt: timestamp("created_at").notNull().default(now),
    updatedAt: timestamp("updated_at").notNull().default(now),
  },
  (t) => [index("network_meetings_circle_idx").on(t.circleId, t.heldOn)],
);

/**
 * A signal from casework (signaal): an aggregated pattern, gap or trend, never about one child or
 * family. Recorded by a coordinator, linked to a theme once it is clear where it belongs.
 */
export const signals = sqliteTable(
  "signals",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    kind: text("kind", { enum: SIGNAL_KINDS }).notNull(),
    source: text("source", { enum: SIGNAL_SOURCES }).notNull(),
    // The youth-care region the signal concerns (REGIONS, including "Bovenregionaal").
    region: text("region").notNull(),
    // A calendar day in Europe/Amsterdam, YYYY-MM-DD.
    observedOn: text("observed_on").notNull(),
    themeId: integer("theme_id").references(() => themes.id, { onDelete: "set null" }),
    linkedAt: timestamp("linked_at"),
    createdBy: actorRef("created_by"),
    createdAt: timestamp("created_at").notNull().default(now),
    updatedAt: timestamp("updated_at").notNull().default(now),
  },
  (t) => [index("signals_theme_idx").on(t.themeId, t.observedOn), index("signals_observed_idx").on(t.observedOn)],
);

/**
 * What the coordinator writes as the highlights of a year, for one circle or (circle null) for all
 * circles together: part of the yearly yield report (jaaropbrengst).
 */
export const circleHighlights = sqliteTable(
  "circle_highlights",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    circleId: integer("circle_id").references(() => learningCircles.id, { onDelete: "cascade" }),
    year: integer("year").notNull(),
    text: text("text").notNull(),
    updatedBy: actorRef("updated_by"),
    createdAt: timestamp("created_at").notNull().default(now),
    updatedAt: timestamp("updated_at").notNull().default(now),
  },
  // One text per circle and year, and one for all circles (SQLite keeps nulls distinct: a second index).
  (t) => [
    uniqueIndex("circle_highlights_circle_year_unique").on(t.circleId, t.year),
    uniqueIndex("circle_highlights_all_year_unique")
      .on(t.year)
      .where(sql`${t.circleId} is null`),
  ],
);

export type LearningCircle = typeof learningCircles.$inferSelect;
export type CircleStepRow = typeof circleSteps.$inferSelect;
export type NetworkMeeting = typeof networkMeetings.$inferSelect;
export type Signal = typeof signals.$inferSelect;
export type CircleHighlight = typeof circleHighlights.$inferSelect;
