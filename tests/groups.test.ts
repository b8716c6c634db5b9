import { spawn } from "node:child_process";
import { once } from "node:events";
import ICAL from "ical.js";
import { describe, expect, test } from "vitest";
import { sqlite } from "@db/client.server";
import type { Role } from "@db/schema";
import {
  ActionSchema,
  ActionStatusSchema,
  CloseGroupSchema,
  FrameSchema,
  GroupSchema,
  MeetingSchema,
  MeetingYieldSchema,
  StartGroupSchema,
} from "~/models/group.schema";
import {
  acceptInvitation,
  acceptRequest,
  allGroupMonitors,
  cancelMeeting,
  changeActionStatus,
  closeGroup,
  createAction,
  createFrame,
  declineInvitation,
  declineRequest,
  getFrame,
  getGroupCard,
  getGroupRoom,
  groupComposition,
  groupMonitor,
  inviteMember,
  leaveGroup,
  listFrames,
  listGroupsForUser,
  listOpenActionsForUser,
  monitorCsv,
  monitorCsvRows,
  planMeeting,
  recordMeetingYield,
  requestToJoin,
  sendDueActionReminders,
  startGroup,
  updateAction,
  updateGroup,
  updateFrame,
  updateMeeting,
} from "~/models/group.server";
import { addDays, amsterdamDay, fromAmsterdamLocal, toAmsterdamLocal } from "~/utils/dates";
import { makeGroup, makeOrganisation, makeUser } from "./factories";

const HOUR = 3600_000;
const DAY = 24 * HOUR;

const viewer = (user: { id: string; roles: Role[] }) => ({ id: user.id, roles: user.roles });
const coordinator = () => makeUser({ roles: ["coordinator"] });

type Mail = { to: string; subject: string; text: string; attachments: string };
const mailsTo = (email: string) =>
  sqlite
    .prepare('select "to", subject, text, attachments from mail_outbox where "to" = ? order by id')
    .all(email) as Mail[];
const calendarOf = (mail: Mail, index = 0) =>
  new ICAL.Component(ICAL.parse(JSON.parse(mail.attachments)[index].content as string));
const auditActions = (targetType: string, targetId: number) =>
  (
    sqlite
      .prepare("select action from audit_log where target_type = ? and target_id = ? order by id")
      .all(targetType, String(targetId)) as { action: string }[]
  ).map((r) => r.action);

const meeting = (startsAt: number, overrides: Record<string, unknown> = {}) =>
  MeetingSchema.parse({
    startsAt: toAmsterdamLocal(startsAt),
    endsAt: toAmsterdamLocal(startsAt + 2 * HOUR),
    location: "Wijkcentrum De Brug, Arnhem",
    agenda: "1. Casus van de maand\n2. Acties van vorige keer",
    ...overrides,
  });

const action = (ownerId: string, dueOn: string, description = "Verklarende analyse agenderen in het teamoverleg") =>
  ActionSchema.parse({ description, ownerId, dueOn });

function ok<T extends { status: string }>(result: T): Extract<T, { id: number }> {
  if (result.status !== "ok") throw new Error(`expected ok, got ${result.status}`);
  return result as Extract<T, { id: number }>;
}

describe("frames and starting a group", () => {
  test("a coordinator keeps a frame and starts groups from it, adapting what differs", async () => {
    const carla = await coordinator();
    const piet = await makeUser({ name: "Piet Professional" });
    const facilitator = await makeUser({ name: "Fatima Begeleider" });
    const input = FrameSchema.parse({
      name: "Kader verklarende analyse",
      learningQuestion: "Hoe maken wijkteam en jeugdbeschermer samen een verklarende analyse?",
      plannedMeetings: 6,
      meetingIntervalWeeks: 4,
      maxMembers: 10,
      confidentiality: "Casussen blijven in de groep.",
    });
    expect(createFrame({ actorId: piet.id, input })).toEqual({ status: "forbidden" });
    const frame = ok(createFrame({ actorId: carla.id, input }));

    const started = startGroup({
      actorId: carla.id,
      input: StartGroupSchema.parse({
        frameId: frame.id,
        name: "Actieleergroep verklarende analyse Arnhem",
        facilitatorId: facilitator.id,
        maxMembers: 8,
        startsOn: "2030-03-04",
        openToRequests: true,
      }),
    });
    expect(started).toMatchObject({ status: "ok" });
    const { id } = ok(started);
    expect(
      startGroup({
        actorId: piet.id,
        input: StartGroupSchema.parse({ frameId: frame.id, name: "Nee", facilitatorId: piet.id }),
      }),
    ).toEqual({ status: "forbidden" });
    expect(
      startGroup({
        actorId: carla.id,
        input: StartGroupSchema.parse({ frameId: frame.id, name: "Onbekende begeleider", facilitatorId: "geen-id" }),
      }),
    ).toEqual({ status: "unknown-facilitator" });

    // Adapting the frame later leaves the group as it was started.
    expect(updateFrame({ actorId: carla.id, id: frame.id, input: { ...input, plannedMeetings: 4 } })).toEqual({
      status: "ok",
      id: frame.id,
    });
    expect(getFrame(frame.id)?.plannedMeetings).toBe(4);
    const room = getGroupRoom({ groupId: id, viewer: viewer(carla) })!;
    expect(room.group).toMatchObject({
      frameId: frame.id,
      name: "Actieleergroep verklarende analyse Arnhem",
      learningQuestion: "Hoe maken wijkteam en jeugdbeschermer samen een verklarende analyse?",
      plannedMeetings: 6,
      maxMembers: 8,
      confidentiality: "Casussen blijven in de groep.",
      facilitatorId: facilitator.id,
      facilitatorName: "Fatima Begeleider",
      startsOn: "2030-03-04",
    });
    expect(listFrames().find((f) => f.id === frame.id)?.groups).toBe(1);
    expect(auditActions("group", id)).toEqual(["group.start"]);
    expect(mailsTo(facilitator.email).map((m) => m.subject)).toEqual([
      "Je begeleidt de actieleergroep Actieleergroep verklarende analyse Arnhem",
    ]);
  });

  test("the facilitator adapts the running group, never below its number of members", async () => {
    const facilitator = await makeUser();
    const [anna, bram, cees] = [await makeUser(), await makeUser(), await makeUser()];
    const group = await makeGroup({ facilitatorId: facilitator.id, memberIds: [anna.id, bram.id, cees.id] });
    const current = getGroupRoom({ groupId: group.id, viewer: viewer(facilitator) })!.group;
    const input = GroupSchema.parse({
      name: "Verklarende analyse, tweede ronde",
      themeId: current.themeId,
      learningQuestion: current.learningQuestion,
      aim: current.aim,
      plannedMeetings: 8,
      meetingIntervalWeeks: 3,
      maxMembers: 2,
      confidentiality: current.confidentiality,
      attendance: current.attendance,
      commitment: current.commitment,
      facilitatorId: facilitator.id,
      startsOn: current.startsOn,
      openToRequests: true,
    });
    expect(updateGroup({ actorId: facilitator.id, groupId: group.id, input })).toEqual({
      status: "too-small",
      members: 3,
    });
    expect(updateGroup({ actorId: anna.id, groupId: group.id, input: { ...input, maxMembers: 6 } })).toEqual({
      status: "forbidden",
    });
    expect(updateGroup({ actorId: facilitator.id, groupId: group.id, input: { ...input, maxMembers: 6 } })).toEqual({
      status: "ok",
    });
    expect(getGroupCard({ groupId: group.id, viewer: viewer(await makeUser()) })).toMatchObject({
      name: "Verklarende analyse, tweede ronde",
      plannedMeetings: 8,
      placesLeft: 3,
      openToRequests: true,
    });
    // The facilitator's own work is not audited; a coordinator's change in the group is.
    expect(auditActions("group", group.id)).toEqual(["group.start"]);
  });

  test("bad input gets a Dutch message at the field", () => {
    const frame = FrameSchema.safeParse({ name: "Kader", plannedMeetings: 0, meetingIntervalWeeks: 4, maxMembers: 8 });
    expect(frame.success).toBe(false);
    const issues = Object.fromEntries(frame.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(issues).toMatchObject({
      learningQuestion: "Vul de leervraag in.",
      plannedMeetings: "Minstens 1 bijeenkomst.",
    });
    const bsn = ActionSchema.safeParse({ description: "Bel over 111222333", ownerId: "x", dueOn: "2030-01-01" });
    expect(bsn.error?.issues[0]?.message).toMatch(/burgerservicenummer/);
    expect(
      ActionSchema.safeParse({ description: "Iets doen", ownerId: "x", dueOn: "2030-02-30" }).error?.issues[0],
    ).toMatchObject({
      path: ["dueOn"],
      message: "Kies de einddatum die bestaat.",
    });
    const embedded = ActionStatusSchema.safeParse({ status: "bezig", update: "Loopt", embeddedIn: "protocol" });
    expect(embedded.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["embeddedIn", "Een actie is pas geborgd als ze gedaan is."],
      [
        "embeddingEvidence",
        "Beschrijf waaruit blijkt dat het geborgd is (bijvoorbeeld welk protocol of welk overleg).",
      ],
    ]);
    expect(
      ActionStatusSchema.parse({
        status: "gedaan",
        update: "Staat erin",
        embeddedIn: "protocol",
        embeddingEvidence: "Werkinstructie veiligheid, versie 3",
      }),
    ).toEqual({
      status: "gedaan",
      update: "Staat erin",
      embedding: { kind: "protocol", evidence: "Werkinstructie veiligheid, versie 3" },
    });
    expect(CloseGroupSchema.safeParse({ finalYield: "" }).error?.issues[0]?.message).toBe(
      "Schrijf de opbrengst van de groep op.",
    );
    expect(
      MeetingSchema.safeParse({ startsAt: "2030-01-01T10:00", endsAt: "2030-01-01T09:00" }).error?.issues[0],
    ).toMatchObject({
      path: ["endsAt"],
      message: "Het einde moet na het begin liggen.",
    });
    // A time of only spaces and line breaks gets its own message, not a crash in the check of the
    // whole meeting (the fuzzer found it: `value.startsAt.getTime is not a function`, a 500).
    for (const blank of ["\r\n\r\n", "   "]) {
      expect(MeetingSchema.safeParse({ startsAt: blank, endsAt: "2030-01-01T11:00" }).error?.issues).toEqual([
        expect.objectContaining({ path: ["startsAt"], message: "Vul het begin in." }),
      ]);
      expect(MeetingSchema.safeParse({ startsAt: "2030-01-01T10:00", endsAt: blank }).error?.issues).toEqual([
        expect.objectContaining({ path: ["endsAt"], message: "Vul het einde in." }),
      ]);
    }
  });
});

describe("membership: who sees what", () => {
  test("a non-member sees nothing and changes nothing, even by guessing ids", async () => {
    const carla = await coordinator();
    const facilitator = await makeUser();
    const anna = await makeUser({ name: "Anna Lid" });
    const outsider = await makeUser({ name: "Otto Buitenstaander" });
    const group = await makeGroup({ coordinatorId: carla.id, facilitatorId: facilitator.id, memberIds: [anna.id] });
    const meetingId = ok(
      planMeeting({ actorId: facilitator.id, groupId: group.id, input: meeting(Date.now() + 7 * DAY) }),
    ).id;
    const actionId = ok(
      createAction({ actorId: anna.id, groupId: group.id, input: action(anna.id, addDays(amsterdamDay(), 20)) }),
    ).id;

    const guest = viewer(outsider);
    expect(getGroupRoom({ groupId: group.id, viewer: guest })).toBeNull();
    expect(groupMonitor({ groupId: group.id, viewer: guest })).toBeNull();
    expect(monitorCsvRows({ groupId: group.id, viewer: guest })).toBeNull();
    expect(monitorCsv({ groupId: group.id, viewer: guest })).toBeNull();
    expect(allGroupMonitors({ viewer: guest })).toBeNull();
    // The group takes no requests: to a stranger it does not exist.
    expect(getGroupCard({ groupId: group.id, viewer: guest })).toBeNull();
    expect(requestToJoin({ userId: outsider.id, groupId: group.id })).toEqual({ status: "not-found" });
    const lists = listGroupsForUser({ viewer: guest });
    expect([...lists.mine, ...lists.open, ...lists.invitations].map((g) => g.id)).not.toContain(group.id);

    const notFound = { status: "not-found" };
    expect(planMeeting({ actorId: outsider.id, groupId: group.id, input: meeting(Date.now() + DAY) })).toEqual(
      notFound,
    );
    expect(updateMeeting({ actorId: outsider.id, meetingId, input: meeting(Date.now() + DAY) })).toEqual(notFound);
    expect(cancelMeeting({ actorId: outsider.id, meetingId })).toEqual(notFound);
    expect(
      recordMeetingYield({
        actorId: outsider.id,
        meetingId,
        yield: "Niets",
        attendeeIds: [],
        now: new Date(Date.now() + 8 * DAY),
      }),
    ).toEqual(notFound);
    expect(createAction({ actorId: outsider.id, groupId: group.id, input: action(anna.id, "2099-01-01") })).toEqual(
      notFound,
    );
    expect(changeActionStatus({ actorId: outsider.id, actionId, status: "gedaan", update: "Klaar" })).toEqual(notFound);
    expect(
      updateAction({
        actorId: outsider.id,
        actionId,
        input: { ...action(anna.id, "2099-01-01"), description: "Anders" },
      }),
    ).toEqual(notFound);
    expect(inviteMember({ actorId: outsider.id, groupId: group.id, userId: outsider.id })).toEqual(notFound);
    expect(acceptRequest({ actorId: outsider.id, groupId: group.id, userId: outsider.id })).toEqual(notFound);
    expect(closeGroup({ actorId: outsider.id, groupId: group.id, finalYield: "Weg ermee" })).toEqual(notFound);
    expect(leaveGroup({ userId: outsider.id, groupId: group.id })).toEqual(notFound);
    // An id that does not exist looks the same as one that is not yours.
    expect(getGroupRoom({ groupId: 999_999, viewer: viewer(carla) })).toBeNull();
    expect(planMeeting({ actorId: carla.id, groupId: 999_999, input: meeting(Date.now() + DAY) })).toEqual(notFound);

    // Members, the facilitator and coordinators see the room.
    expect(getGroupRoom({ groupId: group.id, viewer: viewer(anna) })).toMatchObject({
      viewerRole: "member",
      canManage: false,
    });
    expect(getGroupRoom({ groupId: group.id, viewer: { id: facilitator.id, roles: ["professional"] } })).toMatchObject({
      viewerRole: "facilitator",
      canManage: true,
    });
    const asCoordinator = getGroupRoom({ groupId: group.id, viewer: viewer(carla) })!;
    expect(asCoordinator).toMatchObject({ viewerRole: "coordinator", canManage: true });
    expect(asCoordinator.members.map((m) => m.name)).toEqual(["Anna Lid"]);
    expect(asCoordinator.actions.map((a) => a.id)).toEqual([actionId]);
    expect(listGroupsForUser({ viewer: viewer(anna) }).mine.map((g) => g.id)).toContain(group.id);
    expect(listGroupsForUser({ viewer: viewer(facilitator) }).mine.map((g) => g.id)).toContain(group.id);
  });

  test("members do their own part; the facilitator's work is the facilitator's", async () => {
    const facilitator = await makeUser();
    const [anna, bram] = [await makeUser(), await makeUser()];
    const group = await makeGroup({ facilitatorId: facilitator.id, memberIds: [anna.id, bram.id] });
    expect(planMeeting({ actorId: anna.id, groupId: group.id, input: meeting(Date.now() + DAY) })).toEqual({
      status: "forbidden",
    });
    expect(inviteMember({ actorId: anna.id, groupId: group.id, userId: (await makeUser()).id })).toEqual({
      status: "forbidden",
    });
    expect(closeGroup({ actorId: anna.id, groupId: group.id, finalYield: "Een lange opbrengst" })).toEqual({
      status: "forbidden",
    });
    // A member records an action, for themselves or for another member, but changes only their own.
    const due = addDays(amsterdamDay(), 14);
    const own = ok(createAction({ actorId: anna.id, groupId: group.id, input: action(anna.id, due) })).id;
    const bramsAction = ok(createAction({ actorId: anna.id, groupId: group.id, input: action(bram.id, due) })).id;
    expect(mailsTo(bram.email).at(-1)?.subject).toMatch(/^Nieuwe actie voor jou/);
    expect(changeActionStatus({ actorId: anna.id, actionId: bramsAction, status: "bezig", update: "Ik help" })).toEqual(
      {
        status: "forbidden",
      },
    );
    expect(changeActionStatus({ actorId: anna.id, actionId: own, status: "bezig", update: "Gestart" })).toMatchObject({
      status: "ok",
    });
    expect(
      changeActionStatus({ actorId: facilitator.id, actionId: bramsAction, status: "bezig", update: "Loopt" }),
    ).toMatchObject({
      status: "ok",
    });
    // The owner is always a member of the group.
    const stranger = await makeUser();
    expect(createAction({ actorId: anna.id, groupId: group.id, input: action(stranger.id, due) })).toEqual({
      status: "owner-not-member",
    });
    expect(createAction({ actorId: anna.id, groupId: group.id, input: action(anna.id, "2000-01-01") })).toEqual({
      status: "invalid-date",
      message: "Kies een einddatum vanaf vandaag.",
    });
  });

  test("an invited person sees the card, not the room, until they accept", async () => {
    const facilitator = await makeUser();
    const group = await makeGroup({ facilitatorId: facilitator.id });
    ok(planMeeting({ actorId: facilitator.id, groupId: group.id, input: meeting(Date.now() + 7 * DAY) }) as never);
    const [ilse, jan] = [await makeUser(), await makeUser()];
    expect(
      inviteMember({ actorId: facilitator.id, groupId: group.id, userId: ilse.id, message: "Doe je mee?" }),
    ).toEqual({
      status: "ok",
      joined: false,
    });
    expect(inviteMember({ actorId: facilitator.id, groupId: group.id, userId: ilse.id })).toEqual({
      status: "already-invited",
    });
    expect(inviteMember({ actorId: facilitator.id, groupId: group.id, userId: facilitator.id })).toEqual({
      status: "is-facilitator",
    });
    expect(mailsTo(ilse.email).map((m) => m.subject)).toEqual([expect.stringMatching(/^Uitnodiging: actieleergroep/)]);
    expect(getGroupRoom({ groupId: group.id, viewer: viewer(ilse) })).toBeNull();
    expect(getGroupCard({ groupId: group.id, viewer: viewer(ilse) })).toMatchObject({
      membership: "invited",
      canSeeRoom: false,
      confidentiality: "Wat we over casussen bespreken, blijft in de groep.",
    });
    expect(listGroupsForUser({ viewer: viewer(ilse) }).invitations.map((g) => g.id)).toEqual([group.id]);
    // Someone else cannot answer her invitation.
    expect(acceptInvitation({ userId: jan.id, groupId: group.id })).toEqual({ status: "not-found" });

    expect(acceptInvitation({ userId: ilse.id, groupId: group.id })).toEqual({ status: "ok" });
    expect(getGroupRoom({ groupId: group.id, viewer: viewer(ilse) })).not.toBeNull();
    // The welcome mail brings the meeting already planned for her agenda.
    const welcome = mailsTo(ilse.email).at(-1)!;
    expect(welcome.subject).toMatch(/^Welkom in de actieleergroep/);
    expect(calendarOf(welcome).getFirstPropertyValue("method")).toBe("REQUEST");

    inviteMember({ actorId: facilitator.id, groupId: group.id, userId: jan.id });
    expect(declineInvitation({ userId: jan.id, groupId: group.id })).toEqual({ status: "ok" });
    expect(getGroupRoom({ groupId: group.id, viewer: viewer(jan) })).toBeNull();
  });

  test("requests: the facilitator accepts or declines, and a full group takes no one more", async () => {
    const facilitator = await makeUser();
    const group = await makeGroup({ facilitatorId: facilitator.id, maxMembers: 2, openToRequests: true });
    const [a, b, c, d] = [await makeUser(), await makeUser(), await makeUser(), await makeUser()];
    expect(getGroupCard({ groupId: group.id, viewer: viewer(a) })).toMatchObject({ membership: null, placesLeft: 2 });
    expect(listGroupsForUser({ viewer: viewer(a) }).open.map((g) => g.id)).toContain(group.id);
    expect(requestToJoin({ userId: a.id, groupId: group.id, message: "Ik werk bij het wijkteam" })).toEqual({
      status: "requested",
    });
    expect(requestToJoin({ userId: a.id, groupId: group.id })).toEqual({ status: "already-requested" });
    expect(mailsTo(facilitator.email).at(-1)?.subject).toMatch(/^Aanvraag voor de actieleergroep/);
    // Asking does not open the room.
    expect(getGroupRoom({ groupId: group.id, viewer: viewer(a) })).toBeNull();
    expect(getGroupRoom({ groupId: group.id, viewer: viewer(facilitator) })?.requests.map((r) => r.userId)).toEqual([
      a.id,
    ]);

    for (const p of [b, c]) requestToJoin({ userId: p.id, groupId: group.id });
    expect(acceptRequest({ actorId: a.id, groupId: group.id, userId: b.id })).toEqual({ status: "not-found" });
    expect(acceptRequest({ actorId: facilitator.id, groupId: group.id, userId: a.id })).toEqual({ status: "ok" });
    expect(acceptRequest({ actorId: a.id, groupId: group.id, userId: b.id })).toEqual({ status: "forbidden" });
    expect(acceptRequest({ actorId: facilitator.id, groupId: group.id, userId: b.id })).toEqual({ status: "ok" });
    expect(acceptRequest({ actorId: facilitator.id, groupId: group.id, userId: c.id })).toEqual({ status: "full" });
    expect(acceptRequest({ actorId: facilitator.id, groupId: group.id, userId: d.id })).toEqual({
      status: "no-request",
    });
    expect(declineRequest({ actorId: facilitator.id, groupId: group.id, userId: c.id })).toEqual({ status: "ok" });
    expect(mailsTo(c.email).at(-1)?.subject).toMatch(/^Je aanvraag voor de actieleergroep/);
    expect(getGroupRoom({ groupId: group.id, viewer: viewer(a) })).not.toBeNull();
    expect(getGroupRoom({ groupId: group.id, viewer: viewer(c) })).toBeNull();
    // Full: no longer among the open groups, and asking says so.
    expect(listGroupsForUser({ viewer: viewer(d) }).open.map((g) => g.id)).not.toContain(group.id);
    expect(requestToJoin({ userId: d.id, groupId: group.id })).toEqual({ status: "full" });
    expect(inviteMember({ actorId: facilitator.id, groupId: group.id, userId: d.id })).toEqual({ status: "full" });
  });

  test("who leaves loses the room, and the meetings to come leave their agenda", async () => {
    const facilitator = await makeUser();
    const anna = await makeUser();
    const group = await makeGroup({ facilitatorId: facilitator.id, memberIds: [anna.id] });
    ok(planMeeting({ actorId: facilitator.id, groupId: group.id, input: meeting(Date.now() + 3 * DAY) }) as never);
    expect(leaveGroup({ userId: anna.id, groupId: group.id })).toEqual({ status: "ok" });
    expect(getGroupRoom({ groupId: group.id, viewer: viewer(anna) })).toBeNull();
    const goodbye = mailsTo(anna.email).at(-1)!;
    expect(goodbye.subject).toMatch(/^Je bent uit de actieleergroep/);
    expect(calendarOf(goodbye).getFirstPropertyValue("method")).toBe("CANCEL");
    expect(leaveGroup({ userId: anna.id, groupId: group.id })).toEqual({ status: "not-found" });
  });
});

describe("composition", () => {
  const member = (organisationId: number, roles: Role[]) => ({
    organisationId,
    organisationName: `Organisatie ${organisationId}`,
    organisationKind: "aanbieder" as const,
    roles,
  });

  test("warns when all members come from one organisation or no expert by experience takes part", () => {
    const codes = (members: ReturnType<typeof member>[]) => groupComposition(members).warnings.map((w) => w.code);
    expect(codes([member(1, ["professional"]), member(1, ["professional"])])).toEqual([
      "single-organisation",
      "no-expert",
    ]);
    expect(codes([member(1, ["professional"]), member(1, ["expert"])])).toEqual(["single-organisation"]);
    expect(codes([member(1, ["professional"]), member(2, ["professional"])])).toEqual(["no-expert"]);
    expect(codes([member(1, ["professional"]), member(2, ["expert", "professional"])])).toEqual([]);
    // An empty group has no expert yet; one organisation is only a warning from two members on.
    expect(codes([])).toEqual(["no-expert"]);
    expect(codes([member(1, ["expert"])])).toEqual([]);
    const composition = groupComposition([
      member(1, ["professional"]),
      member(2, ["expert"]),
      member(2, ["professional"]),
    ]);
    expect(composition.byOrganisation.map((o) => [o.id, o.members])).toEqual([
      [2, 2],
      [1, 1],
    ]);
    expect(composition.byRole).toEqual({ professional: 2, expert: 1 });
  });

  test("the room shows the composition by organisation and role, and its warnings", async () => {
    const wijkteam = makeOrganisation({ name: `Wijkteam ${Date.now()}`, kind: "toegang" });
    const gi = makeOrganisation({ name: `GI ${Date.now()}`, kind: "gecertificeerde_instelling" });
    const [p1, p2] = [await makeUser({ organisationId: wijkteam }), await makeUser({ organisationId: wijkteam })];
    const group = await makeGroup({ memberIds: [p1.id, p2.id] });
    const carla = viewer({ id: group.coordinatorId, roles: ["coordinator"] });
    const before = getGroupRoom({ groupId: group.id, viewer: carla })!.composition;
    expect(before.warnings.map((w) => w.code)).toEqual(["single-organisation", "no-expert"]);
    expect(before.warnings[0]?.message).toMatch(/één organisatie/);
    expect(before.byOrganisation).toMatchObject([{ id: wijkteam, kind: "toegang", members: 2 }]);

    const parent = await makeUser({ roles: ["expert"], organisationId: gi });
    inviteMember({ actorId: group.facilitatorId, groupId: group.id, userId: parent.id });
    acceptInvitation({ userId: parent.id, groupId: group.id });
    const after = getGroupRoom({ groupId: group.id, viewer: carla })!.composition;
    expect(after.warnings).toEqual([]);
    expect(after.byRole).toEqual({ professional: 2, expert: 1 });
    expect(allGroupMonitors({ viewer: carla })!.find((g) => g.id === group.id)).toMatchObject({
      members: 3,
      organisations: 2,
      experts: 1,
      warnings: [],
    });
  });
});

describe("meetings", () => {
  test("members and facilitator get a calendar file; a change raises SEQUENCE, a cancellation says CANCEL", async () => {
    const facilitator = await makeUser();
    const [anna, bram] = [await makeUser(), await makeUser()];
    const group = await makeGroup({ facilitatorId: facilitator.id, memberIds: [anna.id, bram.id] });
    const starts = fromAmsterdamLocal("2031-06-10T14:00")!.getTime();
    const now = new Date(starts - 14 * DAY);
    const id = ok(planMeeting({ actorId: facilitator.id, groupId: group.id, input: meeting(starts), now })).id;
    for (const person of [anna, bram, facilitator]) {
      expect(mailsTo(person.email).at(-1)?.subject).toMatch(/^Bijeenkomst Actieleergroep .*: 10 juni 2031 om 14:00$/);
    }
    const planned = calendarOf(mailsTo(anna.email).at(-1)!);
    const vevent = planned.getFirstSubcomponent("vevent")!;
    const uid = vevent.getFirstPropertyValue("uid");
    expect(planned.getFirstPropertyValue("method")).toBe("REQUEST");
    expect(vevent.getFirstPropertyValue("sequence")).toBe(0);
    expect(vevent.getFirstPropertyValue("location")).toBe("Wijkcentrum De Brug, Arnhem");
    expect(vevent.getFirstPropertyValue("description")).toContain("Casus van de maand");

    // A new agenda alone goes to the room, not to everyone's mailbox.
    const agendaOnly = meeting(starts, { agenda: "1. Casus van de maand\n2. Acties\n3. Rondvraag" });
    expect(updateMeeting({ actorId: facilitator.id, meetingId: id, input: agendaOnly, now })).toEqual({
      status: "ok",
      mailed: false,
    });
    expect(updateMeeting({ actorId: facilitator.id, meetingId: id, input: meeting(starts + DAY), now })).toEqual({
      status: "ok",
      mailed: true,
    });
    const changed = mailsTo(bram.email).at(-1)!;
    expect(changed.subject).toMatch(/^Gewijzigd: bijeenkomst/);
    const changedEvent = calendarOf(changed).getFirstSubcomponent("vevent")!;
    expect(changedEvent.getFirstPropertyValue("uid")).toBe(uid);
    expect(changedEvent.getFirstPropertyValue("sequence")).toBe(1);

    expect(cancelMeeting({ actorId: facilitator.id, meetingId: id, now })).toEqual({ status: "ok" });
    expect(cancelMeeting({ actorId: facilitator.id, meetingId: id, now })).toEqual({ status: "cancelled" });
    const cancelled = mailsTo(anna.email).at(-1)!;
    expect(cancelled.subject).toMatch(/^Gaat niet door: bijeenkomst/);
    const cancelCalendar = calendarOf(cancelled);
    expect(cancelCalendar.getFirstPropertyValue("method")).toBe("CANCEL");
    expect(cancelCalendar.getFirstSubcomponent("vevent")!.getFirstPropertyValue("uid")).toBe(uid);
    expect(cancelCalendar.getFirstSubcomponent("vevent")!.getFirstPropertyValue("sequence")).toBe(2);
    expect(updateMeeting({ actorId: facilitator.id, meetingId: id, input: meeting(starts), now })).toEqual({
      status: "cancelled",
    });
  });

  test("after the meeting: its yield and who attended, members only", async () => {
    const facilitator = await makeUser();
    const [anna, bram] = [await makeUser(), await makeUser()];
    const group = await makeGroup({ facilitatorId: facilitator.id, memberIds: [anna.id, bram.id] });
    const starts = Date.now() + 2 * DAY;
    const id = ok(planMeeting({ actorId: facilitator.id, groupId: group.id, input: meeting(starts) })).id;
    const record = (attendeeIds: string[], now = new Date(starts + 3 * HOUR)) =>
      recordMeetingYield({
        actorId: facilitator.id,
        meetingId: id,
        ...MeetingYieldSchema.parse({ yield: "We spraken af de analyse in het MDO te bespreken.", attendeeIds }),
        now,
      });
    expect(record([anna.id], new Date())).toEqual({ status: "not-yet" });
    const stranger = await makeUser();
    expect(record([anna.id, stranger.id])).toEqual({ status: "unknown-attendee", userIds: [stranger.id] });
    expect(record([anna.id, bram.id])).toEqual({ status: "ok" });
    expect(record([anna.id])).toEqual({ status: "ok" });
    const room = getGroupRoom({ groupId: group.id, viewer: viewer(bram), now: new Date(starts + 3 * HOUR) })!;
    expect(room.meetings[0]).toMatchObject({
      yield: "We spraken af de analyse in het MDO te bespreken.",
      attendeeIds: [anna.id],
      upcoming: false,
    });
  });
});

describe("actions", () => {
  test("status changes with an update each, embedding with done, and the history kept", async () => {
    const carla = await coordinator();
    const facilitator = await makeUser();
    const anna = await makeUser();
    const group = await makeGroup({ coordinatorId: carla.id, facilitatorId: facilitator.id, memberIds: [anna.id] });
    const id = ok(
      createAction({ actorId: anna.id, groupId: group.id, input: action(anna.id, addDays(amsterdamDay(), 30)) }),
    ).id;
    expect(listOpenActionsForUser({ userId: anna.id }).map((a) => [a.id, a.status])).toEqual([[id, "open"]]);

    expect(
      changeActionStatus({ actorId: anna.id, actionId: id, status: "bezig", update: "Met teamleider besproken" }),
    ).toEqual({
      status: "ok",
      from: "open",
      to: "bezig",
    });
    expect(
      changeActionStatus({
        actorId: anna.id,
        actionId: id,
        status: "bezig",
        update: "Geborgd?",
        embedding: { kind: "protocol", evidence: "x" },
      }),
    ).toEqual({ status: "embedding-needs-done" });
    expect(
      changeActionStatus({
        actorId: anna.id,
        actionId: id,
        status: "gedaan",
        update: "Staat in de werkinstructie",
        embedding: { kind: "protocol", evidence: "Werkinstructie veiligheid, versie 3" },
      }),
    ).toMatchObject({ status: "ok", to: "gedaan" });
    expect(listOpenActionsForUser({ userId: anna.id })).toEqual([]);
    let room = getGroupRoom({ groupId: group.id, viewer: viewer(anna) })!;
    expect(room.actions[0]).toMatchObject({
      status: "gedaan",
      embeddedIn: "protocol",
      embeddingEvidence: "Werkinstructie veiligheid, versie 3",
    });
    // Back to work: no longer done, so no longer embedded; a coordinator's change is audited.
    expect(
      changeActionStatus({ actorId: carla.id, actionId: id, status: "bezig", update: "Toch nog niet rond" }),
    ).toMatchObject({
      status: "ok",
    });
    room = getGroupRoom({ groupId: group.id, viewer: viewer(anna) })!;
    expect(room.actions[0]).toMatchObject({ status: "bezig", embeddedIn: null, embeddingEvidence: null });
    expect(room.actions[0]!.updates.map((u) => [u.fromStatus, u.toStatus, u.note])).toEqual([
      [null, "open", ""],
      ["open", "bezig", "Met teamleider besproken"],
      ["bezig", "gedaan", "Staat in de werkinstructie"],
      ["gedaan", "bezig", "Toch nog niet rond"],
    ]);
    expect(auditActions("group_action", id)).toEqual(["group.action.status"]);
  });

  test("owners are reminded before the due day and when overdue, each once, however often the job runs", async () => {
    const anna = await makeUser();
    const group = await makeGroup({ memberIds: [anna.id] });
    const today = amsterdamDay();
    const soon = ok(
      createAction({ actorId: anna.id, groupId: group.id, input: action(anna.id, addDays(today, 2), "Soon") }),
    ).id;
    const later = ok(
      createAction({ actorId: anna.id, groupId: group.id, input: action(anna.id, addDays(today, 20), "Later") }),
    ).id;
    const done = ok(
      createAction({ actorId: anna.id, groupId: group.id, input: action(anna.id, addDays(today, 1), "Done") }),
    ).id;
    changeActionStatus({ actorId: anna.id, actionId: done, status: "gedaan", update: "Al gedaan" });
    const reminders = () => mailsTo(anna.email).filter((m) => /^(Herinnering|Over de einddatum)/.test(m.subject));

    // Other tests' actions share this database: count what reached Anna.
    sendDueActionReminders();
    sendDueActionReminders();
    expect(reminders().map((m) => m.subject)).toEqual([
      expect.stringMatching(/^Herinnering: je actie in .* loopt tot/),
    ]);
    expect(reminders()[0]!.text).toContain("Soon");

    const afterDue = new Date(Date.now() + 4 * DAY);
    sendDueActionReminders(afterDue);
    sendDueActionReminders(afterDue);
    expect(reminders().map((m) => m.subject)).toEqual([
      expect.stringMatching(/^Herinnering/),
      expect.stringMatching(/^Over de einddatum: je actie in /),
    ]);
    expect(reminders()[1]!.text).toContain("Soon");
    expect(listOpenActionsForUser({ userId: anna.id, now: afterDue }).find((a) => a.id === soon)?.overdue).toBe(true);

    // A new due day starts the reminders over; a later action is reminded in its own time.
    expect(
      updateAction({ actorId: anna.id, actionId: soon, input: action(anna.id, addDays(today, 6), "Soon") }),
    ).toEqual({ status: "ok" });
    sendDueActionReminders(afterDue);
    expect(reminders()).toHaveLength(3);
    const nearLater = fromAmsterdamLocal(`${addDays(today, 18)}T09:00`)!;
    sendDueActionReminders(nearLater);
    sendDueActionReminders(nearLater);
    // Day 18: the moved action is overdue (again, once), the later one due soon.
    expect(reminders().map((m) => [m.subject.split(":")[0], m.text.includes("Later") ? "Later" : "Soon"])).toEqual([
      ["Herinnering", "Soon"],
      ["Over de einddatum", "Soon"],
      ["Herinnering", "Soon"],
      ["Over de einddatum", "Soon"],
      ["Herinnering", "Later"],
    ]);
    const sent = sqlite
      .prepare("select id, reminder_soon_sent_at as soon from group_actions where id in (?, ?, ?)")
      .all(soon, later, done) as { id: number; soon: number | null }[];
    expect(sent.find((r) => r.id === done)?.soon).toBeNull();
  });

  test("two processes sending reminders at once queue each reminder once", async () => {
    const members = await Promise.all(Array.from({ length: 6 }, () => makeUser()));
    const group = await makeGroup({ memberIds: members.map((m) => m.id) });
    for (const m of members) {
      ok(createAction({ actorId: m.id, groupId: group.id, input: action(m.id, addDays(amsterdamDay(), 1)) }));
    }
    const script =
      "const { sendDueActionReminders } = await import('./app/models/group.server.ts');" +
      "let n = 0; for (let i = 0; i < 20; i++) n += sendDueActionReminders(); console.log(n);";
    const children = [0, 1].map(() =>
      spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        cwd: process.cwd(),
        env: { ...process.env },
        stdio: ["ignore", "pipe", "pipe"],
      }),
    );
    const results = await Promise.all(
      children.map(async (child) => {
        let out = "";
        let err = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (err += d));
        const [code] = (await once(child, "exit")) as [number];
        expect(code, err).toBe(0);
        return Number(out.trim().split("\n").at(-1));
      }),
    );
    // Each process claimed some (other tests' actions in this database may be among them) …
    expect(results.every((n) => Number.isInteger(n))).toBe(true);
    // … and no reminder went out twice.
    for (const m of members) {
      expect(mailsTo(m.email).filter((mail) => mail.subject.startsWith("Herinnering"))).toHaveLength(1);
    }
  }, 60_000);
});

describe("the monitor", () => {
  test("actions by status per week, overdue actions, attendance, embedding per organisation, CSV", async () => {
    const carla = await coordinator();
    const facilitator = await makeUser({ name: "Fatima Begeleider" });
    const wijkteam = makeOrganisation({ name: `Wijkteam Monitor ${Date.now()}`, kind: "toegang" });
    const gi = makeOrganisation({ name: `GI Monitor ${Date.now()}`, kind: "gecertificeerde_instelling" });
    const anna = await makeUser({ name: "Anna", organisationId: wijkteam });
    const bram = await makeUser({ name: "Bram", organisationId: gi });
    const noor = await makeUser({ name: "Noor", organisationId: gi, roles: ["expert"] });
    // Week 1 starts on Monday 4 March 2030 (Amsterdam).
    const at = (day: number, hour = 10) =>
      fromAmsterdamLocal(`${addDays("2030-03-04", day)}T${String(hour).padStart(2, "0")}:00`)!;
    const group = await makeGroup({
      coordinatorId: carla.id,
      facilitatorId: facilitator.id,
      memberIds: [anna.id, bram.id, noor.id],
      startsOn: "2030-03-04",
      plannedMeetings: 4,
    });
    const create = (owner: { id: string }, due: string, description: string, now: Date) =>
      ok(createAction({ actorId: facilitator.id, groupId: group.id, input: action(owner.id, due, description), now }))
        .id;
    // Week 1: three actions.
    const a1 = create(anna, "2030-03-29", "Analyse in het MDO", at(1));
    const a2 = create(bram, "2030-03-13", "Werkinstructie aanpassen", at(1));
    const a3 = create(noor, "2030-04-30", "Ouderpanel voorbereiden", at(2));
    // Week 2: one starts; week 3: it is done and embedded, another let go.
    changeActionStatus({ actorId: anna.id, actionId: a1, status: "bezig", update: "Eerste casus", now: at(8) });
    changeActionStatus({
      actorId: anna.id,
      actionId: a1,
      status: "gedaan",
      update: "Vast agendapunt",
      embedding: { kind: "teamoverleg", evidence: "Vast agendapunt in het wekelijkse MDO" },
      now: at(15),
    });
    changeActionStatus({
      actorId: noor.id,
      actionId: a3,
      status: "losgelaten",
      update: "Panel gaat niet door",
      now: at(16),
    });
    // A meeting in week 1 with two of the three members present.
    const m1 = ok(
      planMeeting({ actorId: facilitator.id, groupId: group.id, input: meeting(at(3, 14).getTime()), now: at(0) }),
    ).id;
    recordMeetingYield({
      actorId: facilitator.id,
      meetingId: m1,
      yield: "Drie acties afgesproken.",
      attendeeIds: [anna.id, noor.id],
      now: at(3, 17),
    });
    ok(
      planMeeting({
        actorId: facilitator.id,
        groupId: group.id,
        input: meeting(at(30, 14).getTime()),
        now: at(0),
      }) as never,
    );

    const now = at(17, 12);
    const monitor = groupMonitor({ groupId: group.id, viewer: viewer(bram), now })!;
    expect(monitor.statusPerWeek).toEqual([
      { week: 1, from: "2030-03-04", until: "2030-03-10", counts: { open: 3, bezig: 0, gedaan: 0, losgelaten: 0 } },
      { week: 2, from: "2030-03-11", until: "2030-03-17", counts: { open: 2, bezig: 1, gedaan: 0, losgelaten: 0 } },
      { week: 3, from: "2030-03-18", until: "2030-03-24", counts: { open: 1, bezig: 0, gedaan: 1, losgelaten: 1 } },
    ]);
    expect(monitor.counts).toEqual({ open: 1, bezig: 0, gedaan: 1, losgelaten: 1 });
    expect(monitor.overdue.map((a) => [a.id, a.ownerName, a.dueOn])).toEqual([[a2, "Bram", "2030-03-13"]]);
    expect(monitor.meetings).toEqual({ planned: 4, held: 1, upcoming: 1 });
    expect(monitor.attendance).toEqual([
      { meetingId: m1, startsAt: at(3, 14), recorded: true, attended: 2, members: 3, rate: 2 / 3 },
    ]);
    expect(
      monitor.embeddedPerOrganisation.map((o) => [o.organisationId, o.actions, o.done, o.embedded, o.teamoverleg]),
    ).toEqual(
      expect.arrayContaining([
        [wijkteam, 1, 1, 1, 1],
        [gi, 2, 0, 0, 0],
      ]),
    );

    const csv = monitorCsv({ groupId: group.id, viewer: viewer(carla), now })!;
    expect(csv).toContain("Week;Van;Tot en met;Open;Bezig;Gedaan;Losgelaten\r\n1;2030-03-04;2030-03-10;3;0;0;0\r\n");
    expect(csv).toContain("3;2030-03-18;2030-03-24;1;0;1;1\r\n");
    expect(csv).toContain("2030-03-07 14:00;2;3;ja\r\n");
    expect(csv).toContain("Werkinstructie aanpassen;Bram;");
    const rows = monitorCsvRows({ groupId: group.id, viewer: viewer(facilitator), now })!;
    expect(rows[0]).toEqual(["Monitor actieleergroep", expect.any(String)]);

    // Coordinators see every group side by side; no one else does.
    const overview = allGroupMonitors({ viewer: viewer(carla), now })!;
    expect(overview.find((g) => g.id === group.id)).toMatchObject({
      facilitatorName: "Fatima Begeleider",
      members: 3,
      organisations: 2,
      experts: 1,
      meetingsPlanned: 4,
      meetingsHeld: 1,
      averageAttendance: 2,
      actions: { open: 1, bezig: 0, gedaan: 1, losgelaten: 1 },
      actionsTotal: 3,
      overdue: 1,
      embedded: 1,
    });
    expect(allGroupMonitors({ viewer: viewer(facilitator), now })).toBeNull();
  });
});

describe("closing a group", () => {
  test("asks for the final yield, cancels what is to come, and keeps everything readable, unchanged", async () => {
    const carla = await coordinator();
    const facilitator = await makeUser();
    const anna = await makeUser();
    const invitee = await makeUser();
    const group = await makeGroup({ coordinatorId: carla.id, facilitatorId: facilitator.id, memberIds: [anna.id] });
    const actionId = ok(
      createAction({ actorId: anna.id, groupId: group.id, input: action(anna.id, addDays(amsterdamDay(), 2)) }),
    ).id;
    const meetingId = ok(
      planMeeting({ actorId: facilitator.id, groupId: group.id, input: meeting(Date.now() + 5 * DAY) }),
    ).id;
    inviteMember({ actorId: facilitator.id, groupId: group.id, userId: invitee.id });

    const finalYield = CloseGroupSchema.parse({
      finalYield: "De verklarende analyse is vast agendapunt in drie teams; het protocol van de GI is aangepast.",
    }).finalYield;
    expect(closeGroup({ actorId: anna.id, groupId: group.id, finalYield })).toEqual({ status: "forbidden" });
    expect(closeGroup({ actorId: facilitator.id, groupId: group.id, finalYield })).toEqual({ status: "ok" });
    expect(closeGroup({ actorId: facilitator.id, groupId: group.id, finalYield })).toEqual({ status: "closed" });

    const annaMails = mailsTo(anna.email);
    expect(annaMails.map((m) => m.subject).slice(-2)).toEqual([
      expect.stringMatching(/^Gaat niet door: bijeenkomst/),
      expect.stringMatching(/is afgesloten$/),
    ]);
    expect(calendarOf(annaMails.at(-2)!).getFirstPropertyValue("method")).toBe("CANCEL");

    // Readable for members and coordinators, read-only for everyone.
    const room = getGroupRoom({ groupId: group.id, viewer: viewer(anna) })!;
    expect(room).toMatchObject({ readOnly: true, canManage: false });
    expect(room.group.finalYield).toBe(finalYield);
    expect(room.actions[0]?.canChange).toBe(false);
    expect(room.meetings[0]?.cancelledAt).not.toBeNull();
    expect(getGroupRoom({ groupId: group.id, viewer: viewer(carla) })).toMatchObject({ readOnly: true });
    expect(groupMonitor({ groupId: group.id, viewer: viewer(anna) })?.finalYield).toBe(finalYield);
    expect(auditActions("group", group.id)).toContain("group.close");

    const closed = { status: "closed" };
    expect(planMeeting({ actorId: facilitator.id, groupId: group.id, input: meeting(Date.now() + DAY) })).toEqual(
      closed,
    );
    expect(updateMeeting({ actorId: carla.id, meetingId, input: meeting(Date.now() + DAY) })).toEqual(closed);
    expect(createAction({ actorId: anna.id, groupId: group.id, input: action(anna.id, "2099-01-01") })).toEqual(closed);
    expect(changeActionStatus({ actorId: anna.id, actionId, status: "gedaan", update: "Toch" })).toEqual(closed);
    expect(inviteMember({ actorId: carla.id, groupId: group.id, userId: (await makeUser()).id })).toEqual(closed);
    expect(leaveGroup({ userId: anna.id, groupId: group.id })).toEqual(closed);
    // The open invitation lapsed; no reminders, nothing on the start page.
    expect(acceptInvitation({ userId: invitee.id, groupId: group.id })).toEqual({ status: "not-found" });
    const before = mailsTo(anna.email).length;
    sendDueActionReminders();
    sendDueActionReminders(new Date(Date.now() + 5 * DAY));
    expect(mailsTo(anna.email)).toHaveLength(before);
    expect(listOpenActionsForUser({ userId: anna.id })).toEqual([]);
    expect(listGroupsForUser({ viewer: viewer(anna) }).mine.map((g) => g.id)).toContain(group.id);
  });
});
