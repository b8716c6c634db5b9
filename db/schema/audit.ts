import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // Who did it; kept as null when that account is later deleted.
    actorId: text("actor_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [
    index("audit_log_created_idx").on(t.createdAt),
    index("audit_log_target_idx").on(t.targetType, t.targetId),
    index("audit_log_actor_idx").on(t.actorId, t.createdAt),
  ],
);

/**
 * The people an entry is about: whose data was changed, read or exported (the contributor of a
 * reviewed contribution, everyone in an exported participant list). The audit page filters on it.
 */
export const auditLogPeople = sqliteTable(
  "audit_log_people",
  {
    entryId: integer("entry_id")
      .notNull()
      .references(() => auditLog.id, { onDelete: "cascade" }),
    // A deleted account takes its links along; the entry itself stays, without the person.
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.entryId, t.userId] }), index("audit_log_people_user_idx").on(t.userId, t.entryId)],
);

export type AuditEntry = typeof auditLog.$inferSelect;
