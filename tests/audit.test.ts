import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, test } from "vitest";
import { db, sqlite } from "@db/client.server";
import type { Role } from "@db/schema";
import { AUDIT_PAGE_SIZE, listAuditEntries, recordAudit } from "~/models/audit.server";
import { ReviewSchema } from "~/models/contribution.schema";
import { reviewContribution } from "~/models/contribution.server";
import { ActionSchema, MeetingSchema } from "~/models/group.schema";
import {
  acceptRequest,
  changeActionStatus,
  closeGroup,
  createAction,
  inviteMember,
  monitorCsv,
  planMeeting,
  recordMeetingYield,
  requestToJoin,
} from "~/models/group.server";
import { enqueueMail, readMail } from "~/models/mail.server";
import { decideSuggestion, listOptions, suggestOption } from "~/models/poll.server";
import { getUserProfile, grantRole, revokeRole } from "~/models/user.server";
import { importAttendance, registrationsCsv } from "~/models/webinar.server";
import { loader } from "~/routes/beheer.audit";
import { addDays, amsterdamDay, toAmsterdamLocal } from "~/utils/dates";
import { ensureTheme, makeContribution, makeGroup, makePoll, makeUser, makeWebinar, uniqueSuffix } from "./factories";

const HOUR = 3600_000;
const DAY = 24 * HOUR;

type Person = Awaited<ReturnType<typeof makeUser>>;

function person(name: string, roles: Role[] = ["professional"]) {
  const suffix = uniqueSuffix();
  return makeUser({ name: `${name} ${suffix}`, email: `${name.toLowerCase()}.${suffix}@example.nl`, roles });
}

/** The entries found for a search, as "action by actor". */
function found(query: string, filter: { from?: string; until?: string } = {}) {
  return listAuditEntries({ person: query, ...filter }).rows;
}

/** Whether an entry of this action by `actor` is in the log under `about`'s name, as being about them. */
function auditedAbout(about: Person, action: string, actor: Person) {
  return found(about.email).some(
    (entry) => entry.action === action && entry.actorId === actor.id && entry.people.some((p) => p.id === about.id),
  );
}

function setCreatedAt(entryId: number, iso: string) {
  sqlite.prepare("update audit_log set created_at = ? where id = ?").run(Date.parse(iso), entryId);
}

describe("filtering by person", () => {
  test("an admin's change is found under the admin (actor) and under the user it changed (target)", async () => {
    const admin = await person("Beheerder", ["admin"]);
    const user = await person("Lotte");
    const bystander = await person("Omstander");

    expect(grantRole({ actorId: admin.id, userId: user.id, role: "coordinator" })).toEqual({ status: "ok" });

    const byActor = found(admin.name);
    expect(byActor.map((e) => [e.action, e.targetId, e.actorName])).toEqual([["role.grant", user.id, admin.name]]);
    const byTarget = found(user.email);
    expect(byTarget.map((e) => [e.action, e.actorId])).toEqual([["role.grant", admin.id]]);
    expect(byTarget[0]?.people).toEqual([{ id: user.id, name: user.name, email: user.email }]);
    expect(found(bystander.email)).toEqual([]);
  });

  test("an entry about someone's data is found under their name, also when its target is no user", async () => {
    const coordinator = await person("Coordinator", ["coordinator"]);
    const expert = await person("Ervaringsdeskundige", ["expert"]);
    const theme = ensureTheme({ slug: "audit-thema", name: "Audit", description: "" });
    const id = await makeContribution({
      contributorId: expert.id,
      themeId: theme.id,
      kind: "do",
      text: "Vraag eerst wat de jongere zelf al geprobeerd heeft.",
      perspective: "jongere",
      credit: "first_name",
    });

    reviewContribution({ actorId: coordinator.id, id, input: ReviewSchema.parse({ intent: "publish" }) });

    const entries = found(expert.name);
    expect(entries.map((e) => [e.action, e.targetType, e.targetId, e.actorId])).toEqual([
      ["contribution.publish", "contribution", String(id), coordinator.id],
    ]);
    expect(found(coordinator.email).map((e) => e.action)).toEqual(["contribution.publish"]);
  });

  test("a whole e-mail address is that one person; part of a name or address may match several", async () => {
    const suffix = uniqueSuffix();
    const an = await makeUser({ name: `An ${suffix}`, email: `an.${suffix}@example.nl` });
    const jan = await makeUser({ name: `Jan ${suffix}`, email: `jan.${suffix}@example.nl` });
    recordAudit(db, { actorId: an.id, action: "test.an", targetType: "test" });
    recordAudit(db, { actorId: jan.id, action: "test.jan", targetType: "test" });

    const exact = listAuditEntries({ person: `  AN.${suffix}@example.nl ` });
    expect(exact.rows.map((e) => e.action)).toEqual(["test.an"]);
    expect(exact.people?.map((p) => p.id)).toEqual([an.id]);

    const part = listAuditEntries({ person: `n.${suffix}@` });
    expect(part.rows.map((e) => e.action).sort()).toEqual(["test.an", "test.jan"]);
    expect(part.peopleTotal).toBe(2);
    expect(listAuditEntries({ person: suffix }).rows).toHaveLength(2);
  });

  test("someone nobody is called finds nothing; % and _ are taken as they are", async () => {
    const someone = await person("Iemand");
    recordAudit(db, { actorId: someone.id, action: "test.someone", targetType: "test" });

    for (const query of [`niemand-${uniqueSuffix()}`, "%", "_"]) {
      const result = listAuditEntries({ person: query });
      expect(result.rows, query).toEqual([]);
      expect(result.people, query).toEqual([]);
      expect(result.total, query).toBe(0);
    }
  });

  test("without a person every entry counts, and a person's entries are paged like the rest", async () => {
    const busy = await person("Druk");
    for (let i = 0; i < AUDIT_PAGE_SIZE + 5; i++) {
      recordAudit(db, { actorId: busy.id, action: "test.busy", targetType: "test", targetId: i });
    }

    const first = listAuditEntries({ person: busy.email });
    const second = listAuditEntries({ person: busy.email, page: 2 });

    expect(first).toMatchObject({ total: AUDIT_PAGE_SIZE + 5, pages: 2 });
    expect(first.rows).toHaveLength(AUDIT_PAGE_SIZE);
    expect(second.rows).toHaveLength(5);
    // Newest first, and no entry on both pages.
    expect(first.rows[0]?.targetId).toBe(String(AUDIT_PAGE_SIZE + 4));
    expect(second.rows.at(-1)?.targetId).toBe("0");
    expect(listAuditEntries().total).toBeGreaterThanOrEqual(AUDIT_PAGE_SIZE + 5);
  });

  test("an entry about many people names the first few and counts the rest", async () => {
    const actor = await person("Exporteur", ["coordinator"]);
    const many = await Promise.all(Array.from({ length: 7 }, (_, i) => person(`Deelnemer${i}`)));
    recordAudit(db, { actorId: actor.id, action: "test.many", targetType: "test", people: many.map((p) => p.id) });

    const [entry] = found(actor.email);
    expect(entry?.people).toHaveLength(5);
    expect(entry?.morePeople).toBe(2);
    // Each of them finds it, also those not named on the page.
    for (const p of many) expect(found(p.email).map((e) => e.action)).toEqual(["test.many"]);
  });
});

describe("filtering by period", () => {
  // Amsterdam is UTC+1 in winter and UTC+2 in summer: the day boundaries fall at 23:00 and 22:00 UTC.
  async function entriesAround() {
    const actor = await person("Periode", ["coordinator"]);
    const at = {
      lastOfFirstMarch: "2026-03-01T22:59:59.999Z",
      firstOfSecondMarch: "2026-03-01T23:00:00.000Z",
      lastOfFirstJuly: "2026-07-01T21:59:59.999Z",
      firstOfSecondJuly: "2026-07-01T22:00:00.000Z",
    };
    for (const [name, iso] of Object.entries(at)) {
      setCreatedAt(recordAudit(db, { actorId: actor.id, action: name, targetType: "test" }), iso);
    }
    return actor;
  }

  const actions = (actor: Person, filter: { from?: string; until?: string }) =>
    found(actor.email, filter).map((e) => e.action);

  test("from and until are whole calendar days in Amsterdam time, until included", async () => {
    const actor = await entriesAround();

    expect(actions(actor, { from: "2026-03-02" })).toEqual([
      "firstOfSecondJuly",
      "lastOfFirstJuly",
      "firstOfSecondMarch",
    ]);
    expect(actions(actor, { until: "2026-03-01" })).toEqual(["lastOfFirstMarch"]);
    expect(actions(actor, { from: "2026-03-02", until: "2026-07-01" })).toEqual([
      "lastOfFirstJuly",
      "firstOfSecondMarch",
    ]);
    expect(actions(actor, { from: "2026-07-02", until: "2026-07-02" })).toEqual(["firstOfSecondJuly"]);
    expect(actions(actor, { from: "2026-03-01", until: "2026-03-01" })).toEqual(["lastOfFirstMarch"]);
  });

  test("a day that is no date is ignored", async () => {
    const actor = await entriesAround();

    expect(actions(actor, { from: "2026-02-30", until: "gisteren" })).toHaveLength(4);
    expect(actions(actor, { from: "2026-13-01" })).toHaveLength(4);
  });
});

describe("the page /beheer/audit", () => {
  const context = { cspNonce: "test", clientIp: "127.0.0.1" } as AppLoadContext;

  async function load(user: Person, search: string) {
    const { startSession } = await import("~/auth/session.server");
    const cookie = (await startSession(user.id, new Request("http://localhost:3000/"))).split(";")[0]!;
    const request = new Request(`http://localhost:3000/beheer/audit${search}`, { headers: { Cookie: cookie } });
    try {
      return await loader({ request, params: {}, context });
    } catch (error) {
      if (error instanceof Response) return error;
      throw error;
    }
  }

  test("is for administrators only", async () => {
    const coordinator = await person("Coordinator", ["coordinator"]);
    const admin = await person("Beheerder", ["admin"]);

    const refused = await load(coordinator, "");
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(403);
    expect(await load(admin, "")).not.toBeInstanceOf(Response);
  });

  test("reads the filters from the query string, ignores what it cannot read, turns a period around", async () => {
    const admin = await person("Beheerder", ["admin"]);
    const user = await person("Gezocht");
    grantRole({ actorId: admin.id, userId: user.id, role: "expert" });

    const page = await load(admin, `?persoon=${encodeURIComponent(` ${user.email} `)}&van=2099-12-31&tot=2000-01-01`);
    expect(page).toMatchObject({
      page: 1,
      filter: { persoon: user.email, van: "2000-01-01", tot: "2099-12-31" },
      total: 1,
      people: [{ id: user.id }],
    });

    const unreadable = await load(admin, "?persoon=&van=2026-02-30&tot=morgen&pagina=-4");
    expect(unreadable).toMatchObject({ page: 1, filter: { persoon: "", van: "", tot: "" }, people: null });

    const repeated = await load(admin, `?persoon=${"x".repeat(300)}&pagina=2&pagina=abc`);
    expect(repeated).toMatchObject({ page: 1, filter: { persoon: "" } });
  });
});

describe("coordinators' and admins' actions on other people's data are in the log", () => {
  test("roles granted and revoked", async () => {
    const admin = await person("Beheerder", ["admin"]);
    const user = await person("Rol");

    grantRole({ actorId: admin.id, userId: user.id, role: "coordinator" });
    revokeRole({ actorId: admin.id, userId: user.id, role: "coordinator" });

    expect(auditedAbout(user, "role.grant", admin)).toBe(true);
    expect(auditedAbout(user, "role.revoke", admin)).toBe(true);
  });

  test("a contribution returned, and a suggestion in a poll rejected", async () => {
    const coordinator = await person("Coordinator", ["coordinator"]);
    const expert = await person("Expert", ["expert"]);
    const voter = await person("Stemmer");
    const theme = ensureTheme({ slug: "audit-thema", name: "Audit", description: "" });
    const contribution = await makeContribution({
      contributorId: expert.id,
      themeId: theme.id,
      kind: "tip",
      text: "Neem de tijd voor een eerste gesprek.",
      perspective: "ouder",
      credit: "anonymous",
    });
    reviewContribution({
      actorId: coordinator.id,
      id: contribution,
      input: ReviewSchema.parse({ intent: "return", comment: "Kun je een voorbeeld geven?" }),
    });

    const pollId = await makePoll({
      actorId: coordinator.id,
      question: "Welk thema als eerste?",
      method: "single",
      freeOptions: ["Verklarende analyse", "Veiligheid"],
    });
    sqlite.prepare("update polls set allow_suggestions = 1 where id = ?").run(pollId);
    expect(suggestOption({ pollId, user: getUserProfile(voter.id)!, label: "Schoolverzuim" })).toEqual({
      status: "ok",
    });
    const suggestion = listOptions(pollId, { all: true }).find((o) => o.label === "Schoolverzuim")!;
    decideSuggestion({ actorId: coordinator.id, pollId, optionId: suggestion.id, approve: false });

    expect(auditedAbout(expert, "contribution.return", coordinator)).toBe(true);
    expect(auditedAbout(voter, "poll.option.reject", coordinator)).toBe(true);
  });

  test("webinar attendance marked and read in, and the participant list downloaded", async () => {
    const coordinator = await person("Coordinator", ["coordinator"]);
    const present = await person("Aanwezig");
    const absent = await person("Afwezig");
    const walkIn = await person("Binnenloper");
    const webinarId = makeWebinar({
      actorId: coordinator.id,
      title: "Verklarende analyse in de praktijk",
      startsInHours: -3,
      registrants: [present.id, absent.id],
      attended: [present.id],
    });
    const file = new TextEncoder().encode(`Naam,E-mail\nBinnenloper,${walkIn.email}\n`);
    expect(importAttendance({ actorId: coordinator.id, webinarId, bytes: file })).toMatchObject({ marked: 1 });
    registrationsCsv({ actorId: coordinator.id, webinarId });

    expect(auditedAbout(present, "webinar.attendance", coordinator)).toBe(true);
    expect(auditedAbout(absent, "webinar.attendance", coordinator)).toBe(true);
    expect(auditedAbout(walkIn, "webinar.attendance-import", coordinator)).toBe(true);
    for (const p of [present, absent, walkIn]) expect(auditedAbout(p, "webinar.export", coordinator)).toBe(true);
  });

  test("a coordinator's decisions on group membership, attendance and actions, the monitor download and the closing", async () => {
    const coordinator = await person("Coordinator", ["coordinator"]);
    const facilitator = await person("Begeleider");
    const member = await person("Lid");
    const invitee = await person("Uitgenodigd");
    const asker = await person("Aanvrager");
    const group = await makeGroup({
      coordinatorId: coordinator.id,
      facilitatorId: facilitator.id,
      memberIds: [member.id],
      openToRequests: true,
    });

    expect(inviteMember({ actorId: coordinator.id, groupId: group.id, userId: invitee.id })).toMatchObject({
      status: "ok",
    });
    expect(requestToJoin({ userId: asker.id, groupId: group.id })).toEqual({ status: "requested" });
    expect(acceptRequest({ actorId: coordinator.id, groupId: group.id, userId: asker.id })).toEqual({ status: "ok" });

    const startsAt = Date.now() + 7 * DAY;
    const meeting = planMeeting({
      actorId: coordinator.id,
      groupId: group.id,
      input: MeetingSchema.parse({
        startsAt: toAmsterdamLocal(startsAt),
        endsAt: toAmsterdamLocal(startsAt + 2 * HOUR),
        location: "Wijkcentrum De Brug, Arnhem",
        agenda: "Casus van de maand",
      }),
    });
    if (meeting.status !== "ok") throw new Error(meeting.status);
    expect(
      recordMeetingYield({
        actorId: coordinator.id,
        meetingId: meeting.id,
        yield: "Iedereen neemt de analyse mee naar het teamoverleg.",
        attendeeIds: [member.id],
        now: new Date(startsAt + 3 * HOUR),
      }),
    ).toEqual({ status: "ok" });

    const action = createAction({
      actorId: coordinator.id,
      groupId: group.id,
      input: ActionSchema.parse({
        description: "Verklarende analyse agenderen",
        ownerId: member.id,
        dueOn: addDays(amsterdamDay(), 20),
      }),
    });
    if (action.status !== "ok") throw new Error(action.status);
    changeActionStatus({ actorId: coordinator.id, actionId: action.id, status: "bezig", update: "Gestart." });
    expect(monitorCsv({ groupId: group.id, viewer: { id: coordinator.id, roles: ["coordinator"] } })).toContain(
      facilitator.name,
    );
    expect(closeGroup({ actorId: coordinator.id, groupId: group.id, finalYield: "Een werkwijze." })).toEqual({
      status: "ok",
    });

    expect(auditedAbout(invitee, "group.member.invite", coordinator)).toBe(true);
    expect(auditedAbout(asker, "group.member.accept", coordinator)).toBe(true);
    expect(auditedAbout(member, "group.meeting.yield", coordinator)).toBe(true);
    expect(auditedAbout(member, "group.action.create", coordinator)).toBe(true);
    expect(auditedAbout(member, "group.action.status", coordinator)).toBe(true);
    expect(auditedAbout(facilitator, "group.monitor.export", coordinator)).toBe(true);
    // The invitation that was still open lapsed with the group.
    expect(auditedAbout(invitee, "group.close", coordinator)).toBe(true);
  });

  test("reading someone else's mail in the outbox, but not one's own", async () => {
    const coordinator = await person("Coordinator", ["coordinator"]);
    const recipient = await person("Ontvanger");
    const toSomeone = enqueueMail(db, { to: recipient.email, subject: "Je link", text: "…", html: "<p>…</p>" });
    const toSelf = enqueueMail(db, { to: coordinator.email, subject: "Voor mij", text: "…", html: "<p>…</p>" });

    expect(readMail({ actorId: coordinator.id, id: toSomeone.id })?.to).toBe(recipient.email);
    expect(readMail({ actorId: coordinator.id, id: toSelf.id })?.to).toBe(coordinator.email);
    expect(readMail({ actorId: coordinator.id, id: 999_999_999 })).toBeUndefined();

    expect(auditedAbout(recipient, "mail.read", coordinator)).toBe(true);
    expect(found(coordinator.email).map((e) => [e.action, e.targetId])).toEqual([["mail.read", String(toSomeone.id)]]);
  });
});
