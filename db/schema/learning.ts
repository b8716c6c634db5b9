import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import { CHECK_IN_OUTCOMES, INTERVENTION_PARTS } from "./enums";

// Interventions themselves live in content/ as MDX; these tables refer to them by slug.

const now = sql`(unixepoch('subsec') * 1000)`;
const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });
const userRef = () =>
  text("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" });

/** Compiled MDX, by content hash: a page view never compiles. */
export const compiledInterventions = sqliteTable("compiled_interventions", {
  hash: text("hash").primaryKey(),
  slug: text("slug").notNull(),
  data: text("data", { mode: "json" }).notNull(),
  compiledAt: timestamp("compiled_at").notNull().default(now),
});

/** One row per learner and module, from the first visit. */
export const interventionProgress = sqliteTable(
  "intervention_progress",
  {
    userId: userRef(),
    slug: text("slug").notNull(),
    startedAt: timestamp("started_at").notNull().default(now),
    lastActivityAt: timestamp("last_activity_at").notNull().default(now),
    quizPassedAt: timestamp("quiz_passed_at"),
    completedAt: timestamp("completed_at"),
    completedVersion: text("completed_version"),
  },
  (t) => [primaryKey({ columns: [t.userId, t.slug] }), index("intervention_progress_slug_idx").on(t.slug)],
);

export const partProgress = sqliteTable(
  "part_progress",
  {
    userId: userRef(),
    slug: text("slug").notNull(),
    part: text("part", { enum: INTERVENTION_PARTS }).notNull(),
    doneAt: timestamp("done_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.userId, t.slug, t.part] })],
);

/** A learner's private answer to a reflection question; only they ever see it. */
export const reflections = sqliteTable(
  "reflections",
  {
    userId: userRef(),
    slug: text("slug").notNull(),
    questionId: text("question_id").notNull(),
    answer: text("answer").notNull(),
    updatedAt: timestamp("updated_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.userId, t.slug, t.questionId] })],
);

export const quizAttempts = sqliteTable(
  "quiz_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: userRef(),
    slug: text("slug").notNull(),
    answers: text("answers", { mode: "json" }).$type<Record<string, number>>().notNull(),
    score: integer("score").notNull(),
    total: integer("total").notNull(),
    passed: integer("passed", { mode: "boolean" }).notNull(),
    createdAt: timestamp("created_at").notNull().default(now),
  },
  (t) => [index("quiz_attempts_user_slug_idx").on(t.userId, t.slug)],
);

/** "Wat ga ik de komende weken anders doen?" with the date of the check-in. */
export const intentions = sqliteTable(
  "intentions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: userRef(),
    slug: text("slug").notNull(),
    text: text("text").notNull(),
    // A calendar day in Europe/Amsterdam, YYYY-MM-DD.
    checkInOn: text("check_in_on").notNull(),
    invitedAt: timestamp("invited_at"),
    createdAt: timestamp("created_at").notNull().default(now),
    updatedAt: timestamp("updated_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("intentions_user_slug_unique").on(t.userId, t.slug),
    index("intentions_due_idx").on(t.checkInOn, t.invitedAt),
    // A circle's figures count the intentions and check-ins per module.
    index("intentions_slug_idx").on(t.slug),
  ],
);

export const checkIns = sqliteTable("check_ins", {
  intentionId: integer("intention_id")
    .primaryKey()
    .references(() => intentions.id, { onDelete: "cascade" }),
  outcome: text("outcome", { enum: CHECK_IN_OUTCOMES }).notNull(),
  whatHappened: text("what_happened").notNull().default(""),
  helpedOrHindered: text("helped_or_hindered").notNull().default(""),
  createdAt: timestamp("created_at").notNull().default(now),
});

export const evaluations = sqliteTable(
  "evaluations",
  {
    userId: userRef(),
    slug: text("slug").notNull(),
    grade: integer("grade").notNull(),
    mostUseful: text("most_useful").notNull().default(""),
    missing: text("missing").notNull().default(""),
    createdAt: timestamp("created_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.userId, t.slug] }), index("evaluations_slug_idx").on(t.slug)],
);

/**
 * A certificate keeps what it certifies as it was at completion (name, title, duration,
 * accreditation), so that it still verifies after the module or the profile changes.
 */
export const certificates = sqliteTable(
  "certificates",
  {
    code: text("code").primaryKey(),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    kind: text("kind", { enum: ["intervention", "webinar"] })
      .notNull()
      .default("intervention"),
    subjectSlug: text("subject_slug").notNull(),
    holderName: text("holder_name").notNull(),
    title: text("title").notNull(),
    durationMinutes: integer("duration_minutes").notNull(),
    completedAt: timestamp("completed_at").notNull(),
    accreditation: text("accreditation", { mode: "json" }).$type<{
      register: string;
      number: string;
      points: number;
    } | null>(),
    issuedAt: timestamp("issued_at").notNull().default(now),
  },
  (t) => [uniqueIndex("certificates_user_subject_unique").on(t.userId, t.kind, t.subjectSlug)],
);

export type InterventionProgress = typeof interventionProgress.$inferSelect;
export type Certificate = typeof certificates.$inferSelect;
