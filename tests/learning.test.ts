import { beforeAll, describe, expect, test } from "vitest";
import { sqlite } from "@db/client.server";
import type { CompiledIntervention } from "~/mdx/types";
import {
  readModuleContent,
  toModuleContentJson,
  type ModuleContent,
  type ModuleContentJson,
} from "~/mdx/module-content";
import { getIntervention, loadInterventions } from "~/mdx/registry.server";
import { getModuleForLearner } from "~/models/intervention.server";
import {
  completePart,
  getCertificate,
  getLearnerAgenda,
  getLearnerState,
  getLearnerStateAndThemeName,
  inviteDueCheckIns,
  saveIntention,
  saveReflection,
  submitCheckIn,
  submitEvaluation,
  submitQuiz,
  undoPart,
} from "~/models/progress.server";
import { containsBsn } from "~/utils/privacy";
import { ensureTheme, makeUser } from "./factories";

let module: CompiledIntervention;
beforeAll(async () => {
  const registry = await loadInterventions({
    contentDir: "tests/fixtures/content",
    themeSlugs: ["autisme"],
    useCache: false,
  });
  module = registry.bySlug.get("voorbeeld")!;
});

const right = { eerste: 1, tweede: 0 };
const wrong = { eerste: 0, tweede: 1 };
const markAllParts = (userId: string) =>
  (["kennis", "toepassen", "ervaring", "afsluiting"] as const).map((part) =>
    completePart({ userId, intervention: module, part }),
  );

describe("completing a module", () => {
  test("needs every part and a passed check, in any order, and issues one certificate", async () => {
    const user = await makeUser({ name: "Lotte Leerling" });
    expect(submitQuiz({ userId: user.id, intervention: module, answers: right })).toMatchObject({
      score: 2,
      passed: true,
      completed: false,
    });
    const results = markAllParts(user.id);
    expect(results.slice(0, 3).every((r) => !r.completed)).toBe(true);
    const last = results[3]!;
    expect(last.completed).toBe(true);
    const certificate = getCertificate(last.certificateCode!.toLowerCase());
    expect(certificate).toMatchObject({
      holderName: "Lotte Leerling",
      title: "Een voorbeeldmodule",
      durationMinutes: 15,
      accreditation: { register: "SKJ", number: "T-1", points: 1 },
    });
    // Later changes do not touch the certificate or issue another one.
    sqlite.prepare("update users set name = 'Andere Naam' where id = ?").run(user.id);
    expect(completePart({ userId: user.id, intervention: module, part: "kennis" }).completed).toBe(false);
    expect(getCertificate(last.certificateCode!)?.holderName).toBe("Lotte Leerling");
    expect(getLearnerState({ userId: user.id, slug: "voorbeeld" }).certificateCode).toBe(last.certificateCode);
    expect(getCertificate("AAAA-BBBB-CCCC")).toBeNull();
  });

  test("all parts without a passed check do not complete; a failed retry keeps an earlier pass", async () => {
    const user = await makeUser();
    expect(markAllParts(user.id).some((r) => r.completed)).toBe(false);
    expect(submitQuiz({ userId: user.id, intervention: module, answers: wrong })).toMatchObject({
      score: 0,
      passed: false,
      completed: false,
    });
    expect(submitQuiz({ userId: user.id, intervention: module, answers: right }).completed).toBe(true);
    submitQuiz({ userId: user.id, intervention: module, answers: wrong });
    const state = getLearnerState({ userId: user.id, slug: "voorbeeld" });
    expect(state.quizPassed).toBe(true);
    expect(state.lastQuiz).toMatchObject({ score: 0, passed: false });
  });

  test("a part can be reopened before completion, not after", async () => {
    const user = await makeUser();
    completePart({ userId: user.id, intervention: module, part: "kennis" });
    undoPart({ userId: user.id, slug: "voorbeeld", part: "kennis" });
    expect(getLearnerState({ userId: user.id, slug: "voorbeeld" }).partsDone).toEqual([]);
    submitQuiz({ userId: user.id, intervention: module, answers: right });
    markAllParts(user.id);
    undoPart({ userId: user.id, slug: "voorbeeld", part: "kennis" });
    expect(getLearnerState({ userId: user.id, slug: "voorbeeld" }).partsDone).toContain("kennis");
  });
});

describe("the module page's state", () => {
  test("is the learner's state with the name of the theme, in one read", async () => {
    ensureTheme({ slug: "leerstaat", name: "Thema van de leerstaat", description: "Alleen voor deze test." });
    const user = await makeUser();
    completePart({ userId: user.id, intervention: module, part: "kennis" });
    submitQuiz({ userId: user.id, intervention: module, answers: right });
    const both = getLearnerStateAndThemeName({ userId: user.id, slug: "voorbeeld", theme: "leerstaat" });
    expect(both.state).toEqual(getLearnerState({ userId: user.id, slug: "voorbeeld" }));
    expect(both.state.partsDone).toEqual(["kennis"]);
    expect(both.themeName).toBe("Thema van de leerstaat");
    // A learner who has not started, and a theme that does not exist.
    const fresh = await makeUser();
    expect(getLearnerStateAndThemeName({ userId: fresh.id, slug: "voorbeeld", theme: "bestaat-niet" })).toEqual({
      state: getLearnerState({ userId: fresh.id, slug: "voorbeeld" }),
      themeName: null,
    });
  });
});

describe("the module page's content", () => {
  test("is one JSON text per module and variant, the same for every learner; a document's leaves the article out", async () => {
    // The real module of the content folder; the registry knows a module whose theme exists.
    ensureTheme({ slug: "verklarende-analyse", name: "Verklarende analyse", description: "Voor deze test." });
    const [first, second] = [await makeUser(), await makeUser()];
    const slug = "verklarende-analyse";
    completePart({ userId: first.id, intervention: (await getIntervention(slug))!, part: "kennis" });
    const a = (await getModuleForLearner({ slug, userId: first.id, withArticle: false }))!;
    const b = (await getModuleForLearner({ slug, userId: second.id, withArticle: false }))!;
    expect([a.state.partsDone, b.state.partsDone]).toEqual([["kennis"], []]);
    expect(b.content).toBe(a.content);
    const document = readModuleContent(a.content);
    expect(document.frontmatter.slug).toBe(slug);
    const segments = Object.values(document.parts).flat();
    const article = segments.filter((s) => "ref" in s);
    expect(article.length).toBeGreaterThan(3);
    expect(article.every((s) => "html" in s && s.html === "")).toBe(true);
    // The answers' correctness and feedback stay on the server.
    expect(a.content).not.toMatch(/"correct"|"feedback"/);
    const data = readModuleContent((await getModuleForLearner({ slug, userId: first.id }))!.content);
    expect(
      Object.values(data.parts)
        .flat()
        .filter((s) => "html" in s && s.html.length > 0),
    ).toHaveLength(article.length);
  });

  test("reads back as made, parsed once; a text the reader has not seen (in the browser) is parsed", () => {
    const content = {
      frontmatter: { title: "Titel", deepen: [], accreditation: undefined },
      parts: {
        kennis: [{ ref: "x:1:kennis:0", html: "<p>Tekst</p>" }],
        toepassen: [],
        ervaring: [],
        kennischeck: [],
        afsluiting: [],
      },
      reflections: [{ id: "vraag", html: "<p>Vraag?</p>" }],
      quiz: [{ id: "eerste", html: "<p>1?</p>", answers: [{ html: "ja" }, { html: "nee" }] }],
    } as unknown as ModuleContent;
    const json = toModuleContentJson(content);
    const read = readModuleContent(json);
    // What the server renders is what the browser parses: no undefined values in either.
    expect(read).toEqual(JSON.parse(json));
    expect("accreditation" in read.frontmatter).toBe(false);
    expect(readModuleContent(json)).toBe(read);
    const elsewhere = (" " + json).slice(1) as ModuleContentJson;
    expect(readModuleContent(elsewhere)).toEqual(read);
  });
});

describe("reflections", () => {
  test("are kept per learner, only for known questions, and removed when emptied", async () => {
    const [me, other] = [await makeUser(), await makeUser()];
    expect(saveReflection({ userId: me.id, intervention: module, questionId: "onbekend", answer: "x" }).status).toBe(
      "unknown-question",
    );
    saveReflection({ userId: me.id, intervention: module, questionId: "anders", answer: "Eerst vragen." });
    expect(getLearnerState({ userId: me.id, slug: "voorbeeld" }).reflections).toEqual({ anders: "Eerst vragen." });
    expect(getLearnerState({ userId: other.id, slug: "voorbeeld" }).reflections).toEqual({});
    saveReflection({ userId: me.id, intervention: module, questionId: "anders", answer: "  " });
    expect(getLearnerState({ userId: me.id, slug: "voorbeeld" }).reflections).toEqual({});
  });

  test("a BSN is recognised by the eleven test, also with spaces or dots", () => {
    expect(containsBsn("het nummer 123456782")).toBe(true);
    expect(containsBsn("1234 56 782")).toBe(true);
    expect(containsBsn("111.222.333")).toBe(true);
    expect(containsBsn("123456789")).toBe(false);
    expect(containsBsn("bel 0612345678")).toBe(false);
  });
});

describe("intention and check-in", () => {
  const today = "2026-11-23";

  test("the check-in day must be after today and within a year", async () => {
    const user = await makeUser();
    const save = (checkInOn: string) =>
      saveIntention({ userId: user.id, slug: "voorbeeld", text: "Anders", checkInOn, today });
    expect(save(today).status).toBe("invalid-date");
    expect(save("2027-11-24").status).toBe("invalid-date");
    expect(save("2026-12-14").status).toBe("ok");
  });

  test("invites once on the day, with a link to the check-in, and not before", async () => {
    const user = await makeUser({ email: `terugblik-${Date.now()}@example.nl` });
    saveIntention({ userId: user.id, slug: "voorbeeld", text: "Eerst luisteren", checkInOn: "2026-12-14", today });
    const titleOf = () => "Een voorbeeldmodule";
    const mailsTo = () =>
      sqlite.prepare('select subject, text from mail_outbox where "to" = ?').all(user.email) as {
        subject: string;
        text: string;
      }[];
    inviteDueCheckIns({ today: "2026-12-13", titleOf });
    expect(mailsTo()).toHaveLength(0);
    expect(getLearnerAgenda({ userId: user.id, today: "2026-12-13" }).checkInsDue).toHaveLength(0);

    inviteDueCheckIns({ today: "2026-12-14", titleOf });
    inviteDueCheckIns({ today: "2026-12-15", titleOf });
    const mails = mailsTo();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("Tijd voor je terugblik: Een voorbeeldmodule");
    expect(mails[0]!.text).toContain("/leren/voorbeeld/terugblik");
    expect(getLearnerAgenda({ userId: user.id, today: "2026-12-14" }).checkInsDue).toHaveLength(1);

    expect(
      submitCheckIn({
        userId: user.id,
        slug: "voorbeeld",
        outcome: "partly",
        whatHappened: "",
        helpedOrHindered: "",
        today: "2026-12-13",
      }),
    ).toEqual({ status: "not-yet", checkInOn: "2026-12-14" });
    expect(
      submitCheckIn({
        userId: user.id,
        slug: "voorbeeld",
        outcome: "partly",
        whatHappened: "Lukte half",
        helpedOrHindered: "",
        today: "2026-12-14",
      }),
    ).toEqual({ status: "ok" });
    expect(getLearnerAgenda({ userId: user.id, today: "2026-12-20" }).checkInsDue).toHaveLength(0);
  });

  test("a check-in needs an intention; an evaluation needs completion", async () => {
    const user = await makeUser();
    expect(
      submitCheckIn({
        userId: user.id,
        slug: "voorbeeld",
        outcome: "yes",
        whatHappened: "",
        helpedOrHindered: "",
        today,
      }),
    ).toEqual({ status: "no-intention" });
    expect(submitEvaluation({ userId: user.id, slug: "voorbeeld", grade: 8, mostUseful: "", missing: "" })).toEqual({
      status: "not-completed",
    });
    submitQuiz({ userId: user.id, intervention: module, answers: right });
    markAllParts(user.id);
    expect(
      submitEvaluation({ userId: user.id, slug: "voorbeeld", grade: 8, mostUseful: "De casus", missing: "" }),
    ).toEqual({
      status: "ok",
    });
    expect(getLearnerState({ userId: user.id, slug: "voorbeeld" }).evaluation).toEqual({
      grade: 8,
      mostUseful: "De casus",
      missing: "",
    });
  });
});

describe("a learner's state in a module", () => {
  test("a newcomer has done nothing, and sees nothing of anyone else", async () => {
    const other = await makeUser();
    submitQuiz({ userId: other.id, intervention: module, answers: right });
    saveReflection({ userId: other.id, intervention: module, questionId: "anders", answer: "Van een ander" });
    const newcomer = await makeUser();
    expect(getLearnerState({ userId: newcomer.id, slug: "voorbeeld" })).toEqual({
      startedAt: null,
      completedAt: null,
      partsDone: [],
      reflections: {},
      lastQuiz: null,
      quizPassed: false,
      intention: null,
      evaluation: null,
      certificateCode: null,
    });
  });

  test("after the whole journey: every part, answer, attempt, intention, check-in, evaluation and certificate", async () => {
    const user = await makeUser();
    const before = Date.now();
    saveReflection({ userId: user.id, intervention: module, questionId: "anders", answer: "Eerst vragen.\nDan doen." });
    submitQuiz({ userId: user.id, intervention: module, answers: right });
    submitQuiz({ userId: user.id, intervention: module, answers: { eerste: 1, tweede: 1 } });
    const completion = markAllParts(user.id)[3]!;
    saveIntention({
      userId: user.id,
      slug: "voorbeeld",
      text: "Vaker doorvragen",
      checkInOn: "2026-12-14",
      today: "2026-11-23",
    });
    submitCheckIn({
      userId: user.id,
      slug: "voorbeeld",
      outcome: "partly",
      whatHappened: "Twee keer gelukt",
      helpedOrHindered: "Drukte",
      today: "2026-12-14",
    });
    submitEvaluation({ userId: user.id, slug: "voorbeeld", grade: 9, mostUseful: "De tips", missing: "" });

    const state = getLearnerState({ userId: user.id, slug: "voorbeeld" });
    expect(state.startedAt).toBeInstanceOf(Date);
    expect(state.completedAt).toBeInstanceOf(Date);
    expect(state.startedAt!.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(state.completedAt!.getTime()).toBeGreaterThanOrEqual(state.startedAt!.getTime());
    expect([...state.partsDone].sort()).toEqual(["afsluiting", "ervaring", "kennis", "toepassen"]);
    expect(state).toMatchObject({
      reflections: { anders: "Eerst vragen.\nDan doen." },
      // The last attempt (one of two right), while the earlier pass still counts.
      lastQuiz: { answers: { eerste: 1, tweede: 1 }, score: 1, total: 2, passed: false },
      quizPassed: true,
      intention: {
        text: "Vaker doorvragen",
        checkInOn: "2026-12-14",
        checkIn: { outcome: "partly", whatHappened: "Twee keer gelukt", helpedOrHindered: "Drukte" },
      },
      evaluation: { grade: 9, mostUseful: "De tips", missing: "" },
      certificateCode: completion.certificateCode,
    });
    // Another module of the same learner is untouched.
    expect(getLearnerState({ userId: user.id, slug: "een-andere" }).partsDone).toEqual([]);
  });
});

describe("figures for coordinators", () => {
  test("the CSV quotes separators and defuses spreadsheet formulas", async () => {
    const { moduleStatsCsv } = await import("~/models/intervention.server");
    const csv = moduleStatsCsv([
      {
        slug: "x",
        title: 'Titel; met "aanhalingstekens"',
        themeName: "=SOM(A1)",
        starts: 3,
        completions: 1,
        medianMinutes: 20,
        evaluationCount: 1,
        gradeAverage: 7.5,
        grades: [0, 0, 0, 0, 0, 0, 1, 0, 0, 0],
        intentions: 1,
        checkIns: { yes: 1, partly: 0, not_yet: 0 },
      },
    ]);
    const [header, row] = csv.trim().split("\r\n");
    expect(header).toMatch(/^slug;titel;thema;gestart;afgerond;/);
    expect(row).toBe('x;"Titel; met ""aanhalingstekens""";\'=SOM(A1);3;1;20;1;7,5;0;0;0;0;0;0;1;0;0;0;1;1;0;0');
  });
});
