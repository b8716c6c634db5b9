import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

import { ORGANISATION_KINDS, ROLES, TOKEN_PURPOSES } from "./enums";

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

export const organisations = sqliteTable(
  "organisations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    kind: text("kind", { enum: ORGANISATION_KINDS }).notNull(),
    region: text("region").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("organisations_name_unique").on(sql`lower(${t.name})`)],
);

export const users = sqliteTable(
  "users",
  {
    // Text ids: lucia's session table refers to them, and they are not guessable.
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    // Lower-cased and trimmed: the unique key that makes "A@x.nl" and "a@x.nl" one account.
    emailNormalized: text("email_normalized").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "restrict" }),
    emailVerifiedAt: integer("email_verified_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
    // Set when the account was erased: the row stays as a scrubbed tombstone ("Oud-lid") so that
    // figures and shared records keep their references (docs/decisions/0012-privacy-export-and-erasure.md).
    deletedAt: integer("deleted_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("users_email_normalized_unique").on(t.emailNormalized),
    index("users_organisation_idx").on(t.organisationId),
  ],
);

export const userRoles = sqliteTable(
  "user_roles",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
);

export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // Seconds since the epoch (lucia v3): the end of the idle lifetime, moved on with activity.
    expiresAt: integer("expires_at").notNull(),
    // When the session was started: the absolute lifetime counts from here (app/auth/lucia.server.ts).
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** One-time tokens (email verification, password reset); only a hash is stored. */
export const userTokens = sqliteTable(
  "user_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: TOKEN_PURPOSES }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("user_tokens_user_idx").on(t.userId, t.purpose)],
);

export type Organisation = typeof organisations.$inferSelect;
export type User = typeof users.$inferSelect;
