import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organisations, users } from "./accounts";
import { ACTION_STATUSES, EMBEDDING_KINDS, GROUP_MEMBER_STATUSES } from "./enums";
import { themes } from "./themes";

const now = sql`(unixepoch('subsec') * 1000)`;
const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });

/**
 * The agreements every action learning group has; a frame holds them as defaults, a group its own.
 * See docs/decisions/0010-action-learning-groups.md.
 */
const setup = () => ({
  themeId: integer("theme_id").references(() => themes.id, { onDelete: "set null" }),
  learningQuestion: text("learning_question").notNull(),
  aim: text("aim").notNull().default(""),
  plannedMeetings: integer("planned_meetings").notNull(),
  // The rhythm: a meeting every this many weeks.
  meetingIntervalWeeks: integer("meeting_interval_weeks").notNull(),
  maxMembers: integer("max_members").notNull(),
  confidentiality: text("confidentiality").notNull().default(""),
  // How often members are expected to come.
  attendance: text("attendance").notNull().default(""),
  // What each member commits to (bring a case, carry out an action between meetings …).
  commitment: text("commitment").notNull().default(""),
});

/** A frame (kader): the template a coordinator starts groups from, reused and adapted. */
export const groupFrames = sqliteTable("group_frames", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  ...setup(),
  createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at").notNull().default(now),
  updatedAt: timestamp("updated_at").notNull().default(now),
});

/** An action learning group (actieleergroep). Closed groups stay readable and change no more. */
export const actionLearningGroups = sqliteTable(
  "action_learning_groups",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    frameId: integer("frame_id").references(() => groupFrames.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    ...setup(),
    facilitatorId: text("facilitator_id").references(() => users.id, { onDelete: "set null" }),
    // Whether people may ask to join (the facilitator accepts); invitations are always possible.
    openToRequests: integer("open_to_requests", { mode: "boolean" }).notNull().default(true),
    // A calendar day in Europe/Amsterdam, YYYY-MM-DD: week 1 of the monitor starts here.
    startsOn: text("starts_on").notNull(),
    // Written by the facilitator when closing: the group's yield in short.
    finalYield: text("final_yield"),
    closedAt: timestamp("closed_at"),
    closedBy: text("closed_by").references(() => users.id, { onDelete: "set null" }),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at").notNull().default(now),
    updatedAt: timestamp("updated_at").notNull().default(now),
  },
  (t) => [
    index("action_learning_groups_facilitator_idx").on(t.facilitatorId),
    // A circle's figures and a webinar's invitation read the groups of a theme.
    index("action_learning_groups_theme_idx").on(t.themeId),
  ],
);

/** One row per person and group; its status moves, the row stays (who was a member when). */
export const groupMembers = sqliteTable(
  "group_members",
  {
    groupId: integer("group_id")
      .notNull()
      .references(() => actionLearningGroups.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: text("status", { enum: GROUP_MEMBER_STATUSES }).notNull(),
    // The invitation's or the request's own words.
    message: text("message").notNull().default(""),
    invitedBy: text("invited_by").references(() => users.id, { onDelete: "set null" }),
    // Set when the person becomes active, ended when they leave: the attendance monitor counts the
    // members a meeting had from these two.
    joinedAt: timestamp("joined_at"),
    endedAt: timestamp("ended_at"),
    createdAt: timestamp("created_at").notNull().default(now),
    updatedAt: timestamp("updated_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] }), index("group_members_user_idx").on(t.userId, t.status)],
);

/** A meeting (bijeenkomst): agenda before, yield (opbrengst) and attendance after. */
export const groupMeetings = sqliteTable(
  "group_meetings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    groupId: integer("group_id")
      .notNull()
      .references(() => actionLearningGroups.id, { onDelete: "cascade" }),
    // Stable across every change: the UID of the calendar event.
    uid: text("uid").notNull(),
    startsAt: timestamp("starts_at").notNull(),
    endsAt: timestamp("ends_at").notNull(),
    // An address or a link to the online meeting.
    location: text("location").notNull().default(""),
    agenda: text("agenda").notNull().default(""),
    yield: text("yield"),
    yieldRecordedAt: timestamp("yield_recorded_at"),
    // Raised with every change members must know of (the calendar's SEQUENCE).
    sequence: integer("sequence").notNull().default(0),
    cancelledAt: timestamp("cancelled_at"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at").notNull().default(now),
    updatedAt: timestamp("updated_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("group_meetings_uid_unique").on(t.uid),
    index("group_meetings_group_idx").on(t.groupId, t.startsAt),
  ],
);

/** Who attended a meeting: a row per member present. */
export const groupMeetingAttendance = sqliteTable(
  "group_meeting_attendance",
  {
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => groupMeetings.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.userId] })],
);

/** A follow-up action (actie): an owner among the members, an organisation, a due day and a status. */
export const groupActions = sqliteTable(
  "group_actions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    groupId: integer("group_id")
      .notNull()
      .references(() => actionLearningGroups.id, { onDelete: "cascade" }),
    // The meeting the action was agreed in, if any.
    meetingId: integer("meeting_id").references(() => groupMeetings.id, { onDelete: "set null" }),
    description: text("description").notNull(),
    ownerId: text("owner_id").references(() => users.id, { onDelete: "set null" }),
    // The organisation the action concerns (by default the owner's).
    organisationId: integer("organisation_id").references(() => organisations.id, { onDelete: "set null" }),
    // A calendar day in Europe/Amsterdam, YYYY-MM-DD.
    dueOn: text("due_on").notNull(),
    status: text("status", { enum: ACTION_STATUSES }).notNull().default("open"),
    // Evidence that a done action is embedded (geborgd): where, and what shows it.
    embeddedIn: text("embedded_in", { enum: EMBEDDING_KINDS }),
    embeddingEvidence: text("embedding_evidence"),
    embeddedAt: timestamp("embedded_at"),
    // Each reminder is claimed once (UPDATE … WHERE reminder_… IS NULL), also across restarts;
    // a new due day clears both.
    reminderSoonSentAt: timestamp("reminder_soon_sent_at"),
    reminderOverdueSentAt: timestamp("reminder_overdue_sent_at"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at").notNull().default(now),
    updatedAt: timestamp("updated_at").notNull().default(now),
  },
  (t) => [
    index("group_actions_group_idx").on(t.groupId, t.status),
    index("group_actions_owner_idx").on(t.ownerId, t.status),
    index("group_actions_due_idx").on(t.status, t.dueOn),
  ],
);

/**
 * The history of an action: its creation (from null) and every status change with its short
 * update. The monitor computes the statuses on any day from these rows.
 */
export const groupActionUpdates = sqliteTable(
  "group_action_updates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actionId: integer("action_id")
      .notNull()
      .references(() => groupActions.id, { onDelete: "cascade" }),
    actorId: text("actor_id").references(() => users.id, { onDelete: "set null" }),
    fromStatus: text("from_status", { enum: ACTION_STATUSES }),
    toStatus: text("to_status", { enum: ACTION_STATUSES }).notNull(),
    note: text("note").notNull().default(""),
    embeddedIn: text("embedded_in", { enum: EMBEDDING_KINDS }),
    embeddingEvidence: text("embedding_evidence"),
    createdAt: timestamp("created_at").notNull().default(now),
  },
  (t) => [index("group_action_updates_action_idx").on(t.actionId, t.createdAt)],
);

export type GroupFrame = typeof groupFrames.$inferSelect;
export type ActionLearningGroup = typeof actionLearningGroups.$inferSelect;
export type GroupMember = typeof groupMembers.$inferSelect;
export type GroupMeeting = typeof groupMeetings.$inferSelect;
export type GroupAction = typeof groupActions.$inferSelect;
export type GroupActionUpdate = typeof groupActionUpdates.$inferSelect;
