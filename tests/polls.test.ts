import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { describe, expect, test } from "vitest";
import { sqlite } from "@db/client.server";
import type { PollMethod } from "@db/schema";
import { ballotFromForm, PollSchema } from "~/models/poll.schema";
import {
  canSeeResults,
  castVote,
  closePoll,
  createPoll,
  decideSuggestion,
  getOwnBallot,
  getPoll,
  getResults,
  hasVoted,
  listOpenPollsForUser,
  listOptions,
  optionToTheme,
  recountFromBallots,
  reopenPoll,
  resultsCsv,
  suggestOption,
} from "~/models/poll.server";
import { getUserProfile } from "~/models/user.server";
import { fromAmsterdamLocal, toAmsterdamLocal } from "~/utils/dates";
import { makeOrganisation, makeUser } from "./factories";

const HOUR = 3600_000;

async function person(
  region: "Achterhoek" | "Noord-Veluwe" = "Achterhoek",
  roles: ("professional" | "coordinator")[] = ["professional"],
) {
  const organisationId = makeOrganisation({ region, kind: "toegang" });
  const user = await makeUser({ organisationId, roles });
  return getUserProfile(user.id)!;
}

async function makePoll(overrides: Record<string, unknown> = {}) {
  const coordinator = await person("Achterhoek", ["coordinator"]);
  const parsed = PollSchema.parse({
    question: "Welk thema is het meest nodig?",
    method: "single",
    audience: "all",
    resultsVisibility: "after_vote",
    opensAt: toAmsterdamLocal(Date.now() - HOUR),
    closesAt: toAmsterdamLocal(Date.now() + 24 * HOUR),
    freeOptions: "A\nB\nC",
    ...overrides,
  });
  const result = await createPoll({ actorId: coordinator.id, input: parsed });
  if (result.status !== "ok") throw new Error(result.status);
  const poll = getPoll(result.id)!;
  const [a, b, c] = listOptions(poll.id).map((o) => o.id) as [number, number, number];
  return { poll, coordinator, a, b, c };
}

function form(entries: [string, string][]) {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
}

function vote(
  pollId: number,
  user: NonNullable<ReturnType<typeof getUserProfile>>,
  method: PollMethod,
  maxChoices: number | null,
  entries: [string, string][],
) {
  const options = listOptions(pollId).map((o) => o.id);
  const ballot = ballotFromForm({ method, maxChoices }, options, form(entries));
  if (!ballot.ok) throw new Error(ballot.message);
  const result = castVote({ pollId, user, points: ballot.points });
  if (result.status !== "ok") throw new Error(result.status);
  return result;
}

const tally = (pollId: number) =>
  Object.fromEntries(
    getResults(getPoll(pollId)!).options.map((o) => [o.label, { points: o.points, mentions: o.mentions }]),
  );

describe("counting, against results computed by hand", () => {
  test("one choice; a changed vote moves its point", async () => {
    const { poll, a, b, c } = await makePoll();
    const [u1, u2, u3] = [await person(), await person(), await person("Noord-Veluwe")];
    vote(poll.id, u1, "single", null, [["choice", String(a)]]);
    vote(poll.id, u2, "single", null, [["choice", String(a)]]);
    vote(poll.id, u3, "single", null, [["choice", String(b)]]);
    let results = getResults(getPoll(poll.id)!);
    expect(results.ballots).toBe(3);
    expect(results.options.map((o) => [o.label, o.mentions, Math.round(o.share * 1000) / 10])).toEqual([
      ["A", 2, 66.7],
      ["B", 1, 33.3],
      ["C", 0, 0],
    ]);
    expect(vote(poll.id, u1, "single", null, [["choice", String(c)]])).toEqual({ status: "ok", changed: true });
    results = getResults(getPoll(poll.id)!);
    expect(results.ballots).toBe(3);
    expect(tally(poll.id)).toEqual({
      A: { points: 1, mentions: 1 },
      B: { points: 1, mentions: 1 },
      C: { points: 1, mentions: 1 },
    });
    // Per region (the poll is not anonymous).
    expect(results.regions).toEqual([
      { region: "Achterhoek", ballots: 2, options: { [a]: 1, [c]: 1 } },
      { region: "Noord-Veluwe", ballots: 1, options: { [b]: 1 } },
    ]);
    expect(getOwnBallot(poll.id, u1.id)).toEqual({ [c]: 1 });
  });

  test("several choices, at most N", async () => {
    const { poll, a, b, c } = await makePoll({ method: "multiple", maxChoices: 2 });
    const [u1, u2, u3] = [await person(), await person(), await person()];
    vote(poll.id, u1, "multiple", 2, [
      ["choice", String(a)],
      ["choice", String(b)],
    ]);
    vote(poll.id, u2, "multiple", 2, [
      ["choice", String(b)],
      ["choice", String(c)],
    ]);
    vote(poll.id, u3, "multiple", 2, [["choice", String(b)]]);
    expect(tally(poll.id)).toEqual({
      B: { points: 3, mentions: 3 },
      A: { points: 1, mentions: 1 },
      C: { points: 1, mentions: 1 },
    });
    expect(getResults(getPoll(poll.id)!).options[0]).toMatchObject({ label: "B", share: 1 });
    const tooMany = ballotFromForm(
      { method: "multiple", maxChoices: 2 },
      [a, b, c],
      form([
        ["choice", String(a)],
        ["choice", String(b)],
        ["choice", String(c)],
      ]),
    );
    expect(tooMany).toEqual({ ok: false, message: "Kies hoogstens 2 opties." });
  });

  test("ranking of all options, counted as Borda (3, 2, 1 points)", async () => {
    const { poll, a, b, c } = await makePoll({ method: "ranking" });
    const rank = (x: number, y: number, z: number): [string, string][] => [
      [`rank-${x}`, "1"],
      [`rank-${y}`, "2"],
      [`rank-${z}`, "3"],
    ];
    vote(poll.id, await person(), "ranking", null, rank(a, b, c));
    vote(poll.id, await person(), "ranking", null, rank(b, c, a));
    vote(poll.id, await person(), "ranking", null, rank(b, a, c));
    // A: 3 + 1 + 2 = 6; B: 2 + 3 + 3 = 8; C: 1 + 2 + 1 = 4; 18 points in all.
    const results = getResults(getPoll(poll.id)!);
    expect(results.options.map((o) => [o.label, o.points])).toEqual([
      ["B", 8],
      ["A", 6],
      ["C", 4],
    ]);
    expect(results.totalPoints).toBe(18);
    expect(results.options[0]!.share).toBeCloseTo(8 / 18);
    const twice = ballotFromForm(
      { method: "ranking", maxChoices: null },
      [a, b, c],
      form([
        [`rank-${a}`, "1"],
        [`rank-${b}`, "1"],
        [`rank-${c}`, "2"],
      ]),
    );
    expect(twice.ok).toBe(false);
  });

  test("ranking of the top N (2 of 3): 2 points for the first, 1 for the second", async () => {
    const { poll, a, b, c } = await makePoll({ method: "ranking", maxChoices: 2 });
    vote(poll.id, await person(), "ranking", 2, [
      [`rank-${a}`, "1"],
      [`rank-${b}`, "2"],
    ]);
    vote(poll.id, await person(), "ranking", 2, [
      [`rank-${c}`, "1"],
      [`rank-${a}`, "2"],
    ]);
    expect(tally(poll.id)).toEqual({
      A: { points: 3, mentions: 2 },
      C: { points: 2, mentions: 1 },
      B: { points: 1, mentions: 1 },
    });
    expect(ballotFromForm({ method: "ranking", maxChoices: 2 }, [a, b, c], form([[`rank-${a}`, "1"]])).ok).toBe(false);
  });

  test("dot voting: N points spread over the options", async () => {
    const { poll, a, b, c } = await makePoll({ method: "dots", maxChoices: 5 });
    vote(poll.id, await person(), "dots", 5, [
      [`dots-${a}`, "3"],
      [`dots-${b}`, "2"],
    ]);
    vote(poll.id, await person(), "dots", 5, [[`dots-${c}`, "5"]]);
    expect(tally(poll.id)).toEqual({
      C: { points: 5, mentions: 1 },
      A: { points: 3, mentions: 1 },
      B: { points: 2, mentions: 1 },
    });
    expect(
      ballotFromForm(
        { method: "dots", maxChoices: 5 },
        [a, b, c],
        form([
          [`dots-${a}`, "4"],
          [`dots-${b}`, "2"],
        ]),
      ),
    ).toEqual({
      ok: false,
      message: "Je verdeelde 6 punten; je hebt er 5.",
    });
  });
});

describe("one voice per person", () => {
  test("two processes voting for the same people at once: totals equal the ballots, one ballot each", async () => {
    const { poll, a, b, c } = await makePoll();
    const voters = await Promise.all(Array.from({ length: 20 }, () => person()));
    const args = JSON.stringify([poll.id, voters.map((v) => v.id), [a, b, c], 15]);
    const children = [0, 1].map(() =>
      spawn(process.execPath, ["--import", "tsx", "tests/helpers/poll-voter.ts", args], {
        cwd: process.cwd(),
        env: { ...process.env },
        stdio: ["pipe", "pipe", "pipe"],
      }),
    );
    const lines = children.map((child) => createInterface({ input: child.stdout! }));
    await Promise.all(lines.map((line) => once(line, "line")));
    for (const child of children) child.stdin!.write("go\n");
    const outputs = await Promise.all(
      children.map(async (child, i) => {
        let stderr = "";
        child.stderr!.on("data", (d) => (stderr += d));
        const [line] = (await once(lines[i]!, "line")) as [string];
        const [code] = (await once(child, "exit")) as [number];
        expect(code, stderr).toBe(0);
        return JSON.parse(line) as { cast: number };
      }),
    );
    expect(outputs.map((o) => o.cast)).toEqual([300, 300]);
    const after = getPoll(poll.id)!;
    expect(after.ballotCount).toBe(20);
    const counts = sqlite
      .prepare(
        "select (select count(*) from poll_participants where poll_id = ?) as participants, (select count(*) from poll_ballots where poll_id = ?) as ballots",
      )
      .get(poll.id, poll.id) as { participants: number; ballots: number };
    expect(counts).toEqual({ participants: 20, ballots: 20 });
    const recount = recountFromBallots(poll.id);
    for (const option of listOptions(poll.id)) {
      expect({ points: option.points, mentions: option.mentions }).toEqual(
        recount.get(String(option.id)) ?? { points: 0, mentions: 0 },
      );
    }
  }, 60_000);
});

describe("anonymity", () => {
  test("an anonymous ballot carries nothing that leads back to its voter", async () => {
    const { poll, a } = await makePoll({ anonymous: true });
    const voter = await person();
    vote(poll.id, voter, "single", null, [["choice", String(a)]]);
    const ballots = sqlite.prepare("select * from poll_ballots where poll_id = ?").all(poll.id) as Record<
      string,
      unknown
    >[];
    expect(ballots).toHaveLength(1);
    expect(ballots[0]).toMatchObject({ user_id: null, region: null });
    expect(JSON.stringify(ballots[0])).not.toContain(voter.id);
    // No row order or time to match a participant with a ballot.
    const ddl = sqlite
      .prepare("select name, sql from sqlite_master where name in ('poll_ballots', 'poll_participants')")
      .all() as { name: string; sql: string }[];
    for (const table of ddl) expect(table.sql, table.name).toMatch(/WITHOUT ROWID/);
    const columns = (sqlite.prepare("pragma table_info(poll_participants)").all() as { name: string }[]).map(
      (c) => c.name,
    );
    expect(columns).toEqual(["poll_id", "user_id"]);
    // The voter still finds and changes their own ballot, and results have no regions.
    expect(getOwnBallot(poll.id, voter.id)).toEqual({ [a]: 1 });
    expect(getResults(getPoll(poll.id)!).regions).toEqual([]);
    expect(resultsCsv(getPoll(poll.id)!)).not.toContain("regio_");
  });
});

describe("who votes and who sees", () => {
  test("the audience: a region poll refuses someone from another region", async () => {
    const { poll, a } = await makePoll({ audience: "region", audienceRegion: "Noord-Veluwe" });
    const outsider = await person("Achterhoek");
    const insider = await person("Noord-Veluwe");
    expect(castVote({ pollId: poll.id, user: outsider, points: { [a]: 1 } })).toEqual({ status: "not-in-audience" });
    expect(listOpenPollsForUser(outsider).some((p) => p.id === poll.id)).toBe(false);
    expect(listOpenPollsForUser(insider).find((p) => p.id === poll.id)?.voted).toBe(false);
    vote(poll.id, insider, "single", null, [["choice", String(a)]]);
    expect(listOpenPollsForUser(insider).find((p) => p.id === poll.id)?.voted).toBe(true);
  });

  test("results are visible as the poll says; coordinators always see them", async () => {
    const now = new Date();
    const voter = await person();
    const coordinator = await person("Achterhoek", ["coordinator"]);
    for (const [visibility, votedOpen, notVotedOpen, afterClose] of [
      ["after_vote", true, false, true],
      ["after_close", false, false, true],
      ["coordinators", false, false, false],
    ] as const) {
      const { poll } = await makePoll({ resultsVisibility: visibility });
      expect(canSeeResults(poll, voter, true, now), `${visibility} voted`).toBe(votedOpen);
      expect(canSeeResults(poll, voter, false, now), `${visibility} not voted`).toBe(notVotedOpen);
      expect(canSeeResults(poll, voter, false, new Date(now.getTime() + 48 * HOUR)), `${visibility} closed`).toBe(
        afterClose,
      );
      expect(canSeeResults(poll, coordinator, false, now)).toBe(true);
    }
  });

  test("no vote before the opening or after closing; closing early and reopening", async () => {
    const { poll, coordinator, a } = await makePoll({
      opensAt: toAmsterdamLocal(Date.now() + HOUR),
      closesAt: toAmsterdamLocal(Date.now() + 2 * HOUR),
    });
    const voter = await person();
    expect(castVote({ pollId: poll.id, user: voter, points: { [a]: 1 } })).toEqual({ status: "not-open" });
    const open = await makePoll();
    expect(closePoll({ actorId: open.coordinator.id, id: open.poll.id })).toEqual({ status: "ok" });
    expect(castVote({ pollId: open.poll.id, user: voter, points: { [open.a]: 1 } })).toEqual({ status: "not-open" });
    expect(
      reopenPoll({ actorId: open.coordinator.id, id: open.poll.id, closesAt: new Date(Date.now() - HOUR) }),
    ).toEqual({ status: "in-past" });
    expect(
      reopenPoll({ actorId: open.coordinator.id, id: open.poll.id, closesAt: new Date(Date.now() + HOUR) }),
    ).toEqual({ status: "ok" });
    expect(castVote({ pollId: open.poll.id, user: voter, points: { [open.a]: 1 } })).toMatchObject({ status: "ok" });
    expect(hasVoted(open.poll.id, voter.id)).toBe(true);
    expect(coordinator.id).toBeTruthy();
  });

  test("after closing, the winner becomes a theme and the poll stays linked to it", async () => {
    const { poll, coordinator, a } = await makePoll({ freeOptions: "Mentaliseren in de jeugdzorg\nB" });
    expect(optionToTheme({ actorId: coordinator.id, pollId: poll.id, optionId: a })).toEqual({ status: "not-closed" });
    closePoll({ actorId: coordinator.id, id: poll.id });
    const result = optionToTheme({ actorId: coordinator.id, pollId: poll.id, optionId: a });
    expect(result).toMatchObject({ status: "ok", created: true, theme: { slug: "mentaliseren-in-de-jeugdzorg" } });
    expect(getPoll(poll.id)!.themeId).toBe((result as { theme: { id: number } }).theme.id);
  });
});

describe("the times of a poll", () => {
  test("datetime-local input in Amsterdam time, across daylight saving", () => {
    expect(fromAmsterdamLocal("2026-12-01T09:00")?.toISOString()).toBe("2026-12-01T08:00:00.000Z");
    expect(fromAmsterdamLocal("2026-07-01T09:00")?.toISOString()).toBe("2026-07-01T07:00:00.000Z");
    expect(fromAmsterdamLocal("2026-10-25T02:30")?.toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(fromAmsterdamLocal("2026-03-29T02:30")?.toISOString()).toBe("2026-03-29T01:30:00.000Z");
    expect(fromAmsterdamLocal("2026-02-30T09:00")).toBeNull();
    expect(toAmsterdamLocal(new Date("2026-07-01T07:00:00Z"))).toBe("2026-07-01T09:00");
  });
});

describe("suggestions", () => {
  test("a participant suggests an option; others see it only once a coordinator approved it", async () => {
    const { poll, coordinator } = await makePoll({ allowSuggestions: true });
    const voter = await person();
    expect(suggestOption({ pollId: poll.id, user: voter, label: "Pesten op school" })).toEqual({ status: "ok" });
    expect(suggestOption({ pollId: poll.id, user: voter, label: "pesten op school" })).toEqual({ status: "duplicate" });
    const pending = listOptions(poll.id, { all: true }).find((o) => o.label === "Pesten op school")!;
    expect(pending.status).toBe("pending");
    expect(listOptions(poll.id).some((o) => o.id === pending.id)).toBe(false);
    expect(castVote({ pollId: poll.id, user: voter, points: { [pending.id]: 1 } })).toEqual({
      status: "unknown-option",
    });
    expect(decideSuggestion({ actorId: coordinator.id, pollId: poll.id, optionId: pending.id, approve: true })).toEqual(
      {
        status: "ok",
      },
    );
    expect(
      decideSuggestion({ actorId: coordinator.id, pollId: poll.id, optionId: pending.id, approve: false }),
    ).toEqual({
      status: "not-found",
    });
    expect(castVote({ pollId: poll.id, user: voter, points: { [pending.id]: 1 } })).toMatchObject({ status: "ok" });
    const closed = await makePoll();
    expect(suggestOption({ pollId: closed.poll.id, user: voter, label: "Iets nieuws" })).toEqual({
      status: "not-allowed",
    });
  });
});
