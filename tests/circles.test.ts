import { beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { sqlite } from "@db/client.server";
import type { CircleStepStatus, Role } from "@db/schema";
import type { CompiledIntervention } from "~/mdx/types";
import { loadInterventions } from "~/mdx/registry.server";
import {
  FiguresFilterSchema,
  HighlightsSchema,
  NetworkMeetingSchema,
  SignalSchema,
  StepStatusSchema,
  YearFilterSchema,
} from "~/models/circle.schema";
import {
  circleFigures,
  coordinatorDashboard,
  currentStep,
  getCircle,
  linkSignalToTheme,
  listCircles,
  listSignals,
  findCircleBySlug,
  listCircleNames,
  pollOptionsFromSignals,
  recentCircleFigures,
  FIGURES_MAX_AGE_MS,
  recordNetworkMeeting,
  recordSignal,
  saveHighlights,
  setStepStatus,
  startCircle,
  suggestedStepStatus,
  updateSignal,
  yearReport,
  yearReportCsv,
  type CircleFigures,
  type ModuleRef,
} from "~/models/circle.server";
import { ActionSchema, MeetingSchema } from "~/models/group.schema";
import { changeActionStatus, closeGroup, createAction, planMeeting, recordMeetingYield } from "~/models/group.server";
import { completePart, saveIntention, submitCheckIn, submitEvaluation, submitQuiz } from "~/models/progress.server";
import { WebinarEvaluationSchema } from "~/models/webinar.schema";
import { closePoll, listOptions, optionToTheme } from "~/models/poll.server";
import { cancelWebinar, saveWebinarEvaluation } from "~/models/webinar.server";
import { addDays, amsterdamDay, fromAmsterdamLocal, toAmsterdamLocal } from "~/utils/dates";
import { BSN_MESSAGE, NAME_BIRTH_DATE_MESSAGE } from "~/utils/privacy";
import {
  ensureTheme,
  makeCircle,
  makeContribution,
  makeGroup,
  makeOrganisation,
  makePoll,
  makeSignal,
  makeUser,
  makeWebinar,
  uniqueSuffix,
} from "./factories";

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const today = amsterdamDay();
const coordinator = () => makeUser({ roles: ["coordinator"] });
const newTheme = () => {
  const suffix = uniqueSuffix();
  const slug = `thema-${suffix}`;
  return { ...ensureTheme({ slug, name: `Thema ${suffix}`, description: "" }), slug, name: `Thema ${suffix}` };
};
const auditActions = (targetType: string, targetId: number) =>
  (
    sqlite
      .prepare("select action from audit_log where target_type = ? and target_id = ? order by id")
      .all(targetType, String(targetId)) as { action: string }[]
  ).map((r) => r.action);
/** Noon of a calendar day in Amsterdam, as milliseconds: for moving fixture rows to another day. */
const noonOf = (day: string) => fromAmsterdamLocal(`${day}T12:00`)!.getTime();

function ok<T extends { status: string }>(result: T): Extract<T, { status: "ok" }> {
  if (result.status !== "ok") throw new Error(`expected ok, got ${result.status}`);
  return result as Extract<T, { status: "ok" }>;
}

// The fixture module of the learning tests, under new slugs: a module per theme in each test.
let base: CompiledIntervention;
beforeAll(async () => {
  const registry = await loadInterventions({
    contentDir: "tests/fixtures/content",
    themeSlugs: ["autisme"],
    useCache: false,
  });
  base = registry.bySlug.get("voorbeeld")!;
});
const moduleFor = (themeSlug: string) => {
  const intervention = { ...base, slug: `module-${uniqueSuffix()}` };
  const ref: ModuleRef = { slug: intervention.slug, themeSlug, title: intervention.frontmatter.title };
  return { intervention, ref };
};
const complete = (userId: string, intervention: CompiledIntervention) => {
  submitQuiz({ userId, intervention, answers: { eerste: 1, tweede: 0 } });
  for (const part of ["kennis", "toepassen", "ervaring", "afsluiting"] as const) {
    completePart({ userId, intervention, part });
  }
};
const checkIn = (userId: string, slug: string, outcome: "yes" | "partly" | "not_yet") => {
  ok(
    saveIntention({ userId, slug, text: "Ik vraag in elk gesprek naar de verklaring.", checkInOn: addDays(today, 21) }),
  );
  ok(submitCheckIn({ userId, slug, outcome, whatHappened: "", helpedOrHindered: "", today: addDays(today, 21) }));
};

// ---------------------------------------------------------------- signals

describe("signals from casework", () => {
  const valid = {
    title: "Bij driekwart van de uithuisplaatsingen geen verklarende analyse",
    description: "Uit het casuïstiekonderzoek van dit jaar, over 40 casussen.",
    kind: "pattern",
    source: "casework_research",
    region: "Achterhoek",
    observedOn: today,
  };

  test("refuse a BSN or a name with a date of birth, at the field, in Dutch", () => {
    const bsn = SignalSchema.safeParse({ ...valid, title: "Patroon bij 111 222 333 en anderen" });
    expect(bsn.success).toBe(false);
    expect(z.flattenError(bsn.error!).fieldErrors.title).toEqual([BSN_MESSAGE]);

    const named = SignalSchema.safeParse({
      ...valid,
      description: "Sanne de Vries (12-03-2015) werd zonder analyse uit huis geplaatst.",
    });
    expect(named.success).toBe(false);
    expect(z.flattenError(named.error!).fieldErrors.description).toEqual([NAME_BIRTH_DATE_MESSAGE]);

    const future = SignalSchema.safeParse({ ...valid, observedOn: addDays(today, 2) });
    expect(z.flattenError(future.error!).fieldErrors.observedOn).toEqual([
      "Kies een datum die niet in de toekomst ligt.",
    ]);
    const wrong = SignalSchema.safeParse({ ...valid, kind: "case", region: "Utrecht" });
    expect(z.flattenError(wrong.error!).fieldErrors).toMatchObject({
      kind: ["Kies of het een patroon, lacune of trend is."],
      region: ["Kies de regio."],
    });
    expect(SignalSchema.parse(valid)).toMatchObject({ themeId: null, region: "Achterhoek" });
  });

  test("only coordinators record, change and link them; every change is audited", async () => {
    const carla = await coordinator();
    const piet = await makeUser();
    const theme = newTheme();
    const input = SignalSchema.parse(valid);
    expect(recordSignal({ actorId: piet.id, input })).toEqual({ status: "forbidden" });
    expect(recordSignal({ actorId: carla.id, input: { ...input, themeId: 999_999 } })).toEqual({
      status: "unknown-theme",
    });
    const { id } = ok(recordSignal({ actorId: carla.id, input }));
    expect(listSignals({ withoutTheme: true }).map((s) => s.id)).toContain(id);

    expect(linkSignalToTheme({ actorId: piet.id, id, themeId: theme.id })).toEqual({ status: "forbidden" });
    expect(linkSignalToTheme({ actorId: carla.id, id: 999_999, themeId: theme.id })).toEqual({
      status: "not-found",
    });
    ok(linkSignalToTheme({ actorId: carla.id, id, themeId: theme.id }));
    expect(listSignals({ withoutTheme: true }).map((s) => s.id)).not.toContain(id);
    expect(listSignals({ themeId: theme.id })).toEqual([
      expect.objectContaining({ id, themeName: theme.name, kind: "pattern", linkedAt: expect.any(Date) }),
    ]);

    ok(updateSignal({ actorId: carla.id, id, input: { ...input, kind: "trend", themeId: theme.id } }));
    expect(listSignals({ themeId: theme.id })[0]).toMatchObject({ kind: "trend", linkedAt: expect.any(Date) });
    expect(updateSignal({ actorId: piet.id, id, input })).toEqual({ status: "forbidden" });
    expect(listSignals({ themeId: theme.id, region: "FoodValley" })).toEqual([]);
    expect(auditActions("signal", id)).toEqual(["signal.record", "signal.link", "signal.update"]);
  });

  test("seed a poll: a signal with a theme proposes the theme, one without its title", async () => {
    const theme = newTheme();
    const linked = await makeSignal({ themeId: theme.id });
    const loose = await makeSignal({ title: "Wachtlijsten voor eetstoornissen groeien" });
    expect(pollOptionsFromSignals({ signalIds: [linked, loose, 999_999] })).toEqual({
      themeOptions: [theme.id],
      freeOptions: "Wachtlijsten voor eetstoornissen groeien",
      signalCount: 2,
    });
    expect(pollOptionsFromSignals({ signalIds: [] })).toEqual({ themeOptions: [], freeOptions: "", signalCount: 0 });
  });

  test("a circle is found by its theme's slug; the list of circle names is by name", async () => {
    const carla = await coordinator();
    const theme = newTheme();
    expect(findCircleBySlug(theme.slug)).toBeNull();
    const started = startCircle({ actorId: carla.id, themeId: theme.id, step: 2 });
    if (started.status !== "ok") throw new Error(started.status);
    expect(findCircleBySlug(theme.slug)).toEqual({
      id: started.id,
      themeId: theme.id,
      slug: theme.slug,
      name: theme.name,
    });
    const names = listCircleNames();
    expect(names).toContainEqual({ slug: theme.slug, name: theme.name });
    expect(names.map((c) => c.name)).toEqual([...names.map((c) => c.name)].sort());
  });
});

// ---------------------------------------------------------------- circles and steps

describe("starting a circle and its steps", () => {
  test("a coordinator starts one circle per theme, at any step", async () => {
    const carla = await coordinator();
    const piet = await makeUser();
    const theme = newTheme();
    expect(startCircle({ actorId: piet.id, themeId: theme.id, step: 5 })).toEqual({ status: "forbidden" });
    expect(startCircle({ actorId: carla.id, themeId: 999_999, step: 5 })).toEqual({ status: "unknown-theme" });
    const started = ok(startCircle({ actorId: carla.id, themeId: theme.id, step: 5 }));
    expect(started.slug).toBe(theme.slug);
    expect(startCircle({ actorId: carla.id, themeId: theme.id, step: 1 })).toEqual({
      status: "exists",
      id: started.id,
      slug: theme.slug,
    });
    expect(auditActions("circle", started.id)).toEqual(["circle.start"]);

    const circle = (await getCircle({ slug: theme.slug, viewer: carla, modules: [] }))!;
    expect(circle).toMatchObject({ entryStep: 5, currentStep: 5, name: theme.name });
    expect(circle.steps.map((s) => [s.step, s.status, s.beforeEntry])).toEqual([
      [1, "niet_gestart", true],
      [2, "niet_gestart", true],
      [3, "niet_gestart", true],
      [4, "niet_gestart", true],
      [5, "niet_gestart", false],
      [6, "niet_gestart", false],
      [7, "niet_gestart", false],
    ]);
    expect(await getCircle({ slug: newTheme().slug, viewer: carla, modules: [] })).toBeNull();
  });

  test("the data suggests each step's status; a stored status wins until it is cleared", async () => {
    const carla = await coordinator();
    const members = [(await makeUser()).id, (await makeUser()).id];
    const { id: circleId, slug, themeId } = await makeCircle({ actorId: carla.id, step: 4 });
    const statuses = async () => {
      const circle = (await getCircle({ slug, viewer: carla, modules: [] }))!;
      return { current: circle.currentStep, steps: circle.steps.map((s) => s.status).join(" "), circle };
    };

    // Step 4: a planned webinar is in progress; one held with a poll attached is done.
    const later = makeWebinar({ actorId: carla.id, title: "Vervolgwebinar", themeId, startsInHours: 24 * 30 });
    expect(await statuses()).toMatchObject({
      current: 4,
      steps: "niet_gestart niet_gestart niet_gestart bezig niet_gestart niet_gestart niet_gestart",
    });
    const poll = await makePoll({
      actorId: carla.id,
      question: "Welk thema hierna?",
      method: "single",
      freeOptions: ["A", "B"],
    });
    const first = makeWebinar({
      actorId: carla.id,
      title: "Eerste webinar",
      themeId,
      startsInHours: -48,
      pollId: poll,
    });
    // Two webinars: the follow-up step is in progress too.
    expect((await statuses()).steps).toBe(
      "niet_gestart niet_gestart niet_gestart afgerond niet_gestart bezig niet_gestart",
    );

    // Step 3 and 5: a group of the theme (started from a frame on the theme).
    const group = await makeGroup({ coordinatorId: carla.id, themeId, memberIds: members });
    const { circle, current, steps } = await statuses();
    expect(steps).toBe("niet_gestart niet_gestart afgerond afgerond bezig bezig niet_gestart");
    expect(current).toBe(6);
    // What belongs to the steps: the first webinar (with its poll) at 4, the next at 6; the group at 5.
    expect(circle.steps[3]!.webinars).toEqual([expect.objectContaining({ id: first, pollId: poll, held: true })]);
    expect(circle.steps[5]!.webinars).toEqual([expect.objectContaining({ id: later, held: false })]);
    expect(circle.steps[4]!.groups).toEqual([expect.objectContaining({ id: group.id, closedAt: null })]);
    expect(circle.steps[2]!.frames).toEqual([expect.objectContaining({ id: group.frameId })]);
    // The group takes no requests: its name shows to coordinators and members, not to others.
    expect(circle.steps[4]!.groups[0]!.name).toEqual(expect.any(String));
    const outsider = await makeUser();
    const seenBy = async (viewer: { id: string; roles: Role[] }) =>
      (await getCircle({ slug, viewer, modules: [] }))!.steps[4]!.groups[0]!.name;
    expect(await seenBy(outsider)).toBeNull();
    expect(await seenBy({ id: members[0]!, roles: ["professional"] })).toEqual(expect.any(String));
    // The poll attached to the webinar is no theme inventory: step 2 lists no polls.
    expect(circle.steps[1]!.polls).toEqual([]);

    ok(
      closeGroup({ actorId: carla.id, groupId: group.id, finalYield: "De verklarende analyse staat op elke agenda." }),
    );
    expect((await statuses()).steps).toBe("niet_gestart niet_gestart afgerond afgerond afgerond bezig niet_gestart");

    // The coordinator says step 6 is done: that wins over the suggestion, until cleared.
    const piet = await makeUser();
    const done = StepStatusSchema.parse({ step: 6, status: "afgerond", note: "Vervolg loopt via de regio's." });
    expect(setStepStatus({ actorId: piet.id, circleId, input: done })).toEqual({ status: "forbidden" });
    expect(setStepStatus({ actorId: carla.id, circleId: 999_999, input: done })).toEqual({ status: "not-found" });
    ok(setStepStatus({ actorId: carla.id, circleId, input: done }));
    const stored = await statuses();
    expect(stored.circle.steps[5]).toMatchObject({
      status: "afgerond",
      suggested: "bezig",
      stored: { status: "afgerond", note: "Vervolg loopt via de regio's." },
    });
    expect(stored.current).toBe(7);
    // A stored status may also hold a step back.
    ok(setStepStatus({ actorId: carla.id, circleId, input: StepStatusSchema.parse({ step: 4, status: "bezig" }) }));
    expect((await statuses()).current).toBe(4);
    ok(setStepStatus({ actorId: carla.id, circleId, input: StepStatusSchema.parse({ step: 4 }) }));
    ok(setStepStatus({ actorId: carla.id, circleId, input: StepStatusSchema.parse({ step: 6, status: null }) }));
    const cleared = await statuses();
    expect(cleared.circle.steps[5]).toMatchObject({ status: "bezig", stored: null });
    expect(cleared.current).toBe(6);
    expect(auditActions("circle", circleId)).toEqual([
      "circle.start",
      "circle.step_status",
      "circle.step_status",
      "circle.step_status",
      "circle.step_status",
    ]);
  });

  test("network meetings, inventory polls and signals feed steps 1, 2 and 7", async () => {
    const carla = await coordinator();
    const voter = await makeUser();
    const { id: circleId, slug, themeId } = await makeCircle({ actorId: carla.id, step: 1 });
    const theme = sqlite.prepare("select name from themes where id = ?").get(themeId) as { name: string };
    const meeting = (step: 1 | 7, heldOn: string) =>
      NetworkMeetingSchema.parse({
        step,
        heldOn,
        participants: { aanbieder: 4, kennisinstelling: 2 },
        expertsByExperience: 2,
        notes: "Radboud en de academische werkplaats schuiven aan.",
        decisions: "We starten met verklarende analyse.",
      });
    const piet = await makeUser();
    expect(recordNetworkMeeting({ actorId: piet.id, circleId, input: meeting(1, today) })).toEqual({
      status: "forbidden",
    });
    const { id: first } = ok(
      recordNetworkMeeting({ actorId: carla.id, circleId, input: meeting(1, addDays(today, -1)) }),
    );
    ok(recordNetworkMeeting({ actorId: carla.id, circleId, input: meeting(7, addDays(today, 200)) }));
    expect(auditActions("network_meeting", first)).toEqual(["circle.network_meeting"]);

    await makeSignal({ actorId: carla.id, themeId });
    let circle = (await getCircle({ slug, viewer: carla, modules: [] }))!;
    expect(circle.steps.map((s) => s.status)).toEqual([
      "afgerond",
      "bezig",
      "niet_gestart",
      "niet_gestart",
      "niet_gestart",
      "niet_gestart",
      "bezig",
    ]);
    expect(circle.steps[0]!.networkMeetings).toEqual([
      expect.objectContaining({
        id: first,
        participants: { aanbieder: 4, kennisinstelling: 2 },
        expertsByExperience: 2,
      }),
    ]);
    expect(circle.steps[1]!.signals).toHaveLength(1);

    // An inventory poll (the theme is one of its options) that has closed completes step 2.
    const poll = await makePoll({
      actorId: carla.id,
      question: "Welke thema's zijn nodig?",
      method: "single",
      themeOptions: [themeId],
      freeOptions: ["Autisme"],
      votes: [[voter.id, [theme.name]]],
    });
    // Offering the theme as an option makes it the theme's inventory, not its audience: the voter is
    // reached once the poll's outcome is turned into the theme.
    const reachedByPolls = async () => (await circleFigures({ themeId, modules: [] })).reached.bySource.polls;
    expect(await reachedByPolls()).toBe(0);
    closePoll({ actorId: carla.id, id: poll });
    const option = listOptions(poll).find((o) => o.themeId === themeId)!;
    ok(optionToTheme({ actorId: carla.id, pollId: poll, optionId: option.id }));
    expect(await reachedByPolls()).toBe(1);
    circle = (await getCircle({ slug, viewer: carla, modules: [] }))!;
    expect(circle.steps[1]).toMatchObject({
      status: "afgerond",
      polls: [expect.objectContaining({ id: poll, closed: true, ballotCount: 1 })],
    });
  });

  test("the network meeting form needs someone who took part", () => {
    const empty = NetworkMeetingSchema.safeParse({ step: 1, heldOn: today });
    expect(z.flattenError(empty.error!).fieldErrors.participants).toEqual([
      "Vul in wie er meededen: minstens één deelnemer.",
    ]);
    const bsn = NetworkMeetingSchema.safeParse({
      step: 7,
      heldOn: today,
      expertsByExperience: 1,
      decisions: "Casus 111222333 opnieuw bespreken",
    });
    expect(z.flattenError(bsn.error!).fieldErrors.decisions).toEqual([BSN_MESSAGE]);
    expect(NetworkMeetingSchema.safeParse({ step: 3, heldOn: today, expertsByExperience: 1 }).success).toBe(false);
  });

  test("the current step: the highest in progress, else the first open one from the entry step", () => {
    const of = (...s: CircleStepStatus[]) => Object.fromEntries(s.map((v, i) => [i + 1, v])) as never;
    expect(
      currentStep(of("afgerond", "bezig", "niet_gestart", "bezig", "niet_gestart", "niet_gestart", "niet_gestart"), 1),
    ).toBe(4);
    expect(
      currentStep(
        of("afgerond", "afgerond", "niet_gestart", "niet_gestart", "niet_gestart", "niet_gestart", "niet_gestart"),
        1,
      ),
    ).toBe(3);
    expect(
      currentStep(
        of("niet_gestart", "niet_gestart", "niet_gestart", "niet_gestart", "afgerond", "niet_gestart", "niet_gestart"),
        5,
      ),
    ).toBe(6);
    expect(currentStep(of("afgerond", "afgerond", "afgerond", "afgerond", "afgerond", "afgerond", "afgerond"), 1)).toBe(
      7,
    );
    const none = {
      startMeetings: { total: 0, held: 0 },
      yearlyMeetings: { total: 0, held: 0 },
      inventoryPolls: { total: 0, closed: 0 },
      signals: 0,
      frames: 0,
      webinars: { total: 1, heldWithPoll: 0 },
      groups: { total: 0, closed: 0 },
    };
    expect(suggestedStepStatus(4, none)).toBe("bezig");
    expect(suggestedStepStatus(6, { ...none, groups: { total: 5, closed: 5 } })).toBe("bezig");
  });
});

// ---------------------------------------------------------------- figures

/**
 * One theme with everything that counts, and a second theme beside it whose rows must not count.
 * The comments say who counts where; the tests compare with these hand counts.
 */
async function buildFixture() {
  const carla = await coordinator();
  const theme = newTheme();
  const other = newTheme();
  const achterhoekAanbieder = makeOrganisation({ kind: "aanbieder", region: "Achterhoek" });
  const foodValleyToegang = makeOrganisation({ kind: "toegang", region: "FoodValley" });
  const achterhoekGemeente = makeOrganisation({ kind: "gemeente", region: "Achterhoek" });
  const ann = await makeUser({ name: "Ann Aanbieder", organisationId: achterhoekAanbieder });
  const bob = await makeUser({ name: "Bob Wijkteam", organisationId: foodValleyToegang });
  const cas = await makeUser({ name: "Cas Gemeente", organisationId: achterhoekGemeente });
  const dirk = await makeUser({ name: "Dirk Aanbieder", organisationId: achterhoekAanbieder });
  const eva = await makeUser({ name: "Eva Ervaring", organisationId: foodValleyToegang, roles: ["expert"] });
  const fenna = await makeUser({ name: "Fenna Aanbieder", organisationId: achterhoekAanbieder });
  const olga = await makeUser({ name: "Olga Anderthema", organisationId: achterhoekGemeente });

  // Modules: m1 and m2 belong to the theme, mo to the other theme.
  const m1 = moduleFor(theme.slug);
  const m2 = moduleFor(theme.slug);
  const mo = moduleFor(other.slug);
  const modules = [m1.ref, m2.ref, mo.ref];
  complete(ann.id, m1.intervention); // started + completed
  ok(submitEvaluation({ userId: ann.id, slug: m1.ref.slug, grade: 8, mostUseful: "", missing: "" }));
  checkIn(ann.id, m1.ref.slug, "yes");
  completePart({ userId: bob.id, intervention: m1.intervention, part: "kennis" }); // started only
  complete(fenna.id, m2.intervention);
  ok(submitEvaluation({ userId: fenna.id, slug: m2.ref.slug, grade: 6, mostUseful: "", missing: "" }));
  checkIn(fenna.id, m2.ref.slug, "partly");
  complete(olga.id, mo.intervention); // the other theme
  checkIn(olga.id, mo.ref.slug, "yes");

  // A poll on the theme (an option), attached to the held webinar; cas and dirk vote.
  const poll = await makePoll({
    actorId: carla.id,
    question: "Welk thema pakken we hierna op?",
    method: "single",
    themeOptions: [theme.id],
    freeOptions: ["Iets anders"],
    votes: [
      [cas.id, [theme.name]],
      [dirk.id, ["Iets anders"]],
    ],
  });
  // Held two days ago: bob, dirk and fenna registered, bob and fenna attended; fenna gives a 9.
  const held = makeWebinar({
    actorId: carla.id,
    title: "Verklarende analyse in de praktijk",
    themeId: theme.id,
    startsInHours: -48,
    pollId: poll,
    registrants: [bob.id, dirk.id, fenna.id],
    attended: [bob.id, fenna.id],
  });
  ok(saveWebinarEvaluation({ webinarId: held, userId: fenna.id, input: WebinarEvaluationSchema.parse({ grade: 9 }) }));
  // Upcoming in two days (ann registered), and a cancelled one that never counts.
  const upcoming = makeWebinar({
    actorId: carla.id,
    title: "Vervolgwebinar",
    themeId: theme.id,
    startsInHours: 48,
    registrants: [ann.id],
  });
  const cancelled = makeWebinar({
    actorId: carla.id,
    title: "Gaat niet door",
    themeId: theme.id,
    startsInHours: 24,
    registrants: [olga.id],
  });
  ok(cancelWebinar({ actorId: carla.id, id: cancelled }));
  // A webinar of the other theme, attended by olga.
  makeWebinar({
    actorId: carla.id,
    title: "Ander thema",
    themeId: other.id,
    startsInHours: -24,
    registrants: [olga.id],
    attended: [olga.id],
  });

  // A group of cas and eva (the coordinator facilitates, and is no member); cas's action is embedded.
  const group = await makeGroup({ coordinatorId: carla.id, themeId: theme.id, memberIds: [cas.id, eva.id] });
  const casAction = ok(
    createAction({
      actorId: carla.id,
      groupId: group.id,
      input: ActionSchema.parse({
        description: "Verklarende analyse in het werkproces",
        ownerId: cas.id,
        dueOn: addDays(today, 14),
      }),
    }),
  ).id;
  ok(
    changeActionStatus({
      actorId: cas.id,
      actionId: casAction,
      status: "gedaan",
      update: "Staat in het werkproces van het wijkteam.",
      embedding: { kind: "protocol", evidence: "Het protocol veiligheid noemt de analyse nu." },
    }),
  );
  // eva's action concerns her own organisation (FoodValley).
  ok(
    createAction({
      actorId: carla.id,
      groupId: group.id,
      input: ActionSchema.parse({
        description: "Ouders vragen wat zij zien",
        ownerId: eva.id,
        dueOn: addDays(today, 14),
      }),
    }),
  );

  // One published contribution of eva; a submitted one does not count.
  await makeContribution({
    contributorId: eva.id,
    reviewerId: carla.id,
    themeId: theme.id,
    kind: "tip",
    text: "Vraag ouders eerst wat zij denken dat het gedrag verklaart.",
    perspective: "ouder",
    credit: "anonymous",
  });
  await makeContribution({
    contributorId: eva.id,
    themeId: theme.id,
    kind: "do",
    text: "Neem de tijd voor het verhaal van de jongere.",
    perspective: "jongere",
    credit: "first_name",
  });

  // Signals: one in the Achterhoek, one in FoodValley; a network meeting yesterday.
  await makeSignal({ actorId: carla.id, themeId: theme.id, kind: "gap", region: "Achterhoek" });
  await makeSignal({ actorId: carla.id, themeId: theme.id, kind: "pattern", region: "FoodValley" });
  const circle = await makeCircle({ actorId: carla.id, themeId: theme.id, step: 4 });
  ok(
    recordNetworkMeeting({
      actorId: carla.id,
      circleId: circle.id,
      input: NetworkMeetingSchema.parse({
        step: 1,
        heldOn: addDays(today, -1),
        participants: { aanbieder: 3, gemeente: 2 },
        expertsByExperience: 1,
        decisions: "Eerst een webinar, dan een actieleergroep.",
      }),
    }),
  );
  return {
    carla,
    theme,
    other,
    circle,
    modules,
    users: { ann, bob, cas, dirk, eva, fenna, olga },
    poll,
    held,
    upcoming,
    group,
  };
}

/** The counts of a figures object that the hand counts speak about (lists left out). */
function summary(f: CircleFigures) {
  return {
    reached: f.reached.total,
    bySource: f.reached.bySource,
    modulesStarted: f.modules.started,
    modulesCompleted: f.modules.completed,
    checkIns: f.checkIns,
    webinars: {
      held: f.webinars.held,
      upcoming: f.webinars.upcoming,
      registered: f.webinars.registered,
      attended: f.webinars.attended,
    },
    evaluations: f.evaluations,
    groups: {
      running: f.groups.running,
      started: f.groups.started,
      closed: f.groups.closed,
      members: f.groups.members,
      actions: f.groups.actions,
      embedded: f.groups.embedded,
    },
    contributions: f.contributions.published,
    signals: f.signals.total,
    networkMeetings: f.networkMeetings.held,
  };
}

describe("the figures of a circle", () => {
  test("every figure equals a count by hand of the fixture rows", async () => {
    const before = await circleFigures({ themeId: "all" });
    const { theme, modules, held, upcoming, group } = await buildFixture();
    const figures = await circleFigures({ themeId: theme.id, modules });

    // Reached: ann, bob, fenna (modules), bob, fenna (webinar), cas, eva (group), cas, dirk (poll).
    expect(figures.reached.total).toBe(6);
    expect(figures.reached.bySource).toEqual({ modules: 3, webinars: 2, groups: 2, polls: 2 });
    // aanbieder in the Achterhoek: ann, dirk, fenna; toegang in FoodValley: bob, eva; gemeente: cas.
    expect(figures.reached.byKind).toEqual({
      aanbieder: 3,
      toegang: 2,
      gecertificeerde_instelling: 0,
      gemeente: 1,
      kennisinstelling: 0,
      clientvertegenwoordiging: 0,
    });
    expect(figures.reached.byRegion).toEqual({ Achterhoek: 4, FoodValley: 2 });
    expect(figures.reached.byKindAndRegion).toEqual(
      expect.arrayContaining([
        { kind: "aanbieder", region: "Achterhoek", count: 3 },
        { kind: "toegang", region: "FoodValley", count: 2 },
        { kind: "gemeente", region: "Achterhoek", count: 1 },
      ]),
    );
    expect(figures.reached.byKindAndRegion).toHaveLength(3);

    // Modules: ann and bob started m1, fenna m2; ann and fenna completed. olga's module is another theme's.
    expect(figures.modules).toMatchObject({ started: 3, completed: 2 });
    expect(figures.modules.perModule).toEqual(
      expect.arrayContaining([
        { slug: modules[0]!.slug, started: 2, completed: 1 },
        { slug: modules[1]!.slug, started: 1, completed: 1 },
      ]),
    );
    expect(figures.modules.perModule).toHaveLength(2);
    expect(figures.checkIns).toEqual({ total: 2, applied: 1, partly: 1, notYet: 0 });
    expect(figures.evaluations.modules).toEqual({ count: 2, sum: 14, average: 7 });

    // Webinars: one held (3 registered, 2 attended), one upcoming; the cancelled one is gone.
    expect(figures.webinars).toMatchObject({ held: 1, upcoming: 1, registered: 3, attended: 2 });
    expect(figures.webinars.perWebinar).toEqual([
      expect.objectContaining({
        id: held,
        held: true,
        registered: 3,
        attended: 2,
        evaluations: 1,
        hasRecording: false,
      }),
      expect.objectContaining({ id: upcoming, held: false, registered: 1, attended: 0 }),
    ]);
    expect(figures.evaluations.webinars).toEqual({ count: 1, sum: 9, average: 9 });

    // The group: cas and eva, two actions, cas's embedded in a protocol.
    expect(figures.groups).toMatchObject({ running: 1, started: 1, closed: 0, members: 2, actions: 2, embedded: 1 });
    expect(figures.groups.embeddedByKind).toEqual({ werkproces: 0, protocol: 1, training: 0, teamoverleg: 0 });
    expect(figures.groups.perGroup).toEqual([
      expect.objectContaining({ id: group.id, members: 2, actions: 2, embedded: 1, closedAt: null }),
    ]);
    expect(figures.contributions).toEqual({ published: 1, byKind: { do: 0, dont: 0, tip: 1, story: 0 } });
    expect(figures.signals).toEqual({ total: 2, byKind: { pattern: 1, gap: 1, trend: 0 } });
    expect(figures.networkMeetings).toEqual({
      held: 1,
      participants: {
        aanbieder: 3,
        toegang: 0,
        gecertificeerde_instelling: 0,
        gemeente: 2,
        kennisinstelling: 0,
        clientvertegenwoordiging: 0,
      },
      expertsByExperience: 1,
    });

    // All circles together: what changed is this fixture, plus olga (her module, check-in, webinar).
    const after = await circleFigures({ themeId: "all" });
    const delta = (pick: (f: CircleFigures) => number) => pick(after) - pick(before);
    expect(delta((f) => f.reached.total)).toBe(7);
    expect(delta((f) => f.reached.bySource.modules)).toBe(4);
    expect(delta((f) => f.reached.bySource.webinars)).toBe(3);
    expect(delta((f) => f.modules.completed)).toBe(3);
    expect(delta((f) => f.checkIns.applied)).toBe(2);
    expect(delta((f) => f.webinars.held)).toBe(2);
    expect(delta((f) => f.webinars.attended)).toBe(3);
    expect(delta((f) => f.groups.embedded)).toBe(1);
    expect(delta((f) => f.contributions.published)).toBe(1);
    expect(delta((f) => f.networkMeetings.held)).toBe(1);
  });

  test("a region counts the people of that region; events without a region stay", async () => {
    const { theme, modules } = await buildFixture();
    const achterhoek = await circleFigures({ themeId: theme.id, region: "Achterhoek", modules });
    expect(summary(achterhoek)).toEqual({
      // ann, dirk, fenna, cas.
      reached: 4,
      bySource: { modules: 2, webinars: 1, groups: 1, polls: 2 },
      modulesStarted: 2,
      modulesCompleted: 2,
      checkIns: { total: 2, applied: 1, partly: 1, notYet: 0 },
      // The held webinar counts; of its registrations dirk and fenna, of its attendees fenna.
      webinars: { held: 1, upcoming: 1, registered: 2, attended: 1 },
      evaluations: { modules: { count: 2, sum: 14, average: 7 }, webinars: { count: 1, sum: 9, average: 9 } },
      // cas is the member from here; actions by the region of the organisation they concern.
      groups: { running: 1, started: 1, closed: 0, members: 1, actions: 1, embedded: 1 },
      contributions: 0,
      signals: 1,
      networkMeetings: 1,
    });
    expect(achterhoek.reached.byRegion).toEqual({ Achterhoek: 4 });
    expect(achterhoek.region).toBe("Achterhoek");

    const foodValley = await circleFigures({ themeId: theme.id, region: "FoodValley", modules });
    expect(foodValley.reached).toMatchObject({ total: 2, bySource: { modules: 1, webinars: 1, groups: 1, polls: 0 } });
    expect(foodValley.groups).toMatchObject({ members: 1, actions: 1, embedded: 0 });
    expect(foodValley.contributions.published).toBe(1);
    expect((await circleFigures({ themeId: theme.id, region: "Rivierenland", modules })).reached.total).toBe(0);
  });

  test("a period counts the rows dated in it", async () => {
    const { theme, modules, users } = await buildFixture();
    // ann did her module (and its check-in and evaluation) sixty days ago.
    const earlier = addDays(today, -60);
    sqlite
      .prepare(
        "update intervention_progress set started_at = ?, completed_at = ?, last_activity_at = ? where user_id = ?",
      )
      .run(noonOf(earlier), noonOf(earlier) + HOUR, noonOf(earlier) + HOUR, users.ann.id);
    sqlite
      .prepare(
        "update check_ins set created_at = ? where intention_id in (select id from intentions where user_id = ?)",
      )
      .run(noonOf(earlier) + DAY, users.ann.id);
    sqlite.prepare("update evaluations set created_at = ? where user_id = ?").run(noonOf(earlier) + HOUR, users.ann.id);

    const lastWeek = await circleFigures({ themeId: theme.id, from: addDays(today, -7), to: today, modules });
    expect(summary(lastWeek)).toEqual({
      // Without ann; the upcoming webinar starts after the period.
      reached: 5,
      bySource: { modules: 2, webinars: 2, groups: 2, polls: 2 },
      modulesStarted: 2,
      modulesCompleted: 1,
      checkIns: { total: 1, applied: 0, partly: 1, notYet: 0 },
      webinars: { held: 1, upcoming: 0, registered: 3, attended: 2 },
      evaluations: { modules: { count: 1, sum: 6, average: 6 }, webinars: { count: 1, sum: 9, average: 9 } },
      groups: { running: 1, started: 1, closed: 0, members: 2, actions: 2, embedded: 1 },
      contributions: 1,
      signals: 2,
      networkMeetings: 1,
    });
    expect(lastWeek.period).toEqual({ from: addDays(today, -7), to: today });

    const thatDay = await circleFigures({ themeId: theme.id, from: earlier, to: earlier, modules });
    expect(summary(thatDay)).toEqual({
      reached: 1,
      bySource: { modules: 1, webinars: 0, groups: 0, polls: 0 },
      modulesStarted: 1,
      modulesCompleted: 1,
      checkIns: { total: 0, applied: 0, partly: 0, notYet: 0 },
      webinars: { held: 0, upcoming: 0, registered: 0, attended: 0 },
      evaluations: { modules: { count: 1, sum: 8, average: 8 }, webinars: { count: 0, sum: 0, average: null } },
      groups: { running: 0, started: 0, closed: 0, members: 0, actions: 0, embedded: 0 },
      contributions: 0,
      signals: 0,
      networkMeetings: 0,
    });
    // The check-in came a day later; with the day after, it counts.
    const twoDays = await circleFigures({ themeId: theme.id, from: earlier, to: addDays(earlier, 1), modules });
    expect(twoDays.checkIns).toEqual({ total: 1, applied: 1, partly: 0, notYet: 0 });
  });

  test("the list of circles shows the current step and the same figures", async () => {
    const { theme, modules, circle } = await buildFixture();
    const listed = (await listCircles({ modules })).find((c) => c.id === circle.id)!;
    expect(listed).toMatchObject({ slug: theme.slug, name: theme.name, entryStep: 4 });
    // A network meeting held (1), an inventory poll open (2), a frame (3), a webinar held with a poll (4),
    // a group (5), a second webinar (6).
    expect(listed.steps.map((s) => s.status)).toEqual([
      "afgerond",
      "bezig",
      "afgerond",
      "afgerond",
      "bezig",
      "bezig",
      "niet_gestart",
    ]);
    expect(listed.currentStep).toBe(6);
    expect(listed.figures).toEqual({
      reached: 6,
      modulesCompleted: 2,
      webinarsHeld: 1,
      attended: 2,
      groupsRunning: 1,
      actionsEmbedded: 1,
      contributionsPublished: 1,
      signals: 2,
    });
  });

  test("the filters in the query string", () => {
    const parse = (query: string) => FiguresFilterSchema.parse(Object.fromEntries(new URLSearchParams(query)));
    expect(parse("van=2026-01-01&tot=2026-06-30&regio=Achterhoek")).toEqual({
      from: "2026-01-01",
      to: "2026-06-30",
      region: "Achterhoek",
    });
    expect(parse("van=2026-06-30&tot=2026-01-01")).toEqual({ from: "2026-01-01", to: "2026-06-30", region: undefined });
    expect(parse("van=2026-13-01&regio=Utrecht")).toEqual({ from: undefined, to: undefined, region: undefined });
    expect(YearFilterSchema.parse({ jaar: "2025" })).toEqual({ jaar: 2025 });
    expect(YearFilterSchema.parse({ jaar: "twintig" })).toEqual({ jaar: Number(today.slice(0, 4)) });
  });
});

// ---------------------------------------------------------------- the coordinators' dashboard

describe("the figures as the circle page shows them", () => {
  test("kept for a minute, counted afresh after it and after a change to the circle's own records", async () => {
    const theme = newTheme();
    const t0 = Date.now();
    const first = await recentCircleFigures({ themeId: theme.id }, t0);
    expect(first.figures.signals.total).toBe(0);
    expect(first.computedAt).toEqual(new Date(t0));

    // A signal recorded through the circle's model shows at once.
    await makeSignal({ themeId: theme.id });
    const afterSignal = await recentCircleFigures({ themeId: theme.id }, t0 + 1000);
    expect(afterSignal.figures.signals.total).toBe(1);

    // A change elsewhere (a row written behind the model's back) waits for the minute to pass.
    sqlite.prepare("update signals set theme_id = null where theme_id = ?").run(theme.id);
    expect((await recentCircleFigures({ themeId: theme.id }, t0 + 30_000)).figures.signals.total).toBe(1);
    const later = await recentCircleFigures({ themeId: theme.id }, t0 + 1000 + FIGURES_MAX_AGE_MS);
    expect(later.figures.signals.total).toBe(0);
    expect(later.computedAt).toEqual(new Date(t0 + 1000 + FIGURES_MAX_AGE_MS));
    // Another filter is another count.
    expect((await recentCircleFigures({ themeId: theme.id, region: "Achterhoek" }, t0)).figures.region).toBe(
      "Achterhoek",
    );
  });
});

describe("the coordinators' dashboard", () => {
  test("lists what needs a coordinator now, and leaves out what does not", async () => {
    const carla = await coordinator();
    const expert = await makeUser({ roles: ["expert"] });
    const member = await makeUser();
    const theme = newTheme();
    const now = new Date();
    const before = coordinatorDashboard({ now, limit: 1000 });

    const submitted = await makeContribution({
      contributorId: expert.id,
      themeId: theme.id,
      kind: "tip",
      text: "Luister eerst, adviseer daarna.",
      perspective: "ouder",
      credit: "anonymous",
    });
    const published = await makeContribution({
      contributorId: expert.id,
      reviewerId: carla.id,
      themeId: theme.id,
      kind: "do",
      text: "Spreek de taal van het gezin.",
      perspective: "ouder",
      credit: "anonymous",
    });
    const closingSoon = await makePoll({
      actorId: carla.id,
      question: "Sluit snel",
      method: "single",
      freeOptions: ["A", "B"],
      closesInHours: 72,
    });
    const closingLater = await makePoll({
      actorId: carla.id,
      question: "Sluit later",
      method: "single",
      freeOptions: ["A", "B"],
      closesInHours: 8 * 24,
    });
    const noRecording = makeWebinar({ actorId: carla.id, title: "Zonder opname", startsInHours: -26 });
    const withRecording = makeWebinar({
      actorId: carla.id,
      title: "Met opname",
      startsInHours: -26,
      recordingUrl: "https://video.example.nl/opname",
    });
    const longAgo = makeWebinar({ actorId: carla.id, title: "Lang geleden", startsInHours: -24 * 40 });
    const upcoming = makeWebinar({ actorId: carla.id, title: "Nog niet", startsInHours: 24 });

    const group = await makeGroup({ coordinatorId: carla.id, themeId: theme.id, memberIds: [member.id] });
    const action = (dueOn: string, at: Date) =>
      ok(
        createAction({
          actorId: carla.id,
          groupId: group.id,
          input: ActionSchema.parse({ description: "Actie", ownerId: member.id, dueOn }),
          now: at,
        }),
      ).id;
    const overdue = action(addDays(today, -5), new Date(now.getTime() - 10 * DAY));
    const notYetDue = action(addDays(today, 5), now);
    const doneLate = action(addDays(today, -3), new Date(now.getTime() - 10 * DAY));
    ok(changeActionStatus({ actorId: member.id, actionId: doneLate, status: "gedaan", update: "Klaar." }));
    const closedGroup = await makeGroup({ coordinatorId: carla.id, memberIds: [member.id] });
    const closedGroupAction = ok(
      createAction({
        actorId: carla.id,
        groupId: closedGroup.id,
        input: ActionSchema.parse({ description: "Actie", ownerId: member.id, dueOn: addDays(today, -5) }),
        now: new Date(now.getTime() - 10 * DAY),
      }),
    ).id;
    ok(closeGroup({ actorId: carla.id, groupId: closedGroup.id, finalYield: "Afgerond met een goede opbrengst." }));

    const loose = await makeSignal({ actorId: carla.id });
    const linked = await makeSignal({ actorId: carla.id, themeId: theme.id });

    const dashboard = coordinatorDashboard({ now, limit: 1000 });
    const ids = (list: { items: { id: number }[] }) => list.items.map((i) => i.id);
    expect(ids(dashboard.contributionsToReview)).toContain(submitted);
    expect(ids(dashboard.contributionsToReview)).not.toContain(published);
    expect(dashboard.contributionsToReview.count - before.contributionsToReview.count).toBe(1);
    expect(ids(dashboard.pollsClosing)).toContain(closingSoon);
    expect(ids(dashboard.pollsClosing)).not.toContain(closingLater);
    expect(ids(dashboard.webinarsWithoutRecording)).toContain(noRecording);
    for (const id of [withRecording, longAgo, upcoming])
      expect(ids(dashboard.webinarsWithoutRecording)).not.toContain(id);
    expect(ids(dashboard.overdueActions)).toContain(overdue);
    for (const id of [notYetDue, doneLate, closedGroupAction]) expect(ids(dashboard.overdueActions)).not.toContain(id);
    expect(dashboard.overdueActions.items.find((a) => a.id === overdue)).toMatchObject({
      groupId: group.id,
      ownerName: member.name,
      dueOn: addDays(today, -5),
    });
    expect(ids(dashboard.signalsWithoutTheme)).toContain(loose);
    expect(ids(dashboard.signalsWithoutTheme)).not.toContain(linked);
    for (const key of ["pollsClosing", "webinarsWithoutRecording", "overdueActions", "signalsWithoutTheme"] as const) {
      expect(dashboard[key].count - before[key].count).toBe(1);
    }
    // The lists are capped, the counts are not.
    const capped = coordinatorDashboard({ now, limit: 1 });
    expect(capped.signalsWithoutTheme.items).toHaveLength(1);
    expect(capped.signalsWithoutTheme.count).toBe(dashboard.signalsWithoutTheme.count);
  });
});

// ---------------------------------------------------------------- the yearly yield report

describe("the yearly yield report", () => {
  test("holds the year's figures, the highlights and the lessons, also as CSV", async () => {
    const { carla, theme, modules, circle, group, users } = await buildFixture();
    const year = Number(today.slice(0, 4));
    const piet = await makeUser();

    // Lessons: a meeting's yield, the group's final yield, the network meeting's decisions.
    const meeting = ok(
      planMeeting({
        actorId: carla.id,
        groupId: group.id,
        input: MeetingSchema.parse({
          startsAt: toAmsterdamLocal(Date.now() - 3 * HOUR),
          endsAt: toAmsterdamLocal(Date.now() - HOUR),
        }),
      }),
    ).id;
    ok(
      recordMeetingYield({
        actorId: carla.id,
        meetingId: meeting,
        yield: "Samen casussen doorlopen werkt.",
        attendeeIds: [users.cas.id],
      }),
    );
    ok(
      closeGroup({
        actorId: carla.id,
        groupId: group.id,
        finalYield: "De analyse is nu vast onderdeel van het overleg.",
      }),
    );

    const highlights = HighlightsSchema.parse({ year, text: "Eerste webinar en actieleergroep gestart." });
    expect(saveHighlights({ actorId: piet.id, circleId: circle.id, input: highlights })).toEqual({
      status: "forbidden",
    });
    expect(saveHighlights({ actorId: carla.id, circleId: 999_999, input: highlights })).toEqual({
      status: "not-found",
    });
    ok(saveHighlights({ actorId: carla.id, circleId: circle.id, input: { year, text: "Eerste versie." } }));
    ok(saveHighlights({ actorId: carla.id, circleId: circle.id, input: highlights }));
    ok(
      saveHighlights({ actorId: carla.id, circleId: "all", input: { year, text: "Een jaar van leren in de keten." } }),
    );
    expect(
      sqlite
        .prepare("select count(*) as n from circle_highlights where circle_id = ? and year = ?")
        .get(circle.id, year),
    ).toEqual({ n: 1 });
    expect(HighlightsSchema.safeParse({ year, text: "Over het kind met BSN 111222333" }).success).toBe(false);

    const report = (await yearReport({ themeId: theme.id, year, modules }))!;
    expect(report.theme).toMatchObject({ id: theme.id, name: theme.name });
    expect(report.figures.period).toEqual({ from: `${year}-01-01`, to: `${year}-12-31` });
    expect(report.figures.reached.total).toBe(6);
    expect(report.figures.groups).toMatchObject({ closed: 1, running: 1 });
    expect(report.highlights).toEqual({ text: "Eerste webinar en actieleergroep gestart.", perCircle: [] });
    expect(report.lessons.groups).toEqual([
      expect.objectContaining({ groupId: group.id, finalYield: "De analyse is nu vast onderdeel van het overleg." }),
    ]);
    expect(report.lessons.meetings).toEqual([
      expect.objectContaining({ meetingId: meeting, yield: "Samen casussen doorlopen werkt." }),
    ]);
    expect(report.lessons.networkMeetings).toEqual([
      expect.objectContaining({ step: 1, decisions: "Eerst een webinar, dan een actieleergroep." }),
    ]);

    const csv = (await yearReportCsv({ themeId: theme.id, year, modules }))!;
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(`Jaaropbrengst;${year}`);
    expect(lines).toContain(`Leercirkel;${theme.name}`);
    expect(lines).toContain("Bereikte personen;6");
    expect(lines).toContain("Aanwezigen bij gehouden webinars;2");
    expect(lines).toContain("Rapportcijfer modules (gemiddeld);7,0");
    expect(lines).toContain("Hoogtepunten;Eerste webinar en actieleergroep gestart.");
    expect(lines.some((l) => l.endsWith(";De analyse is nu vast onderdeel van het overleg."))).toBe(true);

    const everything = (await yearReport({ themeId: "all", year }))!;
    expect(everything.theme).toBeNull();
    expect(everything.highlights.text).toBe("Een jaar van leren in de keten.");
    expect(everything.highlights.perCircle).toContainEqual({
      themeName: theme.name,
      text: "Eerste webinar en actieleergroep gestart.",
    });
    expect(everything.lessons.groups.map((g) => g.groupId)).toContain(group.id);

    // Another year: nothing of this, and no highlights.
    const lastYear = (await yearReport({ themeId: theme.id, year: year - 1, modules }))!;
    expect(summary(lastYear.figures)).toMatchObject({ reached: 0, modulesStarted: 0, networkMeetings: 0 });
    expect(lastYear.highlights.text).toBeNull();
    expect(lastYear.lessons).toEqual({ groups: [], meetings: [], networkMeetings: [] });
    expect(await yearReport({ themeId: 999_999, year })).toBeNull();

    // Empty text removes the highlights.
    ok(saveHighlights({ actorId: carla.id, circleId: circle.id, input: { year, text: "" } }));
    expect((await yearReport({ themeId: theme.id, year, modules }))!.highlights.text).toBeNull();
    expect(auditActions("circle", circle.id).filter((a) => a === "circle.highlights")).toHaveLength(3);
  });
});
