import { is } from "drizzle-orm";
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { beforeAll, describe, expect, test } from "vitest";
import { sqlite } from "@db/client.server";
import * as schema from "@db/schema";
import type { CompiledIntervention } from "~/mdx/types";
import { loadInterventions } from "~/mdx/registry.server";
import { startSession } from "~/auth/session.server";
import { circleFigures, type ModuleRef } from "~/models/circle.server";
import { InviteSchema } from "~/models/contribution.schema";
import { inviteToContribute, listPublishedForModule, saveContribution } from "~/models/contribution.server";
import { ActionSchema, MeetingSchema } from "~/models/group.schema";
import {
  changeActionStatus,
  createAction,
  getGroupRoom,
  planMeeting,
  recordMeetingYield,
  requestToJoin,
} from "~/models/group.server";
import { PollSchema } from "~/models/poll.schema";
import { castVote, createPoll, getPoll, getResults, listOptions, suggestOption } from "~/models/poll.server";
import {
  completePart,
  saveIntention,
  saveReflection,
  submitCheckIn,
  submitEvaluation,
  submitQuiz,
} from "~/models/progress.server";
import {
  deleteOwnAccount,
  eraseAccount,
  exportPersonalData,
  FORMER_MEMBER_NAME,
  PRIVACY_RULES,
} from "~/models/privacy.server";
import {
  authenticate,
  findUserIdByEmail,
  getUserProfile,
  grantRole,
  listUsers,
  registerUser,
  requestPasswordReset,
} from "~/models/user.server";
import { WebinarEvaluationSchema } from "~/models/webinar.schema";
import {
  issueWebinarCertificate,
  registerForWebinar,
  saveWebinarEvaluation,
  webinarFigures,
} from "~/models/webinar.server";
import { addDays, amsterdamDay, toAmsterdamLocal } from "~/utils/dates";
import {
  ensureTheme,
  makeContribution,
  makeGroup,
  makeOrganisation,
  makePoll,
  makeUser,
  makeWebinar,
  TEST_PASSWORD,
  uniqueIp,
  uniqueSuffix,
} from "./factories";

const HOUR = 3600_000;
const BASE = "http://localhost:3000";
const CONTEXT = { cspNonce: "", clientIp: "127.0.0.1" };

// ---------------------------------------------------------------- the schema, as drizzle declares it

const TABLES = Object.values(schema as Record<string, unknown>)
  .filter((value): value is SQLiteTable => is(value, SQLiteTable))
  .map((table) => getTableConfig(table));

/** Every table with a column that refers to users.id, and those columns (SQL names). */
const USER_REFERENCES = TABLES.map((table) => ({
  name: table.name,
  columns: table.foreignKeys
    .map((fk) => fk.reference())
    .filter((ref) => getTableConfig(ref.foreignTable).name === "users")
    .flatMap((ref) => ref.columns.map((column) => column.name)),
})).filter((table) => table.columns.length > 0);

const groupName = (groupId: number) =>
  (sqlite.prepare("select name from action_learning_groups where id = ?").get(groupId) as { name: string }).name;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Every text column of every table that holds `needle` (case-insensitive), as "table.column". */
function findEverywhere(needle: string) {
  const hits: string[] = [];
  for (const table of TABLES) {
    for (const column of table.columns.filter((c) => c.getSQLType() === "text")) {
      const row = sqlite
        .prepare(
          `select count(*) as n from ${quote(table.name)} where instr(lower(${quote(column.name)}), lower(?)) > 0`,
        )
        .get(needle) as { n: number };
      if (row.n > 0) hits.push(`${table.name}.${column.name}`);
    }
  }
  return hits;
}

/** Every row of every table that refers to this user, as text: to see that nothing of theirs changed. */
function rowsOf(userId: string) {
  return Object.fromEntries(
    USER_REFERENCES.map(({ name, columns }) => [
      name,
      sqlite
        .prepare(
          `select * from ${quote(name)} where ${columns.map((c) => `${quote(c)} = ?`).join(" or ")} order by 1, 2`,
        )
        .all(...columns.map(() => userId))
        .map((row) => JSON.stringify(row)),
    ]),
  );
}

// ---------------------------------------------------------------- a world with data everywhere

let module: CompiledIntervention;
beforeAll(async () => {
  const registry = await loadInterventions({
    contentDir: "tests/fixtures/content",
    themeSlugs: ["autisme"],
    useCache: false,
  });
  module = registry.bySlug.get("voorbeeld")!;
});

type Person = Awaited<ReturnType<typeof makeUser>>;

/** What one learner (and expert by experience) does everywhere; the texts carry a marker to find them back. */
async function live(
  person: Person,
  world: { themeId: number; coordinatorId: string; groupId: number; openGroupId: number },
) {
  const mark = person.name;
  // Learning: a completed module with a certificate, a reflection, an intention with a check-in, an evaluation.
  submitQuiz({ userId: person.id, intervention: module, answers: { eerste: 1, tweede: 0 } });
  for (const part of ["kennis", "toepassen", "ervaring", "afsluiting"] as const) {
    completePart({ userId: person.id, intervention: module, part });
  }
  saveReflection({
    userId: person.id,
    intervention: module,
    questionId: "eigen-werk",
    answer: `Reflectie van ${mark}`,
  });
  const past = addDays(amsterdamDay(), -30);
  saveIntention({
    userId: person.id,
    slug: "voorbeeld",
    text: `Voornemen van ${mark}`,
    checkInOn: addDays(past, 7),
    today: past,
  });
  submitCheckIn({
    userId: person.id,
    slug: "voorbeeld",
    outcome: "partly",
    whatHappened: `Terugblik van ${mark}`,
    helpedOrHindered: "Tijd",
  });
  submitEvaluation({ userId: person.id, slug: "voorbeeld", grade: 8, mostUseful: `Nuttig voor ${mark}`, missing: "" });

  // Contributions: published anonymously (stays), published with the name (goes), a draft (goes).
  const anonymous = await makeContribution({
    contributorId: person.id,
    reviewerId: world.coordinatorId,
    themeId: world.themeId,
    kind: "do",
    text: `Anoniem gepubliceerd: luister eerst (${uniqueSuffix()})`,
    perspective: "ouder",
    credit: "anonymous",
  });
  const named = await makeContribution({
    contributorId: person.id,
    reviewerId: world.coordinatorId,
    themeId: world.themeId,
    kind: "tip",
    text: `Met naam gepubliceerd: vraag door (${uniqueSuffix()})`,
    perspective: "ouder",
    credit: "full_name",
  });
  const draft = await saveContribution({
    userId: person.id,
    input: {
      intent: "save",
      kind: "story",
      text: `Concept van ${mark}`,
      themeId: world.themeId,
      modules: [],
      perspective: "jongere",
      credit: "first_name",
    },
  });
  if (draft.status !== "ok") throw new Error(draft.status);
  await inviteToContribute({
    actorId: world.coordinatorId,
    input: InviteSchema.parse({ email: person.email, themeId: world.themeId }),
  });

  // Polls: a vote in a poll that is not anonymous, a vote and a suggestion in an anonymous one.
  const profile = getUserProfile(person.id)!;
  const openPoll = await makePoll({
    actorId: world.coordinatorId,
    question: `Welk thema eerst? (${uniqueSuffix()})`,
    method: "single",
    freeOptions: ["Autisme", "Verklarende analyse"],
    votes: [[person.id, ["Autisme"]]],
  });
  const anonymous_ = await createPoll({
    actorId: world.coordinatorId,
    input: PollSchema.parse({
      question: `Anonieme peiling (${uniqueSuffix()})`,
      method: "single",
      audience: "all",
      anonymous: true,
      allowSuggestions: true,
      resultsVisibility: "after_vote",
      opensAt: toAmsterdamLocal(Date.now() - HOUR),
      closesAt: toAmsterdamLocal(Date.now() + 24 * HOUR),
      freeOptions: "Ja\nNee",
    }),
  });
  if (anonymous_.status !== "ok") throw new Error(anonymous_.status);
  const [yes] = listOptions(anonymous_.id);
  castVote({ pollId: anonymous_.id, user: profile, points: { [String(yes!.id)]: 1 } });
  suggestOption({ pollId: anonymous_.id, user: profile, label: `Voorstel ${uniqueSuffix()}` });

  // Webinars: attended and evaluated (with a certificate).
  const webinarId = makeWebinar({
    actorId: world.coordinatorId,
    title: `Webinar ${uniqueSuffix()}`,
    themeId: world.themeId,
    startsInHours: -48,
    registrants: [person.id],
    attended: [person.id],
  });
  saveWebinarEvaluation({
    webinarId,
    userId: person.id,
    input: WebinarEvaluationSchema.parse({ grade: 7, takeaway: `Meegenomen door ${mark}`, improve: "" }),
  });
  issueWebinarCertificate({ webinarId, userId: person.id });

  // Groups: a member with an action they own and update, at a meeting; a request to another group.
  const action = createAction({
    actorId: world.coordinatorId,
    groupId: world.groupId,
    input: ActionSchema.parse({
      description: `Actie van ${uniqueSuffix()}: casus inbrengen`,
      ownerId: person.id,
      dueOn: addDays(amsterdamDay(), 14),
    }),
  });
  if (action.status !== "ok") throw new Error(action.status);
  changeActionStatus({ actorId: person.id, actionId: action.id, status: "bezig", update: "Ik ben begonnen" });
  requestToJoin({ userId: person.id, groupId: world.openGroupId, message: `Graag, groet ${mark}` });

  // Account: a session, a password reset asked for, a role granted by someone else.
  await startSession(person.id, new Request(`${BASE}/`));
  await requestPasswordReset({ email: person.email, ip: uniqueIp() });
  grantRole({ actorId: world.coordinatorId, userId: person.id, role: "expert" });

  return {
    anonymous,
    named,
    draftId: draft.id,
    openPoll,
    anonymousPoll: anonymous_.id,
    webinarId,
    actionId: action.id,
  };
}

async function makeWorld() {
  const suffix = uniqueSuffix();
  const slug = `privacy-${suffix}`;
  const theme = { slug, ...ensureTheme({ slug, name: `Privacythema ${suffix}`, description: "" }) };
  const coordinator = await makeUser({ roles: ["coordinator"], name: `Coördinator ${suffix}` });
  const organisationId = makeOrganisation({ kind: "toegang", region: "Achterhoek" });
  const person = await makeUser({
    name: `Fenna Vlietstra-${suffix}`,
    email: `fenna.${suffix}@example.nl`,
    organisationId,
    roles: ["professional"],
  });
  const other = await makeUser({
    name: `Quirijn Ommeland-${suffix}`,
    email: `quirijn.${suffix}@example.nl`,
    organisationId: makeOrganisation({ kind: "aanbieder", region: "Noord-Veluwe" }),
    roles: ["professional"],
  });
  const group = await makeGroup({
    coordinatorId: coordinator.id,
    memberIds: [person.id, other.id],
    themeId: theme.id,
  });
  const openGroup = await makeGroup({ coordinatorId: coordinator.id, themeId: theme.id, openToRequests: true });
  const world = { themeId: theme.id, coordinatorId: coordinator.id, groupId: group.id, openGroupId: openGroup.id };
  const mine = await live(person, world);
  const theirs = await live(other, world);
  // A meeting both attended.
  const start = Date.now() - 2 * 24 * HOUR;
  const meeting = planMeeting({
    actorId: coordinator.id,
    groupId: group.id,
    input: MeetingSchema.parse({ startsAt: toAmsterdamLocal(start), endsAt: toAmsterdamLocal(start + 2 * HOUR) }),
  });
  if (meeting.status !== "ok") throw new Error(meeting.status);
  recordMeetingYield({
    actorId: coordinator.id,
    meetingId: meeting.id,
    yield: "Twee casussen besproken.",
    attendeeIds: [person.id, other.id],
  });
  const modules: ModuleRef[] = [{ slug: "voorbeeld", themeSlug: theme.slug, title: "Een voorbeeldmodule" }];
  return { theme, coordinator, person, other, group, openGroup, mine, theirs, modules };
}

// ---------------------------------------------------------------- the rules

describe("privacy rules", () => {
  test("every table that refers to users has an export or an erasure rule", () => {
    expect(USER_REFERENCES.length).toBeGreaterThan(20);
    const missing = USER_REFERENCES.filter(({ name }) => {
      const rule = PRIVACY_RULES[name];
      return !rule || (!rule.export && !rule.erase);
    }).map((t) => t.name);
    expect(missing).toEqual([]);
  });

  test("every rule names an existing table, and the users row comes last", () => {
    const names = new Set(TABLES.map((t) => t.name));
    expect(Object.keys(PRIVACY_RULES).filter((name) => !names.has(name))).toEqual([]);
    expect(Object.keys(PRIVACY_RULES).at(-1)).toBe("users");
  });
});

// ---------------------------------------------------------------- export

describe("exportPersonalData", () => {
  test("holds the person's data of every kind, and nothing of anyone else", async () => {
    const { person, other } = await makeWorld();
    const data = JSON.parse(JSON.stringify(exportPersonalData(person.id))) as {
      tables: Record<string, { description: string; rows: Record<string, unknown>[] }>;
    };
    const rows = (table: string) => data.tables[table]!.rows;

    for (const [table, rule] of Object.entries(PRIVACY_RULES)) {
      if (rule.export) expect(data.tables[table]?.description, table).toBe(rule.export.description);
    }
    expect(rows("users")).toEqual([
      expect.objectContaining({
        name: person.name,
        email: person.email,
        region: "Achterhoek",
        organisationKind: "toegang",
      }),
    ]);
    expect(rows("user_roles").map((r) => r.role)).toEqual(["expert", "professional"]);
    expect(rows("sessions")).toHaveLength(1);
    expect(rows("user_tokens")).toEqual([expect.objectContaining({ purpose: "reset-password" })]);
    expect(rows("intervention_progress")).toEqual([expect.objectContaining({ module: "voorbeeld" })]);
    expect(rows("intervention_progress")[0]!.completedAt).toBeTruthy();
    expect(rows("part_progress")).toHaveLength(4);
    expect(rows("quiz_attempts")).toEqual([expect.objectContaining({ score: 2, passed: true })]);
    expect(rows("reflections")).toEqual([expect.objectContaining({ answer: `Reflectie van ${person.name}` })]);
    expect(rows("intentions")).toEqual([expect.objectContaining({ text: `Voornemen van ${person.name}` })]);
    expect(rows("check_ins")).toEqual([expect.objectContaining({ whatHappened: `Terugblik van ${person.name}` })]);
    expect(rows("evaluations")).toEqual([expect.objectContaining({ grade: 8 })]);
    expect(
      rows("certificates")
        .map((c) => c.kind)
        .sort(),
    ).toEqual(["intervention", "webinar"]);
    expect(rows("contributions")).toHaveLength(3);
    expect(rows("contributions")[0]).toMatchObject({
      status: "published",
      history: expect.arrayContaining([expect.objectContaining({ event: "published", byYou: false })]),
    });
    expect(rows("contribution_invites")).toEqual([expect.objectContaining({ toYou: true, email: person.email })]);
    // Both polls took part; only the vote of the poll that is not anonymous is in the file.
    expect(rows("poll_participants").map((p) => p.anonymous)).toEqual([false, true]);
    expect(rows("poll_ballots")).toEqual([
      expect.objectContaining({ region: "Achterhoek", choices: [{ option: "Autisme", points: 1 }] }),
    ]);
    expect(rows("poll_options")).toEqual([expect.objectContaining({ status: "pending" })]);
    expect(rows("webinar_registrations")).toEqual([expect.objectContaining({ status: "registered", attended: true })]);
    expect(rows("webinar_evaluations")).toEqual([
      expect.objectContaining({ takeaway: `Meegenomen door ${person.name}` }),
    ]);
    expect(
      rows("group_members")
        .map((m) => m.status)
        .sort(),
    ).toEqual(["active", "requested"]);
    expect(rows("group_meeting_attendance")).toHaveLength(1);
    expect(rows("group_actions")).toEqual([expect.objectContaining({ youOwn: true, status: "bezig" })]);
    expect(rows("group_action_updates")).toEqual([expect.objectContaining({ note: "Ik ben begonnen" })]);
    expect(rows("audit_log").map((a) => a.action)).toContain("role.grant");
    expect(rows("mail_outbox").length).toBeGreaterThan(3);
    // A reset link in a mail still works for an hour: the file never carries it.
    const texts = rows("mail_outbox").map((m) => m.text as string);
    expect(texts.some((t) => t.includes("/wachtwoord-herstellen/[verborgen]"))).toBe(true);
    expect(texts.some((t) => /wachtwoord-herstellen\/(?!\[verborgen\])/.test(t))).toBe(false);

    const file = JSON.stringify(data);
    for (const foreign of [other.id, other.name, other.email, `Reflectie van ${other.name}`]) {
      expect(file).not.toContain(foreign);
    }
    const sessionIds = sqlite.prepare("select id from sessions where user_id = ?").all(person.id) as { id: string }[];
    for (const { id } of sessionIds) expect(file).not.toContain(id);
  });

  test("is null for an unknown account", () => {
    expect(exportPersonalData("onbekend")).toBeNull();
  });
});

// ---------------------------------------------------------------- erasure

describe("eraseAccount", () => {
  test("removes the person, keeps what others rely on, and leaves every figure as it was", async () => {
    const { theme, coordinator, person, other, group, openGroup, mine, modules } = await makeWorld();
    // A webinar still to come, full: the person's place goes to the one waiting.
    const waiting = await makeUser();
    const upcoming = makeWebinar({
      actorId: coordinator.id,
      title: "Vervolgwebinar",
      themeId: theme.id,
      startsInHours: 72,
      capacity: 1,
      registrants: [person.id],
    });
    expect(registerForWebinar({ webinarId: upcoming, user: { id: waiting.id } }).status).toBe("waitlisted");

    const figures = async () => {
      const [ofTheme, ofAll] = [
        await circleFigures({ themeId: theme.id, modules }),
        await circleFigures({ themeId: "all", modules }),
      ];
      const results = (pollId: number) => {
        const { audience: _a, turnout: _t, ...rest } = getResults(getPoll(pollId)!);
        return rest;
      };
      return {
        ofTheme,
        ofAll,
        openPoll: results(mine.openPoll),
        anonymousPoll: results(mine.anonymousPoll),
        webinar: webinarFigures(mine.webinarId),
      };
    };
    const before = await figures();
    // The figures count both people, so that "the same after" means something.
    // (Modules count by slug: the other tests' learners of "voorbeeld" count too.)
    expect(before.ofTheme).toMatchObject({
      webinars: { held: 2, attended: 2 },
      groups: { members: 2 },
      evaluations: { webinars: { count: 2 } },
      contributions: { published: 4 },
    });
    expect(before.ofTheme.modules.completed).toBeGreaterThanOrEqual(2);
    expect(before.ofTheme.checkIns.partly).toBeGreaterThanOrEqual(2);
    expect(before.ofTheme.evaluations.modules.count).toBeGreaterThanOrEqual(2);
    expect(before.ofTheme.reached.total).toBeGreaterThanOrEqual(2);
    expect(before.openPoll.ballots).toBe(1);
    // The platform copied the name and the address into other places than the profile.
    expect(findEverywhere(person.name)).toEqual(
      expect.arrayContaining(["users.name", "certificates.holder_name", "mail_outbox.text", "mail_outbox.html"]),
    );
    expect(findEverywhere(person.email)).toEqual(
      expect.arrayContaining(["users.email", "contribution_invites.email", "audit_log.details", "mail_outbox.to"]),
    );
    const otherBefore = rowsOf(other.id);
    const pollBefore = getPoll(mine.openPoll)!.ballotCount;

    const result = eraseAccount({ userId: person.id, actorId: person.id });
    expect(result).toEqual({ status: "ok", contributions: { kept: 1, removed: 2 } });

    // Nothing with the name or the address is left, in any text column of any table.
    expect(findEverywhere(person.name)).toEqual([]);
    expect(findEverywhere(person.email)).toEqual([]);
    // A mail to the facilitator still says what happened, with "Oud-lid" for the name.
    const request = sqlite
      .prepare("select text from mail_outbox where subject like 'Aanvraag voor de actieleergroep%' order by id")
      .all() as { text: string }[];
    expect(request.map((m) => m.text.split("\n\n")[1])).toContain(
      `${FORMER_MEMBER_NAME} wil graag meedoen met de actieleergroep "${groupName(openGroup.id)}".`,
    );
    // Nor the private texts.
    for (const text of [
      "Reflectie van",
      "Voornemen van",
      "Terugblik van",
      "Nuttig voor",
      "Meegenomen door",
      "Concept van",
    ]) {
      expect(findEverywhere(`${text} ${person.name}`)).toEqual([]);
    }

    // The account cannot be used again, but its address can register anew.
    expect(await authenticate({ email: person.email, password: TEST_PASSWORD, ip: uniqueIp() })).toEqual({
      status: "invalid",
    });
    const tombstone = sqlite.prepare("select * from users where id = ?").get(person.id) as Record<string, unknown>;
    expect(tombstone).toMatchObject({ name: FORMER_MEMBER_NAME, email: `verwijderd-${person.id}@invalid` });
    expect(tombstone.deleted_at).toBeTypeOf("number");
    expect(await authenticate({ email: tombstone.email as string, password: TEST_PASSWORD, ip: uniqueIp() })).toEqual({
      status: "invalid",
    });
    await requestPasswordReset({ email: tombstone.email as string, ip: uniqueIp() });
    await requestPasswordReset({ email: person.email, ip: uniqueIp() });
    for (const table of [
      "sessions",
      "user_tokens",
      "user_roles",
      "reflections",
      "quiz_attempts",
      "part_progress",
      "certificates",
    ]) {
      expect(sqlite.prepare(`select count(*) as n from ${table} where user_id = ?`).get(person.id), table).toEqual({
        n: 0,
      });
    }
    expect(listUsers({ query: person.name }).total).toBe(0);
    expect(findUserIdByEmail(person.email)).toBeNull();
    expect(
      await registerUser({
        name: "Fenna Opnieuw",
        email: person.email,
        password: TEST_PASSWORD,
        organisationId: person.organisationId,
        role: "professional",
        ip: uniqueIp(),
      }),
    ).toEqual({ status: "mail-sent" });
    expect(findUserIdByEmail(person.email)).not.toBeNull();
    expect(findUserIdByEmail(person.email)).not.toBe(person.id);

    // Contributions: the anonymous published one stays, credited anonymously; the others are gone.
    const shown = listPublishedForModule({ slug: "voorbeeld", themeSlug: theme.slug });
    const kept = shown.find((c) => c.id === mine.anonymous);
    expect(kept?.credit).toBe("Ervaringsdeskundige (ouder)");
    expect(shown.some((c) => c.id === mine.named)).toBe(false);
    const left = sqlite.prepare("select id from contributions where contributor_id = ?").all(person.id);
    expect(left).toEqual([{ id: mine.anonymous }]);

    // The group keeps the action, with "Oud-lid" as its owner, and its history; the person is no member.
    const room = getGroupRoom({ groupId: group.id, viewer: { id: coordinator.id, roles: ["coordinator"] } })!;
    const action = room.actions.find((a) => a.id === mine.actionId)!;
    expect(action.ownerName).toBe(FORMER_MEMBER_NAME);
    expect(action.updates.map((u) => u.note)).toContain("Ik ben begonnen");
    expect(room.members.map((m) => m.userId)).not.toContain(person.id);
    expect(room.members.map((m) => m.userId)).toContain(other.id);

    // The place in the coming webinar went to the one waiting, who was told.
    expect(webinarFigures(upcoming)).toMatchObject({ registered: 1, waitlisted: 0, cancelled: 1 });
    const mails = sqlite.prepare('select subject from mail_outbox where "to" = ? order by id').all(waiting.email);
    expect(mails.at(-1)).toEqual({ subject: "Aangemeld: Vervolgwebinar" });

    // Every figure is the same, except the published contribution that was not agreed to stay.
    const after = await figures();
    const withoutContributions = (f: typeof before.ofAll) => ({ ...f, contributions: null });
    expect(withoutContributions(after.ofTheme)).toEqual(withoutContributions(before.ofTheme));
    expect(withoutContributions(after.ofAll)).toEqual(withoutContributions(before.ofAll));
    expect(after.ofTheme.contributions.published).toBe(before.ofTheme.contributions.published - 1);
    expect(after.openPoll).toEqual(before.openPoll);
    expect(after.anonymousPoll).toEqual(before.anonymousPoll);
    expect(after.webinar).toEqual(before.webinar);
    expect(getPoll(mine.openPoll)!.ballotCount).toBe(pollBefore);
    expect(sqlite.prepare("select count(*) as n from poll_ballots where user_id = ?").get(person.id)).toEqual({ n: 0 });

    // Nobody else's rows changed.
    expect(rowsOf(other.id)).toEqual(otherBefore);

    // The erasure is in the audit log (its details hold no personal data: the search above found none).
    const audit = sqlite
      .prepare("select actor_id as actorId, details from audit_log where action = 'user.erase' and target_id = ?")
      .all(person.id);
    expect(audit).toEqual([
      { actorId: person.id, details: JSON.stringify({ contributionsKept: 1, contributionsRemoved: 2 }) },
    ]);

    // Once is enough.
    expect(eraseAccount({ userId: person.id, actorId: person.id })).toEqual({ status: "not-found" });
    expect(exportPersonalData(person.id)).toBeNull();
  });

  test("asks for the password, and refuses the last administrator", async () => {
    const admins = () =>
      (sqlite.prepare("select count(*) as n from user_roles where role = 'admin'").get() as { n: number }).n;
    expect(admins()).toBe(0);
    const admin = await makeUser({ roles: ["admin"] });
    expect(await deleteOwnAccount({ userId: admin.id, password: "niet-mijn-wachtwoord" })).toEqual({
      status: "wrong-password",
    });
    expect(await deleteOwnAccount({ userId: admin.id, password: TEST_PASSWORD })).toEqual({ status: "last-admin" });
    expect(eraseAccount({ userId: admin.id, actorId: admin.id })).toEqual({ status: "last-admin" });
    const second = await makeUser({ roles: ["admin"] });
    expect(await deleteOwnAccount({ userId: admin.id, password: TEST_PASSWORD })).toMatchObject({ status: "ok" });
    expect(eraseAccount({ userId: second.id, actorId: second.id })).toEqual({ status: "last-admin" });
  });
});

// ---------------------------------------------------------------- routes

describe("routes", () => {
  const cookieFor = async (userId: string) => (await startSession(userId, new Request(`${BASE}/`))).split(";")[0] ?? "";

  test("/account/gegevens.json downloads the export as an attachment, never cached, and audits it", async () => {
    const user = await makeUser();
    const { loader } = await import("~/routes/account.gegevens[.]json");
    const response = (await loader({
      request: new Request(`${BASE}/account/gegevens.json`, { headers: { Cookie: await cookieFor(user.id) } }),
      params: {},
      context: CONTEXT,
    })) as Response;
    expect(response.headers.get("Content-Disposition")).toBe(
      `attachment; filename="leercirkel-mijn-gegevens-${amsterdamDay()}.json"`,
    );
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const body = (await response.json()) as { tables: { users: { rows: { email: string }[] } } };
    expect(body.tables.users.rows[0]!.email).toBe(user.email);
    expect(
      sqlite.prepare("select count(*) as n from audit_log where action = 'user.export' and actor_id = ?").get(user.id),
    ).toEqual({ n: 1 });
  });

  test("/account/verwijderen: errors at the field, then the account goes and the session ends", async () => {
    const user = await makeUser();
    const cookie = await cookieFor(user.id);
    const { action } = await import("~/routes/account_.verwijderen");
    const post = (fields: Record<string, string>) =>
      action({
        request: new Request(`${BASE}/account/verwijderen`, {
          method: "POST",
          headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams(fields),
        }),
        params: {},
        context: CONTEXT,
      });
    const refused = (await post({ password: TEST_PASSWORD })) as unknown as {
      init: ResponseInit;
      data: { result: { error: Record<string, string[]> } };
    };
    expect(refused.init.status).toBe(400);
    expect(refused.data.result.error.confirm).toEqual(["Vink aan dat je begrijpt dat dit niet ongedaan kan worden."]);
    const wrong = (await post({ password: "fout-wachtwoord", confirm: "on" })) as unknown as typeof refused;
    expect(wrong.data.result.error.password).toEqual(["Dit is niet je wachtwoord."]);

    const done = (await post({ password: TEST_PASSWORD, confirm: "on" })) as Response;
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/");
    expect(sqlite.prepare("select count(*) as n from sessions where user_id = ?").get(user.id)).toEqual({ n: 0 });
    expect(sqlite.prepare("select deleted_at is not null as gone from users where id = ?").get(user.id)).toEqual({
      gone: 1,
    });
  });
});
