import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { db, type Db } from "@db/client.server";
import {
  ACTION_STATUSES,
  EMBEDDING_KINDS,
  actionLearningGroups,
  groupActionUpdates,
  groupActions,
  groupFrames,
  groupMeetingAttendance,
  groupMeetings,
  groupMembers,
  organisations,
  themes,
  userRoles,
  users,
  type ActionLearningGroup,
  type ActionStatus,
  type EmbeddingKind,
  type GroupAction,
  type GroupMeeting,
  type GroupMemberStatus,
  type OrganisationKind,
  type Role,
} from "@db/schema";
import { isManager } from "~/auth/roles";
import { toCsv } from "~/utils/csv";
import {
  addDays,
  amsterdamDay,
  formatDate,
  formatDateTime,
  formatPeriod,
  fromAmsterdamLocal,
  toAmsterdamLocal,
} from "~/utils/dates";
import { env } from "~/utils/env.server";
import { icsAttachment, type CalendarEvent, type IcsMethod } from "~/utils/ics.server";
import { recordAudit } from "./audit.server";
import { themeExists } from "./theme.server";
import { rolesOf } from "./user.server";
import {
  ACTION_STATUS_LABELS,
  EMBEDDING_KIND_LABELS,
  OPEN_ACTION_STATUSES,
  type ActionInput,
  type FrameInput,
  type GroupInput,
  type MeetingInput,
  type StartGroupInput,
} from "./group.schema";
import { enqueueMail, renderMail } from "./mail.server";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** Whoever is asking: a signed-in user with their roles (CurrentUser from app/auth fits). */
export type Viewer = { id: string; roles: readonly Role[] };

/** Owners are reminded this many days before an action's due day, and once when it is overdue. */
export const ACTION_REMINDER_DAYS_BEFORE = 3;

const groupUrl = (groupId: number) => `${env.appUrl}/actieleergroepen/${groupId}`;

// ---------------------------------------------------------------- who may do what

/**
 * The groups a viewer may look into: coordinators all of them, anyone else only those they are an
 * active member or the facilitator of. Every read of a group's contents filters with this.
 */
function visibleTo(viewer: Viewer): SQL {
  if (isManager(viewer.roles)) return sql`1`;
  return or(
    eq(actionLearningGroups.facilitatorId, viewer.id),
    sql`exists (select 1 from ${groupMembers} m where m.group_id = ${actionLearningGroups.id} and m.user_id = ${viewer.id} and m.status = 'active')`,
  )!;
}

type Access = {
  group: ActionLearningGroup;
  coordinator: boolean;
  facilitator: boolean;
  member: boolean;
  membership: GroupMemberStatus | null;
};

function accessTo(tx: Tx, groupId: number, userId: string): Access | null {
  const group = tx.select().from(actionLearningGroups).where(eq(actionLearningGroups.id, groupId)).get();
  if (!group) return null;
  const membership =
    tx
      .select({ status: groupMembers.status })
      .from(groupMembers)
      .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)))
      .get()?.status ?? null;
  return {
    group,
    coordinator: isManager(rolesOf(tx, userId)),
    facilitator: group.facilitatorId === userId,
    member: membership === "active",
    membership,
  };
}

const canManage = (access: Access) => access.coordinator || access.facilitator;
const canSee = (access: Access) => access.member || canManage(access);

type Refusal = { status: "not-found" } | { status: "forbidden" } | { status: "closed" };

/**
 * The group for a change by a facilitator or coordinator. Anyone who may not see the group gets
 * "not-found", as for an id that does not exist; a closed group changes no more.
 */
function managedGroup(tx: Tx, groupId: number, actorId: string): { access: Access } | Refusal {
  const access = accessTo(tx, groupId, actorId);
  if (!access || !canSee(access)) return { status: "not-found" };
  if (!canManage(access)) return { status: "forbidden" };
  if (access.group.closedAt) return { status: "closed" };
  return { access };
}

/**
 * Audits a change a coordinator makes in a group (the facilitator's own work is the group's
 * business); `people` are those whose membership, attendance or action it changed.
 */
function auditIf(
  tx: Tx,
  access: Access,
  actorId: string,
  action: string,
  target: { type: string; id: number },
  people: readonly (string | null)[] = [],
) {
  if (!access.coordinator) return;
  recordAudit(tx, {
    actorId,
    action,
    targetType: target.type,
    targetId: target.id,
    details: { groupId: access.group.id },
    people,
  });
}

function person(tx: Tx, userId: string) {
  return tx
    .select({ id: users.id, email: users.email, name: users.name, organisationId: users.organisationId })
    .from(users)
    .where(eq(users.id, userId))
    .get();
}

// ---------------------------------------------------------------- frames (coordinators)

export type FrameResult = { status: "ok"; id: number } | { status: "forbidden" } | { status: "unknown-theme" };

export function createFrame({ actorId, input }: { actorId: string; input: FrameInput }): FrameResult {
  return db.transaction((tx): FrameResult => {
    if (!isManager(rolesOf(tx, actorId))) return { status: "forbidden" };
    if (!themeExists(tx, input.themeId)) return { status: "unknown-theme" };
    const id = tx
      .insert(groupFrames)
      .values({ ...input, createdBy: actorId })
      .returning({ id: groupFrames.id })
      .get().id;
    recordAudit(tx, { actorId, action: "group_frame.create", targetType: "group_frame", targetId: id });
    return { status: "ok", id };
  });
}

/** Adapts a frame; groups already started from it keep their own set-up. */
export function updateFrame({
  actorId,
  id,
  input,
}: {
  actorId: string;
  id: number;
  input: FrameInput;
}): FrameResult | { status: "not-found" } {
  return db.transaction((tx): FrameResult | { status: "not-found" } => {
    if (!isManager(rolesOf(tx, actorId))) return { status: "forbidden" };
    if (!themeExists(tx, input.themeId)) return { status: "unknown-theme" };
    const row = tx
      .update(groupFrames)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(groupFrames.id, id))
      .returning({ id: groupFrames.id })
      .get();
    if (!row) return { status: "not-found" };
    recordAudit(tx, { actorId, action: "group_frame.update", targetType: "group_frame", targetId: id });
    return { status: "ok", id };
  });
}

/** The frames, by name, with how many groups each started. */
export function listFrames() {
  return db
    .select({
      frame: groupFrames,
      themeName: themes.name,
      groups: sql<number>`(select count(*) from ${actionLearningGroups} g where g.frame_id = ${groupFrames.id})`,
    })
    .from(groupFrames)
    .leftJoin(themes, eq(themes.id, groupFrames.themeId))
    .orderBy(asc(groupFrames.name))
    .all()
    .map((r) => ({ ...r.frame, themeName: r.themeName, groups: r.groups }));
}

export function getFrame(id: number) {
  return db.select().from(groupFrames).where(eq(groupFrames.id, id)).get();
}

// ---------------------------------------------------------------- starting and changing a group

export type StartGroupResult =
  | { status: "ok"; id: number }
  | { status: "forbidden" }
  | { status: "not-found" }
  | { status: "unknown-facilitator" }
  | { status: "unknown-theme" };

/** A coordinator starts a group from a frame; what the input leaves out comes from the frame. */
export function startGroup({
  actorId,
  input,
  now = new Date(),
}: {
  actorId: string;
  input: StartGroupInput;
  now?: Date;
}): StartGroupResult {
  return db.transaction((tx): StartGroupResult => {
    if (!isManager(rolesOf(tx, actorId))) return { status: "forbidden" };
    const frame = tx.select().from(groupFrames).where(eq(groupFrames.id, input.frameId)).get();
    if (!frame) return { status: "not-found" };
    const facilitator = person(tx, input.facilitatorId);
    if (!facilitator) return { status: "unknown-facilitator" };
    const themeId = input.themeId === undefined ? frame.themeId : input.themeId;
    if (!themeExists(tx, themeId)) return { status: "unknown-theme" };
    const id = tx
      .insert(actionLearningGroups)
      .values({
        frameId: frame.id,
        name: input.name,
        themeId,
        learningQuestion: input.learningQuestion ?? frame.learningQuestion,
        aim: input.aim ?? frame.aim,
        plannedMeetings: input.plannedMeetings ?? frame.plannedMeetings,
        meetingIntervalWeeks: input.meetingIntervalWeeks ?? frame.meetingIntervalWeeks,
        maxMembers: input.maxMembers ?? frame.maxMembers,
        confidentiality: input.confidentiality ?? frame.confidentiality,
        attendance: input.attendance ?? frame.attendance,
        commitment: input.commitment ?? frame.commitment,
        facilitatorId: facilitator.id,
        openToRequests: input.openToRequests,
        startsOn: input.startsOn ?? amsterdamDay(now),
        createdBy: actorId,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: actionLearningGroups.id })
      .get().id;
    recordAudit(tx, {
      actorId,
      action: "group.start",
      targetType: "group",
      targetId: id,
      details: { frameId: frame.id, facilitatorId: facilitator.id },
      people: [facilitator.id],
    });
    if (facilitator.id !== actorId) {
      enqueueMail(tx, {
        to: facilitator.email,
        subject: `Je begeleidt de actieleergroep ${input.name}`,
        ...renderMail({
          greeting: `Beste ${facilitator.name},`,
          paragraphs: [
            `Je bent de begeleider van de nieuwe actieleergroep "${input.name}". Je nodigt deelnemers uit, neemt aanvragen aan, plant de bijeenkomsten en houdt de opbrengsten en acties bij.`,
          ],
          action: { label: "Naar de actieleergroep", url: groupUrl(id) },
        }),
      });
    }
    return { status: "ok", id };
  });
}

export type UpdateGroupResult =
  | { status: "ok" }
  | Refusal
  | { status: "unknown-facilitator" }
  | { status: "unknown-theme" }
  | { status: "too-small"; members: number };

/** The facilitator or a coordinator adapts a running group's set-up. */
export function updateGroup({
  actorId,
  groupId,
  input,
}: {
  actorId: string;
  groupId: number;
  input: GroupInput;
}): UpdateGroupResult {
  return db.transaction(
    (tx): UpdateGroupResult => {
      const managed = managedGroup(tx, groupId, actorId);
      if (!("access" in managed)) return managed;
      if (!person(tx, input.facilitatorId)) return { status: "unknown-facilitator" };
      if (!themeExists(tx, input.themeId)) return { status: "unknown-theme" };
      const members = activeCount(tx, groupId);
      if (input.maxMembers < members) return { status: "too-small", members };
      tx.update(actionLearningGroups)
        .set({ ...input, updatedAt: new Date() })
        .where(and(eq(actionLearningGroups.id, groupId), isNull(actionLearningGroups.closedAt)))
        .run();
      const facilitators = [managed.access.group.facilitatorId, input.facilitatorId];
      auditIf(
        tx,
        managed.access,
        actorId,
        "group.update",
        { type: "group", id: groupId },
        facilitators[0] === facilitators[1] ? [] : facilitators,
      );
      return { status: "ok" };
    },
    { behavior: "immediate" },
  );
}

// ---------------------------------------------------------------- membership

function activeCount(tx: Tx, groupId: number) {
  return (
    tx
      .select({ count: sql<number>`count(*)` })
      .from(groupMembers)
      .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.status, "active")))
      .get()?.count ?? 0
  );
}

function setMembership(
  tx: Tx,
  groupId: number,
  userId: string,
  values: { status: GroupMemberStatus; message?: string; invitedBy?: string | null },
  now: Date,
) {
  const ends = values.status === "declined" || values.status === "left";
  const timing = {
    ...(values.status === "active" ? { joinedAt: now, endedAt: null } : {}),
    ...(ends ? { endedAt: now } : {}),
  };
  tx.insert(groupMembers)
    .values({ groupId, userId, ...values, ...timing, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [groupMembers.groupId, groupMembers.userId],
      set: { ...values, ...timing, updatedAt: now },
    })
    .run();
}

function upcomingMeetings(tx: Tx, groupId: number, now: Date) {
  return tx
    .select()
    .from(groupMeetings)
    .where(
      and(
        eq(groupMeetings.groupId, groupId),
        isNull(groupMeetings.cancelledAt),
        sql`${groupMeetings.endsAt} > ${+now}`,
      ),
    )
    .orderBy(asc(groupMeetings.startsAt))
    .all();
}

/**
 * Makes someone an active member when there is room, and sends them the calendar files of the
 * meetings still to come. Runs inside an IMMEDIATE transaction: the count and the change are one.
 */
function activate(tx: Tx, group: ActionLearningGroup, userId: string, now: Date): "ok" | "full" {
  if (activeCount(tx, group.id) >= group.maxMembers) return "full";
  setMembership(tx, group.id, userId, { status: "active" }, now);
  const to = person(tx, userId);
  if (to) {
    const meetings = upcomingMeetings(tx, group.id, now);
    enqueueMail(tx, {
      to: to.email,
      subject: `Welkom in de actieleergroep ${group.name}`,
      ...renderMail({
        greeting: `Beste ${to.name},`,
        paragraphs: [
          `Je bent nu lid van de actieleergroep "${group.name}". De leervraag: ${group.learningQuestion}`,
          ...(group.confidentiality ? [`Afspraak over vertrouwelijkheid: ${group.confidentiality}`] : []),
          ...(group.commitment ? [`Wat we van elkaar verwachten: ${group.commitment}`] : []),
          meetings.length
            ? `In de bijlage staan de ${meetings.length === 1 ? "geplande bijeenkomst" : `${meetings.length} geplande bijeenkomsten`} voor je agenda.`
            : "Zodra er een bijeenkomst gepland is, krijg je een uitnodiging voor je agenda.",
        ],
        action: { label: "Naar de actieleergroep", url: groupUrl(group.id) },
      }),
      attachments: meetings.map((m, i) => icsAttachment(meetingEvent(group, m), `bijeenkomst-${i + 1}.ics`)),
    });
  }
  return "ok";
}

export type InviteResult =
  | { status: "ok"; joined: boolean }
  | Refusal
  | { status: "unknown-user" }
  | { status: "is-facilitator" }
  | { status: "already-member" }
  | { status: "already-invited" }
  | { status: "full" };

/**
 * The facilitator or a coordinator invites someone; the person accepts or declines. Someone who
 * already asked to join is simply accepted.
 */
export function inviteMember({
  actorId,
  groupId,
  userId,
  message = "",
  now = new Date(),
}: {
  actorId: string;
  groupId: number;
  userId: string;
  message?: string;
  now?: Date;
}): InviteResult {
  return db.transaction(
    (tx): InviteResult => {
      const managed = managedGroup(tx, groupId, actorId);
      if (!("access" in managed)) return managed;
      const { group } = managed.access;
      const invitee = person(tx, userId);
      if (!invitee) return { status: "unknown-user" };
      if (group.facilitatorId === userId) return { status: "is-facilitator" };
      const current = accessTo(tx, groupId, userId)?.membership;
      if (current === "active") return { status: "already-member" };
      if (current === "invited") return { status: "already-invited" };
      if (current === "requested") {
        if (activate(tx, group, userId, now) === "full") return { status: "full" };
        auditIf(tx, managed.access, actorId, "group.member.accept", { type: "group", id: groupId }, [userId]);
        return { status: "ok", joined: true };
      }
      if (activeCount(tx, groupId) >= group.maxMembers) return { status: "full" };
      setMembership(tx, groupId, userId, { status: "invited", message, invitedBy: actorId }, now);
      const inviter = person(tx, actorId);
      enqueueMail(tx, {
        to: invitee.email,
        subject: `Uitnodiging: actieleergroep ${group.name}`,
        ...renderMail({
          greeting: `Beste ${invitee.name},`,
          paragraphs: [
            `${inviter?.name ?? "De begeleider"} nodigt je uit voor de actieleergroep "${group.name}". De leervraag: ${group.learningQuestion}`,
            ...(message ? [message] : []),
            "Op de pagina van de groep lees je de afspraken en neem je de uitnodiging aan of sla je haar af.",
          ],
          action: { label: "Bekijk de uitnodiging", url: groupUrl(groupId) },
        }),
      });
      auditIf(tx, managed.access, actorId, "group.member.invite", { type: "group", id: groupId }, [userId]);
      return { status: "ok", joined: false };
    },
    { behavior: "immediate" },
  );
}

export type JoinResult =
  | { status: "requested" }
  | { status: "joined" }
  | { status: "not-found" }
  | { status: "closed" }
  | { status: "full" }
  | { status: "already-member" }
  | { status: "already-requested" };

/**
 * Someone asks to join an open group; the facilitator accepts or declines. Someone who was invited
 * joins at once.
 */
export function requestToJoin({
  userId,
  groupId,
  message = "",
  now = new Date(),
}: {
  userId: string;
  groupId: number;
  message?: string;
  now?: Date;
}): JoinResult {
  return db.transaction(
    (tx): JoinResult => {
      const access = accessTo(tx, groupId, userId);
      if (!access) return { status: "not-found" };
      const { group } = access;
      if (access.membership === "invited") {
        if (group.closedAt) return { status: "closed" };
        return activate(tx, group, userId, now) === "full" ? { status: "full" } : { status: "joined" };
      }
      if (access.member || access.facilitator) return { status: "already-member" };
      // A group that does not take requests is, to a stranger, no group at all.
      if (!group.openToRequests) return { status: "not-found" };
      if (group.closedAt) return { status: "closed" };
      if (access.membership === "requested") return { status: "already-requested" };
      if (activeCount(tx, groupId) >= group.maxMembers) return { status: "full" };
      setMembership(tx, groupId, userId, { status: "requested", message, invitedBy: null }, now);
      const asker = person(tx, userId);
      const facilitator = group.facilitatorId ? person(tx, group.facilitatorId) : undefined;
      if (asker && facilitator) {
        enqueueMail(tx, {
          to: facilitator.email,
          subject: `Aanvraag voor de actieleergroep ${group.name}`,
          ...renderMail({
            greeting: `Beste ${facilitator.name},`,
            paragraphs: [
              `${asker.name} wil graag meedoen met de actieleergroep "${group.name}".`,
              ...(message ? [`Toelichting:\n${message}`] : []),
            ],
            action: { label: "Aanvraag bekijken", url: groupUrl(groupId) },
          }),
        });
      }
      return { status: "requested" };
    },
    { behavior: "immediate" },
  );
}

export type DecisionResult = { status: "ok" } | Refusal | { status: "no-request" } | { status: "full" };

function decideRequest(
  { actorId, groupId, userId, now = new Date() }: { actorId: string; groupId: number; userId: string; now?: Date },
  accept: boolean,
): DecisionResult {
  return db.transaction(
    (tx): DecisionResult => {
      const managed = managedGroup(tx, groupId, actorId);
      if (!("access" in managed)) return managed;
      const { group } = managed.access;
      if (accessTo(tx, groupId, userId)?.membership !== "requested") return { status: "no-request" };
      if (accept) {
        if (activate(tx, group, userId, now) === "full") return { status: "full" };
      } else {
        setMembership(tx, groupId, userId, { status: "declined" }, now);
        const to = person(tx, userId);
        if (to) {
          enqueueMail(tx, {
            to: to.email,
            subject: `Je aanvraag voor de actieleergroep ${group.name}`,
            ...renderMail({
              greeting: `Beste ${to.name},`,
              paragraphs: [
                `Je kunt helaas niet meedoen met de actieleergroep "${group.name}". De begeleider vertelt je graag waarom, of welke groep beter past.`,
              ],
              action: { label: "Andere actieleergroepen", url: `${env.appUrl}/actieleergroepen` },
            }),
          });
        }
      }
      auditIf(
        tx,
        managed.access,
        actorId,
        accept ? "group.member.accept" : "group.member.decline",
        { type: "group", id: groupId },
        [userId],
      );
      return { status: "ok" };
    },
    { behavior: "immediate" },
  );
}

/** The facilitator (or a coordinator) accepts a request to join, if there is room. */
export function acceptRequest(args: { actorId: string; groupId: number; userId: string; now?: Date }) {
  return decideRequest(args, true);
}

/** The facilitator (or a coordinator) declines a request to join; the person is told. */
export function declineRequest(args: { actorId: string; groupId: number; userId: string; now?: Date }) {
  return decideRequest(args, false);
}

export type InvitationResult = { status: "ok" } | { status: "not-found" } | { status: "closed" } | { status: "full" };

/** The invited person accepts (if there is still room) or declines. */
function answerInvitation(
  { userId, groupId, now = new Date() }: { userId: string; groupId: number; now?: Date },
  accept: boolean,
): InvitationResult {
  return db.transaction(
    (tx): InvitationResult => {
      const access = accessTo(tx, groupId, userId);
      if (!access || access.membership !== "invited") return { status: "not-found" };
      if (access.group.closedAt) return { status: "closed" };
      if (!accept) {
        setMembership(tx, groupId, userId, { status: "declined" }, now);
        return { status: "ok" };
      }
      return activate(tx, access.group, userId, now) === "full" ? { status: "full" } : { status: "ok" };
    },
    { behavior: "immediate" },
  );
}

export function acceptInvitation(args: { userId: string; groupId: number; now?: Date }) {
  return answerInvitation(args, true);
}

export function declineInvitation(args: { userId: string; groupId: number; now?: Date }) {
  return answerInvitation(args, false);
}

/**
 * A member leaves; the meetings still to come are taken out of their calendar. Their actions stay
 * with the group (the facilitator may give them to someone else).
 */
export function leaveGroup({ userId, groupId, now = new Date() }: { userId: string; groupId: number; now?: Date }) {
  return db.transaction((tx) => {
    const access = accessTo(tx, groupId, userId);
    if (!access || !access.member) return { status: "not-found" as const };
    if (access.group.closedAt) return { status: "closed" as const };
    setMembership(tx, groupId, userId, { status: "left" }, now);
    const to = person(tx, userId);
    const meetings = upcomingMeetings(tx, groupId, now);
    if (to) {
      enqueueMail(tx, {
        to: to.email,
        subject: `Je bent uit de actieleergroep ${access.group.name}`,
        ...renderMail({
          greeting: `Beste ${to.name},`,
          paragraphs: [
            `Je doet niet meer mee met de actieleergroep "${access.group.name}". Bedankt voor je bijdrage.`,
            ...(meetings.length ? ["In de bijlage staan de afzeggingen van de bijeenkomsten die nog komen."] : []),
          ],
        }),
        attachments: meetings.map((m, i) =>
          icsAttachment(meetingEvent(access.group, m, "CANCEL"), `bijeenkomst-${i + 1}.ics`),
        ),
      });
    }
    return { status: "ok" as const };
  });
}

// ---------------------------------------------------------------- composition

export type CompositionMember = {
  organisationId: number;
  organisationName: string;
  organisationKind: OrganisationKind;
  roles: readonly Role[];
};

export type CompositionWarning = { code: "single-organisation" | "no-expert"; message: string };

/**
 * The make-up of a group by organisation and by role, with what the frame warns about: members all
 * from one organisation, or no expert by experience (role "expert") among them.
 */
export function groupComposition(members: readonly CompositionMember[]) {
  const byOrganisation = new Map<number, { id: number; name: string; kind: OrganisationKind; members: number }>();
  const byRole: Partial<Record<Role, number>> = {};
  for (const member of members) {
    const entry = byOrganisation.get(member.organisationId) ?? {
      id: member.organisationId,
      name: member.organisationName,
      kind: member.organisationKind,
      members: 0,
    };
    entry.members++;
    byOrganisation.set(member.organisationId, entry);
    for (const role of new Set(member.roles)) byRole[role] = (byRole[role] ?? 0) + 1;
  }
  const warnings: CompositionWarning[] = [];
  if (byOrganisation.size === 1 && members.length > 1) {
    warnings.push({
      code: "single-organisation",
      message:
        "Alle leden komen uit één organisatie. Een actieleergroep leert het meest met collega's uit verschillende organisaties.",
    });
  }
  if (!byRole.expert) {
    warnings.push({
      code: "no-expert",
      message: "Er doet geen ervaringsdeskundige mee. Nodig een ouder of jongere met ervaringskennis uit.",
    });
  }
  return {
    members: members.length,
    byOrganisation: [...byOrganisation.values()].sort(
      (a, b) => b.members - a.members || a.name.localeCompare(b.name, "nl"),
    ),
    byRole,
    warnings,
  };
}

function rolesByUser(userIds: string[]) {
  const map = new Map<string, Role[]>();
  if (!userIds.length) return map;
  for (const row of db.select().from(userRoles).where(inArray(userRoles.userId, userIds)).all()) {
    map.set(row.userId, [...(map.get(row.userId) ?? []), row.role]);
  }
  return map;
}

function membersOf(groupIds: number[], statuses: GroupMemberStatus[]) {
  if (!groupIds.length) return [];
  const rows = db
    .select({
      groupId: groupMembers.groupId,
      userId: groupMembers.userId,
      status: groupMembers.status,
      message: groupMembers.message,
      joinedAt: groupMembers.joinedAt,
      createdAt: groupMembers.createdAt,
      name: users.name,
      organisationId: organisations.id,
      organisationName: organisations.name,
      organisationKind: organisations.kind,
    })
    .from(groupMembers)
    .innerJoin(users, eq(users.id, groupMembers.userId))
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(inArray(groupMembers.groupId, groupIds), inArray(groupMembers.status, statuses)))
    .orderBy(asc(users.name))
    .all();
  const roles = rolesByUser([...new Set(rows.map((r) => r.userId))]);
  return rows.map((r) => ({ ...r, roles: roles.get(r.userId) ?? [] }));
}

// ---------------------------------------------------------------- reading a group

const groupColumns = {
  group: actionLearningGroups,
  themeName: themes.name,
  facilitatorName: users.name,
};

function groupsQuery(where: SQL | undefined) {
  return db
    .select(groupColumns)
    .from(actionLearningGroups)
    .leftJoin(themes, eq(themes.id, actionLearningGroups.themeId))
    .leftJoin(users, eq(users.id, actionLearningGroups.facilitatorId))
    .where(where);
}

function flatGroup(row: { group: ActionLearningGroup; themeName: string | null; facilitatorName: string | null }) {
  return { ...row.group, themeName: row.themeName, facilitatorName: row.facilitatorName };
}

function visibleGroup(groupId: number, viewer: Viewer) {
  const row = groupsQuery(and(eq(actionLearningGroups.id, groupId), visibleTo(viewer))).get();
  return row ? flatGroup(row) : null;
}

function actionsOf(groupId: number) {
  return db
    .select({
      action: groupActions,
      ownerName: users.name,
      organisationName: organisations.name,
    })
    .from(groupActions)
    .leftJoin(users, eq(users.id, groupActions.ownerId))
    .leftJoin(organisations, eq(organisations.id, groupActions.organisationId))
    .where(eq(groupActions.groupId, groupId))
    .orderBy(asc(groupActions.dueOn), asc(groupActions.id))
    .all()
    .map((r) => ({ ...r.action, ownerName: r.ownerName, organisationName: r.organisationName }));
}

function updatesOf(actionIds: number[]) {
  if (!actionIds.length) return [];
  return db
    .select({
      id: groupActionUpdates.id,
      actionId: groupActionUpdates.actionId,
      fromStatus: groupActionUpdates.fromStatus,
      toStatus: groupActionUpdates.toStatus,
      note: groupActionUpdates.note,
      embeddedIn: groupActionUpdates.embeddedIn,
      embeddingEvidence: groupActionUpdates.embeddingEvidence,
      createdAt: groupActionUpdates.createdAt,
      actorName: users.name,
    })
    .from(groupActionUpdates)
    .leftJoin(users, eq(users.id, groupActionUpdates.actorId))
    .where(inArray(groupActionUpdates.actionId, actionIds))
    .orderBy(asc(groupActionUpdates.createdAt), asc(groupActionUpdates.id))
    .all();
}

function attendanceOf(meetingIds: number[]) {
  const map = new Map<number, string[]>();
  if (!meetingIds.length) return map;
  for (const row of db
    .select()
    .from(groupMeetingAttendance)
    .where(inArray(groupMeetingAttendance.meetingId, meetingIds))
    .all()) {
    map.set(row.meetingId, [...(map.get(row.meetingId) ?? []), row.userId]);
  }
  return map;
}

const isOverdue = (action: { status: ActionStatus; dueOn: string }, today: string) =>
  OPEN_ACTION_STATUSES.includes(action.status) && action.dueOn < today;

/**
 * A group's room: set-up, members and their composition, meetings, actions with their history.
 * Null for anyone who is not an active member, the facilitator or a coordinator, whatever the id;
 * a closed group is read-only (`readOnly`).
 */
export function getGroupRoom({ groupId, viewer, now = new Date() }: { groupId: number; viewer: Viewer; now?: Date }) {
  const group = visibleGroup(groupId, viewer);
  if (!group) return null;
  const coordinator = isManager(viewer.roles);
  const facilitator = group.facilitatorId === viewer.id;
  const manage = coordinator || facilitator;
  const people = membersOf([groupId], manage ? ["active", "invited", "requested"] : ["active"]);
  const members = people.filter((p) => p.status === "active");
  const meetings = db
    .select()
    .from(groupMeetings)
    .where(eq(groupMeetings.groupId, groupId))
    .orderBy(asc(groupMeetings.startsAt))
    .all();
  const attendance = attendanceOf(meetings.map((m) => m.id));
  const actions = actionsOf(groupId);
  const updates = updatesOf(actions.map((a) => a.id));
  const today = amsterdamDay(now);
  const readOnly = !!group.closedAt;
  return {
    group,
    viewerRole: facilitator ? ("facilitator" as const) : coordinator ? ("coordinator" as const) : ("member" as const),
    canManage: manage && !readOnly,
    readOnly,
    members: members.map((m) => ({
      userId: m.userId,
      name: m.name,
      organisationId: m.organisationId,
      organisationName: m.organisationName,
      organisationKind: m.organisationKind,
      roles: m.roles,
      joinedAt: m.joinedAt,
    })),
    invited: manage ? people.filter((p) => p.status === "invited") : [],
    requests: manage ? people.filter((p) => p.status === "requested") : [],
    composition: groupComposition(members),
    meetings: meetings.map((m) => ({
      ...m,
      upcoming: !m.cancelledAt && m.endsAt > now,
      attendeeIds: attendance.get(m.id) ?? [],
    })),
    actions: actions.map((a) => ({
      ...a,
      overdue: isOverdue(a, today),
      canChange: !readOnly && (manage || a.ownerId === viewer.id),
      updates: updates.filter((u) => u.actionId === a.id),
    })),
  };
}

/**
 * What anyone may know of a group before joining: its set-up and room left. For a group that
 * takes requests, or one the viewer is invited to or asked for; null otherwise.
 */
export function getGroupCard({ groupId, viewer }: { groupId: number; viewer: Viewer }) {
  const row = groupsQuery(eq(actionLearningGroups.id, groupId)).get();
  if (!row) return null;
  const group = flatGroup(row);
  const membership =
    db
      .select({ status: groupMembers.status })
      .from(groupMembers)
      .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, viewer.id)))
      .get()?.status ?? null;
  const insider = membership === "active" || group.facilitatorId === viewer.id || isManager(viewer.roles);
  const pending = membership === "invited" || membership === "requested";
  if (!insider && !pending && !(group.openToRequests && !group.closedAt)) return null;
  const members = db
    .select({ count: sql<number>`count(*)` })
    .from(groupMembers)
    .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.status, "active")))
    .get()!.count;
  return {
    id: group.id,
    name: group.name,
    themeName: group.themeName,
    facilitatorName: group.facilitatorName,
    learningQuestion: group.learningQuestion,
    aim: group.aim,
    plannedMeetings: group.plannedMeetings,
    meetingIntervalWeeks: group.meetingIntervalWeeks,
    confidentiality: group.confidentiality,
    attendance: group.attendance,
    commitment: group.commitment,
    startsOn: group.startsOn,
    closedAt: group.closedAt,
    openToRequests: group.openToRequests,
    placesLeft: Math.max(0, group.maxMembers - members),
    membership,
    canSeeRoom: insider,
  };
}

/**
 * /actieleergroepen: the groups the viewer is in (or facilitates), invitations and requests that
 * wait for an answer, and the open groups they may ask to join.
 */
export function listGroupsForUser({ viewer }: { viewer: Viewer }) {
  const memberships = db
    .select({ groupId: groupMembers.groupId, status: groupMembers.status })
    .from(groupMembers)
    .where(eq(groupMembers.userId, viewer.id))
    .all();
  const statusOf = new Map(memberships.map((m) => [m.groupId, m.status]));
  const rows = groupsQuery(undefined)
    .orderBy(desc(actionLearningGroups.startsOn), desc(actionLearningGroups.id))
    .all()
    .map(flatGroup);
  const counts = new Map(
    db
      .select({ groupId: groupMembers.groupId, count: sql<number>`count(*)` })
      .from(groupMembers)
      .where(eq(groupMembers.status, "active"))
      .groupBy(groupMembers.groupId)
      .all()
      .map((r) => [r.groupId, r.count]),
  );
  const withCounts = rows.map((g) => {
    const members = counts.get(g.id) ?? 0;
    return { ...g, members, placesLeft: Math.max(0, g.maxMembers - members), membership: statusOf.get(g.id) ?? null };
  });
  return {
    mine: withCounts.filter((g) => g.membership === "active" || g.facilitatorId === viewer.id),
    invitations: withCounts.filter((g) => g.membership === "invited" && !g.closedAt),
    requests: withCounts.filter((g) => g.membership === "requested" && !g.closedAt),
    open: withCounts.filter(
      (g) =>
        g.openToRequests &&
        !g.closedAt &&
        g.placesLeft > 0 &&
        g.facilitatorId !== viewer.id &&
        !["active", "invited", "requested"].includes(g.membership ?? ""),
    ),
  };
}

// ---------------------------------------------------------------- meetings

function meetingEvent(
  group: Pick<ActionLearningGroup, "id" | "name">,
  meeting: GroupMeeting,
  method?: IcsMethod,
): CalendarEvent {
  return {
    uid: meeting.uid,
    sequence: meeting.sequence,
    start: meeting.startsAt,
    end: meeting.endsAt,
    stamp: meeting.updatedAt,
    summary: `Actieleergroep ${group.name}`,
    description: [meeting.agenda ? `Agenda:\n${meeting.agenda}` : "", `De groep: ${groupUrl(group.id)}`]
      .filter(Boolean)
      .join("\n\n"),
    url: groupUrl(group.id),
    location: meeting.location || undefined,
    method: method ?? (meeting.cancelledAt ? "CANCEL" : "REQUEST"),
  };
}

/** Everyone who has the group's meetings in their agenda: the active members and the facilitator. */
function meetingRecipients(tx: Tx, group: ActionLearningGroup) {
  const rows = tx
    .select({ email: users.email, name: users.name, id: users.id })
    .from(users)
    .where(
      or(
        sql`${users.id} in (select user_id from ${groupMembers} where group_id = ${group.id} and status = 'active')`,
        group.facilitatorId ? eq(users.id, group.facilitatorId) : sql`0`,
      ),
    )
    .all();
  return rows;
}

function mailMeeting(
  tx: Tx,
  group: ActionLearningGroup,
  meeting: GroupMeeting,
  kind: "planned" | "changed" | "cancelled",
) {
  const when = formatPeriod(meeting.startsAt, meeting.endsAt);
  const subject = {
    planned: `Bijeenkomst ${group.name}: ${formatDateTime(meeting.startsAt)}`,
    changed: `Gewijzigd: bijeenkomst ${group.name}`,
    cancelled: `Gaat niet door: bijeenkomst ${group.name}`,
  }[kind];
  const paragraph = {
    planned: `Er is een bijeenkomst van de actieleergroep "${group.name}" gepland op ${when}${meeting.location ? `, ${meeting.location}` : ""}. In de bijlage staat de agenda-afspraak.`,
    changed: `De bijeenkomst van de actieleergroep "${group.name}" is gewijzigd: ze is nu op ${when}${meeting.location ? `, ${meeting.location}` : ""}. In de bijlage staat de bijgewerkte agenda-afspraak.`,
    cancelled: `De bijeenkomst van de actieleergroep "${group.name}" op ${when} gaat niet door. In de bijlage staat de afzegging voor je agenda.`,
  }[kind];
  const attachment = icsAttachment(meetingEvent(group, meeting), "bijeenkomst.ics");
  for (const to of meetingRecipients(tx, group)) {
    enqueueMail(tx, {
      to: to.email,
      subject,
      ...renderMail({
        greeting: `Beste ${to.name},`,
        paragraphs: [paragraph, ...(kind !== "cancelled" && meeting.agenda ? [`Agenda:\n${meeting.agenda}`] : [])],
        action: { label: "Naar de actieleergroep", url: groupUrl(group.id) },
      }),
      attachments: [attachment],
    });
  }
}

export type MeetingResult = { status: "ok"; id: number } | Refusal;

/**
 * The facilitator or a coordinator plans a meeting; members and facilitator get a calendar file
 * (unless the meeting is already over: then it is only recorded).
 */
export function planMeeting({
  actorId,
  groupId,
  input,
  now = new Date(),
}: {
  actorId: string;
  groupId: number;
  input: MeetingInput;
  now?: Date;
}): MeetingResult {
  return db.transaction((tx): MeetingResult => {
    const managed = managedGroup(tx, groupId, actorId);
    if (!("access" in managed)) return managed;
    const meeting = tx
      .insert(groupMeetings)
      .values({
        groupId,
        uid: `${randomUUID()}@leercirkel`,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        location: input.location,
        agenda: input.agenda,
        createdBy: actorId,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    if (meeting.endsAt > now) mailMeeting(tx, managed.access.group, meeting, "planned");
    auditIf(tx, managed.access, actorId, "group.meeting.plan", { type: "group_meeting", id: meeting.id });
    return { status: "ok", id: meeting.id };
  });
}

function managedMeeting(
  tx: Tx,
  meetingId: number,
  actorId: string,
): { meeting: GroupMeeting; access: Access } | Refusal {
  const meeting = tx.select().from(groupMeetings).where(eq(groupMeetings.id, meetingId)).get();
  if (!meeting) return { status: "not-found" };
  const managed = managedGroup(tx, meeting.groupId, actorId);
  if (!("access" in managed)) return managed;
  return { meeting, access: managed.access };
}

export type UpdateMeetingResult = { status: "ok"; mailed: boolean } | Refusal | { status: "cancelled" };

/**
 * Changes a meeting. A new time or place raises the calendar SEQUENCE and sends everyone the
 * updated calendar file; a changed agenda alone is shown in the room without a mail.
 */
export function updateMeeting({
  actorId,
  meetingId,
  input,
  now = new Date(),
}: {
  actorId: string;
  meetingId: number;
  input: MeetingInput;
  now?: Date;
}): UpdateMeetingResult {
  return db.transaction((tx): UpdateMeetingResult => {
    const found = managedMeeting(tx, meetingId, actorId);
    if (!("meeting" in found)) return found;
    const { meeting: before, access } = found;
    if (before.cancelledAt) return { status: "cancelled" };
    const noticeable =
      before.startsAt.getTime() !== input.startsAt.getTime() ||
      before.endsAt.getTime() !== input.endsAt.getTime() ||
      before.location !== input.location;
    const after = tx
      .update(groupMeetings)
      .set({
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        location: input.location,
        agenda: input.agenda,
        sequence: noticeable ? before.sequence + 1 : before.sequence,
        updatedAt: now,
      })
      .where(eq(groupMeetings.id, meetingId))
      .returning()
      .get();
    const mailed = noticeable && after.endsAt > now;
    if (mailed) mailMeeting(tx, access.group, after, "changed");
    auditIf(tx, access, actorId, "group.meeting.update", { type: "group_meeting", id: meetingId });
    return { status: "ok", mailed };
  });
}

/** Cancels a meeting: everyone who has it in their agenda gets METHOD:CANCEL with the same UID. */
export function cancelMeeting({
  actorId,
  meetingId,
  now = new Date(),
}: {
  actorId: string;
  meetingId: number;
  now?: Date;
}): { status: "ok" } | Refusal | { status: "cancelled" } {
  return db.transaction((tx) => {
    const found = managedMeeting(tx, meetingId, actorId);
    if (!("meeting" in found)) return found;
    const after = tx
      .update(groupMeetings)
      .set({ cancelledAt: now, sequence: sql`${groupMeetings.sequence} + 1`, updatedAt: now })
      .where(and(eq(groupMeetings.id, meetingId), isNull(groupMeetings.cancelledAt)))
      .returning()
      .get();
    if (!after) return { status: "cancelled" as const };
    if (after.endsAt > now) mailMeeting(tx, found.access.group, after, "cancelled");
    auditIf(tx, found.access, actorId, "group.meeting.cancel", { type: "group_meeting", id: meetingId });
    return { status: "ok" as const };
  });
}

export type YieldResult =
  | { status: "ok" }
  | Refusal
  | { status: "cancelled" }
  | { status: "not-yet" }
  | { status: "unknown-attendee"; userIds: string[] };

/**
 * After a meeting: its yield (opbrengst) and who attended. Attendees are members of the group
 * (also those who left since); a second call replaces both.
 */
export function recordMeetingYield({
  actorId,
  meetingId,
  yield: text,
  attendeeIds,
  now = new Date(),
}: {
  actorId: string;
  meetingId: number;
  yield: string;
  attendeeIds: string[];
  now?: Date;
}): YieldResult {
  return db.transaction((tx): YieldResult => {
    const found = managedMeeting(tx, meetingId, actorId);
    if (!("meeting" in found)) return found;
    const { meeting, access } = found;
    if (meeting.cancelledAt) return { status: "cancelled" };
    if (meeting.startsAt > now) return { status: "not-yet" };
    const ids = [...new Set(attendeeIds)];
    const known = new Set(
      ids.length
        ? tx
            .select({ userId: groupMembers.userId })
            .from(groupMembers)
            .where(
              and(
                eq(groupMembers.groupId, meeting.groupId),
                inArray(groupMembers.userId, ids),
                isNotNull(groupMembers.joinedAt),
              ),
            )
            .all()
            .map((r) => r.userId)
        : [],
    );
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length) return { status: "unknown-attendee", userIds: unknown };
    tx.update(groupMeetings).set({ yield: text, yieldRecordedAt: now }).where(eq(groupMeetings.id, meetingId)).run();
    const before = tx
      .delete(groupMeetingAttendance)
      .where(eq(groupMeetingAttendance.meetingId, meetingId))
      .returning({ userId: groupMeetingAttendance.userId })
      .all();
    if (ids.length) {
      tx.insert(groupMeetingAttendance)
        .values(ids.map((userId) => ({ meetingId, userId })))
        .run();
    }
    // Whose attendance this recorded: those marked now, and those marked the time before.
    auditIf(tx, access, actorId, "group.meeting.yield", { type: "group_meeting", id: meetingId }, [
      ...new Set([...before.map((b) => b.userId), ...ids]),
    ]);
    return { status: "ok" };
  });
}

// ---------------------------------------------------------------- actions

export type ActionResult =
  | { status: "ok"; id: number }
  | Refusal
  | { status: "owner-not-member" }
  | { status: "unknown-organisation" }
  | { status: "unknown-meeting" }
  | { status: "invalid-date"; message: string };

const PAST_DUE_MESSAGE = "Kies een einddatum vanaf vandaag.";

/**
 * Records an action agreed in the group. Any member, the facilitator or a coordinator may; the
 * owner is an active member, and the organisation is the owner's unless another is named.
 */
export function createAction({
  actorId,
  groupId,
  input,
  now = new Date(),
}: {
  actorId: string;
  groupId: number;
  input: ActionInput;
  now?: Date;
}): ActionResult {
  return db.transaction((tx): ActionResult => {
    const access = accessTo(tx, groupId, actorId);
    if (!access || !canSee(access)) return { status: "not-found" };
    if (access.group.closedAt) return { status: "closed" };
    if (input.dueOn < amsterdamDay(now)) return { status: "invalid-date", message: PAST_DUE_MESSAGE };
    const ownerAccess = accessTo(tx, groupId, input.ownerId);
    const owner = person(tx, input.ownerId);
    if (!ownerAccess?.member || !owner) return { status: "owner-not-member" };
    const organisationId = input.organisationId ?? owner.organisationId;
    if (!tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, organisationId)).get()) {
      return { status: "unknown-organisation" };
    }
    if (input.meetingId) {
      const meeting = tx
        .select({ id: groupMeetings.id })
        .from(groupMeetings)
        .where(and(eq(groupMeetings.id, input.meetingId), eq(groupMeetings.groupId, groupId)))
        .get();
      if (!meeting) return { status: "unknown-meeting" };
    }
    const id = tx
      .insert(groupActions)
      .values({
        groupId,
        meetingId: input.meetingId ?? null,
        description: input.description,
        ownerId: owner.id,
        organisationId,
        dueOn: input.dueOn,
        status: "open",
        createdBy: actorId,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: groupActions.id })
      .get().id;
    tx.insert(groupActionUpdates)
      .values({ actionId: id, actorId, fromStatus: null, toStatus: "open", note: "", createdAt: now })
      .run();
    if (owner.id !== actorId) {
      enqueueMail(tx, {
        to: owner.email,
        subject: `Nieuwe actie voor jou: ${access.group.name}`,
        ...renderMail({
          greeting: `Beste ${owner.name},`,
          paragraphs: [
            `In de actieleergroep "${access.group.name}" is een actie aan jou gegeven, af te ronden op ${formatDate(input.dueOn)}:`,
            input.description,
          ],
          action: { label: "Naar de actieleergroep", url: groupUrl(groupId) },
        }),
      });
      auditIf(tx, access, actorId, "group.action.create", { type: "group_action", id }, [owner.id]);
    }
    return { status: "ok", id };
  });
}

function changeableAction(
  tx: Tx,
  actionId: number,
  actorId: string,
): { action: GroupAction; access: Access } | Refusal {
  const action = tx.select().from(groupActions).where(eq(groupActions.id, actionId)).get();
  if (!action) return { status: "not-found" };
  const access = accessTo(tx, action.groupId, actorId);
  if (!access || !canSee(access)) return { status: "not-found" };
  if (!canManage(access) && action.ownerId !== actorId) return { status: "forbidden" };
  if (access.group.closedAt) return { status: "closed" };
  return { action, access };
}

/** Changes what an action is, who owns it or when it is due; a new due day starts the reminders over. */
export function updateAction({
  actorId,
  actionId,
  input,
  now = new Date(),
}: {
  actorId: string;
  actionId: number;
  input: Omit<ActionInput, "meetingId">;
  now?: Date;
}): { status: "ok" } | Exclude<ActionResult, { status: "ok" }> {
  return db.transaction((tx) => {
    const found = changeableAction(tx, actionId, actorId);
    if (!("action" in found)) return found;
    const { action, access } = found;
    const newDay = action.dueOn !== input.dueOn;
    if (newDay && input.dueOn < amsterdamDay(now)) {
      return { status: "invalid-date" as const, message: PAST_DUE_MESSAGE };
    }
    const owner = person(tx, input.ownerId);
    if (!owner || (input.ownerId !== action.ownerId && !accessTo(tx, action.groupId, input.ownerId)?.member)) {
      return { status: "owner-not-member" as const };
    }
    const organisationId = input.organisationId ?? action.organisationId ?? owner.organisationId;
    if (!tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, organisationId)).get()) {
      return { status: "unknown-organisation" as const };
    }
    tx.update(groupActions)
      .set({
        description: input.description,
        ownerId: owner.id,
        organisationId,
        dueOn: input.dueOn,
        updatedAt: now,
        ...(newDay || owner.id !== action.ownerId ? { reminderSoonSentAt: null, reminderOverdueSentAt: null } : {}),
      })
      .where(eq(groupActions.id, actionId))
      .run();
    if (action.ownerId !== actorId) {
      auditIf(tx, access, actorId, "group.action.update", { type: "group_action", id: actionId }, [
        action.ownerId,
        owner.id,
      ]);
    }
    return { status: "ok" as const };
  });
}

export type StatusChangeResult =
  | { status: "ok"; from: ActionStatus; to: ActionStatus }
  | Refusal
  | { status: "embedding-needs-done" }
  | { status: "conflict" };

/**
 * The owner, the facilitator or a coordinator moves an action to a status, always with a short
 * update; both land in the history the monitor counts from. Embedding evidence goes with "gedaan";
 * leaving "gedaan" takes it away.
 */
export function changeActionStatus({
  actorId,
  actionId,
  status,
  update,
  embedding,
  now = new Date(),
}: {
  actorId: string;
  actionId: number;
  status: ActionStatus;
  update: string;
  embedding?: { kind: EmbeddingKind; evidence: string };
  now?: Date;
}): StatusChangeResult {
  return db.transaction((tx): StatusChangeResult => {
    const found = changeableAction(tx, actionId, actorId);
    if (!("action" in found)) return found;
    const { action, access } = found;
    if (embedding && status !== "gedaan") return { status: "embedding-needs-done" };
    const embeddingValues =
      status !== "gedaan"
        ? { embeddedIn: null, embeddingEvidence: null, embeddedAt: null }
        : embedding
          ? { embeddedIn: embedding.kind, embeddingEvidence: embedding.evidence, embeddedAt: now }
          : {};
    // Guarded by the status read above: of two changes at once, the second sees a conflict.
    const changed = tx
      .update(groupActions)
      .set({ status, updatedAt: now, ...embeddingValues })
      .where(and(eq(groupActions.id, actionId), eq(groupActions.status, action.status)))
      .returning({ id: groupActions.id })
      .get();
    if (!changed) return { status: "conflict" };
    tx.insert(groupActionUpdates)
      .values({
        actionId,
        actorId,
        fromStatus: action.status,
        toStatus: status,
        note: update,
        embeddedIn: embedding?.kind ?? null,
        embeddingEvidence: embedding?.evidence ?? null,
        createdAt: now,
      })
      .run();
    if (action.ownerId !== actorId) {
      auditIf(tx, access, actorId, "group.action.status", { type: "group_action", id: actionId }, [action.ownerId]);
    }
    return { status: "ok", from: action.status, to: status };
  });
}

/** For the start page: the member's open and running actions in groups that are not closed, soonest first. */
export function listOpenActionsForUser({ userId, now = new Date() }: { userId: string; now?: Date }) {
  const today = amsterdamDay(now);
  return db
    .select({
      id: groupActions.id,
      description: groupActions.description,
      status: groupActions.status,
      dueOn: groupActions.dueOn,
      groupId: groupActions.groupId,
      groupName: actionLearningGroups.name,
    })
    .from(groupActions)
    .innerJoin(actionLearningGroups, eq(actionLearningGroups.id, groupActions.groupId))
    .where(
      and(
        eq(groupActions.ownerId, userId),
        inArray(groupActions.status, OPEN_ACTION_STATUSES),
        isNull(actionLearningGroups.closedAt),
        sql`exists (select 1 from ${groupMembers} m where m.group_id = ${groupActions.groupId} and m.user_id = ${userId} and m.status = 'active')`,
      ),
    )
    .orderBy(asc(groupActions.dueOn), asc(groupActions.id))
    .all()
    .map((a) => ({ ...a, overdue: a.dueOn < today }));
}

// ---------------------------------------------------------------- reminders

/**
 * Queues the action reminders that are due: one in the last days before the due day, one when the
 * action is overdue, each once per action. The claim is an UPDATE … WHERE not yet sent RETURNING,
 * so a second run (another process, or after a restart) finds nothing to send twice.
 */
export function sendDueActionReminders(now = new Date()) {
  const today = amsterdamDay(now);
  const soonUntil = addDays(today, ACTION_REMINDER_DAYS_BEFORE);
  const remindable = and(
    inArray(groupActions.status, OPEN_ACTION_STATUSES),
    isNotNull(groupActions.ownerId),
    sql`${groupActions.groupId} in (select id from ${actionLearningGroups} where closed_at is null)`,
    sql`exists (select 1 from ${groupMembers} m where m.group_id = ${groupActions.groupId} and m.user_id = ${groupActions.ownerId} and m.status = 'active')`,
  );
  let queued = 0;
  for (const kind of ["overdue", "soon"] as const) {
    db.transaction((tx) => {
      const due = tx
        .update(groupActions)
        .set(kind === "overdue" ? { reminderOverdueSentAt: now } : { reminderSoonSentAt: now })
        .where(
          kind === "overdue"
            ? and(remindable, isNull(groupActions.reminderOverdueSentAt), lt(groupActions.dueOn, today))
            : and(
                remindable,
                isNull(groupActions.reminderSoonSentAt),
                sql`${groupActions.dueOn} >= ${today} and ${groupActions.dueOn} <= ${soonUntil}`,
              ),
        )
        .returning({
          groupId: groupActions.groupId,
          ownerId: groupActions.ownerId,
          description: groupActions.description,
          dueOn: groupActions.dueOn,
        })
        .all();
      for (const row of due) {
        const to = row.ownerId ? person(tx, row.ownerId) : undefined;
        const group = tx
          .select({ name: actionLearningGroups.name })
          .from(actionLearningGroups)
          .where(eq(actionLearningGroups.id, row.groupId))
          .get();
        if (!to || !group) continue;
        enqueueMail(tx, {
          to: to.email,
          subject:
            kind === "overdue"
              ? `Over de einddatum: je actie in ${group.name}`
              : `Herinnering: je actie in ${group.name} loopt tot ${formatDate(row.dueOn)}`,
          ...renderMail({
            greeting: `Beste ${to.name},`,
            paragraphs: [
              kind === "overdue"
                ? `De einddatum van je actie in de actieleergroep "${group.name}" was ${formatDate(row.dueOn)}:`
                : `Je actie in de actieleergroep "${group.name}" loopt tot ${formatDate(row.dueOn)}:`,
              row.description,
              "Zet de status bij en schrijf kort hoe het ervoor staat: gedaan, nog bezig, of losgelaten. Ook dat laatste is een opbrengst.",
            ],
            action: { label: "Naar de actieleergroep", url: groupUrl(row.groupId) },
          }),
        });
        queued++;
      }
    });
  }
  return queued;
}

// ---------------------------------------------------------------- monitor

type StatusCounts = Record<ActionStatus, number>;
const zeroCounts = (): StatusCounts => ({ open: 0, bezig: 0, gedaan: 0, losgelaten: 0 });

/** The start of a calendar day in Amsterdam. */
const dayStart = (day: string) => fromAmsterdamLocal(`${day}T00:00`)!;

/**
 * Counts per status at the end of each week from the group's start (the current week: up to now,
 * or the closing), replayed from the status history.
 */
function statusPerWeek(
  startsOn: string,
  end: Date,
  history: { actionId: number; toStatus: ActionStatus; createdAt: Date }[],
) {
  const weeks: { week: number; from: string; until: string; counts: StatusCounts }[] = [];
  const current = new Map<number, ActionStatus>();
  let next = 0;
  // A guard against a start far in the past: ten years of weeks.
  for (let k = 0; k < 520; k++) {
    const from = addDays(startsOn, 7 * k);
    if (dayStart(from) > end) break;
    const nextWeek = dayStart(addDays(startsOn, 7 * (k + 1)));
    const cutoff = nextWeek <= end ? nextWeek.getTime() : end.getTime() + 1;
    while (next < history.length && history[next]!.createdAt.getTime() < cutoff) {
      current.set(history[next]!.actionId, history[next]!.toStatus);
      next++;
    }
    const counts = zeroCounts();
    for (const status of current.values()) counts[status]++;
    weeks.push({ week: k + 1, from, until: addDays(from, 6), counts });
  }
  return weeks;
}

function monitorOf(group: ReturnType<typeof flatGroup>, now: Date) {
  const end = group.closedAt && group.closedAt < now ? group.closedAt : now;
  const today = amsterdamDay(now);
  const actions = actionsOf(group.id);
  const history = updatesOf(actions.map((a) => a.id));
  const counts = zeroCounts();
  for (const action of actions) counts[action.status]++;

  const meetings = db
    .select()
    .from(groupMeetings)
    .where(and(eq(groupMeetings.groupId, group.id), isNull(groupMeetings.cancelledAt)))
    .orderBy(asc(groupMeetings.startsAt))
    .all();
  const held = meetings.filter((m) => m.startsAt <= now);
  const attendance = attendanceOf(held.map((m) => m.id));
  const memberships = db
    .select({ joinedAt: groupMembers.joinedAt, endedAt: groupMembers.endedAt })
    .from(groupMembers)
    .where(and(eq(groupMembers.groupId, group.id), isNotNull(groupMembers.joinedAt)))
    .all();
  const membersAt = (at: Date) => memberships.filter((m) => m.joinedAt! <= at && (!m.endedAt || m.endedAt > at)).length;

  const perOrganisation = new Map<
    string,
    {
      organisationId: number | null;
      organisationName: string;
      actions: number;
      done: number;
      embedded: number;
    } & Record<EmbeddingKind, number>
  >();
  for (const action of actions) {
    const key = String(action.organisationId ?? "");
    const entry = perOrganisation.get(key) ?? {
      organisationId: action.organisationId,
      organisationName: action.organisationName ?? "(onbekend)",
      actions: 0,
      done: 0,
      embedded: 0,
      ...(Object.fromEntries(EMBEDDING_KINDS.map((k) => [k, 0])) as Record<EmbeddingKind, number>),
    };
    entry.actions++;
    if (action.status === "gedaan") entry.done++;
    if (action.embeddedIn) {
      entry.embedded++;
      entry[action.embeddedIn]++;
    }
    perOrganisation.set(key, entry);
  }

  return {
    group,
    statusPerWeek: statusPerWeek(group.startsOn, end, history),
    counts,
    overdue: actions
      .filter((a) => isOverdue(a, today))
      .map((a) => ({
        id: a.id,
        description: a.description,
        ownerId: a.ownerId,
        ownerName: a.ownerName,
        organisationName: a.organisationName,
        dueOn: a.dueOn,
        status: a.status,
      })),
    meetings: {
      planned: group.plannedMeetings,
      held: held.length,
      upcoming: meetings.length - held.length,
    },
    attendance: held.map((m) => {
      const attended = (attendance.get(m.id) ?? []).length;
      const members = membersAt(m.startsAt);
      return {
        meetingId: m.id,
        startsAt: m.startsAt,
        recorded: !!m.yieldRecordedAt,
        attended,
        members,
        rate: m.yieldRecordedAt && members ? attended / members : null,
      };
    }),
    embeddedPerOrganisation: [...perOrganisation.values()].sort((a, b) =>
      a.organisationName.localeCompare(b.organisationName, "nl"),
    ),
    finalYield: group.finalYield,
  };
}

/**
 * The monitor of one group: actions by status per week, overdue actions, attendance per meeting,
 * actions embedded per organisation and the final yield. Null for whoever may not see the group.
 */
export function groupMonitor({ groupId, viewer, now = new Date() }: { groupId: number; viewer: Viewer; now?: Date }) {
  const group = visibleGroup(groupId, viewer);
  return group ? monitorOf(group, now) : null;
}

const csvMoment = (at: Date) => toAmsterdamLocal(at).replace("T", " ");

/** The monitor as rows for a spreadsheet (toCsv), in sections; null for whoever may not see the group. */
export function monitorCsvRows({
  groupId,
  viewer,
  now = new Date(),
}: {
  groupId: number;
  viewer: Viewer;
  now?: Date;
}): (string | number | null)[][] | null {
  const monitor = groupMonitor({ groupId, viewer, now });
  if (!monitor) return null;
  const { group } = monitor;
  const statusHeaders = ACTION_STATUSES.map((s) => ACTION_STATUS_LABELS[s]);
  return [
    ["Monitor actieleergroep", group.name],
    ["Thema", group.themeName ?? ""],
    ["Begeleider", group.facilitatorName ?? ""],
    ["Gestart op", group.startsOn],
    ["Afgesloten op", group.closedAt ? csvMoment(group.closedAt) : ""],
    ["Bijeenkomsten gepland", monitor.meetings.planned],
    ["Bijeenkomsten gehouden", monitor.meetings.held],
    [],
    ["Acties per status, per week"],
    ["Week", "Van", "Tot en met", ...statusHeaders],
    ...monitor.statusPerWeek.map((w) => [w.week, w.from, w.until, ...ACTION_STATUSES.map((s) => w.counts[s])]),
    [],
    ["Aanwezigheid per bijeenkomst"],
    ["Bijeenkomst", "Aanwezig", "Leden", "Opbrengst vastgelegd"],
    ...monitor.attendance.map((a) => [
      csvMoment(a.startsAt),
      a.recorded ? a.attended : null,
      a.members,
      a.recorded ? "ja" : "nee",
    ]),
    [],
    ["Acties geborgd per organisatie"],
    ["Organisatie", "Acties", "Gedaan", "Geborgd", ...EMBEDDING_KINDS.map((k) => EMBEDDING_KIND_LABELS[k])],
    ...monitor.embeddedPerOrganisation.map((o) => [
      o.organisationName,
      o.actions,
      o.done,
      o.embedded,
      ...EMBEDDING_KINDS.map((k) => o[k]),
    ]),
    [],
    ["Acties over de einddatum"],
    ["Actie", "Eigenaar", "Organisatie", "Einddatum", "Status"],
    ...monitor.overdue.map((a) => [
      a.description,
      a.ownerName ?? "",
      a.organisationName ?? "",
      a.dueOn,
      ACTION_STATUS_LABELS[a.status],
    ]),
    [],
    ["Opbrengst", group.finalYield ?? ""],
  ];
}

/**
 * The monitor as a CSV file (semicolons, CRLF); null for whoever may not see the group. A
 * coordinator's download is audited: the file names the facilitator and the owners of overdue actions.
 */
export function monitorCsv(args: { groupId: number; viewer: Viewer; now?: Date }) {
  const rows = monitorCsvRows(args);
  if (!rows) return null;
  if (isManager(args.viewer.roles)) {
    const monitor = groupMonitor(args);
    recordAudit(db, {
      actorId: args.viewer.id,
      action: "group.monitor.export",
      targetType: "group",
      targetId: args.groupId,
      people: [monitor?.group.facilitatorId, ...(monitor?.overdue.map((a) => a.ownerId) ?? [])],
    });
  }
  return toCsv(rows);
}

/**
 * For coordinators: every group's key figures side by side (null for anyone else). A handful of
 * grouped queries, whatever the number of groups.
 */
export function allGroupMonitors({ viewer, now = new Date() }: { viewer: Viewer; now?: Date }) {
  if (!isManager(viewer.roles)) return null;
  const today = amsterdamDay(now);
  const groups = groupsQuery(undefined)
    .orderBy(sql`${actionLearningGroups.closedAt} is not null`, desc(actionLearningGroups.startsOn))
    .all()
    .map(flatGroup);
  const members = membersOf(
    groups.map((g) => g.id),
    ["active"],
  );
  const actionRows = db
    .select({
      groupId: groupActions.groupId,
      status: groupActions.status,
      count: sql<number>`count(*)`,
      overdue: sql<number>`sum(case when ${groupActions.status} in ('open', 'bezig') and ${groupActions.dueOn} < ${today} then 1 else 0 end)`,
      embedded: sql<number>`sum(case when ${groupActions.embeddedIn} is not null then 1 else 0 end)`,
    })
    .from(groupActions)
    .groupBy(groupActions.groupId, groupActions.status)
    .all();
  const meetingRows = db
    .select({
      groupId: groupMeetings.groupId,
      held: sql<number>`sum(case when ${groupMeetings.startsAt} <= ${+now} then 1 else 0 end)`,
      recorded: sql<number>`sum(case when ${groupMeetings.yieldRecordedAt} is not null then 1 else 0 end)`,
      attended: sql<number>`sum((select count(*) from ${groupMeetingAttendance} a where a.meeting_id = ${groupMeetings.id}))`,
    })
    .from(groupMeetings)
    .where(isNull(groupMeetings.cancelledAt))
    .groupBy(groupMeetings.groupId)
    .all();
  const meetingsBy = new Map(meetingRows.map((r) => [r.groupId, r]));
  return groups.map((group) => {
    const own = members.filter((m) => m.groupId === group.id);
    const composition = groupComposition(own);
    const counts = zeroCounts();
    let overdue = 0;
    let embedded = 0;
    for (const row of actionRows.filter((r) => r.groupId === group.id)) {
      counts[row.status] = row.count;
      overdue += row.overdue;
      embedded += row.embedded;
    }
    const meetings = meetingsBy.get(group.id);
    return {
      id: group.id,
      name: group.name,
      themeName: group.themeName,
      facilitatorName: group.facilitatorName,
      startsOn: group.startsOn,
      closedAt: group.closedAt,
      members: own.length,
      maxMembers: group.maxMembers,
      organisations: composition.byOrganisation.length,
      experts: composition.byRole.expert ?? 0,
      warnings: composition.warnings.map((w) => w.code),
      meetingsPlanned: group.plannedMeetings,
      meetingsHeld: meetings?.held ?? 0,
      // Attendees per meeting with a recorded attendance, on average.
      averageAttendance: meetings?.recorded ? Math.round((meetings.attended / meetings.recorded) * 10) / 10 : null,
      actions: counts,
      actionsTotal: ACTION_STATUSES.reduce((sum, s) => sum + counts[s], 0),
      overdue,
      embedded,
      finalYield: group.finalYield,
    };
  });
}

// ---------------------------------------------------------------- closing

export type CloseResult = { status: "ok" } | Refusal;

/**
 * Closes a group with its final yield. Meetings still to come are cancelled (members get the
 * cancellation), open invitations and requests lapse, and everything stays readable, unchanged.
 */
export function closeGroup({
  actorId,
  groupId,
  finalYield,
  now = new Date(),
}: {
  actorId: string;
  groupId: number;
  finalYield: string;
  now?: Date;
}): CloseResult {
  return db.transaction(
    (tx): CloseResult => {
      const managed = managedGroup(tx, groupId, actorId);
      if (!("access" in managed)) return managed;
      const group = tx
        .update(actionLearningGroups)
        .set({ closedAt: now, closedBy: actorId, finalYield, updatedAt: now })
        .where(and(eq(actionLearningGroups.id, groupId), isNull(actionLearningGroups.closedAt)))
        .returning()
        .get();
      if (!group) return { status: "closed" };
      for (const meeting of upcomingMeetings(tx, groupId, now)) {
        const cancelled = tx
          .update(groupMeetings)
          .set({ cancelledAt: now, sequence: meeting.sequence + 1, updatedAt: now })
          .where(eq(groupMeetings.id, meeting.id))
          .returning()
          .get();
        mailMeeting(tx, group, cancelled, "cancelled");
      }
      const lapsed = tx
        .update(groupMembers)
        .set({ status: "declined", endedAt: now, updatedAt: now })
        .where(and(eq(groupMembers.groupId, groupId), inArray(groupMembers.status, ["invited", "requested"])))
        .returning({ userId: groupMembers.userId })
        .all();
      for (const to of meetingRecipients(tx, group)) {
        enqueueMail(tx, {
          to: to.email,
          subject: `De actieleergroep ${group.name} is afgesloten`,
          ...renderMail({
            greeting: `Beste ${to.name},`,
            paragraphs: [
              `De actieleergroep "${group.name}" is afgesloten. Alles wat de groep vastlegde, blijft voor de leden te lezen.`,
              `De opbrengst:\n${finalYield}`,
            ],
            action: { label: "Naar de actieleergroep", url: groupUrl(groupId) },
          }),
        });
      }
      recordAudit(tx, {
        actorId,
        action: "group.close",
        targetType: "group",
        targetId: groupId,
        // Whose invitation or request lapsed with the group.
        people: lapsed.map((m) => m.userId),
      });
      return { status: "ok" };
    },
    { behavior: "immediate" },
  );
}

/** Groups of a theme that take requests and are running: where a webinar invites people to go deeper. */
export function listOpenGroupsOfTheme(themeId: number) {
  return db
    .select({ id: actionLearningGroups.id, name: actionLearningGroups.name })
    .from(actionLearningGroups)
    .where(
      and(
        eq(actionLearningGroups.themeId, themeId),
        eq(actionLearningGroups.openToRequests, true),
        isNull(actionLearningGroups.closedAt),
      ),
    )
    .orderBy(desc(actionLearningGroups.startsOn), desc(actionLearningGroups.id))
    .all();
}
