import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import {
  CONTRIBUTION_CREDITS,
  CONTRIBUTION_EVENTS,
  CONTRIBUTION_KINDS,
  CONTRIBUTION_PERSPECTIVES,
  CONTRIBUTION_STATUSES,
} from "./enums";
import { themes } from "./themes";

const now = sql`(unixepoch('subsec') * 1000)`;
const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });

/** A do, don't, tip or short story from an expert by experience (ervaringsdeskundige). */
export const contributions = sqliteTable(
  "contributions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    contributorId: text("contributor_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: CONTRIBUTION_KINDS }).notNull(),
    text: text("text").notNull(),
    themeId: integer("theme_id")
      .notNull()
      .references(() => themes.id, { onDelete: "restrict" }),
    perspective: text("perspective", { enum: CONTRIBUTION_PERSPECTIVES }).notNull(),
    credit: text("credit", { enum: CONTRIBUTION_CREDITS }).notNull(),
    status: text("status", { enum: CONTRIBUTION_STATUSES }).notNull().default("draft"),
    // The coordinator's comment with the last return (or archive), shown to the contributor.
    reviewComment: text("review_comment"),
    inviteId: integer("invite_id").references(() => contributionInvites.id, { onDelete: "set null" }),
    submittedAt: timestamp("submitted_at"),
    publishedAt: timestamp("published_at"),
    // The last decision or correction by a coordinator, and when the contributor last looked.
    decidedAt: timestamp("decided_at"),
    seenAt: timestamp("seen_at"),
    createdAt: timestamp("created_at").notNull().default(now),
    updatedAt: timestamp("updated_at").notNull().default(now),
  },
  (t) => [
    index("contributions_contributor_idx").on(t.contributorId, t.updatedAt),
    index("contributions_status_theme_idx").on(t.status, t.themeId, t.submittedAt),
  ],
);

/** The modules a contribution belongs to (none: every module of its theme). */
export const contributionModules = sqliteTable(
  "contribution_modules",
  {
    contributionId: integer("contribution_id")
      .notNull()
      .references(() => contributions.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(),
  },
  (t) => [primaryKey({ columns: [t.contributionId, t.slug] }), index("contribution_modules_slug_idx").on(t.slug)],
);

/** What happened to a contribution, by whom; corrections keep the text before and after. */
export const contributionEvents = sqliteTable(
  "contribution_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    contributionId: integer("contribution_id")
      .notNull()
      .references(() => contributions.id, { onDelete: "cascade" }),
    actorId: text("actor_id").references(() => users.id, { onDelete: "set null" }),
    event: text("event", { enum: CONTRIBUTION_EVENTS }).notNull(),
    comment: text("comment"),
    textBefore: text("text_before"),
    textAfter: text("text_after"),
    createdAt: timestamp("created_at").notNull().default(now),
  },
  (t) => [index("contribution_events_contribution_idx").on(t.contributionId, t.id)],
);

/** A coordinator's invitation to an expert to contribute to a theme or one module. */
export const contributionInvites = sqliteTable(
  "contribution_invites",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    inviterId: text("inviter_id").references(() => users.id, { onDelete: "set null" }),
    email: text("email").notNull(),
    emailNormalized: text("email_normalized").notNull(),
    themeId: integer("theme_id")
      .notNull()
      .references(() => themes.id, { onDelete: "cascade" }),
    slug: text("slug"),
    message: text("message").notNull().default(""),
    closedAt: timestamp("closed_at"),
    createdAt: timestamp("created_at").notNull().default(now),
  },
  (t) => [index("contribution_invites_email_idx").on(t.emailNormalized, t.closedAt)],
);

export type Contribution = typeof contributions.$inferSelect;
export type ContributionInvite = typeof contributionInvites.$inferSelect;

/**
 * Counts of changes, kept by triggers (migration 0011): `contributions` moves with every change to a
 * contribution, the modules it belongs to, or the name or theme it is shown with. The module page
 * keeps its list of published contributions until the count moves (contribution.server.ts); being
 * in the database, the count also moves for changes made by another process.
 */
export const changeCounters = sqliteTable("change_counters", {
  name: text("name").primaryKey(),
  value: integer("value").notNull().default(0),
});
