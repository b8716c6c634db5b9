import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import {
  ORGANISATION_KINDS,
  POLL_AUDIENCES,
  POLL_METHODS,
  POLL_OPTION_STATUSES,
  POLL_RESULT_VISIBILITY,
} from "./enums";
import { themes } from "./themes";

const now = sql`(unixepoch('subsec') * 1000)`;
const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });

/** A theme poll (peiling) run by a coordinator. See docs/decisions/0009-polls.md. */
export const polls = sqliteTable("polls", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  question: text("question").notNull(),
  explanation: text("explanation").notNull().default(""),
  method: text("method", { enum: POLL_METHODS }).notNull(),
  // multiple: at most this many choices; ranking: rank this many (null: all); dots: points to spread.
  maxChoices: integer("max_choices"),
  audience: text("audience", { enum: POLL_AUDIENCES }).notNull().default("all"),
  audienceRegion: text("audience_region"),
  audienceKind: text("audience_kind", { enum: ORGANISATION_KINDS }),
  anonymous: integer("anonymous", { mode: "boolean" }).notNull().default(false),
  allowSuggestions: integer("allow_suggestions", { mode: "boolean" }).notNull().default(false),
  resultsVisibility: text("results_visibility", { enum: POLL_RESULT_VISIBILITY }).notNull().default("after_vote"),
  opensAt: timestamp("opens_at").notNull(),
  closesAt: timestamp("closes_at").notNull(),
  // Set when a coordinator closes the poll early; cleared when they reopen it.
  closedAt: timestamp("closed_at"),
  // The theme the outcome was turned into (or fed), once closed.
  themeId: integer("theme_id").references(() => themes.id, { onDelete: "set null" }),
  // Kept up to date with every vote: results never count the ballots.
  ballotCount: integer("ballot_count").notNull().default(0),
  createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at").notNull().default(now),
  updatedAt: timestamp("updated_at").notNull().default(now),
});

export const pollOptions = sqliteTable(
  "poll_options",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    pollId: integer("poll_id")
      .notNull()
      .references(() => polls.id, { onDelete: "cascade" }),
    label: text("label").notNull(),
    themeId: integer("theme_id").references(() => themes.id, { onDelete: "set null" }),
    status: text("status", { enum: POLL_OPTION_STATUSES }).notNull().default("approved"),
    suggestedBy: text("suggested_by").references(() => users.id, { onDelete: "set null" }),
    position: integer("position").notNull().default(0),
    // Running totals: points (a choice is 1 point; Borda points for a ranking; dots) and ballots naming it.
    points: integer("points").notNull().default(0),
    mentions: integer("mentions").notNull().default(0),
  },
  (t) => [index("poll_options_poll_idx").on(t.pollId, t.position)],
);

/**
 * Who voted in a poll: the one-voice rule (primary key). No time and no row order that could be
 * matched with a ballot: the migration makes this table and poll_ballots WITHOUT ROWID (drizzle
 * cannot say so here; keep it when a later migration rebuilds them).
 */
export const pollParticipants = sqliteTable(
  "poll_participants",
  {
    pollId: integer("poll_id")
      .notNull()
      .references(() => polls.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.pollId, t.userId] })],
);

/**
 * What a voter chose, keyed by an HMAC of poll and person under a secret that is not in the
 * database. In an anonymous poll nothing else on the row points at the person.
 */
export const pollBallots = sqliteTable(
  "poll_ballots",
  {
    pollId: integer("poll_id")
      .notNull()
      .references(() => polls.id, { onDelete: "cascade" }),
    ballotKey: text("ballot_key").notNull(),
    // Only in polls that are not anonymous.
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    region: text("region"),
    // Points per option id: {"12": 1} for one choice, {"12": 3, "14": 2, "13": 1} for a ranking.
    points: text("points", { mode: "json" }).$type<Record<string, number>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.pollId, t.ballotKey] })],
);

/** Running totals per region, for polls that are not anonymous. */
export const pollRegionTallies = sqliteTable(
  "poll_region_tallies",
  {
    pollId: integer("poll_id")
      .notNull()
      .references(() => polls.id, { onDelete: "cascade" }),
    region: text("region").notNull(),
    // 0: the number of ballots from the region; otherwise an option id.
    optionId: integer("option_id").notNull(),
    points: integer("points").notNull().default(0),
    mentions: integer("mentions").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.pollId, t.region, t.optionId] })],
);

export type Poll = typeof polls.$inferSelect;
export type PollOption = typeof pollOptions.$inferSelect;
