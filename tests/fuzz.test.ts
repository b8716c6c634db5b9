// Every action, fuzzed: fast-check sends each one FUZZ_RUNS generated form bodies (wrong types,
// strings up to 100 kB, emoji, right-to-left marks, NUL, lone surrogates, broken percent-encoding,
// missing and duplicated fields, script tags, the action's own field names mixed with random ones,
// real and made-up intents), as the most privileged person that may use it. No input may end in a
// 5xx or a thrown error, and the database may change only where the action is allowed to write: the
// tables it declares below, and in those only the rows it may touch. Each run comes from its own IP
// address (the load context), so the per-IP rate limits never trip; the per-account limits of the
// addresses the fuzzer knows are reset before each run (else a few wrong passwords would lock the
// right one out for the rest of the runs). A 429 would still pass: it is a 4xx like any refusal.
import fc from "fast-check";
import { beforeAll, describe, expect, test } from "vitest";
import { sqlite } from "@db/client.server";
import {
  ACTION_STATUSES,
  CHECK_IN_OUTCOMES,
  CIRCLE_STEP_STATUSES,
  CONTRIBUTION_CREDITS,
  CONTRIBUTION_KINDS,
  CONTRIBUTION_PERSPECTIVES,
  EMBEDDING_KINDS,
  INTERVENTION_PARTS,
  ORGANISATION_KINDS,
  POLL_AUDIENCES,
  POLL_METHODS,
  POLL_RESULT_VISIBILITY,
  ROLES,
  SIGNAL_KINDS,
  SIGNAL_SOURCES,
} from "@db/schema/enums";
import { resetLimit } from "~/auth/rate-limit.server";
import { getIntervention } from "~/mdx/registry.server";
import { ContributionSchema } from "~/models/contribution.schema";
import { inviteToContribute, saveContribution } from "~/models/contribution.server";
import { acceptInvitation, createAction, inviteMember, planMeeting } from "~/models/group.server";
import { PollSchema } from "~/models/poll.schema";
import { createPoll, listOptions, suggestOption } from "~/models/poll.server";
import { saveIntention } from "~/models/progress.server";
import { getUserProfile, normalizeEmail } from "~/models/user.server";
import { addDays, amsterdamDay, toAmsterdamLocal } from "~/utils/dates";
import { REGIONS } from "~/utils/labels";
import {
  ensureTheme,
  makeCircle,
  makeContribution,
  makeGroup,
  makeOrganisation,
  makeSignal,
  makeUser,
  makeWebinar,
  uniqueIp,
} from "./factories";
import {
  buildRequest,
  callRoute,
  DEMO_PASSWORD,
  describeChanges,
  diff,
  listRouteFiles,
  loadContext,
  matchParams,
  routeMethods,
  sessionCookie,
  setUpWorld,
  snapshot,
  type FormEntries,
  type Outcome,
  type RowChange,
  type Snapshot,
  type World,
} from "./helpers/routes";

// A failure prints fast-check's seed and path: FUZZ_SEED and FUZZ_PATH replay it (with -t for the action).
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const PATH = process.env.FUZZ_PATH || undefined;

// ---------------------------------------------------------------- fixtures

type Fixtures = Awaited<ReturnType<typeof setUpFixtures>>;

async function setUpFixtures(w: World) {
  const coordinator = w.users.ingrid;
  const today = amsterdamDay();
  const day = 86400_000;

  // Groups: one whose own page is fuzzed (it may get closed), one for its meetings and actions.
  const member = await makeUser({ name: "Fuzz Lid", roles: ["professional"] });
  const group = await makeGroup({ coordinatorId: coordinator, memberIds: [member.id], openToRequests: true });
  const room = await makeGroup({ coordinatorId: coordinator, memberIds: [member.id, w.users.sanne] });
  const held = new Date(Date.now() - 7 * day);
  held.setUTCHours(9, 0, 0, 0);
  const meeting = planMeeting({
    actorId: coordinator,
    groupId: room.id,
    input: { startsAt: held, endsAt: new Date(held.getTime() + 2 * 3600_000), location: "Ede", agenda: "" },
    now: new Date(Date.now() - 14 * day),
  });
  const action = createAction({
    actorId: coordinator,
    groupId: room.id,
    input: { description: "Een casus inbrengen in het teamoverleg", ownerId: member.id, dueOn: addDays(today, 14) },
  });
  if (meeting.status !== "ok" || action.status !== "ok") throw new Error("fixture: room");

  // Learning: a professional with an intention whose check-in is due.
  const learner = await makeUser({ name: "Fuzz Lerende", roles: ["professional"] });
  const intention = saveIntention({
    userId: learner.id,
    slug: w.moduleSlug,
    text: "Ik vraag ouders eerst wat volgens hen het probleem verklaart.",
    checkInOn: addDays(today, -29),
    today: addDays(today, -30),
  });
  if (intention.status !== "ok") throw new Error("fixture: intention");
  const intervention = (await getIntervention(w.moduleSlug))!;

  // Polls: one to vote in (points to divide, suggestions allowed), one to manage with a suggestion waiting.
  const pollInput = (method: "dots" | "multiple") =>
    PollSchema.parse({
      question: `Fuzzpeiling (${method}): welk thema eerst?`,
      method,
      maxChoices: method === "dots" ? 10 : 2,
      audience: "all",
      allowSuggestions: true,
      resultsVisibility: "after_vote",
      opensAt: toAmsterdamLocal(Date.now() - 3600_000),
      closesAt: toAmsterdamLocal(Date.now() + 14 * day),
      themeOptions: [w.themes.autisme],
      freeOptions: "Schoolverzuim\nScheiding\nMentaliseren",
    });
  const votePoll = await createPoll({ actorId: coordinator, input: pollInput("dots") });
  const managedPoll = await createPoll({ actorId: coordinator, input: pollInput("multiple") });
  if (votePoll.status !== "ok" || managedPoll.status !== "ok") throw new Error("fixture: polls");
  const suggestion = suggestOption({
    pollId: managedPoll.id,
    user: getUserProfile(learner.id)!,
    label: "Thuiszitters",
  });
  if (suggestion.status !== "ok") throw new Error(`fixture: suggestion ${suggestion.status}`);

  // Webinars: one to register for, one to edit, one held to keep attendance of, one the learner attended.
  const webinar = (title: string, startsInHours: number, registrants: string[], attended?: string[]) =>
    makeWebinar({ actorId: coordinator, title, startsInHours, capacity: 2, registrants, attended });
  const webinars = {
    open: webinar("Fuzzwebinar om je voor aan te melden", 10 * 24, [w.users.sanne]),
    managed: webinar("Fuzzwebinar om te wijzigen", 20 * 24, [w.users.sanne, w.users.ahmed]),
    held: webinar("Fuzzwebinar dat is geweest", -48, [w.users.sanne, w.users.ahmed], [w.users.sanne]),
    attended: webinar("Fuzzwebinar dat de lerende bijwoonde", -72, [learner.id], [learner.id]),
  };

  // Contributions: a submitted one to review, a draft of the demo expert, an invitation for her.
  const themeId = w.themes.verklarendeAnalyse;
  const submitted = await makeContribution({
    contributorId: w.users.noor,
    themeId,
    kind: "tip",
    perspective: "ouder",
    credit: "anonymous",
    text: "Leg uit waarom je iets vraagt; dan vertellen ouders meer.",
  });
  const draft = await saveContribution({
    userId: w.users.expert,
    input: ContributionSchema.parse({
      intent: "save",
      kind: "do",
      text: "Een concept",
      themeId,
      perspective: "ouder",
      credit: "first_name",
    }),
  });
  const expertEmail = getUserProfile(w.users.expert)!.email;
  const invite = await inviteToContribute({
    actorId: coordinator,
    input: { email: expertEmail, themeId, message: "" },
  });
  if (draft.status !== "ok" || invite.status !== "ok") throw new Error("fixture: contributions");

  const circle = await makeCircle({ actorId: coordinator });
  return {
    ...w,
    coordinator,
    member: member.id,
    group: { id: group.id, frameId: group.frameId },
    room: { id: room.id, meetingId: meeting.id, actionId: action.id },
    learner: learner.id,
    learnerEmail: learner.email,
    reflectionIds: intervention.reflections.map((r) => r.id),
    quizIds: intervention.quiz.map((q) => q.id),
    polls: {
      ...w.polls,
      vote: votePoll.id,
      voteOptions: listOptions(votePoll.id).map((o) => o.id),
      managed: managedPoll.id,
      managedOptions: listOptions(managedPoll.id, { all: true }).map((o) => o.id),
    },
    webinars: { ...w.webinars, ...webinars },
    contributions: { ...w.contributions, submitted, draft: draft.id, invite: invite.id },
    expertEmail,
    targetUser: (await makeUser({ name: "Fuzz Doelwit" })).id,
    leaver: (await makeUser({ name: "Fuzz Vertrekker" })).id,
    organisation: makeOrganisation(),
    theme: ensureTheme({ slug: "fuzz-thema", name: "Fuzzthema", description: "" }).id,
    circle,
    signal: await makeSignal({ actorId: coordinator }),
    today,
  };
}

// ---------------------------------------------------------------- what each action may write

type Row = Record<string, unknown>;
type Kind = RowChange["kind"];
/** Changes of `kinds` in `table` are allowed, for the rows `where` accepts (before and after the change). */
type Allowance = { table: string; kinds: readonly Kind[]; where?: (row: Row) => boolean };

const ALL: readonly Kind[] = ["insert", "update", "delete"];
const appends = (table: string, where?: (row: Row) => boolean): Allowance => ({ table, kinds: ["insert"], where });
const edits = (table: string, where?: (row: Row) => boolean): Allowance => ({ table, kinds: ["update"], where });
const owns = (table: string, where?: (row: Row) => boolean): Allowance => ({ table, kinds: ALL, where });
const is = (column: string, value: unknown) => (row: Row) => row[column] === value;
const AUDIT = [appends("audit_log"), appends("audit_log_people")];
const MAIL = [appends("mail_outbox")];
/** A trigger counts changes to what the modules show of contributions (migration 0011). */
const CONTRIBUTION_COUNT = [edits("change_counters", is("name", "contributions"))];

/** A row of a user who has not confirmed their e-mail address (yet). */
const unverified = (row: Row) =>
  sqlite.prepare("select 1 from users where id = ? and email_verified_at is null").get(row.user_id) !== undefined;

/** The ids of rows in `table` whose `column` is `value`, at the time of the check. */
const idsWhere = (table: string, column: string, value: unknown) =>
  (sqlite.prepare(`select id from "${table}" where "${column}" = ?`).all(value) as { id: number }[]).map((r) => r.id);

function violations(changes: RowChange[], allowed: Allowance[]) {
  return changes.filter((change) => {
    const rows = [change.before, change.after].filter((r): r is Row => r !== undefined);
    return !allowed.some(
      (a) => a.table === change.table && a.kinds.includes(change.kind) && (!a.where || rows.every(a.where)),
    );
  });
}

// ---------------------------------------------------------------- the actions

type Target = {
  /** Who sends the forms (a label for the report). */
  as: string;
  user: (f: Fixtures) => string | null;
  path: (f: Fixtures) => string;
  /** The action's field names, from its schemas and forms. */
  fields: string[];
  intents?: string[];
  /** Forms this action accepts (from which the fuzzer strays a little). */
  valid?: (f: Fixtures) => Entry[][];
  /** Values that mean something to this action (ids, enum values, dates…), per field. */
  values?: (f: Fixtures) => Record<string, string[]>;
  /** What the action may change, as this person (`before`: the database before the first run). */
  writes: (f: Fixtures, before: Snapshot) => Allowance[];
  /** Puts a fixture back before each run, so that one lucky input (close, cancel) does not end the fuzzing. */
  beforeRun?: (f: Fixtures) => void | Promise<void>;
};

const days = (f: Fixtures) => [f.today, addDays(f.today, 10), addDays(f.today, -10), addDays(f.today, 400)];
const moments = () => [
  toAmsterdamLocal(Date.now() + 86400_000),
  toAmsterdamLocal(Date.now() + 86400_000 + 3600_000),
  toAmsterdamLocal(Date.now() - 86400_000),
  "2030-02-30T10:00",
  "2030-01-01T25:61",
];
const ON = ["on", "true", "ja", "1", "false", ""];
const TEXT = ["Een gewone zin van voldoende lengte.", "ok", "Jan de Vries, geboren 01-02-2015", "BSN 123456782"];
const emailsOf = (f: Fixtures) => [
  "professional@demo.leercirkel.nl",
  "ervaringsdeskundige@demo.leercirkel.nl",
  "coordinator@demo.leercirkel.nl",
  f.learnerEmail,
  "nieuw@example.nl",
  "NIEUW@EXAMPLE.NL",
  "geen-adres",
];
const userIdsOf = (f: Fixtures) => [f.member, f.learner, f.users.sanne, f.users.professional, f.coordinator, "x"];

const validContribution = (f: Fixtures, intent: "save" | "submit"): Entry[] => [
  ["intent", intent],
  ["kind", "do"],
  ["text", "Vraag wat wij zelf al geprobeerd hebben."],
  ["themeId", String(f.themes.verklarendeAnalyse)],
  ["modules", f.moduleSlug],
  ["perspective", "ouder"],
  ["credit", "first_name"],
];
const validWebinar = (f: Fixtures): Entry[] => [
  ["title", "Een fuzzwebinar"],
  ["themeId", String(f.themes.autisme)],
  ["description", "Over iets."],
  ["speakers", "Anouk – jeugdbeschermer"],
  ["startsAt", toAmsterdamLocal(Date.now() + 30 * 86400_000)],
  ["endsAt", toAmsterdamLocal(Date.now() + 30 * 86400_000 + 3600_000)],
  ["capacity", "30"],
  ["joinUrl", "https://meet.jit.si/fuzz"],
  ["modules", f.moduleSlug],
];
const validFrame = (f: Fixtures): Entry[] => [
  ["name", "Een fuzzkader"],
  ["themeId", String(f.themes.autisme)],
  ["learningQuestion", "Hoe leren we samen?"],
  ["plannedMeetings", "5"],
  ["meetingIntervalWeeks", "4"],
  ["maxMembers", "12"],
];
const validSignal = (f: Fixtures): Entry[] => [
  ["title", "Een patroon in de casuïstiek"],
  ["kind", "pattern"],
  ["source", "practice"],
  ["region", "Achterhoek"],
  ["observedOn", f.today],
  ["themeId", String(f.themes.autisme)],
];

const GROUP_FIELDS = {
  fields: [
    "message",
    "email",
    "userId",
    "startsAt",
    "endsAt",
    "location",
    "agenda",
    "description",
    "ownerId",
    "organisationId",
    "dueOn",
    "meetingId",
    "finalYield",
    "confirm",
  ],
  intents: [
    "request",
    "accept-invitation",
    "decline-invitation",
    "leave",
    "invite",
    "accept-request",
    "decline-request",
    "plan-meeting",
    "create-action",
    "close",
  ],
  valid: (f: Fixtures): Entry[][] => [
    [
      ["intent", "request"],
      ["message", "Mag ik meedoen?"],
    ],
    [["intent", "leave"]],
    [["intent", "accept-invitation"]],
    [
      ["intent", "invite"],
      ["email", "professional@demo.leercirkel.nl"],
      ["message", ""],
    ],
    [
      ["intent", "accept-request"],
      ["userId", f.users.professional],
    ],
    [
      ["intent", "decline-request"],
      ["userId", f.users.professional],
    ],
    [
      ["intent", "plan-meeting"],
      ["startsAt", moments()[0]!],
      ["endsAt", moments()[1]!],
      ["location", "Ede"],
    ],
    [
      ["intent", "create-action"],
      ["description", "Iets doen"],
      ["ownerId", f.member],
      ["dueOn", addDays(f.today, 10)],
    ],
    [
      ["intent", "close"],
      ["confirm", "on"],
      ["finalYield", "Wat we samen leerden."],
    ],
  ],
  values: (f: Fixtures) => ({
    email: emailsOf(f),
    userId: userIdsOf(f),
    ownerId: userIdsOf(f),
    startsAt: moments(),
    endsAt: moments(),
    dueOn: days(f),
    organisationId: [String(f.organisationId), "0", "-1"],
    meetingId: [String(f.room.meetingId), "1"],
    finalYield: TEXT,
    description: TEXT,
    confirm: ON,
  }),
  writes: (f: Fixtures) => {
    const inGroup = is("group_id", f.group.id);
    return [
      owns("group_members", inGroup),
      appends("group_meetings", inGroup),
      appends("group_actions", inGroup),
      appends("group_action_updates", (row) =>
        idsWhere("group_actions", "group_id", f.group.id).includes(row.action_id as number),
      ),
      edits("action_learning_groups", is("id", f.group.id)),
      ...MAIL,
      ...AUDIT,
    ];
  },
};

const ACTION_FIELDS = [
  "status",
  "update",
  "embeddedIn",
  "embeddingEvidence",
  "description",
  "ownerId",
  "organisationId",
  "dueOn",
];

const WEBINAR_FIELDS = [
  "title",
  "themeId",
  "description",
  "speakers",
  "startsAt",
  "endsAt",
  "capacity",
  "registrationClosesAt",
  "joinUrl",
  "modules",
  "pollId",
];
const webinarValues = (f: Fixtures) => ({
  themeId: [String(f.themes.autisme), "999999"],
  startsAt: moments(),
  endsAt: moments(),
  registrationClosesAt: moments(),
  capacity: ["1", "0", "10000", "10001", "2.5"],
  joinUrl: ["https://meet.jit.si/fuzz", "javascript:alert(1)", "ftp://x"],
  modules: [f.moduleSlug, "bestaat-niet", "../x"],
  pollId: [String(f.polls.demo), "999999"],
  speakers: ["Anouk – jeugdbeschermer\nNoor", " – ", "x".repeat(130)],
  title: TEXT,
});

const FRAME_FIELDS = [
  "name",
  "themeId",
  "learningQuestion",
  "aim",
  "plannedMeetings",
  "meetingIntervalWeeks",
  "maxMembers",
  "confidentiality",
  "attendance",
  "commitment",
];
const frameValues = (f: Fixtures) => ({
  name: TEXT,
  themeId: [String(f.themes.autisme), "", "999999"],
  learningQuestion: TEXT,
  plannedMeetings: ["1", "52", "53", "0"],
  meetingIntervalWeeks: ["1", "26", "27"],
  maxMembers: ["2", "50", "1", "51"],
});

const CONTRIBUTION_FIELDS = ["kind", "text", "themeId", "modules", "perspective", "credit", "inviteId", "confirm"];
const contributionValues = (f: Fixtures) => ({
  kind: [...CONTRIBUTION_KINDS],
  text: TEXT,
  themeId: [String(f.themes.verklarendeAnalyse), String(f.themes.autisme), "999999"],
  modules: [f.moduleSlug, "autisme-in-het-gezin", "Bestaat Niet"],
  perspective: [...CONTRIBUTION_PERSPECTIVES],
  credit: [...CONTRIBUTION_CREDITS],
  inviteId: [String(f.contributions.invite), "999999"],
  confirm: ["ja", "nee"],
});
const contributionWrites = (f: Fixtures): Allowance[] => {
  const own = (row: Row) => row.contributor_id === f.users.expert;
  const ownContribution = (row: Row) =>
    idsWhere("contributions", "contributor_id", f.users.expert).includes(row.contribution_id as number);
  return [
    owns("contributions", own),
    owns("contribution_modules", ownContribution),
    appends("contribution_events", ownContribution),
    edits("contribution_invites", is("email_normalized", f.expertEmail.toLowerCase())),
    ...CONTRIBUTION_COUNT,
    ...MAIL,
    ...AUDIT,
  ];
};

const SIGNAL_FIELDS = ["title", "description", "kind", "source", "region", "observedOn", "themeId"];
const signalValues = (f: Fixtures) => ({
  title: TEXT,
  description: TEXT,
  kind: [...SIGNAL_KINDS],
  source: [...SIGNAL_SOURCES],
  region: [...REGIONS],
  observedOn: days(f),
  themeId: [String(f.themes.autisme), "", "999999"],
});

const POLL_FIELDS = [
  "question",
  "explanation",
  "method",
  "maxChoices",
  "audience",
  "audienceRegion",
  "audienceKind",
  "anonymous",
  "allowSuggestions",
  "resultsVisibility",
  "opensAt",
  "closesAt",
  "themeOptions",
  "freeOptions",
];

const ACTIONS: Record<string, Target[]> = {
  "POST /*": [{ as: "admin", user: (f) => f.users.admin, path: () => "/bestaat/niet", fields: [], writes: () => [] }],
  "POST /account": [
    {
      as: "admin",
      user: (f) => f.users.admin,
      path: () => "/account",
      valid: () => [[["intent", "sign-out-everywhere"]]],
      fields: ["currentPassword", "password", "confirm"],
      intents: ["change-password", "sign-out-everywhere"],
      values: () => ({ currentPassword: ["fout-wachtwoord-1"], password: ["een-nieuw-wachtwoord"] }),
      writes: (f) => [edits("users", is("id", f.users.admin)), ...AUDIT],
    },
  ],
  "POST /account/verwijderen": [
    {
      // Not the only admin: someone whose account may go (if the password were ever guessed).
      as: "professional",
      user: (f) => f.leaver,
      path: () => "/account/verwijderen",
      valid: () => [
        [
          ["password", "fout-wachtwoord-1"],
          ["confirm", "on"],
        ],
      ],
      fields: ["password", "confirm"],
      values: () => ({ password: ["fout-wachtwoord-1"], confirm: ON }),
      writes: () => [...AUDIT],
    },
  ],
  "POST /inloggen": [
    {
      as: "visitor",
      user: () => null,
      path: () => "/inloggen",
      valid: () => [
        [
          ["email", "professional@demo.leercirkel.nl"],
          ["password", DEMO_PASSWORD],
          ["redirectTo", "/account"],
        ],
        [
          ["email", "professional@demo.leercirkel.nl"],
          ["password", "fout-wachtwoord-1"],
        ],
      ],
      fields: ["email", "password", "redirectTo"],
      values: (f) => ({
        email: emailsOf(f),
        password: [DEMO_PASSWORD, "fout-wachtwoord-1"],
        redirectTo: [
          "/account",
          "//evil.example",
          "https://evil.example",
          "/\\evil",
          "/\t/evil.example",
          "/€",
          "/😀",
          "/a\u0000b",
          "/a\nb",
          "/ spatie",
          "javascript:alert(1)",
        ],
      }),
      // An account not yet confirmed gets a new confirmation link.
      writes: () => [owns("user_tokens", unverified), ...MAIL],
      // Eight wrong passwords lock an account for 15 minutes (a 429): each run starts unlocked, or
      // the right password would never get through again.
      beforeRun: async (f) => {
        for (const email of emailsOf(f)) await resetLimit("signInFailuresPerAccount", normalizeEmail(email));
      },
    },
  ],
  "POST /registreren": [
    {
      as: "visitor",
      user: () => null,
      path: () => "/registreren",
      valid: (f) => [
        [
          ["name", "Nieuwe Gebruiker"],
          ["email", "nieuw@example.nl"],
          ["password", "een-nieuw-wachtwoord"],
          ["organisationId", String(f.organisationId)],
          ["role", "professional"],
        ],
      ],
      fields: ["name", "email", "password", "organisationId", "role"],
      values: (f) => ({
        name: TEXT,
        email: emailsOf(f),
        password: ["een-nieuw-wachtwoord", "kort"],
        organisationId: [String(f.organisationId), "999999", "0"],
        role: [...ROLES],
      }),
      writes: () => [
        appends("users"),
        appends("user_roles"),
        owns("user_tokens", is("purpose", "verify-email")),
        ...MAIL,
        ...AUDIT,
      ],
    },
  ],
  "POST /registreren/bevestigen/:token": [
    {
      as: "visitor",
      user: () => null,
      path: (f) => `/registreren/bevestigen/${f.tokens.verifyEmail}`,
      valid: () => [[]],
      fields: [],
      writes: (f) => [edits("users", is("id", f.tokens.holder)), edits("user_tokens", is("user_id", f.tokens.holder))],
    },
  ],
  "POST /wachtwoord-vergeten": [
    {
      as: "visitor",
      user: () => null,
      path: () => "/wachtwoord-vergeten",
      valid: (f) => [[["email", f.learnerEmail]], [["email", "onbekend@example.nl"]]],
      fields: ["email"],
      values: (f) => ({ email: emailsOf(f) }),
      writes: () => [owns("user_tokens", is("purpose", "reset-password")), ...MAIL],
      beforeRun: async (f) => {
        for (const email of emailsOf(f)) await resetLimit("resetPerAccount", normalizeEmail(email));
      },
    },
  ],
  "POST /wachtwoord-herstellen/:token": [
    {
      as: "visitor",
      user: () => null,
      path: (f) => `/wachtwoord-herstellen/${f.tokens.resetPassword}`,
      valid: () => [
        [
          ["password", "een-nieuw-wachtwoord"],
          ["confirm", "een-nieuw-wachtwoord"],
        ],
      ],
      fields: ["password", "confirm"],
      values: () => ({ password: ["een-nieuw-wachtwoord"], confirm: ["een-nieuw-wachtwoord"] }),
      writes: (f) => [
        edits("users", is("id", f.tokens.holder)),
        edits("user_tokens", is("user_id", f.tokens.holder)),
        ...AUDIT,
      ],
    },
  ],
  "POST /uitloggen": [
    { as: "admin", user: (f) => f.users.admin, path: () => "/uitloggen", fields: [], writes: () => [] },
  ],

  "POST /leren/:slug": [
    {
      as: "professional",
      user: (f) => f.learner,
      path: (f) => `/leren/${f.moduleSlug}`,
      valid: (f) => [
        [
          ["intent", "complete-part"],
          ["part", "kennis"],
        ],
        [
          ["intent", "undo-part"],
          ["part", "toepassen"],
        ],
        [
          ["intent", "save-reflection"],
          ["questionId", f.reflectionIds[0] ?? "x"],
          ["answer", "Mijn antwoord"],
        ],
        [["intent", "submit-quiz"], ...f.quizIds.map((id): Entry => [`vraag-${id}`, "0"])],
        [
          ["intent", "save-intention"],
          ["text", "Ik vraag door."],
          ["checkInOn", addDays(f.today, 14)],
        ],
        [
          ["intent", "evaluate"],
          ["grade", "8"],
          ["mostUseful", "De casus"],
          ["missing", ""],
        ],
      ],
      fields: ["part", "questionId", "answer", "text", "checkInOn", "grade", "mostUseful", "missing", "fetch"],
      intents: ["complete-part", "undo-part", "save-reflection", "submit-quiz", "save-intention", "evaluate"],
      values: (f) => ({
        part: [...INTERVENTION_PARTS],
        questionId: [...f.reflectionIds, "bestaat-niet"],
        checkInOn: days(f),
        grade: ["1", "10", "0", "11", "7.5"],
        fetch: ["1"],
        answer: TEXT,
        text: TEXT,
        ...Object.fromEntries(f.quizIds.map((id) => [`vraag-${id}`, ["0", "1", "2", "3", "-1", "99"]])),
      }),
      writes: (f) => [
        ...["intervention_progress", "part_progress", "reflections", "quiz_attempts", "intentions", "evaluations"].map(
          (table) => owns(table, is("user_id", f.learner)),
        ),
        appends("certificates", is("user_id", f.learner)),
        ...MAIL,
      ],
    },
  ],
  "POST /leren/:slug/terugblik": [
    {
      as: "professional",
      user: (f) => f.learner,
      path: (f) => `/leren/${f.moduleSlug}/terugblik`,
      valid: () => [
        [
          ["outcome", "partly"],
          ["whatHappened", "Twee keer gedaan."],
          ["helpedOrHindered", ""],
        ],
      ],
      fields: ["outcome", "whatHappened", "helpedOrHindered"],
      values: () => ({ outcome: [...CHECK_IN_OUTCOMES], whatHappened: TEXT, helpedOrHindered: TEXT }),
      writes: (f) => {
        const own = (row: Row) => idsWhere("intentions", "user_id", f.learner).includes(row.intention_id as number);
        return [owns("check_ins", own), edits("intentions", is("user_id", f.learner))];
      },
    },
  ],

  "POST /bijdragen": [
    {
      as: "expert",
      user: (f) => f.users.expert,
      path: () => "/bijdragen",
      valid: (f) => [
        [["intent", "seen"]],
        [
          ["intent", "dismiss-invite"],
          ["id", String(f.contributions.invite)],
        ],
      ],
      fields: ["id"],
      intents: ["seen", "dismiss-invite"],
      values: (f) => ({ id: [String(f.contributions.invite), String(f.contributions.expertOwn), "999999"] }),
      writes: contributionWrites,
    },
  ],
  "POST /bijdragen/nieuw": [
    {
      as: "expert",
      user: (f) => f.users.expert,
      path: () => "/bijdragen/nieuw",
      valid: (f) => [validContribution(f, "submit"), validContribution(f, "save")],
      fields: CONTRIBUTION_FIELDS,
      intents: ["save", "submit"],
      values: contributionValues,
      writes: contributionWrites,
    },
  ],
  "POST /bijdragen/:id": [
    {
      as: "expert (own draft)",
      user: (f) => f.users.expert,
      path: (f) => `/bijdragen/${f.contributions.draft}`,
      valid: (f) => [
        validContribution(f, "save"),
        validContribution(f, "submit"),
        [
          ["intent", "withdraw"],
          ["confirm", "ja"],
        ],
      ],
      fields: CONTRIBUTION_FIELDS,
      intents: ["save", "submit", "withdraw"],
      values: contributionValues,
      writes: contributionWrites,
      beforeRun: (f) => {
        sqlite.prepare("update contributions set status = 'draft' where id = ?").run(f.contributions.draft);
      },
    },
  ],

  "POST /peilingen/:id": [
    {
      as: "professional",
      user: (f) => f.learner,
      path: (f) => `/peilingen/${f.polls.vote}`,
      valid: (f) => [
        [
          ["intent", "vote"],
          [`dots-${f.polls.voteOptions[0]}`, "6"],
          [`dots-${f.polls.voteOptions[1]}`, "4"],
        ],
        [
          ["intent", "suggest"],
          ["label", "Mijn voorstel"],
        ],
      ],
      fields: ["choice", "label", "rank-1", "dots-1"],
      intents: ["vote", "suggest"],
      values: (f) => ({
        choice: f.polls.voteOptions.map(String),
        label: TEXT,
        ...Object.fromEntries(f.polls.voteOptions.map((id) => [`dots-${id}`, ["0", "1", "5", "10", "11", "-1"]])),
        ...Object.fromEntries(f.polls.voteOptions.map((id) => [`rank-${id}`, ["1", "2", "3"]])),
      }),
      writes: (f) => {
        const inPoll = is("poll_id", f.polls.vote);
        return [
          owns("poll_ballots", inPoll),
          owns("poll_participants", inPoll),
          owns("poll_region_tallies", inPoll),
          owns("poll_options", inPoll),
          edits("polls", is("id", f.polls.vote)),
          ...MAIL,
        ];
      },
    },
  ],

  "POST /webinars/:id": [
    {
      as: "professional",
      user: (f) => f.learner,
      path: (f) => `/webinars/${f.webinars.open}`,
      valid: () => [[["intent", "register"]], [["intent", "cancel"]], [["intent", "certificate"]]],
      fields: [],
      intents: ["register", "cancel", "certificate"],
      // Cancelling moves the first of the waiting list up: other people's registrations for this webinar.
      writes: (f) => [
        owns("webinar_registrations", is("webinar_id", f.webinars.open)),
        appends("certificates", is("user_id", f.learner)),
        ...MAIL,
      ],
    },
  ],
  "POST /webinars/:id/evaluatie": [
    {
      as: "professional (attended)",
      user: (f) => f.learner,
      path: (f) => `/webinars/${f.webinars.attended}/evaluatie`,
      valid: () => [
        [
          ["grade", "8"],
          ["takeaway", "Veel"],
          ["improve", ""],
        ],
      ],
      fields: ["grade", "takeaway", "improve"],
      values: () => ({ grade: ["1", "10", "0", "11", "7.5"], takeaway: TEXT, improve: TEXT }),
      writes: (f) => [
        owns("webinar_evaluations", (row) => row.webinar_id === f.webinars.attended && row.user_id === f.learner),
      ],
    },
  ],

  "POST /actieleergroepen/:id": [
    {
      ...GROUP_FIELDS,
      as: "member",
      user: (f) => f.member,
      path: (f) => `/actieleergroepen/${f.group.id}`,
      // Leaving is one of the intents: the member comes back for the next run.
      beforeRun: (f) => {
        const status = sqlite
          .prepare("select status from group_members where group_id = ? and user_id = ?")
          .get(f.group.id, f.member) as { status: string } | undefined;
        if (status?.status === "active") return;
        inviteMember({ actorId: f.coordinator, groupId: f.group.id, userId: f.member });
        acceptInvitation({ userId: f.member, groupId: f.group.id });
      },
    },
    {
      ...GROUP_FIELDS,
      as: "facilitator (coordinator)",
      user: (f) => f.coordinator,
      path: (f) => `/actieleergroepen/${f.group.id}`,
      beforeRun: (f) => {
        sqlite
          .prepare(
            "update action_learning_groups set closed_at = null, closed_by = null, final_yield = null where id = ?",
          )
          .run(f.group.id);
      },
    },
  ],
  "POST /actieleergroepen/:id/acties/:actionId": [
    ...[
      { as: "member (owner)", user: (f: Fixtures) => f.member },
      { as: "facilitator (coordinator)", user: (f: Fixtures) => f.coordinator },
    ].map((who): Target => ({
      ...who,
      path: (f) => `/actieleergroepen/${f.room.id}/acties/${f.room.actionId}`,
      fields: ACTION_FIELDS,
      intents: ["status", "edit"],
      valid: (f) => [
        [
          ["intent", "status"],
          ["status", "bezig"],
          ["update", "Begonnen."],
        ],
        [
          ["intent", "status"],
          ["status", "gedaan"],
          ["update", "Klaar."],
          ["embeddedIn", "protocol"],
          ["embeddingEvidence", "Stap 3"],
        ],
        [
          ["intent", "edit"],
          ["description", "Iets anders doen"],
          ["ownerId", f.member],
          ["dueOn", addDays(f.today, 20)],
        ],
      ],
      values: (f) => ({
        status: [...ACTION_STATUSES],
        embeddedIn: [...EMBEDDING_KINDS],
        update: TEXT,
        embeddingEvidence: TEXT,
        description: TEXT,
        ownerId: userIdsOf(f),
        organisationId: [String(f.organisationId), "999999"],
        dueOn: days(f),
      }),
      writes: (f) => [
        edits("group_actions", is("id", f.room.actionId)),
        appends("group_action_updates", is("action_id", f.room.actionId)),
        ...MAIL,
        ...AUDIT,
      ],
    })),
  ],
  "POST /actieleergroepen/:id/bijeenkomsten/:meetingId": [
    {
      as: "facilitator (coordinator)",
      user: (f) => f.coordinator,
      path: (f) => `/actieleergroepen/${f.room.id}/bijeenkomsten/${f.room.meetingId}`,
      fields: ["startsAt", "endsAt", "location", "agenda", "yield", "attendeeIds", "confirm"],
      intents: ["update", "yield", "cancel"],
      valid: (f) => [
        [
          ["intent", "update"],
          ["startsAt", moments()[0]!],
          ["endsAt", moments()[1]!],
          ["location", "Ede"],
          ["agenda", ""],
        ],
        [
          ["intent", "yield"],
          ["yield", "We leerden veel."],
          ["attendeeIds", f.member],
        ],
        [
          ["intent", "cancel"],
          ["confirm", "ja"],
        ],
      ],
      values: (f) => ({
        startsAt: moments(),
        endsAt: moments(),
        yield: TEXT,
        agenda: TEXT,
        attendeeIds: userIdsOf(f),
        confirm: ["ja"],
      }),
      writes: (f) => [
        edits("group_meetings", is("id", f.room.meetingId)),
        owns("group_meeting_attendance", is("meeting_id", f.room.meetingId)),
        ...MAIL,
        ...AUDIT,
      ],
      beforeRun: (f) => {
        sqlite.prepare("update group_meetings set cancelled_at = null where id = ?").run(f.room.meetingId);
      },
    },
  ],

  "POST /leercirkels": [
    {
      as: "coordinator",
      user: (f) => f.coordinator,
      path: () => "/leercirkels",
      valid: (f) => [
        [
          ["intent", "start"],
          ["themeId", String(f.theme)],
          ["step", "2"],
        ],
      ],
      fields: ["themeId", "step"],
      intents: ["start"],
      values: (f) => ({
        themeId: [String(f.theme), String(f.themes.autisme), "999999"],
        step: ["1", "5", "7", "8", "0"],
      }),
      // A new circle comes with its steps; the steps of circles already there stay as they are.
      writes: (_, before) => [
        appends("learning_circles"),
        owns("circle_steps", (row) => !before.get("learning_circles")!.has(String(row.circle_id))),
        ...AUDIT,
      ],
    },
  ],
  "POST /leercirkels/:slug": [
    {
      as: "coordinator",
      user: (f) => f.coordinator,
      path: (f) => `/leercirkels/${f.circle.slug}`,
      valid: (f) => [
        [
          ["intent", "step"],
          ["step", "2"],
          ["status", "bezig"],
          ["note", "Loopt"],
        ],
        [
          ["intent", "network-meeting"],
          ["step", "1"],
          ["heldOn", f.today],
          ["participants.gemeente", "2"],
        ],
      ],
      fields: [
        "step",
        "status",
        "note",
        "heldOn",
        "participants.aanbieder",
        "participants.toegang",
        "participants.gecertificeerde_instelling",
        "participants.gemeente",
        "participants.kennisinstelling",
        "participants.clientvertegenwoordiging",
        "participants",
        "expertsByExperience",
        "notes",
        "decisions",
      ],
      intents: ["step", "network-meeting"],
      values: (f) => ({
        step: ["1", "7", "3", "8"],
        status: [...CIRCLE_STEP_STATUSES, ""],
        heldOn: days(f),
        "participants.aanbieder": ["0", "3", "10001", "-1"],
        "participants.gemeente": ["2"],
        expertsByExperience: ["0", "2"],
        note: TEXT,
        notes: TEXT,
        decisions: TEXT,
      }),
      writes: (f) => [
        owns("circle_steps", is("circle_id", f.circle.id)),
        appends("network_meetings", is("circle_id", f.circle.id)),
        edits("learning_circles", is("id", f.circle.id)),
        ...AUDIT,
      ],
    },
  ],
  "POST /leercirkels/jaaropbrengst": [
    {
      as: "coordinator",
      user: (f) => f.coordinator,
      path: (f) => `/leercirkels/jaaropbrengst?cirkel=${f.circle.slug}`,
      valid: (f) => [
        [
          ["intent", "highlights"],
          ["year", f.today.slice(0, 4)],
          ["text", "Een mooi jaar."],
        ],
      ],
      fields: ["year", "text"],
      intents: ["highlights"],
      values: () => ({ year: ["2026", "1999", "2101", "20x6"], text: [...TEXT, ""] }),
      writes: (f) => [owns("circle_highlights", is("circle_id", f.circle.id)), ...AUDIT],
    },
  ],

  "POST /beheer/gebruikers/:id": [
    {
      as: "admin",
      user: (f) => f.users.admin,
      path: (f) => `/beheer/gebruikers/${f.targetUser}`,
      valid: () => [
        [
          ["intent", "grant"],
          ["role", "expert"],
        ],
        [
          ["intent", "revoke"],
          ["role", "expert"],
        ],
      ],
      fields: ["role"],
      intents: ["grant", "revoke"],
      values: () => ({ role: [...ROLES] }),
      writes: (f) => [owns("user_roles", is("user_id", f.targetUser)), ...AUDIT],
    },
  ],
  "POST /beheer/organisaties/nieuw": [
    {
      as: "admin",
      user: (f) => f.users.admin,
      path: () => "/beheer/organisaties/nieuw",
      valid: () => [
        [
          ["name", "Fuzzorganisatie"],
          ["kind", "aanbieder"],
          ["region", "Achterhoek"],
        ],
      ],
      fields: ["name", "kind", "region"],
      values: () => ({ name: TEXT, kind: [...ORGANISATION_KINDS], region: [...REGIONS] }),
      writes: () => [appends("organisations"), ...AUDIT],
    },
  ],
  "POST /beheer/organisaties/:id": [
    {
      as: "admin",
      user: (f) => f.users.admin,
      path: (f) => `/beheer/organisaties/${f.organisation}`,
      valid: () => [
        [
          ["name", "Fuzzorganisatie bijgewerkt"],
          ["kind", "gemeente"],
          ["region", "FoodValley"],
        ],
      ],
      fields: ["name", "kind", "region"],
      values: () => ({ name: [...TEXT, "Gemeente Arnhem"], kind: [...ORGANISATION_KINDS], region: [...REGIONS] }),
      writes: (f) => [edits("organisations", is("id", f.organisation)), ...AUDIT],
    },
  ],
  "POST /beheer/themas/nieuw": [
    {
      as: "coordinator",
      user: (f) => f.coordinator,
      path: () => "/beheer/themas/nieuw",
      valid: () => [
        [
          ["name", "Nieuw fuzzthema"],
          ["slug", ""],
          ["description", "Over iets."],
        ],
      ],
      fields: ["name", "slug", "description"],
      values: () => ({ name: TEXT, slug: ["autisme", "nieuw-thema", "Niet Goed", "--"], description: TEXT }),
      writes: () => [appends("themes"), ...AUDIT],
    },
  ],
  "POST /beheer/themas/:id": [
    {
      as: "coordinator",
      user: (f) => f.coordinator,
      path: (f) => `/beheer/themas/${f.theme}`,
      valid: () => [
        [
          ["name", "Fuzzthema"],
          ["slug", "fuzz-thema"],
          ["description", "Anders."],
        ],
      ],
      fields: ["name", "slug", "description"],
      values: () => ({ name: TEXT, slug: ["autisme", "fuzz-thema-2", "Niet Goed"], description: TEXT }),
      writes: (f) => [edits("themes", is("id", f.theme)), ...CONTRIBUTION_COUNT, ...AUDIT],
    },
  ],
  "POST /beheer/bijdragen/uitnodigen": [
    {
      as: "coordinator",
      user: (f) => f.coordinator,
      path: () => "/beheer/bijdragen/uitnodigen",
      valid: (f) => [
        [
          ["email", "nieuw@example.nl"],
          ["themeId", String(f.themes.verklarendeAnalyse)],
          ["slug", f.moduleSlug],
        ],
      ],
      fields: ["email", "themeId", "slug", "message"],
      values: (f) => ({
        email: emailsOf(f),
        themeId: [String(f.themes.verklarendeAnalyse), "999999"],
        slug: [f.moduleSlug, "autisme-in-het-gezin", "bestaat-niet"],
        message: TEXT,
      }),
      writes: () => [appends("contribution_invites"), edits("contribution_invites"), ...MAIL, ...AUDIT],
    },
  ],
  "POST /beheer/bijdragen/:id": [
    {
      as: "coordinator",
      user: (f) => f.coordinator,
      path: (f) => `/beheer/bijdragen/${f.contributions.submitted}`,
      valid: () => [
        [["intent", "publish"]],
        [
          ["intent", "return"],
          ["comment", "Kun je een voorbeeld geven?"],
        ],
        [["intent", "archive"]],
        [
          ["intent", "correct"],
          ["text", "Leg uit waarom je iets vraagt; dan vertellen ouders meer!"],
        ],
      ],
      fields: ["comment", "text"],
      intents: ["publish", "return", "archive", "correct"],
      values: () => ({ comment: TEXT, text: ["Leg uit waarom je iets vraagt; dan vertellen ouders meer!", ...TEXT] }),
      writes: (f) => [
        edits("contributions", is("id", f.contributions.submitted)),
        appends("contribution_events", is("contribution_id", f.contributions.submitted)),
        ...CONTRIBUTION_COUNT,
        ...MAIL,
        ...AUDIT,
      ],
      beforeRun: (f) => {
        sqlite.prepare("update contributions set status = 'submitted' where id = ?").run(f.contributions.submitted);
      },
    },
  ],
  "POST /beheer/peilingen/nieuw": [
    {
      as: "coordinator",
      user: (f) => f.coordinator,
      path: () => "/beheer/peilingen/nieuw",
      valid: (f) => [
        [
          ["question", "Welk thema heeft voorrang?"],
          ["method", "multiple"],
          ["maxChoices", "2"],
          ["audience", "all"],
          ["resultsVisibility", "after_vote"],
          ["opensAt", moments()[0]!],
          ["closesAt", toAmsterdamLocal(Date.now() + 7 * 86400_000)],
          ["themeOptions", String(f.themes.autisme)],
          ["freeOptions", "Een\nTwee"],
        ],
      ],
      fields: POLL_FIELDS,
      values: (f) => ({
        question: TEXT,
        method: [...POLL_METHODS],
        maxChoices: ["1", "2", "100", "101"],
        audience: [...POLL_AUDIENCES],
        audienceRegion: [...REGIONS],
        audienceKind: [...ORGANISATION_KINDS],
        anonymous: ON,
        allowSuggestions: ON,
        resultsVisibility: [...POLL_RESULT_VISIBILITY],
        opensAt: moments(),
        closesAt: moments(),
        themeOptions: [String(f.themes.autisme), String(f.themes.verklarendeAnalyse), "999999"],
        freeOptions: ["Een\nTwee\nDrie", "Een", "x".repeat(201)],
      }),
      writes: () => [appends("polls"), appends("poll_options"), ...AUDIT],
    },
  ],
  "POST /beheer/peilingen/:id": [
    {
      as: "coordinator",
      user: (f) => f.coordinator,
      path: (f) => `/beheer/peilingen/${f.polls.managed}`,
      valid: (f) => [
        [["intent", "close"]],
        [
          ["intent", "reopen"],
          ["closesAt", toAmsterdamLocal(Date.now() + 7 * 86400_000)],
        ],
        [
          ["intent", "approve"],
          ["optionId", String(f.polls.managedOptions.at(-1))],
        ],
        [
          ["intent", "reject"],
          ["optionId", String(f.polls.managedOptions.at(-1))],
        ],
        [
          ["intent", "to-theme"],
          ["optionId", String(f.polls.managedOptions[0])],
          ["themeId", ""],
        ],
      ],
      fields: ["optionId", "themeId", "closesAt"],
      intents: ["close", "approve", "reject", "to-theme", "reopen"],
      values: (f) => ({
        optionId: [...f.polls.managedOptions.map(String), "999999"],
        themeId: [String(f.themes.autisme), "", "999999"],
        closesAt: moments(),
      }),
      // An option may become a theme (new or existing): the poll then belongs to it.
      writes: (f) => [
        edits("polls", is("id", f.polls.managed)),
        owns("poll_options", is("poll_id", f.polls.managed)),
        appends("themes"),
        ...MAIL,
        ...AUDIT,
      ],
    },
  ],
  "POST /beheer/webinars/nieuw": [
    {
      as: "coordinator",
      user: (f) => f.coordinator,
      path: () => "/beheer/webinars/nieuw",
      valid: (f) => [validWebinar(f)],
      fields: WEBINAR_FIELDS,
      values: webinarValues,
      writes: () => [appends("webinars"), ...AUDIT],
    },
  ],
  "POST /beheer/webinars/:id": [
    {
      as: "coordinator",
      user: (f) => f.coordinator,
      path: (f) => `/beheer/webinars/${f.webinars.managed}`,
      valid: (f) => [
        validWebinar(f),
        [
          ["intent", "cancel"],
          ["confirm", "ja"],
        ],
      ],
      fields: [...WEBINAR_FIELDS, "confirm"],
      intents: ["cancel"],
      values: (f) => ({ ...webinarValues(f), confirm: ["ja"] }),
      writes: (f) => [
        edits("webinars", is("id", f.webinars.managed)),
        edits("webinar_registrations", is("webinar_id", f.webinars.managed)),
        ...MAIL,
        ...AUDIT,
      ],
      beforeRun: (f) => {
        sqlite.prepare("update webinars set cancelled_at = null where id = ?").run(f.webinars.managed);
      },
    },
  ],
  "POST /beheer/webinars/:id/deelnemers": [
    {
      as: "coordinator",
      user: (f) => f.coordinator,
      path: (f) => `/beheer/webinars/${f.webinars.held}/deelnemers`,
      valid: (f) => [
        [
          ["intent", "materials"],
          ["recordingUrl", "https://video.example.nl/opname"],
          ["slidesUrl", ""],
        ],
        [
          ["intent", "attendance"],
          ["shown", f.users.sanne],
          ["shown", f.users.ahmed],
          ["present", f.users.ahmed],
        ],
        [
          ["intent", "attendance-upload"],
          ["file", "e-mail\nahmed.bakir@demo.leercirkel.nl"],
        ],
        [["intent", "follow-up"]],
      ],
      fields: ["recordingUrl", "slidesUrl", "shown", "present", "file"],
      intents: ["materials", "attendance", "attendance-upload", "follow-up"],
      values: (f) => ({
        recordingUrl: ["https://video.example.nl/opname", "javascript:alert(1)"],
        slidesUrl: ["https://example.nl/dia.pdf"],
        shown: [f.users.sanne, f.users.ahmed, "x"],
        present: [f.users.sanne, f.users.ahmed],
        file: ["e-mail\nsanne.devries@demo.leercirkel.nl\nahmed.bakir@demo.leercirkel.nl", "geen adressen"],
      }),
      writes: (f) => [
        edits("webinars", is("id", f.webinars.held)),
        edits("webinar_registrations", is("webinar_id", f.webinars.held)),
        ...MAIL,
        ...AUDIT,
      ],
    },
  ],
  "POST /beheer/actieleergroepen/nieuw": [
    {
      as: "coordinator",
      user: (f) => f.coordinator,
      path: () => "/beheer/actieleergroepen/nieuw",
      valid: (f) => [
        [
          ...validFrame(f),
          ["frameId", String(f.group.frameId)],
          ["facilitatorEmail", "coordinator@demo.leercirkel.nl"],
          ["startsOn", f.today],
          ["openToRequests", "on"],
        ],
      ],
      fields: [...FRAME_FIELDS, "frameId", "facilitatorEmail", "startsOn", "openToRequests"],
      values: (f) => ({
        ...frameValues(f),
        frameId: [String(f.group.frameId), "999999"],
        facilitatorEmail: emailsOf(f),
        startsOn: days(f),
        openToRequests: ON,
      }),
      writes: (_, before) => [
        appends("action_learning_groups"),
        owns("group_members", (row) => !before.get("action_learning_groups")!.has(String(row.group_id))),
        ...MAIL,
        ...AUDIT,
      ],
    },
  ],
  "POST /beheer/actieleergroepen/kaders/nieuw": [
    {
      as: "coordinator",
      user: (f) => f.coordinator,
      path: () => "/beheer/actieleergroepen/kaders/nieuw",
      valid: (f) => [validFrame(f)],
      fields: FRAME_FIELDS,
      values: frameValues,
      writes: () => [appends("group_frames"), ...AUDIT],
    },
  ],
  "POST /beheer/actieleergroepen/kaders/:id": [
    {
      as: "coordinator",
      user: (f) => f.coordinator,
      path: (f) => `/beheer/actieleergroepen/kaders/${f.group.frameId}`,
      valid: (f) => [validFrame(f)],
      fields: FRAME_FIELDS,
      values: frameValues,
      writes: (f) => [edits("group_frames", is("id", f.group.frameId)), ...AUDIT],
    },
  ],
  "POST /beheer/signalen": [
    {
      as: "coordinator",
      user: (f) => f.coordinator,
      path: () => "/beheer/signalen",
      valid: (f) => [
        [
          ["intent", "link"],
          ["signalId", String(f.signal)],
          ["themeId", String(f.themes.autisme)],
        ],
      ],
      fields: ["signalId", "themeId"],
      intents: ["link"],
      values: (f) => ({ signalId: [String(f.signal), "999999"], themeId: [String(f.themes.autisme), "", "999999"] }),
      // Any signal may be linked to a theme here: the id comes from the form.
      writes: () => [edits("signals"), ...AUDIT],
    },
  ],
  "POST /beheer/signalen/nieuw": [
    {
      as: "coordinator",
      user: (f) => f.coordinator,
      path: () => "/beheer/signalen/nieuw",
      valid: (f) => [validSignal(f)],
      fields: SIGNAL_FIELDS,
      values: signalValues,
      writes: () => [appends("signals"), ...AUDIT],
    },
  ],
  "POST /beheer/signalen/:id": [
    {
      as: "coordinator",
      user: (f) => f.coordinator,
      path: (f) => `/beheer/signalen/${f.signal}`,
      valid: (f) => [validSignal(f)],
      fields: SIGNAL_FIELDS,
      values: signalValues,
      writes: (f) => [edits("signals", is("id", f.signal)), ...AUDIT],
    },
  ],
};

// ---------------------------------------------------------------- generated input

const NASTY = [
  "",
  " ",
  "0",
  "-1",
  "-0",
  "1e309",
  "NaN",
  "Infinity",
  "9007199254740993",
  "2147483648",
  "0x10",
  "1_000",
  "null",
  "undefined",
  "true",
  "false",
  "on",
  "[]",
  "{}",
  '{"__proto__":{"x":1}}',
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "' OR 1=1 --",
  "\0",
  "a\u0000b",
  "\uD800",
  "\uDFFFx",
  "\u202Eevil\u202C",
  "مرحبا بالعالم",
  "שלום",
  "👩‍👩‍👧‍👦🏳️‍🌈",
  "𝕏𝔂𝔃",
  "\r\n\r\n",
  "../../etc/passwd",
  "%00",
  "%%",
  "123456782",
  "2024-02-30",
  "2024-13-01",
  "0000-00-00",
  "9999-12-31",
  "2030-01-01T10:00",
  "javascript:alert(1)",
  "https://example.nl",
  "a@b",
  "x@example.nl",
];

// Any code point, lone surrogate halves included (fc.string's "binary" unit builds a map of all
// 1.1 million code points first, which takes seconds).
const codePoints = (maxLength: number) =>
  fc
    .array(fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0, max: 0x10ffff })), { maxLength })
    .map((points) => String.fromCodePoint(...points));

const hugeString = fc
  .tuple(fc.string({ unit: "grapheme", minLength: 1, maxLength: 6 }), fc.integer({ min: 1_000, max: 100_000 }))
  .map(([chunk, size]) => chunk.repeat(Math.ceil(size / chunk.length)).slice(0, size));

// About one value in 45 is huge: one form in five carries one, and the runs stay quick.
const anyValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 16, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 12, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 8, arbitrary: codePoints(40) },
  { weight: 8, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.bigInt()).map(String) },
  { weight: 1, arbitrary: hugeString },
);

const randomName: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 20 }),
  codePoints(12),
  fc.constantFrom(
    "",
    "intent",
    "__proto__",
    "__proto__.polluted",
    "constructor.prototype.polluted",
    "a[0]",
    "a.b",
    "[",
    ".",
  ),
);

type Entry = [string, string];
type Multipart = "no" | "strings" | "files";
type FuzzInput =
  | { kind: "form"; entries: Entry[]; multipart: Multipart }
  | { kind: "raw"; body: string | Uint8Array<ArrayBuffer>; contentType: string | null };

const multipart = fc.constantFrom<Multipart>("no", "no", "strings", "files");
/** The value one time in three, else null. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arbitrary });

function inputArbitrary(target: Target, f: Fixtures): fc.Arbitrary<FuzzInput> {
  const values = target.values?.(f) ?? {};
  const known: Record<string, string[]> = {
    ...values,
    intent: [...(target.intents ?? []), "delete", "admin", "INTENT"],
  };
  const names = [...new Set([...target.fields, ...Object.keys(values), ...(target.intents ? ["intent"] : [])])];
  const valueArbitraries = new Map<string, fc.Arbitrary<string>>();
  const valueFor = (name: string): fc.Arbitrary<string> => {
    const good = known[name] ?? [];
    if (!good.length) return anyValue;
    let arbitrary = valueArbitraries.get(name);
    if (!arbitrary) {
      // A good value, anything, or a good value with anything after it ("/account" + NUL).
      arbitrary = fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom(...good) },
        { weight: 3, arbitrary: anyValue },
        { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...good), anyValue).map(([a, b]) => a + b) },
      );
      valueArbitraries.set(name, arbitrary);
    }
    return arbitrary;
  };
  const fieldEntries = names.map((name) => valueFor(name).map((value): Entry => [name, value]));
  const randomEntry = fc.tuple(randomName, anyValue);
  const entry = fieldEntries.length
    ? fc.oneof({ weight: 6, arbitrary: fc.oneof(...fieldEntries) }, { weight: 1, arbitrary: randomEntry })
    : randomEntry;

  // Some of the action's own fields, each with a value, and random fields on top, some twice.
  const form = fc
    .record({
      own: fc.tuple(...fieldEntries.map((e) => fc.option(e, { freq: 2 }))),
      extra: fc.array(entry, { maxLength: 8 }),
      duplicate: fc.nat({ max: 3 }),
      multipart,
    })
    .map(({ own, extra, duplicate, multipart }): FuzzInput => {
      const entries = [...own.filter((e): e is Entry => e !== null), ...extra];
      return { kind: "form", entries: [...entries, ...entries.slice(0, duplicate)], multipart };
    });

  // A valid form, or one with a few things wrong: a value replaced (by one for that field), a value
  // made long (past any maximum), a field dropped, a field twice, another field.
  const strayFrom = (base: Entry[]): fc.Arbitrary<FuzzInput> =>
    fc
      .record({
        replace: base.length
          ? sometimes(fc.oneof(...base.map(([name], i) => valueFor(name).map((v): [number, string] => [i, v]))))
          : fc.constant(null),
        grow: sometimes(fc.tuple(fc.nat(), fc.integer({ min: 100, max: 100_000 }))),
        drop: sometimes(fc.nat()),
        twice: sometimes(fc.nat()),
        extra: fc.array(entry, { maxLength: 2 }),
        multipart,
      })
      .map(({ replace, grow, drop, twice, extra, multipart }): FuzzInput => {
        const entries: Entry[] = base.map(([name, value]) => [name, value]);
        if (replace) entries[replace[0]]![1] = replace[1];
        if (grow && entries.length) {
          const grown = entries[grow[0] % entries.length]!;
          const unit = grown[1] || "x";
          grown[1] = unit.repeat(Math.ceil(grow[1] / unit.length)).slice(0, grow[1]);
        }
        if (twice !== null && entries.length) entries.push(entries[twice % entries.length]!);
        if (drop !== null && entries.length) entries.splice(drop % entries.length, 1);
        return { kind: "form", entries: [...entries, ...extra], multipart };
      });
  const valid = target.valid?.(f) ?? [];
  const nearlyValid = valid.length ? fc.oneof(...valid.map(strayFrom)) : form;

  const piece = fc.oneof(
    fc.constantFrom(
      "%FF",
      "%ED%A0%80",
      "%ED%BF%BF",
      "%00",
      "%",
      "%G1",
      "%E2%80%AE",
      "%F0%9F%98",
      "%C0%AF",
      "+",
      "&",
      "=",
      "&&==",
    ),
    names.length ? fc.constantFrom(...names).map((n) => `${n}=`) : fc.constant("x="),
    fc.string({ maxLength: 10 }),
  );
  const contentType = fc.constantFrom(
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "multipart/form-data; boundary=x",
    "application/json",
    "text/plain",
    null,
  );
  const raw: fc.Arbitrary<FuzzInput> = fc.oneof(
    fc.array(piece, { maxLength: 30 }).map((parts) => ({
      kind: "raw" as const,
      body: parts.join(""),
      contentType: "application/x-www-form-urlencoded",
    })),
    fc.tuple(fc.uint8Array({ maxLength: 300 }), contentType).map(([bytes, type]) => ({
      kind: "raw" as const,
      body: new Uint8Array(bytes),
      contentType: type,
    })),
    fc.tuple(fc.json(), contentType).map(([body, type]) => ({ kind: "raw" as const, body, contentType: type })),
    fc.constant<FuzzInput>({
      kind: "raw",
      body: "--x\r\nContent-Disposition: form-data",
      contentType: "multipart/form-data; boundary=x",
    }),
  );
  return fc.oneof({ weight: 4, arbitrary: form }, { weight: 5, arbitrary: nearlyValid }, { weight: 1, arbitrary: raw });
}

function toRequestInput(input: FuzzInput) {
  if (input.kind === "raw") return { raw: input };
  if (input.multipart === "no") return { form: input.entries };
  const form: FormEntries = input.entries.map(([name, value], index) => [
    name,
    input.multipart === "files" && (name === "file" || index % 3 === 0)
      ? new File([value], "deelnemers.csv", { type: "text/csv" })
      : value,
  ]);
  // A string-only form still goes as multipart: a Blob-free FormData would be url-encoded.
  if (input.multipart === "strings") form.push(["_", new Blob([""])]);
  return { form };
}

// ---------------------------------------------------------------- running it

const sessionExists = (cookie: string) =>
  sqlite.prepare("select 1 from sessions where id = ?").get(cookie.slice(cookie.indexOf("=") + 1)) !== undefined;

let fixtures: Fixtures;
const routes = listRouteFiles();
const report: string[] = [];

beforeAll(async () => {
  fixtures = await setUpFixtures(await setUpWorld());
}, 120_000);

describe("fuzzing covers the actions", () => {
  test("every route with an action has a fuzz target, and every target a route", async () => {
    const present: string[] = [];
    for (const route of routes) if ((await routeMethods(route)).includes("POST")) present.push(`POST ${route.key}`);
    const missing = present.filter((key) => !(key in ACTIONS));
    const stale = Object.keys(ACTIONS).filter((key) => !present.includes(key));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });
});

const targets = Object.entries(ACTIONS).flatMap(([key, list]) => list.map((target) => [key, target] as const));

describe.each(targets)("%s", (key, target) => {
  const route = routes.find((r) => `POST ${r.key}` === key);

  test(`as ${target.as}: never a 5xx, and only its own rows change`, { timeout: 240_000 }, async () => {
    if (!route) return; // reported by the coverage test above
    const f = fixtures;
    const path = target.path(f);
    const params = matchParams(route.pattern, path);
    expect(params, `${path} fits ${route.pattern}`).not.toBeNull();
    const userId = target.user(f);
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).join();
    const outcomes = new Map<Outcome, number>();
    const started = Date.now();
    const before = snapshot();

    let cookie: string | null = null;
    await fc.assert(
      fc.asyncProperty(inputArbitrary(target, f), async (input) => {
        // A turn of the event loop per request, as a server has: vitest's own messages get through.
        await new Promise((resolve) => setImmediate(resolve));
        await target.beforeRun?.(f);
        // One session for the runs, a new one after an action ended it (signing out, a new password).
        if (userId && !(cookie && sessionExists(cookie))) cookie = await sessionCookie(userId);
        const request = buildRequest({ method: "POST", path, cookie, ...toRequestInput(input) });
        const settled = await callRoute(route, request, params!, loadContext(uniqueIp()));
        outcomes.set(settled.outcome, (outcomes.get(settled.outcome) ?? 0) + 1);
        if (typeof settled.outcome === "number" && settled.outcome >= 500) {
          throw new Error(`${key} answered ${settled.outcome}`);
        }
        if (Object.getOwnPropertyNames(Object.prototype).join() !== prototypeKeys) {
          throw new Error(`${key} polluted Object.prototype`);
        }
      }),
      { numRuns: RUNS, seed: SEED, path: PATH },
    );

    const changes = diff(before, snapshot());
    const wrong = violations(changes, target.writes(f, before));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const tally = [...outcomes].sort(([, a], [, b]) => b - a).map(([o, n]) => `${o}×${n}`);
    report.push(`${key} as ${target.as}: ${seconds} s, ${changes.length} rows changed, ${tally.join(" ")}`);
    expect(wrong, `rows ${key} may not change:\n${describeChanges(wrong)}`).toEqual([]);
  });
});

test("report", () => {
  console.log(`fuzzing, ${RUNS} runs per action:\n${report.join("\n")}`);
});
